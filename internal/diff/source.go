package diff

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/factgraph/factgraph/internal/check"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/strictyaml"
)

// Options says where a side's facts and schema live, relative to its
// root (a checkout, a directory, or a revision's tree).
type Options struct {
	FactsDir  string // "facts"
	SchemaDir string // "schema"
	Limits    fact.Limits
	// Git is the git executable; "git" when empty.
	Git string
}

// Snapshot is one side of a comparison, loaded and checked with its own
// schema directory.
type Snapshot struct {
	// Name is the side as the user gave it: a revision, a directory, or
	// "working tree".
	Name string
	// Commit is the full commit id for a git revision, "" otherwise.
	Commit string
	// Root is the directory the side was read from (a private temporary
	// directory for revisions).
	Root   string
	Result *check.Result
	// Findings are Result.Findings with paths relative to Root.
	Findings finding.List
	cleanup  func()
	absRoot  string
}

// Close removes the temporary directory of a revision.
func (s *Snapshot) Close() {
	if s != nil && s.cleanup != nil {
		s.cleanup()
	}
}

// Rel turns a path as the loader reports it into a slash-separated path
// relative to the snapshot's root, so both sides name a file alike.
func (s *Snapshot) Rel(p string) string {
	if p == "" {
		return p
	}
	abs := filepath.FromSlash(p)
	if !filepath.IsAbs(abs) {
		wd, err := os.Getwd()
		if err != nil {
			return p
		}
		abs = filepath.Join(wd, abs)
	}
	rel, err := filepath.Rel(s.absRoot, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return p
	}
	return filepath.ToSlash(rel)
}

// Load reads one side: "" is the working tree (the current directory),
// an existing directory is read as a project root, and anything else is a
// git revision of the repository in the current directory, whose facts
// and schema are copied out of git into a private temporary directory.
// Nothing from a revision is ever executed.
func Load(ctx context.Context, ref string, opts Options) (*Snapshot, error) {
	for _, d := range []string{opts.FactsDir, opts.SchemaDir} {
		if !filepath.IsLocal(d) || strings.ContainsAny(d, "\\\x00") {
			return nil, fmt.Errorf("%q must be a relative path inside the project", d)
		}
	}
	if opts.Limits.MaxFiles == 0 {
		opts.Limits = fact.DefaultLimits
	}
	snap := &Snapshot{Name: ref, Root: "."}
	switch info, err := os.Stat(ref); {
	case ref == "":
		snap.Name = "working tree"
	case err == nil && info.IsDir():
		snap.Root = ref
	default:
		commit, err := resolve(ctx, opts.git(), ref)
		if err != nil {
			return nil, err
		}
		dir, err := os.MkdirTemp("", "factgraph-diff-")
		if err != nil {
			return nil, err
		}
		snap.cleanup = func() { os.RemoveAll(dir) }
		snap.Commit, snap.Root = commit, dir
		if err := extract(ctx, opts, commit, dir); err != nil {
			snap.Close()
			return nil, fmt.Errorf("reading %s from git: %w", ref, err)
		}
	}
	abs, err := filepath.Abs(snap.Root)
	if err != nil {
		snap.Close()
		return nil, err
	}
	snap.absRoot = abs
	res, err := check.Run(check.Options{
		SchemaDir: filepath.Join(abs, opts.SchemaDir),
		Paths:     []string{filepath.Join(abs, opts.FactsDir)},
		Limits:    opts.Limits,
	})
	if err != nil {
		snap.Close()
		var cfg *check.ConfigError
		if errors.As(err, &cfg) && len(cfg.Findings) > 0 {
			f := cfg.Findings[0]
			return nil, fmt.Errorf("%s: schema of %s: %s:%d:%d: %s: %w", snap.Name, snap.Name, snap.Rel(f.File), f.Line, f.Col, f.Message, err)
		}
		return nil, fmt.Errorf("%s: %w", snap.Name, err)
	}
	snap.Result = res
	for _, f := range res.Findings {
		f.File = snap.Rel(f.File)
		f.Related = append([]finding.Related(nil), f.Related...)
		for i := range f.Related {
			f.Related[i].File = snap.Rel(f.Related[i].File)
		}
		snap.Findings = append(snap.Findings, f)
	}
	return snap, nil
}

func (o Options) git() string {
	if o.Git == "" {
		return "git"
	}
	return o.Git
}

// refRE is what a revision may look like: branch and tag names, commit
// ids, and the ~ ^ @ { } : / . suffixes git understands. Arguments
// starting with "-" are refused outright, so a revision can never be read
// as an option.
var refRE = regexp.MustCompile(`^[A-Za-z0-9_./@{}~^:+-]+$`)

