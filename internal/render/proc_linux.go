package render

import "syscall"

// sysProcAttr has the kernel kill the child when the parent dies, so a
// killed build leaves no renderer running. The signal is tied to the
// thread that started the child; the Go runtime ends a thread only when
// a goroutine locked to it exits, and Render locks none.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
