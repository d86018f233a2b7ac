// Package graphviz is the factgraph-render child process: it lays out
// DOT graphs with go-graphviz (Graphviz compiled to WebAssembly, run by
// wazero) and writes SVG, speaking package render's protocol on stdin and
// stdout. It is the only package that imports go-graphviz, and nothing
// but cmd/factgraph-render imports it: go-graphviz compiles its
// WebAssembly in init() and keeps a compilation cache in $TMPDIR, which
// the parent makes private to each run.
//
// The child holds itself to the limits in the request header (see
// limits_linux.go), so that they still hold when the parent has been
// killed: the kernel kills it when a job or the run takes longer than
// its limit, and refuses it memory past its own. Nothing in the Go
// runtime can be relied on for that while a layout runs, because
// WebAssembly code compiled by wazero cannot be preempted: a timer or a
// watching goroutine waits whenever a garbage collection needs the
// layout's thread to stop (measured at up to 2.7 s behind a 1,767-node
// layout). It also exits as soon as its input ends while it has a job in
// hand, which only happens when the parent is gone.
package graphviz

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing/fstest"
	"time"

	"github.com/goccy/go-graphviz"

	"github.com/factgraph/factgraph/internal/render"
)

// Exit codes of the child.
const (
	ExitOK         = 0 // every request was answered
	ExitProtocol   = 2 // the request broke the protocol, or an answer could not be written
	ExitInternal   = 3 // a panic, or graphviz could not start
	ExitParentGone = 4 // the input ended while a job was in hand
)

// Main runs the renderer on the process's streams, holding the process
// to the limits of the request header, and returns its exit code.
func Main() int {
	// One thread for the layout, which WebAssembly holds for as long as
	// it runs, and one for everything else; more would only give the
	// garbage collector threads to compete with sibling children.
	runtime.GOMAXPROCS(2)
	s := &server{in: os.Stdin, out: os.Stdout, errw: os.Stderr, enforce: enforce, gone: func() { os.Exit(ExitParentGone) }}
	return s.run()
}

// Run answers the requests on in with frames on out, in process: the
// limits of the header are read but not applied (they would apply to the
// whole calling process), which is what tests want.
func Run(in io.Reader, out io.Writer, errw io.Writer) (code int) {
	s := &server{in: in, out: out, errw: errw}
	return s.run()
}

// late is when the child stops itself for a limit of d: a tenth and a
// second after the parent would, so that a parent that is alive stops
// the child first and names the cause.
func late(d time.Duration) time.Duration { return d + d/10 + time.Second }

// jobLimit holds one job to a time limit.
type jobLimit interface {
	start() // the job is in hand
	stop()  // the job is answered
}

type noJobLimit struct{}

func (noJobLimit) start() {}
func (noJobLimit) stop()  {}

// server is one run of the child.
type server struct {
	in   io.Reader
	out  io.Writer
	errw io.Writer
	// enforce applies the header's limits to the process; nil applies
	// none.
	enforce func(render.Limits) (jobLimit, error)
	// gone is called when the input ends while a job is in hand; nil
	// lets the job finish and the run end as if the input had ended
	// after it.
	gone func()
	// layout lays out one graph and returns the answer frame; nil is
	// go-graphviz.
	layout func(dot []byte) (kind string, data []byte)
}

