package publish_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/export"
	"github.com/factgraph/factgraph/internal/publish"
)

// build publishes files into dir through a Stage, streaming each file in
// pieces of at most piece bytes as the RDF writer does, and returns how
// many files were reused.
func build(t *testing.T, dir string, fs []export.File, piece int) int {
	t.Helper()
	st, err := publish.Begin(dir)
	must(t, err)
	defer st.Abort()
	for _, f := range fs {
		w, err := st.Create(f.Path)
		must(t, err)
		for b := f.Data; len(b) > 0; {
			n := min(piece, len(b))
			if _, err := w.Write(b[:n]); err != nil {
				t.Fatal(err)
			}
			b = b[n:]
		}
		must(t, w.Close())
	}
	must(t, st.Commit())
	return st.Reused()
}

func inode(t *testing.T, p string) os.FileInfo {
	t.Helper()
	info, err := os.Lstat(p)
	must(t, err)
	return info
}

// TestUnchangedFilesAreNotRewritten: a file whose bytes are those of the
// published file at its path is the published file, linked; every other
// file is new, whatever way it differs (shorter, longer, same length,
// differing in its last chunk only).
func TestUnchangedFilesAreNotRewritten(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 20_000) // 320 KB: five chunks
	bigEdited := bytes.Clone(big)
	bigEdited[len(bigEdited)-1] = 'X'
	// Each path as the first build and the second write it (absent
	// when Data is nil), and whether the second takes it from the first.
	cases := []struct {
		path          string
		before, after []byte
		linked        bool
	}{
		{"same.txt", []byte("same"), []byte("same"), true},
		{"entities/same.svg", []byte("<svg/>"), []byte("<svg/>"), true},
		{"shorter.txt", []byte("longer text"), []byte("longer"), false},
		{"longer.txt", []byte("short"), []byte("short and then some"), false},
		{"samesize.txt", []byte("aaaa"), []byte("aaab"), false},
		{"big.nt", big, big, true},
		{"bigedited.nt", big, bigEdited, false},
		{"gone.txt", []byte("gone"), nil, false},
		{"new.txt", nil, []byte("new"), false},
		{"empty.txt", []byte{}, []byte{}, true},
	}
	var before, after []export.File
	linked := map[string]bool{}
	nLinked := 0
	for _, c := range cases {
		if c.before != nil {
			before = append(before, export.File{Path: c.path, Data: c.before})
		}
		if c.after != nil {
			after = append(after, export.File{Path: c.path, Data: c.after})
		}
		linked[c.path] = c.linked
		if c.linked {
			nLinked++
		}
	}
	for _, piece := range []int{1 << 30, 1000, 7} {
		dir := filepath.Join(t.TempDir(), "out")
		if n := build(t, dir, before, piece); n != 0 {
			t.Errorf("piece %d: the first build reused %d files", piece, n)
		}
		old := map[string]os.FileInfo{}
		for _, f := range before {
			old[f.Path] = inode(t, filepath.Join(dir, f.Path))
		}
		n := build(t, dir, after, piece)
		if got := tree(t, dir); !same(got, want(after)) {
			t.Fatalf("piece %d: the tree is not the new one", piece)
		}
		// The marker and README are unchanged too.
		if want := nLinked + 2; n != want {
			t.Errorf("piece %d: Reused = %d, want %d", piece, n, want)
		}
		for _, f := range after {
			if o, ok := old[f.Path]; ok {
				if got := os.SameFile(o, inode(t, filepath.Join(dir, f.Path))); got != linked[f.Path] {
					t.Errorf("piece %d: %s is the old file: %v, want %v", piece, f.Path, got, linked[f.Path])
				}
			}
		}
		if s := siblings(t, dir); len(s) != 0 {
			t.Errorf("piece %d: left beside out: %v", piece, s)
		}
	}
}

// TestReuseOnlyWhatPublishWrote: a published file that was changed by
// hand in its mode, replaced by a symlink or a directory is not taken
// into the new tree; the new file is written as it should be.
func TestReuseOnlyWhatPublishWrote(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	fs := []export.File{
		{Path: "readonly.txt", Data: []byte("r")},
		{Path: "link.txt", Data: []byte("target")},
		{Path: "dir.txt", Data: []byte("d")},
	}
	build(t, dir, fs, 1<<30)
	must(t, os.Chmod(filepath.Join(dir, "readonly.txt"), 0o444))
	outside := filepath.Join(t.TempDir(), "target")
	must(t, os.WriteFile(outside, []byte("target"), 0o644))
	must(t, os.Remove(filepath.Join(dir, "link.txt")))
	must(t, os.Symlink(outside, filepath.Join(dir, "link.txt")))
	must(t, os.Remove(filepath.Join(dir, "dir.txt")))
	must(t, os.Mkdir(filepath.Join(dir, "dir.txt"), 0o755))

	if n := build(t, dir, fs, 1<<30); n != 2 { // the marker and README
		t.Errorf("Reused = %d, want 2", n)
	}
	if got := tree(t, dir); !same(got, want(fs)) { // tree fails on a symlink
		t.Fatal("the tree is not the new one")
	}
	if m := inode(t, filepath.Join(dir, "readonly.txt")).Mode().Perm(); m&0o200 == 0 {
		t.Errorf("readonly.txt has mode %v: the hand-made mode was kept", m)
	}
}

// TestAbortAfterReuse: a stage that linked files and is dropped leaves
// the published tree as it was.
func TestAbortAfterReuse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	fs := files("v1", 20)
	build(t, dir, fs, 1<<30)
	st, err := publish.Begin(dir)
	must(t, err)
	for _, f := range fs {
		must(t, st.Write(f.Path, f.Data))
	}
	if st.Reused() != len(fs) {
		t.Errorf("Reused = %d, want %d", st.Reused(), len(fs))
	}
	st.Abort()
	if got := tree(t, dir); !same(got, want(fs)) {
		t.Fatal("the published tree changed")
	}
	if s := siblings(t, dir); len(s) != 0 {
		t.Errorf("left beside out: %v", strings.Join(s, " "))
	}
}
