//go:build !linux

package render

import "syscall"

// sysProcAttr is empty where the kernel cannot kill a child with its
// parent: the child exits when its input ends with a job in hand, and
// holds itself to its limits.
func sysProcAttr() *syscall.SysProcAttr { return nil }
