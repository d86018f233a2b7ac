package render_test

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkRender renders 2,000 generated graphs of an entity page's
// size (pageJob) with one, two and three children side by side, and
// with every SVG already in a cache. Run it with
//
//	go test -run '^$' -bench BenchmarkRender -benchtime 1x -count 3 ./internal/render
func BenchmarkRender(b *testing.B) {
	const pages = 2000
	jobs := pageJobs(pages)
	for _, children := range []int{1, 2, 3} {
		b.Run(fmt.Sprintf("children=%d", children), func(b *testing.B) {
			r := newRenderer(b)
			r.Children = children
			for b.Loop() {
				if _, err := r.Render(context.Background(), jobs); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
	b.Run("cached", func(b *testing.B) {
		r := newRenderer(b)
		r.Cache = &memCache{}
		if _, err := r.Render(context.Background(), jobs); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := r.Render(context.Background(), jobs); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
	})
}
