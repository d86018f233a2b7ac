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

// generate writes a corpus and returns its directory and statement count.
func generate(tb testing.TB, spec corpus.Spec) (string, int) {
	tb.Helper()
	dir := tb.TempDir()
	n, err := corpus.Write(dir, spec)
	if err != nil {
		tb.Fatal(err)
	}
	return dir, n
}

// checkCorpus runs the full check and requires exactly the injected
// conflicts: spec.Conflicts functional-conflict errors and nothing else.
func checkCorpus(tb testing.TB, v *vocab.Vocab, dir string, spec corpus.Spec) {
	res, err := RunWith(v, []string{dir}, fact.DefaultLimits)
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
	if conflicts != spec.Conflicts {
		tb.Fatalf("found %d conflicts, injected %d", conflicts, spec.Conflicts)
	}
}

// TestCorpus runs the benchmark's generator and assertion at a small
// size, so the injected-conflict count is checked on every test run.
func TestCorpus(t *testing.T) {
	spec := corpus.Spec{Entities: 2000, Statements: 10, Conflicts: 20}
	dir, n := generate(t, spec)
	if n != 20000 {
		t.Fatalf("generated %d statements, want 20000", n)
	}
	v, _, err := vocab.Load(schemaDir)
	if err != nil {
		t.Fatal(err)
	}
	checkCorpus(t, v, dir, spec)
}

// benchmarkCheck measures loading and checking a generated corpus from
// disk: read, YAML, schema, resolve, every contradiction rule.
func benchmarkCheck(b *testing.B, spec corpus.Spec) {
	dir, n := generate(b, spec)
	v, _, err := vocab.Load(schemaDir)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		checkCorpus(b, v, dir, spec)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "statements/s")
	if kb := peakRSS(); kb > 0 {
		b.ReportMetric(float64(kb)/1024, "peak-RSS-MiB")
	}
}

// 100,000 statements in 10,000 files, 100 of them in conflict.
func BenchmarkCheck100k(b *testing.B) {
	benchmarkCheck(b, corpus.Spec{Entities: 10_000, Statements: 10, Conflicts: 100})
}

// 1,000,000 statements in 100,000 files, 1,000 of them in conflict.
func BenchmarkCheck1M(b *testing.B) {
	benchmarkCheck(b, corpus.Spec{Entities: 100_000, Statements: 10, Conflicts: 1000})
}

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
