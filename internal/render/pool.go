package render

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/factgraph/factgraph/internal/safetext"
)

// pool is one run of children over the jobs still to render.
type pool struct {
	r      *Renderer
	clock  Clock
	source source                        // hands out the jobs, one call at a time
	put    func(i int, svg []byte) error // takes each verified SVG, one call at a time
	dir    string                        // the run's private directory
	limits Limits                        // each child's
	parent context.Context
	ctx    context.Context // cancelled on the first failure
	cancel context.CancelFunc

	takeMu sync.Mutex               // one call of source at a time
	inHand []atomic.Int64           // per child: index of the job in hand, plus one
	names  []atomic.Pointer[string] // per child: name of the job in hand

	mu     sync.Mutex
	err    *Error // the first failure
	putErr error  // or the first error of put, which stops the run as well

	putMu sync.Mutex // one put and one cache Put at a time
}

// source hands out the next job to render, with its index and cache key
// (zero without a cache), or false when there are none left; an svg that
// is not nil is the job's, from the cache, and the job is not drawn. An
// error fails the run: an *Error as it is, any other as an error of put.
type source func() (i int, job Job, key [32]byte, svg []byte, ok bool, err error)

// run renders the jobs src hands out and gives each to put, verified, in
// as many children as r.children gives for about n jobs. The children
// take the jobs in order from the one source, so a long layout holds up
// only its own child, and only the jobs in hand are held.
func (r *Renderer) run(parent context.Context, n int, src source, put func(int, []byte) error) error {
	dir, remove, err := newRunDir()
	if err != nil {
		return &Error{"", Crashed, fmt.Errorf("creating the renderer's directory: %w", err)}
	}
	defer remove()
	clock := r.Clock
	if clock == nil {
		clock = realClock{}
	}
	jobs := n
	n, memory := r.children(n)
	p := &pool{
		r: r, clock: clock, source: src, put: put, dir: dir,
		limits: Limits{JobTimeout: r.JobTimeout, Timeout: r.Timeout, Memory: memory},
		parent: parent, inHand: make([]atomic.Int64, n), names: make([]atomic.Pointer[string], n),
	}
	p.ctx, p.cancel = context.WithCancel(parent)
	defer p.cancel()
	timeout := r.Timeout
	if timeout > 0 {
		timeout += time.Duration(jobs) * r.TimePerJob
	}
	stopRun := limit(clock, timeout, func() {
		p.fail(&Error{p.current(), TimedOut, fmt.Errorf("the renderer took longer than %s in all and was stopped", timeout)})
	})
	defer stopRun()
	stopParent := context.AfterFunc(parent, func() { p.fail(&Error{p.current(), Crashed, parent.Err()}) })
	defer stopParent()

	var wg sync.WaitGroup
	for slot := range n {
		wg.Go(func() { p.child(slot) })
	}
	wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.putErr != nil {
		return p.putErr
	}
	if p.err == nil && parent.Err() != nil {
		// The children saw the cancellation before stopParent recorded it.
		return &Error{"", Crashed, parent.Err()}
	}
	if p.err != nil {
		return p.err
	}
	return nil
}

// fail records the run's first failure and stops every child.
func (p *pool) fail(e *Error) {
	p.mu.Lock()
	if p.err == nil && p.putErr == nil {
		p.err = e
	}
	p.mu.Unlock()
	p.cancel()
}

// failPut records an error of put as the run's first failure and stops
// every child.
func (p *pool) failPut(err error) {
	p.mu.Lock()
	if p.err == nil && p.putErr == nil {
		p.putErr = err
	}
	p.mu.Unlock()
	p.cancel()
}

// deliver puts job i's verified SVG in the cache, if there is one, and
// hands it to put. It caches as soon as the SVG has passed, so that a run
// that fails later still leaves its work for the next.
func (p *pool) deliver(i int, key [32]byte, svg []byte) error {
	p.putMu.Lock()
	defer p.putMu.Unlock()
	if p.r.Cache != nil {
		p.r.Cache.Put(key, seal(key, svg))
	}
	return p.put(i, svg)
}

// inHandJob is a job a child has in hand.
type inHandJob struct {
	i   int
	job Job
	key [32]byte
}

