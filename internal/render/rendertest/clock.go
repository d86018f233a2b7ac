package rendertest

import (
	"sync"
	"time"
)

// Clock is a fake render.Clock whose time moves only when Advance is
// called: a test passes a time limit exactly when it means to, however
// slow or busy the machine is. The zero Clock is ready to use, at time
// zero, and one that is never advanced never lets a limit pass.
type Clock struct {
	mu      sync.Mutex
	cond    *sync.Cond
	now     time.Duration
	pending []*timer
}

type timer struct {
	at time.Duration
	f  func()
}

func (c *Clock) init() {
	if c.cond == nil {
		c.cond = sync.NewCond(&c.mu)
	}
}

// AfterFunc implements render.Clock.
func (c *Clock) AfterFunc(d time.Duration, f func()) (stop func() bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.init()
	t := &timer{at: c.now + d, f: f}
	c.pending = append(c.pending, t)
	c.cond.Broadcast()
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		for i, p := range c.pending {
			if p == t {
				c.pending = append(c.pending[:i], c.pending[i+1:]...)
				c.cond.Broadcast()
				return true
			}
		}
		return false
	}
}

// WaitFor blocks until a timer is pending that fires d after the
// present time: the limit the test is about to pass has been set.
func (c *Clock) WaitFor(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.init()
	for !c.has(d) {
		c.cond.Wait()
	}
}

func (c *Clock) has(d time.Duration) bool {
	for _, t := range c.pending {
		if t.at == c.now+d {
			return true
		}
	}
	return false
}

// Advance moves the clock on by d and calls, each in its own goroutine
// as time.AfterFunc would, the functions of the timers that are due.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.init()
	c.now += d
	kept := c.pending[:0]
	for _, t := range c.pending {
		if t.at <= c.now {
			go t.f()
		} else {
			kept = append(kept, t)
		}
	}
	c.pending = kept
	c.cond.Broadcast()
}

// Expired is a render.Clock on which every time limit has already
// passed: each timer fires as soon as it is set. It suits a test that
// cannot reach the clock while the render runs, such as one that goes
// through the command line.
type Expired struct{}

// AfterFunc implements render.Clock.
func (Expired) AfterFunc(d time.Duration, f func()) (stop func() bool) {
	go f()
	return func() bool { return false }
}
