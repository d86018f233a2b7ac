package render_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/factgraph/factgraph/internal/render"
	"github.com/factgraph/factgraph/internal/render/rendertest"
)

// TestChildDiesWithParent kills a fake build with SIGKILL while its
// renderer works, and checks that the renderer is killed with it and
// that the next run removes the directory the killed one left. The hang
// fake sleeps for an hour and ignores its input, so only the kernel's
// death signal can end it within the test.
func TestChildDiesWithParent(t *testing.T) {
	hang, err := rendertest.Fake(rendertest.Hang)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, path string }{
		{"real", os.Getenv(render.EnvRenderer)},
		{"hang", hang},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			pid, start := rendertest.Orphan(t, tc.path, tmp)
			// Generous: the kernel kills the child as its parent dies;
			// this only bounds a test that would otherwise wait an hour.
			deadline := time.Now().Add(2 * time.Minute)
			for !rendertest.Exited(pid, start) {
				if time.Now().After(deadline) {
					t.Fatalf("the renderer (pid %d) outlived its parent", pid)
				}
				time.Sleep(10 * time.Millisecond)
			}
			pattern := filepath.Join(tmp, "factgraph-render-*")
			if left, _ := filepath.Glob(pattern); len(left) != 1 {
				t.Fatalf("the killed build left %v, want its directory", left)
			}
			t.Setenv("TMPDIR", tmp)
			if _, err := newRenderer(t).Render(context.Background(), []render.Job{{Name: "g.svg", DOT: []byte(`digraph { "a"; }`), Nodes: 1}}); err != nil {
				t.Fatal(err)
			}
			if left, _ := filepath.Glob(pattern); len(left) != 0 {
				t.Errorf("after the next run: %v", left)
			}
		})
	}
}
