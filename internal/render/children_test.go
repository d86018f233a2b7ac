package render

import (
	"runtime"
	"testing"
)

func TestChildren(t *testing.T) {
	const gib = 1 << 30
	tests := []struct {
		name     string
		r        Renderer
		jobs     int
		count    int
		memoryMB int64
	}{
		{"one job", Renderer{Children: 8, MemoryLimit: 2 * gib}, 1, 1, 2048},
		{"one child per hundred jobs", Renderer{Children: 8, MemoryLimit: 2 * gib}, 250, 3, 682},
		{"as many as asked", Renderer{Children: 3, MemoryLimit: 2 * gib}, 10_000, 3, 682},
		{"memory caps the count", Renderer{Children: 8, MemoryLimit: 2 * gib}, 10_000, 4, 512},
		{"a small limit is one child's", Renderer{Children: 8, MemoryLimit: 100 << 20}, 10_000, 1, 100},
		{"no memory limit", Renderer{Children: 8}, 10_000, 8, 0},
		{"the cores by default", Renderer{}, 10_000, runtime.GOMAXPROCS(0), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			count, memory := tc.r.children(tc.jobs)
			if count != tc.count || memory>>20 != tc.memoryMB {
				t.Errorf("%d children of %d MiB, want %d of %d MiB", count, memory>>20, tc.count, tc.memoryMB)
			}
		})
	}
}
