package render

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/factgraph/factgraph/internal/safetext"
)

// ExeName is the renderer's executable name.
var ExeName = "factgraph-render"

// EnvRenderer names the environment variable that overrides where the
// renderer is found (tests point it at a fake).
const EnvRenderer = "FACTGRAPH_RENDERER"

// Job is one graph to render.
type Job struct {
	Name  string // the SVG's name, for messages: "graph.svg"
	DOT   []byte
	Nodes int // node groups the SVG must contain
	Edges int // edge groups the SVG must contain
}

// Renderer runs factgraph-render. A zero limit is no limit; New sets
// the defaults.
type Renderer struct {
	Path        string        // the factgraph-render executable
	JobTimeout  time.Duration // longest time one SVG may take
	Timeout     time.Duration // longest time a whole run may take
	MemoryLimit int64         // resident bytes above which the child is killed (Linux)
	// Clock makes the timers of the time limits; nil is the real clock.
	Clock Clock
}

// Default limits of a Renderer.
const (
	DefaultJobTimeout  = 60 * time.Second
	DefaultTimeout     = 30 * time.Minute
	DefaultMemoryLimit = 2 << 30
)

// New finds the renderer and returns a Renderer with the default limits.
func New() (*Renderer, error) {
	path, err := Find()
	if err != nil {
		return nil, err
	}
	return &Renderer{Path: path, JobTimeout: DefaultJobTimeout, Timeout: DefaultTimeout, MemoryLimit: DefaultMemoryLimit}, nil
}

