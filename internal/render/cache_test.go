package render_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/factgraph/factgraph/internal/render"
)

// memCache is an in-memory render.Cache that counts what it is asked.
type memCache struct {
	mu      sync.Mutex
	entries map[[32]byte][]byte
	puts    int
}

func (c *memCache) Get(key [32]byte) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	return e, ok
}

func (c *memCache) Put(key [32]byte, value []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[[32]byte][]byte{}
	}
	c.entries[key] = bytes.Clone(value)
	c.puts++
	return nil
}

// TestRenderCache renders with a cache, and checks each way back to
// the renderer: a run of cached jobs starts no child (the renderer is
// made impossible to start, and the run still succeeds), while a
// changed DOT, a damaged entry and another renderer version each start
// one. The SVGs are always those of an uncached run.
func TestRenderCache(t *testing.T) {
	exe := filepath.Join(t.TempDir(), "factgraph-render")
	data, err := os.ReadFile(os.Getenv(render.EnvRenderer))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exe, data, 0o755); err != nil {
		t.Fatal(err)
	}
	startable := func(t *testing.T, ok bool) {
		t.Helper()
		mode := os.FileMode(0o644)
		if ok {
			mode = 0o755
		}
		if err := os.Chmod(exe, mode); err != nil {
			t.Fatal(err)
		}
	}
	jobs := pageJobs(12)
	changed := append([]render.Job(nil), jobs...)
	changed[3] = pageJob(1000)
	uncached := newRenderer(t)
	want, err := uncached.Render(context.Background(), append(jobs, changed[3]))
	if err != nil {
		t.Fatal(err)
	}
	wantChanged := append(append([][]byte(nil), want[:3]...), want[len(jobs)])
	wantChanged = append(wantChanged, want[4:len(jobs)]...)

	cache := &memCache{}
	r := newRenderer(t)
	r.Path, r.Cache = exe, cache
	run := func(t *testing.T, jobs []render.Job, want [][]byte) error {
		t.Helper()
		got, err := r.Render(context.Background(), jobs)
		if err != nil {
			return err
		}
		for i := range jobs {
			if !bytes.Equal(got[i], want[i]) {
				t.Errorf("%s differs from the uncached SVG", jobs[i].Name)
			}
		}
		return nil
	}
	mustStart := func(t *testing.T, jobs []render.Job, want [][]byte) {
		t.Helper()
		startable(t, false)
		var rerr *render.Error
		err := run(t, jobs, want)
		startable(t, true)
		if !errors.As(err, &rerr) || !strings.Contains(err.Error(), "starting") {
			t.Fatalf("got %v, want a run that had to start the renderer", err)
		}
		if err := run(t, jobs, want); err != nil {
			t.Fatal(err)
		}
	}

	if err := run(t, jobs, want); err != nil {
		t.Fatal(err)
	}
	if cache.puts != len(jobs) {
		t.Fatalf("%d SVGs stored, want %d", cache.puts, len(jobs))
	}
	t.Run("hit", func(t *testing.T) {
		startable(t, false)
		defer startable(t, true)
		if err := run(t, jobs, want); err != nil {
			t.Fatalf("a run of cached jobs started the renderer: %v", err)
		}
	})
	t.Run("changed DOT", func(t *testing.T) {
		puts := cache.puts
		mustStart(t, changed, wantChanged)
		if cache.puts != puts+1 {
			t.Errorf("%d SVGs stored, want 1", cache.puts-puts)
		}
	})
	t.Run("damaged entries", func(t *testing.T) {
		// Every entry loses its last byte; each is a miss and is stored
		// again whole.
		for key, e := range cache.entries {
			cache.entries[key] = e[:len(e)-1]
		}
		puts := cache.puts
		mustStart(t, jobs, want)
		if cache.puts != puts+len(jobs) {
			t.Errorf("%d SVGs stored, want %d", cache.puts-puts, len(jobs))
		}
	})
	t.Run("another renderer", func(t *testing.T) {
		// Any byte of the executable is part of the version: a byte
		// past its end changes nothing the kernel runs.
		f, err := os.OpenFile(exe, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte{0})
		f.Close()
		puts := cache.puts
		mustStart(t, jobs, want)
		if cache.puts != puts+len(jobs) {
			t.Errorf("%d SVGs stored, want %d", cache.puts-puts, len(jobs))
		}
	})
}
