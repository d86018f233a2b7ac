package publish_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/factgraph/factgraph/internal/publish"
)

// TestOldTreeThatCannotBeRemoved: once the new tree is swapped in, the
// publish has succeeded; an old tree that cannot be removed is left under
// an old-tree name and removed by the next publish, never a staging
// directory that makes every later build fail.
func TestOldTreeThatCannotBeRemoved(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	must(t, publish.Publish(out, files("old", 2)))
	saved := *publish.RemoveAll
	*publish.RemoveAll = func(string) error { return errors.New("simulated: permission denied") }
	err := publish.Publish(out, files("new", 2))
	*publish.RemoveAll = saved
	if err != nil {
		t.Fatalf("Publish = %v; the new tree was in place, so it succeeded", err)
	}
	if got := snapshot(t, out); !strings.Contains(got, "new") {
		t.Errorf("out/ is %s", got)
	}
	left := siblings(t, out)
	if len(left) != 1 || !strings.HasPrefix(left[0], ".out-old-") {
		t.Errorf("beside out/: %v, want one old tree", left)
	}
	must(t, publish.Publish(out, files("newer", 2)))
	if left := siblings(t, out); len(left) != 0 {
		t.Errorf("the next publish left %v", left)
	}
}

// TestReadOnlyOut: an out/ the process cannot write is refused before
// anything is written, so a failed build never changes out/. Root writes
// anywhere, so when the tests run as root the check runs as nobody.
func TestReadOnlyOut(t *testing.T) {
	if os.Geteuid() != 0 {
		readOnlyOut(t, t.TempDir())
		return
	}
	// Re-run this test as nobody, from a copy of the test binary that
	// nobody can execute, in a directory nobody owns.
	exe, err := os.Executable()
	must(t, err)
	dir, err := os.MkdirTemp("", "publish-readonly-")
	must(t, err)
	defer os.RemoveAll(dir)
	must(t, os.Chmod(dir, 0o755))
	bin := filepath.Join(dir, "publish.test")
	data, err := os.ReadFile(exe)
	must(t, err)
	must(t, os.WriteFile(bin, data, 0o755))
	work := filepath.Join(dir, "work")
	must(t, os.Mkdir(work, 0o777))
	must(t, os.Chown(work, 65534, 65534))
	cmd := exec.Command(bin, "-test.run", "^TestHelperReadOnlyOut$", "-test.v")
	cmd.Env = []string{"PUBLISH_READONLY_DIR=" + work, "PATH=/usr/bin:/bin"}
	cmd.Dir = work
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestHelperReadOnlyOut") {
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
}

// TestHelperReadOnlyOut is TestReadOnlyOut's body, run as nobody.
func TestHelperReadOnlyOut(t *testing.T) {
	dir := os.Getenv("PUBLISH_READONLY_DIR")
	if dir == "" {
		t.Skip("helper process for TestReadOnlyOut")
	}
	readOnlyOut(t, dir)
}

func readOnlyOut(t *testing.T, parent string) {
	out := filepath.Join(parent, "out")
	must(t, publish.Publish(out, files("old", 2)))
	sub := filepath.Join(out, "entities")
	for _, d := range []string{out, sub} {
		must(t, os.Chmod(d, 0o555))
	}
	defer os.Chmod(out, 0o755)
	defer os.Chmod(sub, 0o755)
	before := snapshot(t, out)
	err := publish.Publish(out, files("new", 2))
	if err == nil || !strings.Contains(err.Error(), "not writable") {
		t.Fatalf("Publish into a read-only out/ = %v", err)
	}
	if got := snapshot(t, out); got != before {
		t.Errorf("out/ changed:\n got %s\nwant %s", got, before)
	}
	if left := siblings(t, out); len(left) != 0 {
		t.Errorf("beside out/: %v", left)
	}
}

// TestFreshClone: a repository commits only out/README.md; a fresh
// clone's out/ (that README alone) is replaced like an empty one, and the
// README Publish writes is that same file, so git sees no change.
func TestFreshClone(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	must(t, os.Mkdir(out, 0o755))
	must(t, os.WriteFile(filepath.Join(out, publish.ReadmeFile), []byte(publish.Readme), 0o644))
	must(t, publish.Publish(out, files("new", 1)))
	data, err := os.ReadFile(filepath.Join(out, publish.ReadmeFile))
	if err != nil || string(data) != publish.Readme {
		t.Errorf("README after the build: %q, %v", data, err)
	}
	// An edited README is someone's file: refused.
	other := filepath.Join(t.TempDir(), "out")
	must(t, os.Mkdir(other, 0o755))
	must(t, os.WriteFile(filepath.Join(other, publish.ReadmeFile), []byte("my notes"), 0o644))
	if err := publish.Check(other); !errors.Is(err, publish.ErrUnsafe) {
		t.Errorf("Check of a directory with someone's README = %v", err)
	}
}

// TestCommittedReadme: the out/README.md the repository commits is the
// one Publish writes.
func TestCommittedReadme(t *testing.T) {
	data, err := os.ReadFile("../../out/README.md")
	if err != nil || string(data) != publish.Readme {
		t.Errorf("out/README.md differs from publish.Readme (%v); copy it from a build", err)
	}
}
