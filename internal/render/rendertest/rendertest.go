// Package rendertest helps tests that need factgraph-render: it builds
// the real renderer once, and a fake renderer that hangs, crashes or
// breaks the protocol; it gives fake clocks, so that a time limit passes
// when a test says and not when the machine is slow; and it turns the
// test binary into a fake build that is killed while its renderer works
// (Orphan).
package rendertest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/factgraph/factgraph/internal/render"
)

// Fake behaviours, chosen by the fake renderer's file name.
const (
	Hang    = "hang"    // answers the header, then sleeps for an hour, deaf to its input and to a broken pipe
	Crash   = "crash"   // answers the header, then exits 2 mid-stream
	Garbage = "garbage" // answers a header of another protocol
	Script  = "script"  // answers every job with an SVG holding a script element
	// Quota answers up to QuotaJobs jobs with an empty SVG and fails on
	// the next, like a renderer whose memory only grows.
	Quota = "quota"
)

// QuotaJobs is how many jobs the Quota fake answers.
const QuotaJobs = 2

// EmptySVG is the SVG the Quota fake answers with: a graph of no nodes
// and no edges.
const EmptySVG = `<svg xmlns="http://www.w3.org/2000/svg"><g class="graph"></g></svg>`

// dir holds the binaries Main builds.
var dir string

// Main is the body of a TestMain: it builds the real renderer and the
// fake one into a temporary directory, points FACTGRAPH_RENDERER at the
// real one, runs the tests and cleans up. In a test binary started by
// Orphan it is the fake build instead.
func Main(m interface{ Run() int }) int {
	if os.Getenv(envParent) != "" {
		return fakeParent()
	}
	var err error
	dir, err = os.MkdirTemp("", "factgraph-rendertest-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	defer os.RemoveAll(dir)
	bin, err := Build(dir)
	if err == nil {
		_, err = GoBuild(dir, "fake", "github.com/factgraph/factgraph/internal/render/rendertest/fake")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	os.Setenv(render.EnvRenderer, bin)
	return m.Run()
}

// Setup builds the real renderer and the fake one into a temporary
// directory of t, for packages whose tests cannot have a TestMain of
// their own, and points FACTGRAPH_RENDERER at the real one for the rest
// of t. It returns the directory.
func Setup(t testing.TB) string {
	t.Helper()
	d := t.TempDir()
	bin, err := Build(d)
	if err == nil {
		_, err = GoBuild(d, "fake", "github.com/factgraph/factgraph/internal/render/rendertest/fake")
	}
	if err != nil {
		t.Fatal(err)
	}
	dir = d
	t.Setenv(render.EnvRenderer, bin)
	return d
}

// Fake returns the path of a fake renderer with behaviour mode.
func Fake(mode string) (string, error) {
	p := filepath.Join(dir, "fake-"+mode)
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	data, err := os.ReadFile(filepath.Join(dir, "fake"))
	if err != nil {
		return "", err
	}
	return p, os.WriteFile(p, data, 0o755)
}

// Build builds cmd/factgraph-render into dir and returns its path.
func Build(dir string) (string, error) {
	return GoBuild(dir, "factgraph-render", "github.com/factgraph/factgraph/cmd/factgraph-render")
}

// GoBuild builds a main package into dir/name with -trimpath.
func GoBuild(dir, name, pkg string) (string, error) {
	bin := filepath.Join(dir, name)
	cmd := exec.Command("go", "build", "-trimpath", "-o", bin, pkg)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build %s: %w", pkg, err)
	}
	return bin, nil
}

// RunFake is the fake renderer's main: its behaviour is the part of its
// file name after "fake-".
func RunFake() int {
	return fake(strings.TrimPrefix(filepath.Base(os.Args[0]), "fake-"))
}

func fake(mode string) int {
	if mode == Garbage {
		io.WriteString(os.Stdout, "HTTP/1.1 200 OK\n")
		return 0
	}
	if mode == Hang {
		// Like a layout that never returns, it does not notice that its
		// parent is gone: only a signal it cannot ignore ends it early.
		signal.Ignore(syscall.SIGPIPE)
	}
	io.WriteString(os.Stdout, render.AnswerHeader)
	switch mode {
	case Hang:
		time.Sleep(time.Hour)
	case Crash:
		os.Stdout.WriteString("svg 100\n<svg")
		fmt.Fprintln(os.Stderr, "panic: simulated crash in the layout engine")
		return 2
	case Script:
		in := bufio.NewReader(os.Stdin)
		if _, err := render.ReadRequestHeader(in); err != nil {
			return 2
		}
		svg := `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`
		for {
			if _, _, err := render.ReadFrame(in, render.MaxDOTBytes); err != nil {
				break
			}
			render.WriteFrame(os.Stdout, render.KindSVG, []byte(svg))
		}
	case Quota:
		in := bufio.NewReader(os.Stdin)
		if _, err := render.ReadRequestHeader(in); err != nil {
			return 2
		}
		for n := 0; ; n++ {
			if _, _, err := render.ReadFrame(in, render.MaxDOTBytes); err != nil {
				break
			}
			if n == QuotaJobs {
				fmt.Fprintln(os.Stderr, "fatal error: out of memory")
				return 2
			}
			render.WriteFrame(os.Stdout, render.KindSVG, []byte(EmptySVG))
		}
	}
	return 0
}

// LongJob is the largest graph the renderer takes (MaxNodes nodes,
// MaxEdges edges): seconds of layout and hundreds of megabytes.
func LongJob() render.Job {
	var b strings.Builder
	b.WriteString("digraph {\n")
	n, m := render.MaxNodes, render.MaxEdges
	for i := range n {
		fmt.Fprintf(&b, "  \"n%d\" [label=\"node %d\"];\n", i, i)
	}
	for i := range m {
		fmt.Fprintf(&b, "  \"n%d\" -> \"n%d\" [label=\"%d\"];\n", i%n, (i*7919+13)%n, i)
	}
	b.WriteString("}\n")
	return render.Job{Name: "long.svg", DOT: []byte(b.String()), Nodes: n, Edges: m}
}

// Batch is a renderer made of a function that draws all the jobs at
// once, for tests that stand in for the renderer: it takes every job
// before it draws, then hands each SVG over.
type Batch func(ctx context.Context, jobs []render.Job) ([][]byte, error)

// RenderSeq implements diagram.Renderer.
func (b Batch) RenderSeq(ctx context.Context, _ int, next func() (render.Job, bool), put func(i int, svg []byte) error) error {
	var jobs []render.Job
	for j, ok := next(); ok; j, ok = next() {
		jobs = append(jobs, j)
	}
	svgs, err := b(ctx, jobs)
	if err != nil {
		return err
	}
	for i, svg := range svgs {
		if err := put(i, svg); err != nil {
			return err
		}
	}
	return nil
}
