//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || loong64)

package graphviz

import (
	"bytes"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/factgraph/factgraph/internal/render"
)

// enforce holds the process to l with the kernel doing the work:
//
//   - a POSIX timer on CLOCK_MONOTONIC that delivers SIGKILL, one for
//     the run and one re-armed for each job, each set a little later than
//     the parent's own limit (late), so that a parent that is alive stops
//     the child first and names the cause;
//   - RLIMIT_DATA at the data size of the started child plus l.Memory,
//     so that an allocation past it fails and the Go runtime exits with
//     "out of memory". RLIMIT_AS cannot do this: the started child
//     already maps 1.57 to 1.71 GB of address space for 23 to 48 MB
//     resident, and grows it in reservations of 64 MB and more, so a cap
//     of its size plus 200 MiB failed with 70 MB in use while one plus
//     100 MiB let a 1,767-node layout through. RLIMIT_DATA follows the
//     heap: a cap of the data size plus 256 MiB stopped an allocating
//     loop at 256 MiB held. The binary links libc (net and os/user come
//     in with go-graphviz's dependencies), so its threads are pthreads
//     whose 8 MB stacks count as data too: a thread refused its stack
//     aborts the process with "pthread_create failed".
//
// debug.SetMemoryLimit, which is only a target for the garbage
// collector, is set at three quarters of l.Memory so that garbage is
// collected well before the hard limit.
func enforce(l render.Limits) (jobLimit, error) {
	if l.Memory > 0 {
		debug.SetMemoryLimit(l.Memory / 4 * 3)
		data, err := dataSize()
		if err != nil {
			return nil, err
		}
		if err := limitData(data + l.Memory); err != nil {
			return nil, err
		}
	}
	if l.Timeout > 0 {
		t, err := newKillTimer()
		if err != nil {
			return nil, err
		}
		if err := t.set(late(l.Timeout)); err != nil {
			return nil, err
		}
	}
	if l.JobTimeout <= 0 {
		return noJobLimit{}, nil
	}
	t, err := newKillTimer()
	if err != nil {
		return nil, err
	}
	return &killJob{t: t, after: late(l.JobTimeout)}, nil
}

// killJob is a job limit enforced by a kill timer.
type killJob struct {
	t     *killTimer
	after time.Duration
}

// A timer that cannot be set leaves the job without its limit in the
// child; the parent's still holds, so the job goes on.
func (j *killJob) start() { j.t.set(j.after) }
func (j *killJob) stop()  { j.t.set(0) }

// killTimer is a POSIX timer that kills the process when it expires.
type killTimer struct{ id int32 }

// sigevent is the kernel's struct sigevent, 64 bytes, for
// SIGEV_SIGNAL: only the value, the signal and the notification.
type sigevent struct {
	value  uintptr
	signo  int32
	notify int32
	_      [(64 - 8 - unsafe.Sizeof(uintptr(0))) / 4]int32
}

const sigevSignal = 0 // SIGEV_SIGNAL

func newKillTimer() (*killTimer, error) {
	ev := sigevent{signo: int32(unix.SIGKILL), notify: sigevSignal}
	t := &killTimer{}
	_, _, errno := unix.RawSyscall(unix.SYS_TIMER_CREATE, unix.CLOCK_MONOTONIC,
		uintptr(unsafe.Pointer(&ev)), uintptr(unsafe.Pointer(&t.id)))
	if errno != 0 {
		return nil, fmt.Errorf("timer_create: %w", errno)
	}
	return t, nil
}

// set arms the timer to expire after d, or disarms it when d is zero.
func (t *killTimer) set(d time.Duration) error {
	spec := unix.ItimerSpec{Value: unix.NsecToTimespec(d.Nanoseconds())}
	_, _, errno := unix.RawSyscall6(unix.SYS_TIMER_SETTIME, uintptr(t.id), 0,
		uintptr(unsafe.Pointer(&spec)), 0, 0, 0)
	if errno != 0 {
		return fmt.Errorf("timer_settime: %w", errno)
	}
	return nil
}

// dataSize is the process's data size (VmData): what RLIMIT_DATA
// counts.
func dataSize() (int64, error) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for line := range bytes.Lines(status) {
		if rest, ok := bytes.CutPrefix(line, []byte("VmData:")); ok {
			f := bytes.Fields(rest)
			if len(f) == 2 && string(f[1]) == "kB" {
				kb, err := strconv.ParseInt(string(f[0]), 10, 64)
				if err == nil {
					return kb << 10, nil
				}
			}
		}
	}
	return 0, fmt.Errorf("no VmData in /proc/self/status")
}

func limitData(n int64) error {
	lim := &unix.Rlimit{Cur: uint64(n), Max: uint64(n)}
	if err := unix.Setrlimit(unix.RLIMIT_DATA, lim); err != nil {
		return fmt.Errorf("setrlimit RLIMIT_DATA: %w", err)
	}
	return nil
}
