package render_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/factgraph/factgraph/internal/render"
	"github.com/factgraph/factgraph/internal/render/rendertest"
)

func TestMain(m *testing.M) { os.Exit(rendertest.Main(m)) }

// newRenderer returns the real renderer with no time limit: a loaded
// machine may take any time over a graph, and the time limits are
// tested with fakes (TestRenderTimeouts).
func newRenderer(t testing.TB) *render.Renderer {
	t.Helper()
	r, err := render.New()
	if err != nil {
		t.Fatal(err)
	}
	r.JobTimeout, r.Timeout = 0, 0
	return r
}

func TestRender(t *testing.T) {
	dot := []byte(`digraph "g" {
  "a" [label="A \"quoted\" &amp; \\N", tooltip="tip", URL="entities/b.svg"];
  "b" [label="B", URL="a.svg"];
  "a" -> "b" [label="owned by, 2004–2014"];
  "b" -> "a" [style="invis"];
}
`)
	svgs, err := newRenderer(t).Render(context.Background(), []render.Job{
		{Name: "one.svg", DOT: dot, Nodes: 2, Edges: 1},
		{Name: "two.svg", DOT: dot, Nodes: 2, Edges: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(svgs) != 2 || !bytes.Equal(svgs[0], svgs[1]) {
		t.Fatalf("want two identical SVGs, got %d", len(svgs))
	}
	for _, want := range []string{`A &quot;quoted&quot; &amp; \N`, `owned by, 2004–2014`, `xlink:href="entities/b.svg"`} {
		if !bytes.Contains(svgs[0], []byte(want)) {
			t.Errorf("SVG lacks %q:\n%s", want, svgs[0])
		}
	}
}

// TestRenderToStops checks that RenderTo hands over every SVG once, and
// that an error of put stops the run and is returned as it is.
func TestRenderToStops(t *testing.T) {
	dot := []byte(`digraph { "a"; "b"; "a" -> "b"; }`)
	jobs := make([]render.Job, 6)
	for i := range jobs {
		jobs[i] = render.Job{Name: fmt.Sprintf("g%d.svg", i), DOT: dot, Nodes: 2, Edges: 1}
	}
	r := newRenderer(t)
	seen := map[int]int{}
	if err := r.RenderTo(context.Background(), jobs, func(i int, svg []byte) error {
		seen[i]++
		if len(svg) == 0 {
			t.Errorf("job %d: empty SVG", i)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(jobs) {
		t.Errorf("put got %d jobs (%v), want %d, each once", len(seen), seen, len(jobs))
	}
	full := errors.New("disk full")
	err := r.RenderTo(context.Background(), jobs, func(int, []byte) error { return full })
	if err != full {
		t.Fatalf("got %v, want the error of put", err)
	}
}

// TestRenderSeq checks that RenderSeq asks for the jobs in order, hands
// every SVG over once, and fails the run at a job over a limit.
func TestRenderSeq(t *testing.T) {
	dot := []byte(`digraph { "a"; "b"; "a" -> "b"; }`)
	r := newRenderer(t)
	seq := func(n int, bad int) func() (render.Job, bool) {
		k := 0
		return func() (render.Job, bool) {
			if k >= n {
				return render.Job{}, false
			}
			j := render.Job{Name: fmt.Sprintf("g%d.svg", k), DOT: dot, Nodes: 2, Edges: 1}
			if k == bad {
				j.Nodes = render.MaxNodes + 1
			}
			k++
			return j, true
		}
	}
	seen := map[int]int{}
	var mu sync.Mutex
	if err := r.RenderSeq(context.Background(), 5, seq(5, -1), func(i int, svg []byte) error {
		mu.Lock()
		seen[i]++
		mu.Unlock()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 5 {
		t.Errorf("put got %v, want jobs 0 to 4 once each", seen)
	}
	err := r.RenderSeq(context.Background(), 5, seq(5, 3), func(int, []byte) error { return nil })
	var rerr *render.Error
	if !errors.As(err, &rerr) || rerr.Kind != render.TooLarge || rerr.Job != "g3.svg" {
		t.Fatalf("got %v, want TooLarge for g3.svg", err)
	}
	if err := r.RenderSeq(context.Background(), 0, seq(0, -1), nil); err != nil {
		t.Fatalf("no jobs: %v", err)
	}
}

func TestRenderCountMismatch(t *testing.T) {
	_, err := newRenderer(t).Render(context.Background(), []render.Job{
		{Name: "g.svg", DOT: []byte(`digraph { "a"; "b"; }`), Nodes: 3},
	})
	var rerr *render.Error
	if !errors.As(err, &rerr) || rerr.Kind != render.Unsafe || !strings.Contains(err.Error(), "2 nodes drawn, 3 expected") {
		t.Fatalf("got %v, want an Unsafe error about the node count", err)
	}
}

// TestRenderBounded lays out a graph above BoundedAbove nodes; with
// default settings a random graph of this size takes minutes.
func TestRenderBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("digraph {\n")
	n := 250
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  \"n%d\" -> \"n%d\" [label=\"edge %d\"];\n  \"n%d\" -> \"n%d\" [label=\"edge\"];\n", i, (i*7+3)%n, i, i, (i*13+5)%n)
	}
	b.WriteString("}\n")
	start := time.Now()
	if _, err := newRenderer(t).Render(context.Background(), []render.Job{{Name: "big.svg", DOT: []byte(b.String()), Nodes: n, Edges: 2 * n}}); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d nodes, %d edges in %v", n, 2*n, time.Since(start))
}

func TestRenderRefusesBeforeStarting(t *testing.T) {
	t.Setenv(render.EnvRenderer, "/nonexistent") // never started
	r := &render.Renderer{Path: "/nonexistent", JobTimeout: time.Second, Timeout: time.Second}
	tests := []struct {
		name string
		job  render.Job
		kind render.ErrorKind
	}{
		{"too many nodes", render.Job{Name: "x.svg", DOT: []byte("digraph {}"), Nodes: render.MaxNodes + 1}, render.TooLarge},
		{"too many edges", render.Job{Name: "x.svg", DOT: []byte("digraph {}"), Edges: render.MaxEdges + 1}, render.TooLarge},
		{"too many bytes", render.Job{Name: "x.svg", DOT: make([]byte, render.MaxDOTBytes+1)}, render.TooLarge},
		{"unsafe attribute", render.Job{Name: "x.svg", DOT: []byte(`digraph { a [stylesheet="x.css"]; }`)}, render.Unsafe},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := r.Render(context.Background(), []render.Job{tc.job})
			var rerr *render.Error
			if !errors.As(err, &rerr) || rerr.Kind != tc.kind {
				t.Fatalf("got %v, want kind %d", err, tc.kind)
			}
		})
	}
}

// TestRenderFailures runs fake renderers that fail at once. Their time
// limits never pass (the clock is never advanced), so only the failure
// itself can end the render.
func TestRenderFailures(t *testing.T) {
	tests := []struct {
		mode string
		kind render.ErrorKind
		msg  string
	}{
		{rendertest.Crash, render.Crashed, "simulated crash"},
		{rendertest.Garbage, render.Crashed, "not the factgraph-render protocol"},
		{rendertest.Script, render.Unsafe, "element <script>"},
	}
	for _, tc := range tests {
		t.Run(tc.mode, func(t *testing.T) {
			fake, err := rendertest.Fake(tc.mode)
			if err != nil {
				t.Fatal(err)
			}
			r := &render.Renderer{Path: fake, JobTimeout: time.Second, Timeout: time.Second, MemoryLimit: render.DefaultMemoryLimit, Clock: &rendertest.Clock{}}
			svgs, err := r.Render(context.Background(), []render.Job{{Name: "graph.svg", DOT: []byte(`digraph { "a"; }`), Nodes: 1}})
			var rerr *render.Error
			if !errors.As(err, &rerr) || rerr.Kind != tc.kind || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("got %v, want kind %d mentioning %q", err, tc.kind, tc.msg)
			}
			if svgs != nil {
				t.Errorf("got SVGs with an error")
			}
			if rerr.Job != "graph.svg" {
				t.Errorf("error names job %q, want graph.svg", rerr.Job)
			}
		})
	}
}

// TestRenderTimeouts runs a renderer that never answers, and passes one
// time limit or the other on a fake clock.
func TestRenderTimeouts(t *testing.T) {
	fake, err := rendertest.Fake(rendertest.Hang)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name             string
		job, run, perJob time.Duration // the limits; the clock moves on by the shorter
		msg              string
	}{
		{"job", time.Minute, time.Hour, 0, "took longer than 1m0s on one graph"},
		{"run", 2 * time.Hour, time.Hour, 0, "took longer than 1h0m0s in all"},
		// A run's limit grows by TimePerJob a job: here one job.
		{"run of many jobs", 2 * time.Hour, time.Hour, 10 * time.Minute, "took longer than 1h10m0s in all"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clock := &rendertest.Clock{}
			r := &render.Renderer{Path: fake, JobTimeout: tc.job, Timeout: tc.run, TimePerJob: tc.perJob, Clock: clock}
			go func() {
				clock.WaitFor(tc.job) // the child has started and has the job
				clock.Advance(min(tc.job, tc.run+tc.perJob))
			}()
			_, err := r.Render(context.Background(), []render.Job{{Name: "graph.svg", DOT: []byte(`digraph { "a"; }`), Nodes: 1}})
			var rerr *render.Error
			if !errors.As(err, &rerr) || rerr.Kind != render.TimedOut || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("got %v, want kind TimedOut mentioning %q", err, tc.msg)
			}
			if rerr.Job != "graph.svg" {
				t.Errorf("error names job %q, want graph.svg", rerr.Job)
			}
		})
	}
}

