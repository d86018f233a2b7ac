package export

import (
	"bufio"
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/factgraph/factgraph/internal/check"
	"github.com/factgraph/factgraph/internal/corpus"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/vocab"
)

// BenchmarkNTriples measures producing graph.nt from a loaded graph:
// validation, statement ids, every triple, sorting and writing. The
// corpus comes from internal/corpus and depends only on its size, so the
// figure is reproducible with
//
//	go test -run '^$' -bench NTriples -benchmem ./internal/export
func BenchmarkNTriples(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		size := corpus.ForStatements(n, 0)
		b.Run(fmt.Sprintf("statements=%d", size.Statements()), func(b *testing.B) {
			v, _, err := vocab.Load(filepath.Join(pkgDir, "..", "..", "schema"), "schema")
			if err != nil {
				b.Fatal(err)
			}
			dir := b.TempDir()
			if err := corpus.Write(dir, size); err != nil {
				b.Fatal(err)
			}
			res, err := check.RunWith(v, check.Options{Base: dir, Dirs: []string{"."}, Limits: fact.DefaultLimits})
			if err != nil {
				b.Fatal(err)
			}
			if n := res.Counts().Error; n > 0 {
				b.Fatalf("generated corpus has %d errors", n)
			}
			count, size := 0, 0
			for b.Loop() {
				ts, err := triples(res.Graph)
				if err != nil {
					b.Fatal(err)
				}
				var nt bytes.Buffer
				w := bufio.NewWriter(&nt)
				ntriples(w, ts)
				w.Flush()
				count, size = len(ts), nt.Len()
			}
			b.ReportMetric(float64(count)*float64(b.N)/b.Elapsed().Seconds(), "triples/s")
			b.ReportMetric(float64(count), "triples")
			b.SetBytes(int64(size))
		})
	}
}
