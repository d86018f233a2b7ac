package render

import "time"

// Clock makes the timers that enforce a Renderer's time limits. Tests
// give a Renderer a fake one, so that a limit passes when the test says
// and never because the machine happens to be slow.
type Clock interface {
	// AfterFunc calls f in its own goroutine once d has passed, unless
	// stop is called first; stop reports whether it prevented the call.
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

// realClock is the Clock of a Renderer that has none.
type realClock struct{}

func (realClock) AfterFunc(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }

// limit starts a timer for a time limit of d on c; a limit of zero or
// less is no limit, and its timer never fires.
func limit(c Clock, d time.Duration, f func()) (stop func() bool) {
	if d <= 0 {
		return func() bool { return false }
	}
	return c.AfterFunc(d, f)
}
