package check

import (
	"runtime"
	"testing"

	"github.com/factgraph/factgraph/internal/corpus"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/vocab"
)

// Memory budgets of a check, per statement of a generated corpus: what
// the result holds once the check is done (the loaded facts, the graph,
// the findings), and what the check allocates on the way. At the
// statement limit, 1,200,000, the first is what bounds a check's memory
// (docs/performance.md has the figures at a million statements: about
// 580 bytes held and 7,400 allocated per statement). The budgets leave
// room for the small corpus's fixed costs, and fail on any change that
// makes a statement cost about half as much again.
const (
	heldPerStatement      = 900
	allocatedPerStatement = 11_000
)

// TestMemoryPerStatement measures memory, not time: the figures do not
// depend on the machine's speed or load.
func TestMemoryPerStatement(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a corpus of 20,000 statements")
	}
	size := corpus.ForStatements(20_000, 20)
	dir := generate(t, size)
	v, _, err := vocab.Load(schemaDir, "schema")
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err := RunWith(v, Options{Base: dir, Dirs: []string{"."}, Limits: fact.DefaultLimits})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(res)

	n := int64(size.Statements())
	held := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / n
	allocated := int64(after.TotalAlloc-before.TotalAlloc) / n
	t.Logf("%d statements: %d bytes held, %d allocated per statement", n, held, allocated)
	if held > heldPerStatement {
		t.Errorf("a check holds %d bytes per statement, over the budget of %d", held, heldPerStatement)
	}
	if allocated > allocatedPerStatement {
		t.Errorf("a check allocates %d bytes per statement, over the budget of %d", allocated, allocatedPerStatement)
	}
}
