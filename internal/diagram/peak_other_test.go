//go:build !linux

package diagram_test

import "os"

// peakMiB is 0: only Linux is known to report peak memory in KiB.
func peakMiB(*os.ProcessState) float64 { return 0 }

// watchRSS watches nothing: the job timeout is the only limit here.
func watchRSS(int, int64, func()) (stop func()) { return func() {} }
