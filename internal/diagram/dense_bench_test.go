package diagram_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/factgraph/factgraph/internal/corpus"
	"github.com/factgraph/factgraph/internal/diagram"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/render"
)

// layout renders job in a child of its own, as a build does, and returns
// the child's processor time (user and system, which a busy machine
// disturbs less than the wall clock) and its peak resident memory in MiB
// (0 where the system does not say). A child that passes the renderer's
// memory limit or takes twice its job timeout is stopped, and layout
// reports false.
func layout(t testing.TB, job render.Job) (cpu time.Duration, peak float64, ok bool) {
	t.Helper()
	path, err := render.Find()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*render.DefaultJobTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path)
	cmd.Dir = tmp
	cmd.Env = []string{"TMPDIR=" + tmp, "HOME=" + tmp, "LANG=C", "LC_ALL=C", "TZ=UTC"}
	var in bytes.Buffer
	// No limits in the header: watchRSS and the context stop the child.
	if err := render.WriteRequestHeader(&in, render.Limits{}); err != nil {
		t.Fatal(err)
	}
	if err := render.WriteFrame(&in, render.KindDOT, job.DOT); err != nil {
		t.Fatal(err)
	}
	cmd.Stdin = &in
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop := watchRSS(cmd.Process.Pid, render.DefaultMemoryLimit, cancel)
	err = cmd.Wait()
	stop()
	cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	peak = peakMiB(cmd.ProcessState)
	if ctx.Err() != nil {
		return cpu, peak, false
	}
	if err != nil {
		t.Fatalf("%s: %v", job.Name, err)
	}
	r := bufio.NewReader(&out)
	if err := render.ReadAnswerHeader(r); err != nil {
		t.Fatal(err)
	}
	kind, svg, err := render.ReadFrame(r, render.MaxSVGBytes)
	if err != nil || kind != render.KindSVG {
		t.Fatalf("%s: %s %v: %s", job.Name, kind, err, svg)
	}
	if err := render.Verify(svg, job.Nodes, job.Edges); err != nil {
		t.Fatalf("%s: %v", job.Name, err)
	}
	return cpu, peak, true
}

// BenchmarkDenseLayout lays out dense graphs as graph.svg: complete
// graphs, random dense digraphs and, for comparison, BenchmarkLayout's
// largest corpus, each drawn with the budget Files uses (budget), with 2
// to 12 edges per node and with flat caps. Each layout runs in a renderer
// child of its own, as a build does (the 0.65 s start included), and
// reports the edges drawn, the child's processor time (cpu-s) and its
// peak memory (peak-MiB); a child past twice the job timeout or the
// memory limit is stopped (stopped). The figures in doc.go come from
//
//	go test -run '^$' -bench BenchmarkDenseLayout -benchtime 1x -timeout 3h ./internal/diagram
//
// and a -bench pattern picks graphs or budgets, as in
// 'BenchmarkDenseLayout/K141/' or 'BenchmarkDenseLayout//budget$'.
func BenchmarkDenseLayout(b *testing.B) {
	graphs := []struct {
		name string
		g    func() *graph.Graph
	}{
		{"K50", func() *graph.Graph { return complete(b, 50) }},
		{"K100", func() *graph.Graph { return complete(b, 100) }},
		{"K141", func() *graph.Graph { return complete(b, 141) }},
		{"K150", func() *graph.Graph { return complete(b, 150) }},
		{"random-150x3000", func() *graph.Graph { return randomDense(b, 150, 3000) }},
		{"random-500x9000", func() *graph.Graph { return randomDense(b, 500, 9000) }},
		{"random-1000x10000", func() *graph.Graph { return randomDense(b, 1000, 10000) }},
		{"random-1990x10000", func() *graph.Graph { return randomDense(b, 1990, 10000) }},
		// BenchmarkLayout's largest graph: sparse, and ranked by
		// ownership and operation.
		{"corpus-330", func() *graph.Graph {
			return loadCorpus(b, corpus.Size{Companies: 330, ProductsPer: 5, Sources: 5})
		}},
	}
	for _, gr := range graphs {
		b.Run(gr.name, func(b *testing.B) {
			g := gr.g()
			budgets := []string{"budget"} // what Files draws
			for _, k := range []int{2, 4, 6, 8, 12} {
				budgets = append(budgets, fmt.Sprintf("per-node=%d", k))
			}
			for _, c := range []int{2000, 3000, 4000, 6000} {
				budgets = append(budgets, fmt.Sprintf("edges=%d", c))
			}
			for _, name := range budgets {
				b.Run(name, func(b *testing.B) {
					n := countEntities(g)
					budget := diagram.EdgeBudget(n)
					var k int
					if _, err := fmt.Sscanf(name, "per-node=%d", &k); err == nil {
						budget = k * n
					} else {
						fmt.Sscanf(name, "edges=%d", &budget)
					}
					job := diagram.GraphJob(g, budget)
					var cpu time.Duration
					var peak float64
					ok := true
					for b.Loop() {
						cpu, peak, ok = layout(b, job)
					}
					b.ReportMetric(cpu.Seconds(), "cpu-s")
					if !ok {
						b.ReportMetric(1, "stopped")
					}
					b.ReportMetric(float64(job.Edges), "edges")
					b.ReportMetric(float64(job.Nodes), "nodes")
					if peak > 0 {
						b.ReportMetric(peak, "peak-MiB")
					}
				})
			}
		})
	}
}

// countEntities is the number of entity nodes of graph.svg: the entities
// but the sources.
func countEntities(g *graph.Graph) int {
	n := 0
	src := g.Vocab.Type("Source")
	for _, e := range g.Entities {
		if !e.Type.IsA(src) {
			n++
		}
	}
	return n
}
