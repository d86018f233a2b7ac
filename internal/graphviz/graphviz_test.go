package graphviz

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/render"
)

// answers runs the renderer in process on dots and returns its answer
// frames.
func answers(t *testing.T, dots ...string) (kinds []string, data [][]byte) {
	t.Helper()
	var in, out, errb bytes.Buffer
	render.WriteRequestHeader(&in, render.Limits{})
	for _, d := range dots {
		render.WriteFrame(&in, render.KindDOT, []byte(d))
	}
	if code := Run(&in, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	r := bufio.NewReader(&out)
	if err := render.ReadAnswerHeader(r); err != nil {
		t.Fatal(err)
	}
	for {
		kind, d, err := render.ReadFrame(r, render.MaxSVGBytes)
		if err != nil {
			break
		}
		kinds = append(kinds, kind)
		data = append(data, d)
	}
	return kinds, data
}

func TestRunAnswersEachRequestInOrder(t *testing.T) {
	big := func(n int) string {
		var b strings.Builder
		b.WriteString("digraph {\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "  \"n%d\";\n", i)
		}
		b.WriteString("}\n")
		return b.String()
	}
	kinds, data := answers(t,
		`digraph { "a" -> "b"; }`,
		`digraph { a [stylesheet="x.css"]; }`, // outside the safe subset, refused here too
		big(render.MaxNodes+1),
		`digraph { "c"; }`,
	)
	want := []string{render.KindSVG, render.KindError, render.KindLimit, render.KindSVG}
	if strings.Join(kinds, ",") != strings.Join(want, ",") {
		t.Fatalf("answers %v, want %v", kinds, want)
	}
	if !bytes.Contains(data[0], []byte("<title>a&#45;&gt;b</title>")) || !bytes.Contains(data[3], []byte("<title>c</title>")) {
		t.Errorf("SVGs out of order")
	}
	if !bytes.Contains(data[2], []byte("2001 nodes")) {
		t.Errorf("limit answer %q", data[2])
	}
}

// TestRunBoundsLargeGraphs checks that above BoundedAbove nodes the
// child lays a graph out exactly as if its DOT carried the Bounded
// settings, and at BoundedAbove nodes it does not.
func TestRunBoundsLargeGraphs(t *testing.T) {
	graph := func(n int, bounded bool) string {
		var b strings.Builder
		b.WriteString("digraph {\n")
		if bounded {
			for _, a := range render.Bounded {
				fmt.Fprintf(&b, "  %s=%q;\n", a.Name, a.Value)
			}
		}
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "  \"n%d\" -> \"n%d\" [label=\"e\"];\n  \"n%d\" -> \"n%d\";\n", i, (i*7+3)%n, i, (i*11+5)%n)
		}
		b.WriteString("}\n")
		return b.String()
	}
	above, at := render.BoundedAbove+1, render.BoundedAbove
	_, data := answers(t, graph(above, false), graph(above, true), graph(at, false), graph(at, true))
	if len(data) != 4 {
		t.Fatalf("%d answers", len(data))
	}
	if !bytes.Equal(data[0], data[1]) {
		t.Errorf("%d nodes: not laid out with the bounded settings", above)
	}
	if bytes.Equal(data[2], data[3]) {
		t.Errorf("%d nodes: laid out with the bounded settings", at)
	}
}

func TestRunRejectsOtherProtocols(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Run(strings.NewReader("GET / HTTP/1.1\n"), &out, &errb); code != 2 || out.Len() != 0 {
		t.Fatalf("exit %d, wrote %q", code, out.String())
	}
}

// TestRunExitsWhenParentGone checks the fallback for a parent that dies
// without its death signal reaching the child: the input ends while a
// layout is running, and the server calls gone at once, without waiting
// for the layout.
func TestRunExitsWhenParentGone(t *testing.T) {
	inR, inW := io.Pipe()
	gone := make(chan struct{})
	release := make(chan struct{})
	s := &server{
		in: inR, out: io.Discard, errw: io.Discard,
		gone: func() { close(gone) },
		layout: func([]byte) (string, []byte) {
			<-release // a layout that runs until the test ends it
			return render.KindSVG, nil
		},
	}
	done := make(chan int)
	go func() { done <- s.run() }()
	render.WriteRequestHeader(inW, render.Limits{})
	render.WriteFrame(inW, render.KindDOT, []byte(`digraph { "a"; }`))
	inW.Close() // the parent dies with the job in hand
	<-gone
	close(release)
	if code := <-done; code != ExitOK {
		t.Errorf("exit %d after the layout ended", code)
	}
}

// TestRunEndsAfterLastAnswer checks that the end of input after the last
// answer is the normal end of a run, not a parent gone.
func TestRunEndsAfterLastAnswer(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	s := &server{
		in: inR, out: outW, errw: io.Discard,
		gone:   func() { t.Error("gone called after the last answer") },
		layout: func([]byte) (string, []byte) { return render.KindSVG, []byte("<svg/>") },
	}
	done := make(chan int)
	go func() { done <- s.run() }()
	render.WriteRequestHeader(inW, render.Limits{})
	r := bufio.NewReader(outR)
	if err := render.ReadAnswerHeader(r); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		render.WriteFrame(inW, render.KindDOT, []byte(`digraph { "a"; }`))
		if _, _, err := render.ReadFrame(r, 100); err != nil {
			t.Fatal(err)
		}
	}
	inW.Close()
	if code := <-done; code != ExitOK {
		t.Errorf("exit %d", code)
	}
}