// take hands out the next job to render, handing the SVGs found in the
// cache to put on the way; false when there are none left or the run
// has failed.
func (p *pool) take() (inHandJob, bool) {
	p.takeMu.Lock()
	defer p.takeMu.Unlock()
	for p.ctx.Err() == nil {
		i, job, key, svg, ok, err := p.source()
		if rerr, isRender := err.(*Error); isRender {
			p.fail(rerr)
			return inHandJob{}, false
		}
		if err == nil && ok && svg != nil {
			p.putMu.Lock()
			err = p.put(i, svg)
			p.putMu.Unlock()
			if err == nil {
				continue
			}
		}
		if err != nil {
			p.failPut(err)
			return inHandJob{}, false
		}
		return inHandJob{i, job, key}, ok
	}
	return inHandJob{}, false
}

// hold records the job child slot has in hand.
func (p *pool) hold(slot int, j inHandJob) {
	name := j.job.Name
	p.names[slot].Store(&name)
	p.inHand[slot].Store(int64(j.i) + 1)
}

// release records that child slot has no job in hand.
func (p *pool) release(slot int) {
	p.inHand[slot].Store(0)
	p.names[slot].Store(nil)
}

// current names the first job in hand, for a failure of the whole run.
func (p *pool) current() string {
	first, name := -1, ""
	for i := range p.inHand {
		if j := int(p.inHand[i].Load()) - 1; j >= 0 && (first < 0 || j < first) {
			if n := p.names[i].Load(); n != nil {
				first, name = j, *n
			}
		}
	}
	return name
}

// nameInHand names the job child slot has in hand, or "".
func (p *pool) nameInHand(slot int) string {
	if n := p.names[slot].Load(); n != nil {
		return *n
	}
	return ""
}

// outOfMemory reports whether a child's last output says that it was
// refused memory: by the Go runtime, or for a thread's stack (the child
// links libc, and its threads' stacks count against its data limit).
func outOfMemory(stderr string) bool {
	return strings.Contains(stderr, "out of memory") || strings.Contains(stderr, "pthread_create failed")
}

// answer is one frame read from a child, or the error that ended its
// output.
type answer struct {
	kind   string
	data   []byte
	err    error
	header bool // the error is about the header
}

// child runs the child processes of one slot, one after another, until
// the jobs run out or the run fails. A process lays out at most
// JobsPerProcess jobs (when set) and is then replaced by a fresh one:
// graphviz's WebAssembly memory only grows, so a process that drew tens
// of thousands of pages passes its memory limit though no page is large.
func (p *pool) child(slot int) {
	for p.process(slot) {
	}
}

