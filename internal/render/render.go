package render

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
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
	Path       string        // the factgraph-render executable
	JobTimeout time.Duration // longest time one SVG may take
	Timeout    time.Duration // longest time a whole run may take, plus TimePerJob a job
	// TimePerJob lets a run of many jobs take longer than Timeout: a
	// 1,000,000-statement build draws 176,000 pages, about 15 minutes
	// on two cores.
	TimePerJob time.Duration
	// MemoryLimit is the memory all of a run's children may use
	// together, split evenly between them; a child over its share is
	// stopped (resident memory, Linux) or refused the memory (its data
	// size, Linux). Each child gets at least MinChildMemory, so the
	// limit also caps how many run at once.
	MemoryLimit int64
	// Children is the most children a run starts, each laying out its
	// share of the jobs; zero is runtime.GOMAXPROCS(0). A run starts one
	// child per JobsPerChild jobs it has to render, up to Children.
	Children int
	// JobsPerProcess, if not zero, is the most jobs one child process
	// lays out before a fresh process takes its place (New sets
	// DefaultJobsPerProcess).
	JobsPerProcess int
	// Cache, if not nil, keeps the SVGs between runs.
	Cache Cache
	// Clock makes the timers of the time limits; nil is the real clock.
	Clock Clock
}

// MinChildMemory is the least memory a child is given: the largest
// graph allowed (MaxNodes nodes, MaxEdges labelled edges) peaked at
// 345 MiB resident.
const MinChildMemory = 512 << 20

// JobsPerChild is the number of jobs that make another child worth
// starting: a child takes about 1.2 s to start, the time it lays out
// some 130 entity pages in.
const JobsPerChild = 100

// children is how many children a run of n jobs starts, and the memory
// limit of each.
func (r *Renderer) children(n int) (count int, memory int64) {
	count = r.Children
	if count <= 0 {
		count = runtime.GOMAXPROCS(0)
	}
	count = max(1, min(count, (n+JobsPerChild-1)/JobsPerChild))
	if r.MemoryLimit <= 0 {
		return count, 0
	}
	count = max(1, min(count, int(r.MemoryLimit/MinChildMemory)))
	return count, r.MemoryLimit / int64(count)
}

// runDirPattern names the private directory of each run in
// os.TempDir().
const runDirPattern = "factgraph-render-*"

// Default limits of a Renderer. The memory is for all children
// together: two children get 1 GiB each, four or more 512 MiB each, so
// at most four run at once unless MemoryLimit is raised.
const (
	DefaultJobTimeout  = 60 * time.Second
	DefaultTimeout     = 30 * time.Minute
	DefaultMemoryLimit = 2 << 30
	// DefaultJobsPerProcess: a child's resident memory grows with every
	// entity page it draws and never shrinks (measured: 60 MB at the
	// start, 365 MB after some 8,800 pages of a 100,000-statement build;
	// up to 455 MB after 5,000 pages of a 1,000,000-statement one), so
	// 5,000 pages keep it inside the least share, MinChildMemory, for a
	// restart (about a second) every 20 to 40 s of layout.
	DefaultJobsPerProcess = 5000
	// DefaultTimePerJob is about twice what an entity page takes on two
	// cores: a million statements' 176,000 pages get an hour more.
	DefaultTimePerJob = 20 * time.Millisecond
)

