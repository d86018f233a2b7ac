//go:build !(linux && (amd64 || arm64 || riscv64 || ppc64le || loong64))

package graphviz

import (
	"os"
	"runtime/debug"
	"time"

	"github.com/factgraph/factgraph/internal/render"
)

// enforce holds the process to l as well as the Go runtime can where
// the kernel timers and RLIMIT_DATA of limits_linux.go are not used: Go
// timers that exit the process (late, since a running layout can hold
// them back), and the garbage collector's memory target. The parent's
// limits are the ones that hold here.
func enforce(l render.Limits) (jobLimit, error) {
	if l.Memory > 0 {
		debug.SetMemoryLimit(l.Memory / 4 * 3)
	}
	if l.Timeout > 0 {
		time.AfterFunc(late(l.Timeout), func() { os.Exit(ExitInternal) })
	}
	if l.JobTimeout <= 0 {
		return noJobLimit{}, nil
	}
	return &timerJob{after: late(l.JobTimeout)}, nil
}

type timerJob struct {
	after time.Duration
	t     *time.Timer
}

func (j *timerJob) start() { j.t = time.AfterFunc(j.after, func() { os.Exit(ExitInternal) }) }
func (j *timerJob) stop()  { j.t.Stop() }