func (s *server) run() (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(s.errw, "factgraph-render: internal error: %v\n%s", r, debug.Stack())
			code = ExitInternal
		}
	}()
	r := bufio.NewReaderSize(s.in, 64<<10)
	w := bufio.NewWriterSize(s.out, 64<<10)
	limits, err := render.ReadRequestHeader(r)
	if err != nil {
		fmt.Fprintf(s.errw, "factgraph-render: %v\n", err)
		return ExitProtocol
	}
	if s.layout == nil {
		// The WebAssembly module sees an empty file system, never the
		// host's: an image, shapefile or font path in a graph finds
		// nothing.
		graphviz.SetFileSystem(fstest.MapFS{})
		ctx := context.Background()
		gv, err := graphviz.New(ctx)
		if err != nil {
			fmt.Fprintf(s.errw, "factgraph-render: %v\n", err)
			return ExitInternal
		}
		defer gv.Close()
		s.layout = func(dot []byte) (string, []byte) { return renderOne(ctx, gv, dot) }
	}
	// The limits apply from here, once go-graphviz has started: the
	// memory limit is counted from what the started child uses.
	var job jobLimit = noJobLimit{}
	if s.enforce != nil {
		if job, err = s.enforce(limits); err != nil {
			fmt.Fprintf(s.errw, "factgraph-render: cannot enforce the limits: %v\n", err)
			return ExitInternal
		}
	}
	// The header goes out at once, so the parent knows the child has
	// started before the first layout.
	if _, err := w.WriteString(render.AnswerHeader); err != nil || w.Flush() != nil {
		return ExitProtocol
	}

	// received and answered count requests; a request is in hand while
	// received > answered. answered moves before its answer is written,
	// so the end of input that follows the last answer is never taken
	// for a parent gone.
	var received, answered atomic.Int64
	var readErr error
	requests := make(chan []byte)
	go func() {
		defer close(requests)
		for {
			kind, dot, err := render.ReadFrame(r, render.MaxDOTBytes)
			if err == io.EOF && received.Load() > answered.Load() && s.gone != nil {
				s.gone()
			}
			if err != nil || kind != render.KindDOT {
				if err != io.EOF {
					readErr = fmt.Errorf("bad request: %v (kind %q)", err, kind)
				}
				return
			}
			received.Add(1)
			requests <- dot
		}
	}()
	for dot := range requests {
		job.start()
		kind, data := s.layout(dot)
		job.stop()
		answered.Add(1)
		if err := render.WriteFrame(w, kind, data); err != nil {
			return ExitProtocol
		}
		if err := w.Flush(); err != nil {
			return ExitProtocol
		}
	}
	if readErr != nil {
		fmt.Fprintf(s.errw, "factgraph-render: %v\n", readErr)
		return ExitProtocol
	}
	return ExitOK
}

// renderOne lays out one graph and returns the answer frame.
func renderOne(ctx context.Context, gv *graphviz.Graphviz, dot []byte) (kind string, data []byte) {
	if err := render.CheckDOT(dot); err != nil {
		return render.KindError, []byte(err.Error())
	}
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return render.KindError, []byte(err.Error())
	}
	defer g.Close()
	nodes, edges, err := count(g)
	if err != nil {
		return render.KindError, []byte(err.Error())
	}
	if render.Oversize(nodes, edges) {
		return render.KindLimit, fmt.Appendf(nil, "%d nodes and %d edges are over the limit of %d nodes or %d edges",
			nodes, edges, render.MaxNodes, render.MaxEdges)
	}
	if nodes > render.BoundedAbove {
		for _, a := range render.Bounded {
			if err := g.SafeSet(a.Name, a.Value, ""); err != nil {
				return render.KindError, []byte(err.Error())
			}
		}
	}
	var buf bytes.Buffer
	if err := gv.Render(ctx, g, graphviz.SVG, &buf); err != nil {
		return render.KindError, []byte(err.Error())
	}
	if buf.Len() > render.MaxSVGBytes {
		return render.KindLimit, fmt.Appendf(nil, "the SVG has %d bytes, over the limit of %d", buf.Len(), render.MaxSVGBytes)
	}
	return render.KindSVG, buf.Bytes()
}

// count counts the graph's nodes and edges, stopping early past the
// limits.
func count(g *graphviz.Graph) (nodes, edges int, err error) {
	n, err := g.FirstNode()
	for ; err == nil && n != nil; n, err = g.NextNode(n) {
		nodes++
		e, err := g.FirstOut(n)
		for ; err == nil && e != nil; e, err = g.NextOut(e) {
			edges++
		}
		if err != nil {
			return 0, 0, err
		}
		if render.Oversize(nodes, edges) {
			return nodes, edges, nil
		}
	}
	return nodes, edges, err
}
