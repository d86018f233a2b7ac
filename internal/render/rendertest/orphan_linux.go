package rendertest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/factgraph/factgraph/internal/render"
)

// envParent makes a test binary whose TestMain calls Main a fake parent.
const envParent = "FACTGRAPH_RENDERTEST_PARENT"

// Orphan runs the test binary as a fake factgraph build: it starts the
// renderer at path on a long job, with tmp as its TMPDIR, and kills
// itself with SIGKILL as soon as its child has started, as a build
// killed by its user or by CI would be. Orphan returns once the parent
// is dead, with the child's process id and start time (see Exited).
func Orphan(t testing.TB, path, tmp string) (pid int, start string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envParent+"=1", render.EnvRenderer+"="+path, "TMPDIR="+tmp)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the fake parent ended with %v, want killed by SIGKILL\n%s", err, stderr.String())
	}
	if _, err := fmt.Sscan(string(out), &pid, &start); err != nil {
		t.Fatalf("the fake parent wrote %q: %v\n%s", out, err, stderr.String())
	}
	return pid, start
}

// Exited reports whether the process pid that started at start has
// exited: it is gone, or a zombie waiting for its new parent, or the pid
// belongs to another process.
func Exited(pid int, start string) bool {
	state, _, started, ok := stat(pid)
	return !ok || started != start || state == "Z" || state == "X"
}

// Children lists the processes this one has started and not yet
// waited for.
func Children() []int {
	var pids []int
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		if _, parent, _, ok := stat(pid); ok && parent == os.Getpid() {
			pids = append(pids, pid)
		}
	}
	return pids
}

// fakeParent is the fake build of Orphan.
func fakeParent() int {
	r := &render.Renderer{Path: os.Getenv(render.EnvRenderer)}
	go r.Render(context.Background(), []render.Job{LongJob()})
	for {
		for _, pid := range Children() {
			if _, _, start, ok := stat(pid); ok {
				fmt.Printf("%d %s\n", pid, start)
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
			}
		}
		time.Sleep(time.Millisecond) // the child is on its way
	}
}

// stat reads the state, parent and start time of pid from
// /proc/pid/stat (fields 3, 4 and 22 of proc(5)).
func stat(pid int) (state string, parent int, started string, ok bool) {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return "", 0, "", false
	}
	// The command name, in parentheses, may hold spaces and parentheses.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return "", 0, "", false
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 20 {
		return "", 0, "", false
	}
	parent, _ = strconv.Atoi(f[1])
	return f[0], parent, f[19], true
}