// process runs one child process; it reports whether the process ended
// at its quota of jobs with more jobs possibly left. It hands the child
// one job at a time, and verifies each SVG while the child lays out the
// next.
func (p *pool) process(slot int) (again bool) {
	job, ok := p.take()
	if !ok {
		return false
	}
	quota := p.r.JobsPerProcess
	p.hold(slot, job)
	defer p.release(slot)
	name := job.job.Name

	cmd := exec.CommandContext(p.ctx, p.r.Path)
	cmd.Dir = p.dir
	cmd.Env = []string{"TMPDIR=" + p.dir, "HOME=" + p.dir, "LANG=C", "LC_ALL=C", "TZ=UTC"}
	cmd.SysProcAttr = sysProcAttr()
	cmd.WaitDelay = 2 * time.Second
	stderr := &outputBuffer{max: 4096}
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		p.fail(&Error{name, Crashed, err})
		return false
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		p.fail(&Error{name, Crashed, err})
		return false
	}
	if err := cmd.Start(); err != nil {
		p.fail(&Error{name, Crashed, fmt.Errorf("starting %s: %w", p.r.Path, err)})
		return false
	}
	waited := false
	wait := func() error {
		if waited {
			return nil
		}
		waited = true
		return cmd.Wait()
	}
	defer func() {
		cmd.Process.Kill()
		wait()
	}()
	memoryError := func() *Error {
		return &Error{p.nameInHand(slot), Crashed, fmt.Errorf("the renderer used more than %d MiB of memory and was stopped", p.limits.Memory>>20)}
	}
	stopMemory := watchMemory(cmd.Process.Pid, p.limits.Memory, func() { p.fail(memoryError()) })
	defer stopMemory()

	quit := make(chan struct{})
	defer close(quit)
	answers := make(chan answer, 1)
	go readAnswers(stdout, answers, quit)

	// The first job's limit also covers the child's start.
	jobLimit := func(name string) func() bool {
		return limit(p.clock, p.r.JobTimeout, func() {
			p.fail(&Error{name, TimedOut, fmt.Errorf("the renderer took longer than %s on one graph and was stopped", p.r.JobTimeout)})
		})
	}
	stopJob := jobLimit(name)
	defer func() { stopJob() }()
	// Write errors are left to the reader: a child that stops reading
	// has died or broken the protocol, and its output says which.
	w := bufio.NewWriterSize(stdin, 64<<10)
	send := func(j inHandJob) {
		if WriteFrame(w, KindDOT, j.job.DOT) == nil {
			w.Flush()
		}
	}
	if WriteRequestHeader(w, p.limits) == nil {
		send(job)
	}

	// crashed fails the run with what the child's end says about it.
	crashed := func(a answer) {
		cmd.Process.Kill()
		waitErr := wait()
		switch {
		case p.parent.Err() != nil:
			p.fail(&Error{name, Crashed, p.parent.Err()})
			return
		case outOfMemory(stderr.String()):
			p.fail(memoryError())
			return
		}
		what := "the renderer stopped answering"
		if a.header {
			what = "the renderer did not answer"
		}
		err := fmt.Errorf("%s: %w", what, a.err)
		if waitErr != nil {
			err = fmt.Errorf("%w (%v)%s", err, waitErr, stderr.describe())
		}
		p.fail(&Error{name, Crashed, err})
	}
	for {
		var a answer
		select {
		case a = <-answers:
		case <-p.ctx.Done():
			return false
		}
		stopJob()
		if a.err != nil {
			crashed(a)
			return false
		}
		switch a.kind {
		case KindSVG:
		case KindError:
			p.fail(&Error{name, Failed, fmt.Errorf("graphviz: %s", oneLine(string(a.data), 1000))})
			return false
		case KindLimit:
			p.fail(&Error{name, TooLarge, fmt.Errorf("%s", oneLine(string(a.data), 1000))})
			return false
		default:
			p.fail(&Error{name, Crashed, fmt.Errorf("%w: unexpected %q frame", ErrProtocol, safetext.Truncate(a.kind, 40))})
			return false
		}
		done, doneName := job, name
		quota--
		if quota == 0 {
			// The process has drawn its share: it gets no more jobs, and
			// ends once this one is delivered; another takes its place.
			job, ok, again = inHandJob{}, false, true
		} else {
			job, ok = p.take()
		}
		if ok {
			p.hold(slot, job)
			name = job.job.Name
			stopJob = jobLimit(name)
			send(job)
		} else {
			p.release(slot)
			name = ""
			stdin.Close()
		}
		if err := Verify(a.data, done.job.Nodes, done.job.Edges); err != nil {
			p.fail(&Error{doneName, Unsafe, fmt.Errorf("the SVG failed verification: %w", err)})
			return false
		}
		if err := p.deliver(done.i, done.key, a.data); err != nil {
			p.failPut(err)
			return false
		}
		if ok {
			continue
		}
		// No job left: the child ends its output and exits.
		select {
		case a = <-answers:
		case <-p.ctx.Done():
			return false
		}
		switch {
		case a.err == nil:
			p.fail(&Error{"", Crashed, fmt.Errorf("%w: more answers than requests", ErrProtocol)})
		case a.err != io.EOF:
			crashed(a)
		case wait() != nil:
			p.fail(&Error{"", Crashed, fmt.Errorf("the renderer failed after answering%s", stderr.describe())})
		default:
			return again
		}
		return false
	}
}

// readAnswers reads a child's header and frames into answers until its
// output ends, with the error that ended it (io.EOF between frames), or
// until quit is closed.
func readAnswers(stdout io.Reader, answers chan<- answer, quit <-chan struct{}) {
	r := bufio.NewReaderSize(stdout, 64<<10)
	send := func(a answer) bool {
		select {
		case answers <- a:
			return true
		case <-quit:
			return false
		}
	}
	if err := ReadAnswerHeader(r); err != nil {
		send(answer{err: err, header: true})
		return
	}
	for {
		kind, data, err := ReadFrame(r, MaxSVGBytes)
		if err != nil {
			send(answer{err: err})
			return
		}
		if !send(answer{kind: kind, data: data}) {
			return
		}
	}
}
