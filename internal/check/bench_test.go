package check

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/corpus"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/vocab"
)

// generate writes a corpus and returns its directory.
func generate(tb testing.TB, size corpus.Size) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := corpus.Write(dir, size); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// checkCorpus runs the full check and requires exactly the injected
// conflicts: size.Conflicts functional-conflict errors and nothing else.
func checkCorpus(tb testing.TB, v *vocab.Vocab, dir string, size corpus.Size) {
	res, err := RunWith(v, Options{Base: dir, Dirs: []string{"."}, Limits: fact.DefaultLimits})
	if err != nil {
		tb.Fatal(err)
	}
	conflicts := 0
	for _, f := range res.Findings {
		if f.Rule != "functional-conflict" || f.Severity != finding.Error {
			tb.Fatalf("unexpected finding: %s", f)
		}
		conflicts++
	}
	if conflicts != size.Conflicts {
		tb.Fatalf("found %d conflicts, injected %d", conflicts, size.Conflicts)
	}
}

// TestCorpus runs the benchmark's generator and assertion at a small
// size, so the injected-conflict count is checked on every test run.
func TestCorpus(t *testing.T) {
	size := corpus.ForStatements(10_000, 20)
	size.Extra = 1
	dir := generate(t, size)
	v, _, err := vocab.Load(schemaDir, "schema")
	if err != nil {
		t.Fatal(err)
	}
	res, err := RunWith(v, Options{Base: dir, Dirs: []string{"."}, Limits: fact.DefaultLimits})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range res.Set.Entities {
		n += len(e.Statements)
	}
	if n != size.Statements() || len(res.Set.Entities) != size.Entities() {
		t.Fatalf("loaded %d statements of %d entities, Size says %d of %d", n, len(res.Set.Entities), size.Statements(), size.Entities())
	}
	checkCorpus(t, v, dir, size)
}

// benchmarkCheck measures loading and checking a generated corpus from
// disk: read, YAML, schema, resolve, every contradiction rule.
func benchmarkCheck(b *testing.B, size corpus.Size) {
	dir := generate(b, size)
	n := size.Statements()
	v, _, err := vocab.Load(schemaDir, "schema")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		checkCorpus(b, v, dir, size)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "statements/s")
	if kb := peakRSS(); kb > 0 {
		b.ReportMetric(float64(kb)/1024, "peak-RSS-MiB")
	}
}

// About 100,000 statements in about 10,000 files (issue 2's figure), 100
// of them in conflict.
func BenchmarkCheck100kIn10kFiles(b *testing.B) {
	benchmarkCheck(b, corpus.Size{Companies: 1724, ProductsPer: 5, Sources: 20, Extra: 4, Conflicts: 100})
}

// About 100,000 statements in 17,666 files, 100 of them in conflict.
func BenchmarkCheck100k(b *testing.B) { benchmarkCheck(b, corpus.ForStatements(100_000, 100)) }

// About 1,000,000 statements in 176,490 files, 1,000 of them in conflict.
func BenchmarkCheck1M(b *testing.B) { benchmarkCheck(b, corpus.ForStatements(1_000_000, 1000)) }

// peakRSS reads the process's peak resident set size (VmHWM, in KiB) on
// Linux; 0 elsewhere.
func peakRSS() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return kb
		}
	}
	return 0
}
