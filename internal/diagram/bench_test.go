package diagram_test

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"testing"

	"github.com/factgraph/factgraph/internal/corpus"
	"github.com/factgraph/factgraph/internal/diagram"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/render"
)

// BenchmarkLayout lays out graph.svg's DOT of generated graphs (for the
// largest, over the density budget, its bounded view) with go-graphviz
// (factgraph-render, one child for all b.N renders, so its 0.65 s start
// is spread over them; BenchmarkRendererStart measures it alone) and with
// Debian's native dot (one process per render, as a consumer runs it).
// Run it with
//
//	go test -run '^$' -bench BenchmarkLayout -benchtime 5x ./internal/diagram
func BenchmarkLayout(b *testing.B) {
	for _, companies := range []int{20, 100, 330} {
		dir := b.TempDir()
		size := corpus.Size{Companies: companies, ProductsPer: 5, Sources: 5}
		if err := corpus.Write(dir, size); err != nil {
			b.Fatal(err)
		}
		job := graphJob(b, load(b, dir))
		dot, nodes, edges := job.DOT, job.Nodes, job.Edges
		name := fmt.Sprintf("nodes=%d", nodes)
		b.Run(name+"/go-graphviz", func(b *testing.B) {
			r := renderer(b)
			jobs := make([]render.Job, b.N)
			for i := range jobs {
				jobs[i] = job
			}
			b.ResetTimer()
			if _, err := r.Render(context.Background(), jobs); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(edges), "edges")
		})
		b.Run(name+"/native-dot", func(b *testing.B) {
			bin, err := exec.LookPath("dot")
			if err != nil {
				b.Skip("Graphviz's dot is not installed")
			}
			for b.Loop() {
				cmd := exec.Command(bin, "-Tsvg", "-o", "/dev/null")
				cmd.Stdin = bytes.NewReader(dot)
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("%v\n%s", err, out)
				}
			}
			b.ReportMetric(float64(edges), "edges")
		})
	}
}

// BenchmarkRendererStart is the cost of one factgraph-render run: process
// start, WebAssembly compilation and one trivial graph.
func BenchmarkRendererStart(b *testing.B) {
	r := renderer(b)
	job := []render.Job{{Name: "g.svg", DOT: []byte(`digraph { "a"; }`), Nodes: 1}}
	for b.Loop() {
		if _, err := r.Render(context.Background(), job); err != nil {
			b.Fatal(err)
		}
	}
}

// graphJob is the render job of graph.svg, with the node and edge
// counts the SVG is verified against.
func graphJob(b *testing.B, g *graph.Graph) render.Job {
	b.Helper()
	var job render.Job
	fake := rendererFunc(func(_ context.Context, jobs []render.Job) ([][]byte, error) {
		for _, j := range jobs {
			if j.Name == "graph.svg" {
				job = j
			}
		}
		return make([][]byte, len(jobs)), nil
	})
	if _, err := diagram.Files(context.Background(), g, diagram.Options{Renderer: fake}); err != nil {
		b.Fatal(err)
	}
	if job.Name == "" {
		b.Fatal("no graph.svg job")
	}
	return job
}
