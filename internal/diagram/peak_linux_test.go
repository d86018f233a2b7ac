package diagram_test

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"time"
)

// peakMiB is an exited process's peak resident memory in MiB (Linux
// reports ru_maxrss in KiB).
func peakMiB(ps *os.ProcessState) float64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return float64(ru.Maxrss) / 1024
	}
	return 0
}

// watchRSS calls kill once process pid's resident memory passes limit
// bytes, as package render does; the returned function stops the watch.
func watchRSS(pid int, limit int64, kill func()) (stop func()) {
	done := make(chan struct{})
	page := int64(os.Getpagesize())
	go func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			data, err := os.ReadFile(fmt.Sprintf("/proc/%d/statm", pid))
			if err != nil {
				return
			}
			if f := bytes.Fields(data); len(f) >= 2 {
				if pages, err := strconv.ParseInt(string(f[1]), 10, 64); err == nil && pages*page > limit {
					kill()
					return
				}
			}
		}
	}()
	return func() { close(done) }
}
