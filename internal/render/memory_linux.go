package render

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"time"
)

// watchMemory polls the resident set size of process pid and calls kill
// once when it passes limit. debug.SetMemoryLimit in the child is only a
// target for its garbage collector; this is the hard limit. It returns a
// function that stops the watch.
func watchMemory(pid int, limit int64, kill func()) (stop func()) {
	if limit <= 0 {
		return func() {}
	}
	done := make(chan struct{})
	page := int64(os.Getpagesize())
	path := fmt.Sprintf("/proc/%d/statm", pid)
	go func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return // the process is gone
			}
			fields := bytes.Fields(data)
			if len(fields) < 2 {
				return
			}
			pages, err := strconv.ParseInt(string(fields[1]), 10, 64)
			if err == nil && pages*page > limit {
				kill()
				return
			}
		}
	}()
	return func() { close(done) }
}