// TestRenderCancel cancels a render while the child is busy: the child
// is stopped and the error is the context's.
func TestRenderCancel(t *testing.T) {
	fake, err := rendertest.Fake(rendertest.Hang)
	if err != nil {
		t.Fatal(err)
	}
	clock := &rendertest.Clock{}
	r := &render.Renderer{Path: fake, JobTimeout: time.Minute, Clock: clock}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		clock.WaitFor(time.Minute) // the child has started and has the job
		cancel()
	}()
	_, err = r.Render(ctx, []render.Job{{Name: "graph.svg", DOT: []byte(`digraph { "a"; }`), Nodes: 1}})
	var rerr *render.Error
	if !errors.As(err, &rerr) || rerr.Kind != render.Crashed || !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want the cancellation", err)
	}
	if left := rendertest.Children(); len(left) > 0 {
		t.Errorf("children left running: %v", left)
	}
}

func TestFind(t *testing.T) {
	t.Setenv(render.EnvRenderer, "/nonexistent/factgraph-render")
	if _, err := render.Find(); err == nil || !strings.Contains(err.Error(), render.EnvRenderer) {
		t.Fatalf("got %v, want an error naming %s", err, render.EnvRenderer)
	}
	t.Setenv(render.EnvRenderer, "")
	t.Setenv("PATH", t.TempDir())
	if _, err := render.Find(); err == nil || !strings.Contains(err.Error(), "cannot find") {
		t.Fatalf("got %v, want cannot find", err)
	}
}

func TestWireRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	limits := render.Limits{JobTimeout: time.Minute, Timeout: time.Microsecond, Memory: 1 << 30}
	if err := render.WriteRequestHeader(&buf, limits); err != nil {
		t.Fatal(err)
	}
	payloads := [][]byte{nil, []byte("digraph {}"), []byte("a\nsvg 3\nxyz")}
	for _, p := range payloads {
		if err := render.WriteFrame(&buf, render.KindDOT, p); err != nil {
			t.Fatal(err)
		}
	}
	r := bufio.NewReader(&buf)
	got, err := render.ReadRequestHeader(r)
	if err != nil {
		t.Fatal(err)
	}
	// A limit under a millisecond is sent as one, never as none.
	if want := (render.Limits{JobTimeout: time.Minute, Timeout: time.Millisecond, Memory: 1 << 30}); got != want {
		t.Fatalf("limits %+v, want %+v", got, want)
	}
	for _, want := range payloads {
		kind, got, err := render.ReadFrame(r, 100)
		if err != nil || kind != render.KindDOT || !bytes.Equal(got, want) {
			t.Fatalf("got %q %q %v, want %q", kind, got, err, want)
		}
	}
	if _, _, err := render.ReadFrame(r, 100); err != io.EOF {
		t.Fatalf("got %v at the end, want EOF", err)
	}
	for _, bad := range []string{"svg 5\nab", "svg -1\n", "svg 01\nx", "svg\n", "svg 1000\n", strings.Repeat("svg", 10000) + " 1\nx"} {
		if _, _, err := render.ReadFrame(bufio.NewReader(strings.NewReader(bad)), 100); err == nil {
			t.Errorf("ReadFrame(%q) accepted it", bad)
		}
	}
	for _, bad := range []string{
		"factgraph-render/1\n",
		"factgraph-render/2\n",
		"factgraph-render/2 job-timeout-ms=1 timeout-ms=2 memory=3",
		"factgraph-render/2 job-timeout-ms=1 timeout-ms=2\n",
		"factgraph-render/2 timeout-ms=2 job-timeout-ms=1 memory=3\n",
		"factgraph-render/2 job-timeout-ms=-1 timeout-ms=2 memory=3\n",
		"factgraph-render/2 job-timeout-ms=01 timeout-ms=2 memory=3\n",
		"factgraph-render/2 job-timeout-ms=1 timeout-ms=2 memory=3 extra=4\n",
	} {
		if _, err := render.ReadRequestHeader(bufio.NewReader(strings.NewReader(bad))); !errors.Is(err, render.ErrProtocol) && err != io.ErrUnexpectedEOF {
			t.Errorf("ReadRequestHeader(%q) = %v, want a protocol error", bad, err)
		}
	}
}