// New finds the renderer and returns a Renderer with the default limits.
func New() (*Renderer, error) {
	path, err := Find()
	if err != nil {
		return nil, err
	}
	return &Renderer{Path: path, JobTimeout: DefaultJobTimeout, Timeout: DefaultTimeout, MemoryLimit: DefaultMemoryLimit,
		JobsPerProcess: DefaultJobsPerProcess, TimePerJob: DefaultTimePerJob}, nil
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

// Render renders every job and returns the SVGs in job order, each
// verified; the result does not depend on how many children drew it.
// Any failure returns an *Error and no SVG, and stops every child.
func (r *Renderer) Render(ctx context.Context, jobs []Job) ([][]byte, error) {
	if len(jobs) == 0 {
		return nil, r.RenderTo(ctx, jobs, nil)
	}
	svgs := make([][]byte, len(jobs))
	if err := r.RenderTo(ctx, jobs, func(i int, svg []byte) error { svgs[i] = svg; return nil }); err != nil {
		return nil, err
	}
	return svgs, nil
}

// RenderTo renders every job and hands each verified SVG to put with the
// job's index as soon as it is drawn (or found in the cache), in no
// particular order and one call at a time, and keeps none: a caller that
// writes them out holds only the SVGs in the children's hands, however
// many jobs there are. A failure stops every child and returns an
// *Error; an error from put does the same and is returned as it is. The
// SVGs put before a failure are the caller's to discard.
func (r *Renderer) RenderTo(ctx context.Context, jobs []Job, put func(i int, svg []byte) error) error {
	for _, j := range jobs {
		if err := checkJob(j); err != nil {
			return err
		}
	}
	if len(jobs) == 0 {
		return nil
	}
	k := 0
	return r.seq(ctx, len(jobs), func() (Job, bool, error) {
		if k == len(jobs) {
			return Job{}, false, nil
		}
		k++
		return jobs[k-1], true, nil
	}, put)
}

// RenderSeq is RenderTo for jobs made one at a time, as the children
// need them: next returns the jobs in order (they are numbered from 0
// for put) and false after the last, one call at a time, so that only
// the jobs in the children's hands are held, not the DOT of them all. n
// is about how many jobs there will be, for the number of children. A
// job over a limit, or outside the safe subset, fails the run when it
// comes, with the SVGs before it already put.
func (r *Renderer) RenderSeq(ctx context.Context, n int, next func() (Job, bool), put func(i int, svg []byte) error) error {
	return r.seq(ctx, n, func() (Job, bool, error) {
		j, ok := next()
		if !ok {
			return Job{}, false, nil
		}
		return j, true, checkJob(j)
	}, put)
}

// seq numbers the jobs next hands out, looks each up in the cache, and
// runs the children over the rest: the one way RenderTo and RenderSeq
// render. A job found in the cache is put without being drawn, so a run
// whose jobs are all cached starts no child.
func (r *Renderer) seq(ctx context.Context, n int, next func() (Job, bool, error), put func(i int, svg []byte) error) error {
	var version [32]byte
	if r.Cache != nil {
		v, err := exeVersion(r.Path)
		if err != nil {
			return &Error{"", Crashed, fmt.Errorf("reading the renderer: %w", err)}
		}
		version = v
	}
	i := -1
	return r.run(ctx, max(n, 1), func() (int, Job, [32]byte, []byte, bool, error) {
		j, ok, err := next()
		if err != nil || !ok {
			return 0, Job{}, [32]byte{}, nil, false, err
		}
		i++
		var key [32]byte
		if r.Cache != nil {
			key = cacheKey(version, j)
			if entry, ok := r.Cache.Get(key); ok {
				if svg, ok := unseal(key, entry); ok {
					return i, j, key, svg, true, nil
				}
			}
		}
		return i, j, key, nil, true, nil
	}, put)
}

// checkJob refuses a job over a size limit or outside the safe subset.
func checkJob(j Job) error {
	if len(j.DOT) > MaxDOTBytes {
		return &Error{j.Name, TooLarge, fmt.Errorf("DOT of %d bytes is over the limit of %d", len(j.DOT), MaxDOTBytes)}
	}
	if Oversize(j.Nodes, j.Edges) {
		return &Error{j.Name, TooLarge, fmt.Errorf("%d nodes and %d edges are over the limit of %d nodes or %d edges", j.Nodes, j.Edges, MaxNodes, MaxEdges)}
	}
	if err := CheckDOT(j.DOT); err != nil {
		return &Error{j.Name, Unsafe, err}
	}
	return nil
}

// outputBuffer keeps the first and the last max bytes written to it: a
// crashing Go program writes the cause first ("fatal error: out of
// memory", "panic: ...") and then pages of goroutine stacks.
type outputBuffer struct {
	mu      sync.Mutex
	max     int
	head    []byte
	tail    []byte
	dropped bool // bytes between head and tail were dropped
}

func (b *outputBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := len(p)
	if room := b.max - len(b.head); room > 0 {
		k := min(room, len(p))
		b.head = append(b.head, p[:k]...)
		p = p[k:]
	}
	b.tail = append(b.tail, p...)
	if len(b.tail) > b.max {
		b.tail = b.tail[len(b.tail)-b.max:]
		b.dropped = true
	}
	return n, nil
}

func (b *outputBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := string(b.head)
	if b.dropped {
		s += "\n...\n"
	}
	s += string(b.tail)
	return strings.TrimSpace(string(bytes.ToValidUTF8([]byte(s), []byte("?"))))
}

// describe is the child's output for the end of a message.
func (b *outputBuffer) describe() string {
	s := b.String()
	if s == "" {
		return ""
	}
	return "; it wrote: " + oneLine(s, 1000)
}
