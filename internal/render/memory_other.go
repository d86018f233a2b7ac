//go:build !linux

package render

// watchMemory does nothing where /proc is not available; the child's
// debug.SetMemoryLimit and the time limits still apply.
func watchMemory(pid int, limit int64, kill func()) (stop func()) { return func() {} }
