package project

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/factgraph/factgraph/internal/finding"
)

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func names(tr *Tree) []string {
	var out []string
	for _, f := range tr.Files {
		out = append(out, f.Name)
	}
	return out
}

func problems(fs finding.List) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.File+": "+f.Message)
	}
	return out
}

// TestWalk: what is a fact file, and what is reported instead of being
// skipped or followed.
func TestWalk(t *testing.T) {
	base := t.TempDir()
	outside := t.TempDir()
	write(t, outside, "secret.yaml", "id: secret\n")
	for _, name := range []string{"facts/good.yaml", "facts/sub/deep/also.yaml", "facts/old.yml", "facts/LOUD.YAML",
		"facts/.git/ignored.yaml", "facts/README.md", "facts/\xffbad/in.yaml", "facts/a\x1bb/esc.yaml", "facts/bi\u202edi.yaml",
		"facts/back\\slash.yaml"} {
		write(t, base, name, "id: x\n")
	}
	if err := os.Symlink(filepath.Join(outside, "secret.yaml"), filepath.Join(base, "facts", "leak.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(base, "facts", "linkdir")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(base, "facts", "pipe.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	tree, fs, err := Walk(base, []string{"facts"}, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	wantFiles := []string{"facts/a\x1bb/esc.yaml", "facts/back\\slash.yaml", "facts/bi\u202edi.yaml", "facts/good.yaml", "facts/sub/deep/also.yaml", "facts/\xffbad/in.yaml"}
	if got := names(tree); !slices.Equal(got, wantFiles) {
		t.Errorf("files:\n got %q\nwant %q", got, wantFiles)
	}
	wantProblems := []string{
		"facts/LOUD.YAML: fact files must end in .yaml, not .YAML",
		"facts/a\x1bb: directory name contains control character U+001B; rename it",
		"facts/back\\slash.yaml: file name contains a backslash; rename it",
		"facts/bi\u202edi.yaml: file name contains bidirectional control U+202E; rename it",
		"facts/leak.yaml: symlinks are not followed; commit the file itself",
		"facts/linkdir: symlinks are not followed; commit the file itself",
		"facts/old.yml: fact files must end in .yaml, not .yml",
		"facts/pipe.yaml: not a regular file",
		"facts/\xffbad: directory name is not valid UTF-8; rename it",
	}
	if got := problems(fs); !slices.Equal(got, wantProblems) {
		t.Errorf("problems:\n got %q\nwant %q", got, wantProblems)
	}
	for _, f := range tree.Files {
		if data, err := f.ReadFile(100); err != nil || string(data) != "id: x\n" {
			t.Errorf("reading %q: %q, %v", f.Name, data, err)
		}
	}
	if _, _, err := Walk(base, []string{"nowhere"}, Limits{}); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("a missing path: %v", err)
	}
}

// TestWalkLimits: the file count and total size are checked before any
// file is read, and many directories do not exhaust file descriptors.
func TestWalkLimits(t *testing.T) {
	base := t.TempDir()
	for i := range maxOpenDirs + 100 {
		write(t, base, fmt.Sprintf("facts/d%04d/f.yaml", i), "id: f\n")
	}
	tree, fs, err := Walk(base, []string{"facts"}, Limits{})
	if err != nil || len(fs) > 0 {
		t.Fatal(err, fs)
	}
	if len(tree.Files) != maxOpenDirs+100 {
		t.Errorf("%d files", len(tree.Files))
	}
	for _, f := range tree.Files {
		if _, err := f.ReadFile(10); err != nil {
			t.Fatalf("reading %s: %v", f.Name, err)
		}
	}
	tree.Close()

	tree, fs, _ = Walk(base, []string{"facts"}, Limits{MaxFiles: 10})
	if len(tree.Files) != 10 || len(fs) != 1 || !strings.Contains(fs[0].Message, "more than 10 fact files") {
		t.Errorf("file limit: %d files, %v", len(tree.Files), fs)
	}
	tree.Close()
	tree, fs, _ = Walk(base, []string{"facts"}, Limits{MaxTotal: 20}) // each file is 6 bytes
	if len(tree.Files) != 3 || len(fs) != 1 || !strings.Contains(fs[0].Message, "total more than 20 bytes") {
		t.Errorf("size limit: %d files, %v", len(tree.Files), fs)
	}
	tree.Close()
}

// TestRoot: finding the root from below it, also through an unclean
// $PWD, and refusing paths outside it however they are written.
func TestRoot(t *testing.T) {
	base := t.TempDir()
	write(t, base, "schema/vocabulary.yaml", "base: x\n")
	write(t, base, "facts/products/a.yaml", "id: a\n")
	deep := filepath.Join(base, "facts", "products")
	r, err := Find(deep, "")
	if err != nil || r.Dir != base {
		t.Fatalf("Find = %v, %v", r, err)
	}
	if got := r.Display("facts/products/a.yaml"); got != "a.yaml" {
		t.Errorf("Display = %q", got)
	}
	if got := r.Display("schema"); got != "../../schema" {
		t.Errorf("Display = %q", got)
	}
	if rel, err := r.Rel("a.yaml"); err != nil || rel != "facts/products/a.yaml" {
		t.Errorf("Rel = %q, %v", rel, err)
	}
	for _, p := range []string{"../../../x", filepath.Join(base, "..", "x"), "/etc/passwd"} {
		if _, err := r.Rel(p); err == nil || !strings.Contains(err.Error(), "outside the repository") {
			t.Errorf("Rel(%q) = %v", p, err)
		}
	}
	// $PWD may be unclean: "sub/.." must not make the walk start in sub.
	other := t.TempDir()
	write(t, other, "sub/schema/vocabulary.yaml", "base: x\n")
	if r, err := Find(filepath.Join(other, "sub")+"/..", ""); err == nil {
		t.Errorf("Find from %s/sub/.. found %s", other, r.Dir)
	}
}

// TestReadFile: the limit is max+1 bytes whatever the size the walk saw,
// and a file replaced by a symlink or a FIFO since the walk is never
// followed or waited on.
func TestReadFile(t *testing.T) {
	base := t.TempDir()
	write(t, base, "facts/big.yaml", strings.Repeat("x", 100))
	write(t, base, "facts/small.yaml", "id: s\n")
	write(t, base, "facts/link.yaml", "id: l\n")
	write(t, base, "facts/pipe.yaml", "id: p\n")
	tree, _, err := Walk(base, []string{"facts"}, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	byName := map[string]File{}
	for _, f := range tree.Files {
		byName[f.Name] = f
	}
	if data, err := byName["facts/big.yaml"].ReadFile(10); err != nil || len(data) != 11 {
		t.Errorf("limited read: %d bytes, %v", len(data), err)
	}
	write(t, base, "facts/small.yaml", "id: s\n"+strings.Repeat("# grew\n", 10))
	if data, err := byName["facts/small.yaml"].ReadFile(1000); err != nil || !strings.HasSuffix(string(data), "# grew\n") {
		t.Errorf("a file that grew since the walk: %q, %v", data, err)
	}
	os.Remove(filepath.Join(base, "facts", "link.yaml"))
	os.Symlink("/etc/passwd", filepath.Join(base, "facts", "link.yaml"))
	if data, err := byName["facts/link.yaml"].ReadFile(1000); err == nil {
		t.Errorf("read through a symlink put in place since the walk: %q", data)
	}
	os.Remove(filepath.Join(base, "facts", "pipe.yaml"))
	syscall.Mkfifo(filepath.Join(base, "facts", "pipe.yaml"), 0o644)
	if data, err := byName["facts/pipe.yaml"].ReadFile(1000); err == nil && len(data) != 0 {
		t.Errorf("a FIFO put in place since the walk gave %q", data)
	}
}
