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
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/factgraph/factgraph/internal/cache"
	"github.com/factgraph/factgraph/internal/check"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/safetext"
	"github.com/factgraph/factgraph/internal/strictyaml"
)

// Options says where a side's facts and schema live, relative to its
// root (a checkout, a directory, or a revision's tree).
type Options struct {
	FactsDir  string // "facts"
	SchemaDir string // "schema"
	// Root is the repository of the working tree: the head when no HEAD
	// is given, and the repository whose revisions are read.
	Root   string
	Limits fact.Limits
	// Git is the git executable; "git" when empty.
	Git string
	// Cache keeps per-file results between runs; nil for none.
	Cache *cache.Cache
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
	// directory for revisions). Every path in Result is relative to it.
	Root    string
	Result  *check.Result
	cleanup func()
}

// Close removes the temporary directory of a revision.
func (s *Snapshot) Close() {
	if s != nil && s.cleanup != nil {
		s.cleanup()
	}
}

// Findings are the side's findings, with paths relative to its root.
func (s *Snapshot) Findings() finding.List { return s.Result.Findings }

// IsDir reports whether a side is written as a directory: a path with a
// slash in it (./base, ../other/checkout, /tmp/x). Anything else is a git
// revision, so a directory a pull request adds can never be mistaken for
// the base commit it is named after.
func IsDir(ref string) bool { return strings.ContainsRune(ref, '/') || ref == "." || ref == ".." }

// Load reads one side: "" is the working tree (opts.Root), a directory
// (see IsDir) is read as a repository root, and anything else is a git
// revision of the repository at opts.Root, whose facts and schema are
// copied out of git into a private temporary directory. Nothing from a
// revision is ever executed, and reading one never touches the network.
func Load(ctx context.Context, ref string, opts Options) (*Snapshot, error) {
	for _, d := range []string{opts.FactsDir, opts.SchemaDir} {
		if !filepath.IsLocal(d) || strings.ContainsAny(d, "\\\x00") {
			return nil, fmt.Errorf("%q must be a relative path inside the project", d)
		}
	}
	if opts.Limits.MaxFiles == 0 {
		opts.Limits = fact.DefaultLimits
	}
	snap := &Snapshot{Name: ref, Root: opts.Root}
	switch {
	case ref == "":
		snap.Name = "working tree"
	case IsDir(ref):
		info, err := os.Stat(ref)
		if err != nil || !info.IsDir() {
			return nil, fmt.Errorf("%s is not a directory", safetext.Terminal(ref))
		}
		abs, err := filepath.Abs(ref)
		if err != nil {
			return nil, err
		}
		snap.Root = abs
	default:
		commit, err := resolve(ctx, opts, ref)
		if err != nil {
			if info, serr := os.Stat(ref); serr == nil && info.IsDir() {
				return nil, fmt.Errorf("%w; to compare the directory %s, write ./%s", err, safetext.Terminal(ref), safetext.Terminal(ref))
			}
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
			return nil, fmt.Errorf("reading %s from git: %w", safetext.Terminal(ref), err)
		}
	}
	copts := check.Options{
		SchemaDir:  filepath.Join(snap.Root, opts.SchemaDir),
		SchemaName: filepath.ToSlash(opts.SchemaDir),
		Base:       snap.Root,
		Dirs:       []string{filepath.ToSlash(opts.FactsDir)},
		Limits:     opts.Limits,
		Cache:      opts.Cache,
	}
	if snap.Commit != "" {
		// The revision is read from a fresh temporary directory each
		// time; its results are found again under the repository's name.
		copts.CacheNamespace = "revisions of " + opts.Root + "\x00" + opts.FactsDir
	}
	res, err := check.Run(copts)
	if err != nil {
		snap.Close()
		var cfg *check.ConfigError
		if errors.As(err, &cfg) && len(cfg.Findings) > 0 {
			return nil, fmt.Errorf("%s: schema of %s: %s: %s: %w", snap.Name, snap.Name, cfg.Findings[0].Pos, cfg.Findings[0].Message, err)
		}
		return nil, fmt.Errorf("%s: %w", snap.Name, err)
	}
	snap.Result = res
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
func resolve(ctx context.Context, opts Options, ref string) (string, error) {
	if strings.HasPrefix(ref, "-") || !refRE.MatchString(ref) || len(ref) > 256 {
		return "", fmt.Errorf("%q is not a git revision (write a directory as a path with a slash: ./%s)", ref, ref)
	}
	out, err := runGit(ctx, opts, nil, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	if err != nil {
		return "", fmt.Errorf("%q is not a git revision of this repository (write a directory as a path with a slash: ./%s)", ref, ref)
	}
	commit := strings.TrimSpace(string(out))
	if !regexp.MustCompile(`^[0-9a-f]{40}([0-9a-f]{24})?$`).MatchString(commit) {
		return "", fmt.Errorf("git rev-parse %q gave %q", ref, commit)
	}
	return commit, nil
}

// gitEnv keeps the user's and the system's git configuration from
// changing what the plumbing commands below print, keeps git from
// prompting or taking optional locks, and keeps it off the network: in a
// partial clone, reading a blob that is not present would fetch it from
// the promisor remote (GIT_NO_LAZY_FETCH stops that from git 2.44 on;
// refusing every transport protocol stops it everywhere).
var gitEnv = []string{"GIT_CONFIG_NOSYSTEM=1", "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C",
	"GIT_NO_LAZY_FETCH=1", "GIT_ALLOW_PROTOCOL=none", "GIT_PROTOCOL_FROM_USER=0"}

// gitArgs come before every git command: paths printed as they are, and
// no transport protocol allowed.
var gitArgs = []string{"-c", "core.quotePath=false", "-c", "protocol.allow=never"}

func gitCommand(ctx context.Context, opts Options, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, opts.git(), append(slices.Clone(gitArgs), args...)...)
	cmd.Env = append(os.Environ(), gitEnv...)
	cmd.Dir = opts.Root
	return cmd
}

func runGit(ctx context.Context, opts Options, stdin io.Reader, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	cmd := gitCommand(ctx, opts, args...)
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
	prefix, err := runGit(ctx, opts, nil, "rev-parse", "--show-prefix")
	if err != nil {
		return err
	}
	pre := strings.TrimSpace(string(prefix))
	out, err := runGit(ctx, opts, nil, "ls-tree", "-r", "-z", "--full-tree", commit, "--",
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
	cmd := gitCommand(ctx, opts, "cat-file", "--batch")
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
		if len(f) == 2 && f[0] == b.oid && f[1] == "missing" {
			return fmt.Errorf("%s is not in the local repository (a partial clone?); factgraph never fetches: run git fetch first", b.path)
		}
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
