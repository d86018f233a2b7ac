//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package render

import (
	"os"
	"path/filepath"
	"testing"
)

// TestNewRunDir checks which directories a run removes before it makes
// its own: those of runs that are over, never one in use, another
// user's or anything that is not a directory of ours.
func TestNewRunDir(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	mkdir := func(name string) string {
		p := filepath.Join(tmp, name)
		if err := os.MkdirAll(filepath.Join(p, "go-graphviz"), 0o700); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale := mkdir("factgraph-render-stale")
	busy := mkdir("factgraph-render-busy")
	lock, err := lockDir(busy)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	target := mkdir("elsewhere")
	link := filepath.Join(tmp, "factgraph-render-link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(tmp, "factgraph-render-file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	other := mkdir("factgraph-rendertest-other")

	dir, remove, err := newRunDir()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale directory is still there (%v)", err)
	}
	for _, p := range []string{busy, link, file, filepath.Join(target, "go-graphviz"), other} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was removed", filepath.Base(p))
		}
	}
	if filepath.Dir(dir) != tmp {
		t.Errorf("the run's directory %s is not in %s", dir, tmp)
	}
	if f, err := lockDir(dir); err == nil {
		f.Close()
		t.Errorf("the run's directory is not locked")
	}
	// A second run beside this one keeps its directory.
	dir2, remove2, err := newRunDir()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Errorf("a second run removed the first one's directory")
	}
	remove2()
	remove()
	for _, d := range []string{dir, dir2} {
		if _, err := os.Stat(d); !os.IsNotExist(err) {
			t.Errorf("%s outlived its run", d)
		}
	}
}
