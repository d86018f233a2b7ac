package publish_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/factgraph/factgraph/internal/export"
	"github.com/factgraph/factgraph/internal/publish"
)

// tree reads every regular file under dir into a map, and fails on
// anything else (a symlink, a device).
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", p)
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func files(version string, n int) []export.File {
	var fs []export.File
	for i := 0; i < n; i++ {
		fs = append(fs, export.File{Path: fmt.Sprintf("entities/e%04d.svg", i), Data: []byte(version + fmt.Sprint(i))})
	}
	return append(fs, export.File{Path: "graph.dot", Data: []byte(version)})
}

func want(fs []export.File) map[string]string {
	m := map[string]string{publish.Marker: "", publish.ReadmeFile: publish.Readme}
	for _, f := range fs {
		m[f.Path] = string(f.Data)
	}
	return m
}

// same compares trees, ignoring the marker's content.
func same(got, want map[string]string) bool {
	if _, ok := got[publish.Marker]; !ok {
		return false
	}
	g := map[string]string{}
	for k, v := range got {
		g[k] = v
	}
	g[publish.Marker] = ""
	if len(g) != len(want) {
		return false
	}
	for k, v := range want {
		if g[k] != v {
			return false
		}
	}
	return true
}

// siblings lists the entries of dir's parent other than dir.
func siblings(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Name() != filepath.Base(dir) {
			names = append(names, e.Name())
		}
	}
	return names
}

func TestPublishReplacesTheWholeTree(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	old := files("old", 5)
	if err := publish.Publish(out, old); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, out); !same(got, want(old)) {
		t.Fatalf("first publish: got %v", got)
	}
	if err := os.WriteFile(filepath.Join(out, "entities", "stray.svg"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	next := files("new", 3)
	if err := publish.Publish(out, next); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, out); !same(got, want(next)) {
		t.Fatalf("second publish: got %v, want %v", got, want(next))
	}
	if s := siblings(t, out); len(s) != 0 {
		t.Errorf("left behind: %v", s)
	}
	info, err := os.Stat(out)
	if err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("out/ mode %v, want 0755", info.Mode())
	}
}

func TestPublishRefuses(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, out string)
		files []export.File
		want  string
	}{
		{"symlink", func(t *testing.T, out string) {
			target := filepath.Join(filepath.Dir(out), "elsewhere")
			os.Mkdir(target, 0o755)
			must(t, os.Symlink(target, out))
		}, files("new", 1), "symbolic link"},
		{"file", func(t *testing.T, out string) {
			must(t, os.WriteFile(out, []byte("x"), 0o644))
		}, files("new", 1), "not a directory"},
		{"directory not ours", func(t *testing.T, out string) {
			must(t, os.Mkdir(out, 0o755))
			must(t, os.WriteFile(filepath.Join(out, "thesis.tex"), []byte("x"), 0o644))
		}, files("new", 1), "was not written by factgraph build"},
		{"escaping path", func(t *testing.T, out string) {
			must(t, publish.Publish(out, files("old", 2)))
		}, []export.File{{Path: "../x", Data: nil}}, "not a clean relative path"},
		{"absolute path", func(t *testing.T, out string) {
			must(t, publish.Publish(out, files("old", 2)))
		}, []export.File{{Path: "/etc/x", Data: nil}}, "not a clean relative path"},
		{"duplicate path", func(t *testing.T, out string) {
			must(t, publish.Publish(out, files("old", 2)))
		}, []export.File{{Path: "a"}, {Path: "a"}}, "written twice"},
		{"file and directory", func(t *testing.T, out string) {
			must(t, publish.Publish(out, files("old", 2)))
		}, []export.File{{Path: "a"}, {Path: "a/b"}}, "both a file and a directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			tc.setup(t, out)
			before := snapshot(t, out)
			err := publish.Publish(out, tc.files)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error about %q", err, tc.want)
			}
			if after := snapshot(t, out); after != before {
				t.Errorf("out changed:\nbefore %s\nafter  %s", before, after)
			}
			for _, s := range siblings(t, out) {
				if strings.HasPrefix(s, ".out-") {
					t.Errorf("left behind %s", s)
				}
			}
		})
	}
}

func TestCheckUnsafeIsErrUnsafe(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	must(t, os.Symlink(t.TempDir(), out))
	if err := publish.Check(out); !errors.Is(err, publish.ErrUnsafe) {
		t.Fatalf("got %v, want ErrUnsafe", err)
	}
	for _, dir := range []string{".", "..", "/", "a/.."} {
		if err := publish.Check(dir); !errors.Is(err, publish.ErrUnsafe) {
			t.Errorf("Check(%q) = %v, want ErrUnsafe", dir, err)
		}
	}
}

// snapshot describes what is at path: its tree, its link target or its
// content.
func snapshot(t *testing.T, path string) string {
	t.Helper()
	info, err := os.Lstat(path)
	switch {
	case err != nil:
		return "absent"
	case info.Mode()&fs.ModeSymlink != 0:
		target, _ := os.Readlink(path)
		return "symlink to " + target
	case !info.IsDir():
		data, _ := os.ReadFile(path)
		return "file " + string(data)
	}
	m := tree(t, path)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k+"="+m[k])
	}
	slices.Sort(keys)
	return strings.Join(keys, ",")
}

