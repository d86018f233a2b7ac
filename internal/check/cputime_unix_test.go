//go:build unix

package check

import (
	"syscall"
	"time"
)

// cpuTime is the processor time this process has used, user and system:
// unlike elapsed time it hardly moves when other work shares the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