// resolve turns a revision into a full commit id.
func resolve(ctx context.Context, git, ref string) (string, error) {
	if strings.HasPrefix(ref, "-") || !refRE.MatchString(ref) || len(ref) > 256 {
		return "", fmt.Errorf("%q is neither a directory nor a git revision", ref)
	}
	out, err := runGit(ctx, git, nil, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	if err != nil {
		return "", fmt.Errorf("%q is neither a directory nor a git revision of this repository", ref)
	}
	commit := strings.TrimSpace(string(out))
	if !regexp.MustCompile(`^[0-9a-f]{40}([0-9a-f]{24})?$`).MatchString(commit) {
		return "", fmt.Errorf("git rev-parse %q gave %q", ref, commit)
	}
	return commit, nil
}

// gitEnv keeps the user's and the system's git configuration from
// changing what the plumbing commands below print, and keeps git from
// prompting or taking optional locks.
var gitEnv = []string{"GIT_CONFIG_NOSYSTEM=1", "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C"}

func runGit(ctx context.Context, git string, stdin io.Reader, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, git, append([]string{"-c", "core.quotePath=false"}, args...)...)
	cmd.Env = append(os.Environ(), gitEnv...)
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %w: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

type blob struct {
	mode, oid, path string
}

// extract copies the facts and schema directories of commit into dir,
// using plumbing only (ls-tree, cat-file): no checkout, no filters, no
// attributes, no hooks. Paths are checked before anything is written, and
// every write goes through an os.Root on dir, so no entry of the tree can
// reach outside it. Symlinks are recreated as symlinks, which the loader
// reports and never follows; submodules are skipped.
func extract(ctx context.Context, opts Options, commit, dir string) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	for _, d := range []string{opts.FactsDir, opts.SchemaDir} {
		if err := root.MkdirAll(filepath.FromSlash(d), 0o755); err != nil {
			return err
		}
	}
	// Paths are relative to the current directory, which may lie below
	// the repository's top level; ls-tree wants them from the top.
	prefix, err := runGit(ctx, opts.git(), nil, "rev-parse", "--show-prefix")
	if err != nil {
		return err
	}
	pre := strings.TrimSpace(string(prefix))
	out, err := runGit(ctx, opts.git(), nil, "ls-tree", "-r", "-z", "--full-tree", commit, "--",
		pre+filepath.ToSlash(opts.FactsDir), pre+filepath.ToSlash(opts.SchemaDir))
	if err != nil {
		return err
	}
	var blobs []blob
	for _, rec := range strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		if rec == "" {
			continue
		}
		meta, p, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 {
			return fmt.Errorf("unexpected ls-tree output %q", rec)
		}
		if f[1] != "blob" {
			continue // a submodule
		}
		p, ok = strings.CutPrefix(p, pre)
		if !ok {
			return fmt.Errorf("unexpected path %q outside %q", p, pre)
		}
		if !filepath.IsLocal(p) || strings.ContainsAny(p, "\\\x00") || path.Clean(p) != p {
			return fmt.Errorf("the tree holds an unsafe path %q", p)
		}
		blobs = append(blobs, blob{mode: f[0], oid: f[2], path: p})
	}
	if len(blobs) > opts.Limits.MaxFiles+100 {
		return fmt.Errorf("more than %d files", opts.Limits.MaxFiles)
	}
	var ids bytes.Buffer
	for _, b := range blobs {
		ids.WriteString(b.oid + "\n")
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, opts.git(), "cat-file", "--batch")
	cmd.Env = append(os.Environ(), gitEnv...)
	cmd.Stdin = &ids
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	werr := writeBlobs(root, bufio.NewReader(stdout), blobs, opts.Limits)
	if werr != nil {
		cancel()
	}
	if err := cmd.Wait(); err != nil && werr == nil {
		return fmt.Errorf("git cat-file: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return werr
}

// writeBlobs reads cat-file --batch output for blobs, in order, and
// writes each file. A fact file larger than the loader accepts is cut
// one byte past the limit, which the loader then reports; the total is
// capped as the loader caps it.
func writeBlobs(root *os.Root, r *bufio.Reader, blobs []blob, lim fact.Limits) error {
	var total int64
	for _, b := range blobs {
		header, err := r.ReadString('\n')
		if err != nil {
			return fmt.Errorf("reading %s: %w", b.path, err)
		}
		f := strings.Fields(header)
		if len(f) != 3 || f[0] != b.oid || f[1] != "blob" {
			return fmt.Errorf("unexpected cat-file header %q for %s", strings.TrimSpace(header), b.path)
		}
		size, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil || size < 0 {
			return fmt.Errorf("unexpected cat-file header %q", strings.TrimSpace(header))
		}
		keep := min(size, int64(max(lim.File.MaxBytes, strictyaml.DefaultLimits.MaxBytes))+1)
		total += keep
		if total > lim.MaxTotal+int64(lim.File.MaxBytes) {
			return fmt.Errorf("the files total more than %d bytes", lim.MaxTotal)
		}
		data := make([]byte, keep)
		if _, err := io.ReadFull(r, data); err != nil {
			return fmt.Errorf("reading %s: %w", b.path, err)
		}
		if _, err := io.CopyN(io.Discard, r, size-keep+1); err != nil { // the rest and the LF
			return fmt.Errorf("reading %s: %w", b.path, err)
		}
		name := filepath.FromSlash(b.path)
		if err := root.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		if b.mode == "120000" {
			if err := root.Symlink(string(data), name); err != nil {
				return err
			}
			continue
		}
		if err := root.WriteFile(name, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
