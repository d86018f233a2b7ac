// Package graphviz is the factgraph-render child process: it lays out
// DOT graphs with go-graphviz (Graphviz compiled to WebAssembly, run by
// wazero) and writes SVG, speaking package render's protocol on stdin and
// stdout. It is the only package that imports go-graphviz, and nothing
// but cmd/factgraph-render imports it: go-graphviz compiles its
// WebAssembly in init() and keeps a compilation cache in $TMPDIR, which
// the parent makes private to each run.
package graphviz

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"testing/fstest"

	"github.com/goccy/go-graphviz"

	"github.com/factgraph/factgraph/internal/render"
)

// Main runs the renderer on the process's streams and returns its exit
// code: 0 when every request was answered, 2 on a protocol error, 3 on a
// panic.
func Main() int {
	return Run(os.Stdin, os.Stdout, os.Stderr)
}

// Run answers the requests on in with frames on out.
func Run(in io.Reader, out io.Writer, errw io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(errw, "factgraph-render: internal error: %v\n%s", r, debug.Stack())
			code = 3
		}
	}()
	debug.SetMemoryLimit(render.ChildMemoryLimit)
	// The WebAssembly module sees an empty file system, never the host's:
	// an image, shapefile or font path in a graph finds nothing.
	graphviz.SetFileSystem(fstest.MapFS{})

	r := bufio.NewReaderSize(in, 64<<10)
	w := bufio.NewWriterSize(out, 64<<10)
	if err := render.ReadHeader(r); err != nil {
		fmt.Fprintf(errw, "factgraph-render: %v\n", err)
		return 2
	}
	if _, err := w.WriteString(render.Header); err != nil {
		return 2
	}
	ctx := context.Background()
	gv, err := graphviz.New(ctx)
	if err != nil {
		fmt.Fprintf(errw, "factgraph-render: %v\n", err)
		return 3
	}
	defer gv.Close()
	for {
		kind, dot, err := render.ReadFrame(r, render.MaxDOTBytes)
		if err == io.EOF {
			break
		}
		if err != nil || kind != render.KindDOT {
			fmt.Fprintf(errw, "factgraph-render: bad request: %v (kind %q)\n", err, kind)
			return 2
		}
		kind, data := renderOne(ctx, gv, dot)
		if err := render.WriteFrame(w, kind, data); err != nil {
			return 2
		}
		if err := w.Flush(); err != nil {
			return 2
		}
	}
	if err := w.Flush(); err != nil {
		return 2
	}
	return 0
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