// TestRenderMemoryLimit lays out the largest graph allowed, which needs
// hundreds of megabytes, under a limit of 64 MiB: the child is refused
// the memory, or the parent sees it resident, and either way the render
// fails with the limit named.
func TestRenderMemoryLimit(t *testing.T) {
	r := newRenderer(t)
	r.MemoryLimit = 64 << 20
	_, err := r.Render(context.Background(), []render.Job{rendertest.LongJob()})
	var rerr *render.Error
	if !errors.As(err, &rerr) || rerr.Kind != render.Crashed || !strings.Contains(err.Error(), "used more than 64 MiB") {
		t.Fatalf("got %v, want the memory limit", err)
	}
}

// TestRenderParallel renders the same pages with one child and with
// three, and wants the same bytes in the same order.
func TestRenderParallel(t *testing.T) {
	jobs := pageJobs(3 * render.JobsPerChild)
	var got [][][]byte
	for _, children := range []int{1, 3} {
		r := newRenderer(t)
		r.Children = children
		svgs, err := r.Render(context.Background(), jobs)
		if err != nil {
			t.Fatalf("%d children: %v", children, err)
		}
		got = append(got, svgs)
	}
	for i := range jobs {
		if !bytes.Equal(got[0][i], got[1][i]) {
			t.Fatalf("%s differs between one child and three", jobs[i].Name)
		}
	}
	if left := rendertest.Children(); len(left) > 0 {
		t.Errorf("children left running: %v", left)
	}
}

// TestRenderParallelFailure checks that one child's failure fails the
// run with the failing job named, and that the other children are
// stopped and waited for.
func TestRenderParallelFailure(t *testing.T) {
	jobs := pageJobs(3 * render.JobsPerChild)
	bad := 2*render.JobsPerChild + 50
	jobs[bad].Nodes++
	r := newRenderer(t)
	r.Children = 3
	_, err := r.Render(context.Background(), jobs)
	var rerr *render.Error
	if !errors.As(err, &rerr) || rerr.Kind != render.Unsafe || rerr.Job != jobs[bad].Name {
		t.Fatalf("got %v, want an Unsafe error for %s", err, jobs[bad].Name)
	}
	if left := rendertest.Children(); len(left) > 0 {
		t.Errorf("children left running: %v", left)
	}
	for _, tc := range []struct {
		mode string
		kind render.ErrorKind
	}{
		{rendertest.Crash, render.Crashed},
		{rendertest.Garbage, render.Crashed},
		{rendertest.Script, render.Unsafe},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			fake, err := rendertest.Fake(tc.mode)
			if err != nil {
				t.Fatal(err)
			}
			r := &render.Renderer{Path: fake, Children: 3, JobTimeout: time.Second, Timeout: time.Second, Clock: &rendertest.Clock{}}
			_, err = r.Render(context.Background(), jobs)
			var rerr *render.Error
			if !errors.As(err, &rerr) || rerr.Kind != tc.kind {
				t.Fatalf("got %v, want kind %d", err, tc.kind)
			}
			if left := rendertest.Children(); len(left) > 0 {
				t.Errorf("children left running: %v", left)
			}
		})
	}
}

// TestJobsPerProcess: a child process draws at most JobsPerProcess jobs
// and a fresh one takes over, in every slot, so a renderer whose memory
// only grows (the Quota fake fails on its third job) still draws them
// all; without the quota the same run fails.
func TestJobsPerProcess(t *testing.T) {
	fake, err := rendertest.Fake(rendertest.Quota)
	if err != nil {
		t.Fatal(err)
	}
	jobs := make([]render.Job, 11)
	for i := range jobs {
		jobs[i] = render.Job{Name: fmt.Sprintf("p%d.svg", i), DOT: []byte(fmt.Sprintf(`digraph { label="%d"; }`, i))}
	}
	for _, children := range []int{1, 2, 3} {
		r := &render.Renderer{Path: fake, JobTimeout: time.Minute, Timeout: time.Hour, MemoryLimit: render.DefaultMemoryLimit,
			Children: children, JobsPerProcess: rendertest.QuotaJobs, Clock: &rendertest.Clock{}}
		var got []int
		err := r.RenderTo(context.Background(), jobs, func(i int, svg []byte) error {
			if string(svg) != rendertest.EmptySVG {
				t.Errorf("job %d: %q", i, svg)
			}
			got = append(got, i)
			return nil
		})
		if err != nil {
			t.Fatalf("children=%d: %v", children, err)
		}
		if len(got) != len(jobs) {
			t.Errorf("children=%d: delivered %v, want all %d jobs", children, got, len(jobs))
		}
	}
	r := &render.Renderer{Path: fake, JobTimeout: time.Minute, Timeout: time.Hour, MemoryLimit: render.DefaultMemoryLimit,
		Children: 1, Clock: &rendertest.Clock{}}
	if _, err := r.Render(context.Background(), jobs); err == nil || !strings.Contains(err.Error(), "memory") {
		t.Errorf("without a quota: err = %v, want the child's memory failure", err)
	}
}
