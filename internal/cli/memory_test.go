package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/corpus"
	"github.com/factgraph/factgraph/internal/diagram"
	"github.com/factgraph/factgraph/internal/fixture"
	"github.com/factgraph/factgraph/internal/render"
)

// standIn is a renderer in process: for every job, an SVG of about the
// size the real renderer draws for an entity page (some 7 kB), which the
// site embeds like a real one. It takes each job when it is ready for it
// and hands its SVG over at once, as render.Renderer does.
type standIn struct{}

func (standIn) RenderSeq(_ context.Context, _ int, next func() (render.Job, bool), put func(int, []byte) error) error {
	for i := 0; ; i++ {
		j, ok := next()
		if !ok {
			return nil
		}
		var b strings.Builder
		fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="400pt" height="300pt" viewBox="0 0 400 300"><g id="graph0" class="graph"><title>%s</title>`, j.Name)
		for k := range 100 {
			fmt.Fprintf(&b, `<path fill="none" stroke="black" d="M%d,%dC%d,%d %d,%d %d,%d"/>`, k, k+1, k+2, k+3, k+4, k+5, k+6, k+7)
		}
		b.WriteString(`</g></svg>`)
		if err := put(i, []byte(b.String())); err != nil {
			return err
		}
	}
}

// buildHeapBudget bounds the live heap of a build, in bytes per
// statement, at any moment while it writes out/. A build holds the
// checked graph and the DOT of the pages waiting to be drawn (about
// 1.4 kB per statement live, after a collection, at 10,000 statements)
// and one file at a time, not out/, which is 8 kB per statement: holding
// the pages, or the RDF files, until the end, as builds did before they
// streamed, fails this.
const buildHeapBudget = 3 << 10

// TestBuildMemoryIsBounded builds a generated fact base in process with
// the stand-in renderer and measures the live heap (after a full
// collection) every 100 files written and before publishing. It needs no
// clock: the heap after runtime.GC is the same on a slow machine.
func TestBuildMemoryIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 10,000 statements")
	}
	size := corpus.ForStatements(10_000, 0)
	root := t.TempDir()
	fixture.CopyTree(t, fixture.Schema(), filepath.Join(root, "schema"))
	if err := corpus.Write(filepath.Join(root, "facts"), size); err != nil {
		t.Fatal(err)
	}
	// The CLI's collector settings would be overwritten by the test's;
	// keep the process's as they were.
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))

	live := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := live()
	var peak uint64
	probes := 0
	probeWritten = func(files int) {
		if files%100 != 0 && files > 0 {
			return
		}
		probes++
		peak = max(peak, live())
	}
	defer func() { probeWritten = nil }()
	code, stdout, stderr := run(t, root, func() (diagram.Renderer, error) { return standIn{}, nil }, "build", "--no-cache")
	if code != ExitOK {
		t.Fatalf("exit %d\n%.2000s\n%.2000s", code, stdout, stderr)
	}
	if probes < 10 {
		t.Fatalf("only %d probes: the build wrote too few files to measure", probes)
	}
	var out int64
	filepath.Walk(filepath.Join(root, "out"), func(_ string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			out += info.Size()
		}
		return err
	})
	n := uint64(size.Statements())
	held := peak - min(peak, before)
	t.Logf("%d statements: peak live heap %d kB over %d probes (%d B/statement, budget %d); out/ is %d kB (%d B/statement)",
		n, held>>10, probes, held/n, buildHeapBudget, out>>10, uint64(out)/n)
	if held > buildHeapBudget*n {
		t.Errorf("the build held %d bytes (%d per statement), over the budget of %d per statement", held, held/n, buildHeapBudget)
	}
}
