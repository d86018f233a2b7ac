//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || loong64)

package graphviz

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/factgraph/factgraph/internal/render"
)

// envHelper makes the test binary a helper process that holds itself to
// some limits and then breaks them, for the tests below: a limit the
// kernel enforces kills the process, so it cannot be tested in this one.
const envHelper = "FACTGRAPH_GRAPHVIZ_HELPER"

func TestMain(m *testing.M) {
	if mode := os.Getenv(envHelper); mode != "" {
		os.Exit(helper(mode))
	}
	os.Exit(m.Run())
}

func helper(mode string) int {
	fail := func(err error) int { fmt.Fprintln(os.Stderr, err); return 1 }
	switch mode {
	case "job", "job-stopped":
		job, err := enforce(render.Limits{JobTimeout: time.Millisecond})
		if err != nil {
			return fail(err)
		}
		job.start()
		if mode == "job-stopped" {
			job.stop()
			var spec unix.ItimerSpec
			_, _, errno := unix.RawSyscall(unix.SYS_TIMER_GETTIME, uintptr(job.(*killJob).t.id), uintptr(unsafe.Pointer(&spec)), 0)
			if errno != 0 {
				return fail(errno)
			}
			fmt.Println(spec.Value.Nano())
			return 0
		}
	case "run":
		if _, err := enforce(render.Limits{Timeout: time.Millisecond}); err != nil {
			return fail(err)
		}
	case "memory":
		if _, err := enforce(render.Limits{Memory: 64 << 20}); err != nil {
			return fail(err)
		}
		var held [][]byte
		for len(held) < 1024 {
			b := make([]byte, 1<<20)
			for i := range b {
				b[i] = 1 // resident, not only reserved
			}
			held = append(held, b)
			fmt.Println(len(held))
		}
		return 0
	default:
		return fail(fmt.Errorf("unknown helper mode %q", mode))
	}
	time.Sleep(time.Hour) // until a limit kills the process
	return 0
}

// runHelper runs the test binary as a helper in mode and returns its
// output and how it ended.
func runHelper(t *testing.T, mode string) (stdout, stderr string, state *os.ProcessState) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envHelper+"="+mode)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return out.String(), errb.String(), cmd.ProcessState
}

// TestKillTimers checks that the kernel kills a child over its time
// limits. The helper sleeps for an hour after breaking them; nothing
// but the timer can end it early.
func TestKillTimers(t *testing.T) {
	for _, mode := range []string{"job", "run"} {
		t.Run(mode, func(t *testing.T) {
			_, stderr, state := runHelper(t, mode)
			ws, ok := state.Sys().(syscall.WaitStatus)
			if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("helper ended with %v, want killed by SIGKILL\n%s", state, stderr)
			}
		})
	}
	t.Run("stopped", func(t *testing.T) {
		stdout, stderr, state := runHelper(t, "job-stopped")
		if !state.Success() || strings.TrimSpace(stdout) != "0" {
			t.Fatalf("helper ended with %v, timer left at %q ns, want it disarmed\n%s", state, stdout, stderr)
		}
	})
}

// TestMemoryLimit checks that a child that allocates past its memory
// limit is refused the memory, and that the Go runtime says so.
func TestMemoryLimit(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's allocator is refused first, with its own message")
	}
	stdout, stderr, state := runHelper(t, "memory")
	lines := strings.Fields(stdout)
	held := len(lines)
	// A thread refused its stack (the binary links libc, so threads are
	// pthreads whose stacks count as data) aborts the process instead.
	if state.Success() || !strings.Contains(stderr, "out of memory") && !strings.Contains(stderr, "pthread_create failed") {
		t.Fatalf("helper ended with %v after %d MiB, want out of memory\n%s", state, held, stderr)
	}
	// The limit is 64 MiB over what the helper used when it set it.
	if held < 16 || held > 128 {
		t.Errorf("stopped after %d MiB held, want about 64", held)
	}
}