// Find locates factgraph-render: $FACTGRAPH_RENDERER if set, else next to
// the running executable, else on $PATH.
func Find() (string, error) {
	if p := os.Getenv(EnvRenderer); p != "" {
		if !isExecutable(p) {
			return "", fmt.Errorf("%s=%q is not an executable file", EnvRenderer, p)
		}
		return p, nil
	}
	name := ExeName
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if exe, err := os.Executable(); err == nil {
		if p := filepath.Join(filepath.Dir(exe), name); isExecutable(p) {
			return p, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("cannot find %s next to this executable or on PATH; build it (make) or set %s", name, EnvRenderer)
}

func isExecutable(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular() && (runtime.GOOS == "windows" || info.Mode()&0o111 != 0)
}

// Error is a failed render. Every Kind means that no output of the run
// may be used.
type Error struct {
	Job  string // the job being rendered, or "" before the first
	Kind ErrorKind
	Err  error
}

// ErrorKind says how a render failed.
type ErrorKind int

// Kinds of render failure.
const (
	Crashed  ErrorKind = iota + 1 // the child died, broke the protocol or could not start
	TimedOut                      // a job or the run took too long
	Failed                        // graphviz reported an error for the graph
	TooLarge                      // the graph is over a size limit
	Unsafe                        // the DOT is outside the safe subset, or the SVG failed verification
)

func (e *Error) Error() string {
	what := "renderer"
	if e.Job != "" {
		what = "rendering " + e.Job
	}
	return fmt.Sprintf("%s: %v", what, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Render renders every job in one child process and returns the SVGs in
// job order, each verified. Any failure returns an *Error and no SVG.
func (r *Renderer) Render(ctx context.Context, jobs []Job) ([][]byte, error) {
	for _, j := range jobs {
		if len(j.DOT) > MaxDOTBytes {
			return nil, &Error{j.Name, TooLarge, fmt.Errorf("DOT of %d bytes is over the limit of %d", len(j.DOT), MaxDOTBytes)}
		}
		if Oversize(j.Nodes, j.Edges) {
			return nil, &Error{j.Name, TooLarge, fmt.Errorf("%d nodes and %d edges are over the limit of %d nodes or %d edges", j.Nodes, j.Edges, MaxNodes, MaxEdges)}
		}
		if err := CheckDOT(j.DOT); err != nil {
			return nil, &Error{j.Name, Unsafe, err}
		}
	}
	if len(jobs) == 0 {
		return nil, nil
	}
	svgs, err := r.run(ctx, jobs)
	if err != nil {
		return nil, err
	}
	for i, j := range jobs {
		if err := Verify(svgs[i], j.Nodes, j.Edges); err != nil {
			return nil, &Error{j.Name, Unsafe, fmt.Errorf("the SVG failed verification: %w", err)}
		}
	}
	return svgs, nil
}

func (r *Renderer) run(parent context.Context, jobs []Job) ([][]byte, error) {
	// A fresh private TMPDIR keeps go-graphviz's compilation cache away
	// from other processes; it is removed with everything in it.
	tmp, err := os.MkdirTemp("", "factgraph-render-*")
	if err != nil {
		return nil, &Error{"", Crashed, err}
	}
	defer os.RemoveAll(tmp)

	clock := r.Clock
	if clock == nil {
		clock = realClock{}
	}
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	var jobTimedOut, runTimedOut, memExceeded atomic.Bool
	stopRun := limit(clock, r.Timeout, func() { runTimedOut.Store(true); cancel() })
	defer stopRun()

	cmd := exec.CommandContext(ctx, r.Path)
	cmd.Dir = tmp
	cmd.Env = []string{"TMPDIR=" + tmp, "HOME=" + tmp, "LANG=C", "LC_ALL=C", "TZ=UTC"}
	cmd.WaitDelay = 2 * time.Second
	stderr := &tailBuffer{max: 4096}
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, &Error{"", Crashed, err}
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, &Error{"", Crashed, err}
	}
	if err := cmd.Start(); err != nil {
		return nil, &Error{"", Crashed, fmt.Errorf("starting %s: %w", r.Path, err)}
	}
	// The watchdog of the first job also covers the child's start.
	stopJob := limit(clock, r.JobTimeout, func() { jobTimedOut.Store(true); cancel() })
	defer func() { stopJob() }()
	stopWatch := watchMemory(cmd.Process.Pid, r.MemoryLimit, func() { memExceeded.Store(true); cancel() })
	defer stopWatch()

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		w := bufio.NewWriter(stdin)
		defer stdin.Close()
		if _, err := w.WriteString(Header); err != nil {
			return
		}
		for _, j := range jobs {
			if WriteFrame(w, KindDOT, j.DOT) != nil {
				return
			}
		}
		w.Flush()
	}()

	current := ""
	fail := func(kind ErrorKind, err error) ([][]byte, error) {
		cancel()
		stdout.Close()
		wg.Wait()
		waitErr := cmd.Wait()
		switch {
		case jobTimedOut.Load():
			return nil, &Error{current, TimedOut, fmt.Errorf("the renderer took longer than %s on one graph and was stopped", r.JobTimeout)}
		case runTimedOut.Load():
			return nil, &Error{current, TimedOut, fmt.Errorf("the renderer took longer than %s in all and was stopped", r.Timeout)}
		case memExceeded.Load():
			return nil, &Error{current, Crashed, fmt.Errorf("the renderer used more than %d MiB of memory and was stopped", r.MemoryLimit>>20)}
		case parent.Err() != nil:
			return nil, &Error{current, Crashed, parent.Err()}
		}
		if kind == Crashed && waitErr != nil {
			err = fmt.Errorf("%w (%v)%s", err, waitErr, stderr.describe())
		}
		return nil, &Error{current, kind, err}
	}

	out := bufio.NewReaderSize(stdout, 64<<10)
	if len(jobs) > 0 {
		current = jobs[0].Name
	}
	if err := ReadHeader(out); err != nil {
		return fail(Crashed, fmt.Errorf("the renderer did not answer: %w", err))
	}
	svgs := make([][]byte, len(jobs))
	for i, j := range jobs {
		current = j.Name
		kind, data, err := ReadFrame(out, MaxSVGBytes)
		if err != nil {
			return fail(Crashed, fmt.Errorf("the renderer stopped answering: %w", err))
		}
		stopJob()
		stopJob = limit(clock, r.JobTimeout, func() { jobTimedOut.Store(true); cancel() })
		switch kind {
		case KindSVG:
			svgs[i] = data
		case KindError:
			return fail(Failed, fmt.Errorf("graphviz: %s", oneLine(string(data), 1000)))
		case KindLimit:
			return fail(TooLarge, fmt.Errorf("%s", oneLine(string(data), 1000)))
		default:
			return fail(Crashed, fmt.Errorf("%w: unexpected %q frame", ErrProtocol, safetext.Truncate(kind, 40)))
		}
	}
	current = ""
	if _, _, err := ReadFrame(out, 0); err != io.EOF {
		return fail(Crashed, fmt.Errorf("%w: more answers than requests", ErrProtocol))
	}
	wg.Wait()
	if err := cmd.Wait(); err != nil {
		return fail(Crashed, fmt.Errorf("the renderer failed after answering"))
	}
	return svgs, nil
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = t.buf[len(t.buf)-t.max:]
	}
	return len(p), nil
}

func (t *tailBuffer) describe() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := strings.TrimSpace(string(bytes.ToValidUTF8(t.buf, []byte("?"))))
	if s == "" {
		return ""
	}
	return "; its last output: " + oneLine(s, 1000)
}