func TestStaleDirectoriesAreRemoved(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	must(t, publish.Publish(out, files("old", 1)))
	for _, d := range []string{".out-stage-123", ".out-old-456"} {
		must(t, os.MkdirAll(filepath.Join(parent, d, "entities"), 0o755))
		must(t, os.WriteFile(filepath.Join(parent, d, "entities", "x.svg"), []byte("partial"), 0o644))
	}
	// Not ours: a file with the prefix, and another output's staging.
	must(t, os.WriteFile(filepath.Join(parent, ".out-stage-file"), nil, 0o644))
	must(t, os.Mkdir(filepath.Join(parent, ".dist-stage-1"), 0o755))
	must(t, publish.Publish(out, files("new", 1)))
	got := siblings(t, out)
	slices.Sort(got)
	if want := []string{".dist-stage-1", ".out-stage-file"}; !slices.Equal(got, want) {
		t.Fatalf("siblings %v, want %v", got, want)
	}
}

func TestRecoversFromADeathBetweenRenames(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	must(t, publish.Publish(out, files("old", 2)))
	// What the fallback leaves when killed after renaming out aside.
	must(t, os.Rename(out, filepath.Join(parent, ".out-old-789")))
	must(t, os.MkdirAll(filepath.Join(parent, ".out-stage-790"), 0o755))
	// The next publish puts the old tree back, then replaces it.
	must(t, publish.Publish(out, files("new", 1)))
	if got := tree(t, out); !same(got, want(files("new", 1))) {
		t.Fatalf("got %v", got)
	}
	if s := siblings(t, out); len(s) != 0 {
		t.Errorf("left behind %v", s)
	}
}

// TestKilledAtAnyMoment kills a publishing process at many points in
// time; out/ must always be exactly the old tree or exactly the new one.
func TestKilledAtAnyMoment(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	old, next := files("old", 200), files("new", helperFiles)
	wantOld, wantNew := want(old), want(next)
	helper := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperPublish$")
		cmd.Env = append(os.Environ(), "PUBLISH_HELPER_OUT="+out)
		return cmd
	}
	// Time one whole run, then kill runs at points spread over it.
	must(t, publish.Publish(out, old))
	start := time.Now()
	must(t, helper().Run())
	whole := time.Since(start)
	const runs = 20
	sawOld, sawNew := 0, 0
	for i := 0; i < runs; i++ {
		must(t, os.RemoveAll(out))
		must(t, publish.Publish(out, old))
		cmd := helper()
		must(t, cmd.Start())
		delay := whole * time.Duration(i) / (runs - 4)
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		got := tree(t, out)
		switch {
		case same(got, wantOld):
			sawOld++
		case same(got, wantNew):
			sawNew++
		default:
			t.Fatalf("kill after %v left a mix of %d files", delay, len(got))
		}
		// The next publish cleans up whatever the killed one left.
		must(t, publish.Publish(out, next))
		if s := siblings(t, out); len(s) != 0 {
			t.Fatalf("after recovery, left behind %v", s)
		}
	}
	t.Logf("a run takes %v; killed, it left the old tree %d times and the new one %d times", whole, sawOld, sawNew)
}

const helperFiles = 300

// TestHelperPublish is the process TestKilledAtAnyMoment kills.
func TestHelperPublish(t *testing.T) {
	out := os.Getenv("PUBLISH_HELPER_OUT")
	if out == "" {
		t.Skip("helper process for TestKilledAtAnyMoment")
	}
	if err := publish.Publish(out, files("new", helperFiles)); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestStage writes a tree a file at a time: the old tree stays until
// Commit, paths are checked as they come, a file can be read back, and
// an aborted stage leaves nothing behind.
func TestStage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	old := files("old", 2)
	must(t, publish.Publish(out, old))

	st, err := publish.Begin(out)
	must(t, err)
	if _, err := publish.Begin(out); runtime.GOOS == "linux" && (err == nil || !strings.Contains(err.Error(), "another factgraph build")) {
		t.Errorf("a second Begin while a stage is open: got %v, want the lock refused", err)
	}
	next := files("new", 3)
	for _, f := range next {
		must(t, st.Write(f.Path, f.Data))
	}
	for _, bad := range []string{"graph.dot", "graph.dot/x", "entities", "../x", publish.Marker} {
		if err := st.Write(bad, nil); err == nil {
			t.Errorf("Write(%q) succeeded", bad)
		}
	}
	if data, err := st.ReadFile("entities/e0001.svg"); err != nil || string(data) != "new1" {
		t.Errorf("ReadFile: %q, %v", data, err)
	}
	if !same(tree(t, out), want(old)) {
		t.Fatal("the old tree changed before Commit")
	}
	must(t, st.Commit())
	st.Abort() // does nothing after Commit
	if !same(tree(t, out), want(next)) {
		t.Fatalf("after Commit: %v", tree(t, out))
	}

	st, err = publish.Begin(out)
	must(t, err)
	must(t, st.Write("x.txt", []byte("x")))
	st.Abort()
	if !same(tree(t, out), want(next)) {
		t.Fatal("Abort changed the tree")
	}
	if s := siblings(t, out); len(s) != 0 {
		t.Errorf("Abort left %v", s)
	}
	if err := st.Write("y.txt", nil); err == nil {
		t.Error("Write after Abort succeeded")
	}
}
