package render_test

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkRender renders 2,000 generated graphs of an entity page's
// size (pageJob) with one, two and three children side by side, and
// with every SVG already in a cache. Besides the time it reports the
// processor time per page of the parent and its children together,
// which a busy machine does not change. Run it with
//
//	go test -run '^$' -bench BenchmarkRender -benchtime 1x -count 3 ./internal/render
func BenchmarkRender(b *testing.B) {
	const pages = 2000
	jobs := pageJobs(pages)
	for _, children := range []int{1, 2, 3} {
		b.Run(fmt.Sprintf("children=%d", children), func(b *testing.B) {
			r := newRenderer(b)
			r.Children = children
			cpu := cpuTime()
			for b.Loop() {
				if _, err := r.Render(context.Background(), jobs); err != nil {
					b.Fatal(err)
				}
			}
			report(b, pages, cpuTime()-cpu)
		})
	}
	b.Run("cached", func(b *testing.B) {
		r := newRenderer(b)
		r.Cache = &memCache{}
		if _, err := r.Render(context.Background(), jobs); err != nil {
			b.Fatal(err)
		}
		cpu := cpuTime()
		for b.Loop() {
			if _, err := r.Render(context.Background(), jobs); err != nil {
				b.Fatal(err)
			}
		}
		report(b, pages, cpuTime()-cpu)
	})
}

func report(b *testing.B, pages int, cpu time.Duration) {
	n := float64(pages * b.N)
	b.ReportMetric(n/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(cpu.Microseconds())/1000/n, "cpu-ms/page")
}
