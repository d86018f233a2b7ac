package check

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/vocab"
)

// The large cases: fact bases in which thousands of statements repeat or
// contradict each other. Compared pair by pair they made millions of
// findings (ten thousand identical statements ran out of memory); as
// groups each is one finding, or one per run of time, whose size does
// not grow with the input. Each case says what the check must report and
// bounds the memory the whole check allocates. Time is measured by the
// benchmarks, never asserted: tests share the machine.

// factBase writes fact files: entity id -> the body after the id line.
type factBase map[string]string

func (fb factBase) write(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	for id, body := range fb {
		if err := os.WriteFile(filepath.Join(dir, id+".yaml"), []byte("id: "+id+"\n"+body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func company(id string, statements ...string) string {
	return "type: Company\nlabel: " + id + "\n" + statementList(statements)
}

func statementList(statements []string) string {
	if len(statements) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("statements:\n")
	for _, s := range statements {
		b.WriteString("  - " + strings.ReplaceAll(s, "; ", "\n    ") + "\n    sources: [src]\n")
	}
	return b.String()
}

// repeat makes n statements from f.
func repeat(n int, f func(i int) string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

// day is the i-th day from 1900-01-01, written at day precision.
func day(i int) string {
	return date.OfDay(date.Daynum(i) + (date.Date{Year: 1900, Month: 1, Day: 1, Prec: date.Day}).First()).String()
}

// base is what every large case starts from: a source and two companies.
func base() factBase {
	return factBase{
		"src":   "type: Source\nlabel: a source\n",
		"owner": "type: Company\nlabel: owner\n",
		"other": "type: Company\nlabel: other\n",
	}
}

// entities adds n companies named prefix-0000... with their label.
func (fb factBase) entities(n int, prefix, label string, statements func(i int) []string) factBase {
	for i := range n {
		id := fmt.Sprintf("%s-%05d", prefix, i)
		l := label
		if l == "" {
			l = id
		}
		var st []string
		if statements != nil {
			st = statements(i)
		}
		fb[id] = "type: Company\nlabel: " + l + "\n" + statementList(st)
	}
	return fb
}

type largeCase struct {
	name  string
	files func() factBase
	// findings: how many findings of each rule, and nothing else.
	findings map[string]int
	// message: a regexp every finding of the first rule in want matches.
	rule, message string
	// more: the count in "(and N more ...)" of the first finding of rule;
	// 0 when the finding lists every member.
	more int
}

var largeCases = []largeCase{
	{
		name: "identical-statements",
		files: func() factBase {
			fb := base()
			fb["x"] = company("x", repeat(10_000, func(int) string { return "predicate: ownedBy; object: owner" })...)
			return fb
		},
		findings: map[string]int{"duplicate-statement": 1},
		rule:     "duplicate-statement", message: `^x ownedBy owner is stated 10000 times \(all undated\)`, more: 9979,
	},
	{
		name: "founded-dates",
		files: func() factBase {
			fb := base()
			fb["x"] = company("x", repeat(2000, func(i int) string { return "predicate: founded; value: " + day(i) })...)
			return fb
		},
		findings: map[string]int{"literal-conflict": 1},
		rule:     "literal-conflict", message: `^x founded has 2000 values, among them "1900-01-01" .* and "1900-01-02"`, more: 1979,
	},
	{
		name: "owners-at-once",
		files: func() factBase {
			fb := base().entities(2000, "c", "", nil)
			fb["x"] = company("x", repeat(2000, func(i int) string { return fmt.Sprintf("predicate: ownedBy; object: c-%05d", i) })...)
			return fb
		},
		findings: map[string]int{"functional-conflict": 1},
		rule:     "functional-conflict", message: `^x ownedBy has 2000 values at once, among them "c-00000" .* and "c-01999" .*, now`, more: 1979,
	},
	{
		name: "tiny-stakes",
		files: func() factBase {
			// 0.06% each, from successive days: the total passes 100.5%
			// with the 1676th stake and reaches 120%.
			fb := base().entities(2000, "h", "", nil)
			fb["x"] = company("x", repeat(2000, func(i int) string {
				return fmt.Sprintf("predicate: hasShareholder; object: h-%05d; share: 0.06; from: %s", i, day(i))
			})...)
			return fb
		},
		findings: map[string]int{"share-sum": 1},
		rule:     "share-sum", message: `^shares held in x add up to 120%, more than 100%, between 1904-08-03 and now: h-00000 0.06%, h-00001 0.06%, .* and 1995 more stakes`, more: 1979,
	},
	{
		name: "same-name-in-other-files",
		files: func() factBase {
			return base().entities(1000, "acme", "Acme", nil)
		},
		findings: map[string]int{"alias-collision": 1},
		rule:     "alias-collision", message: `^"acme-00001", "acme-00000", "acme-00002" and 997 more are all called "acme"`, more: 979,
	},
	{
		name: "duplicates-from-both-sides",
		files: func() factBase {
			fb := base()
			fb["x"] = company("x", repeat(5000, func(int) string { return "predicate: ownedBy; object: owner; from: 2014" })...)
			fb["owner"] = company("owner", repeat(5000, func(int) string { return "predicate: owns; object: x; from: 2014-10" })...)
			return fb
		},
		findings: map[string]int{"duplicate-statement": 1},
		rule:     "duplicate-statement", message: `^x ownedBy owner is stated 10000 times \(from 2014 and from 2014-10\)`, more: 9979,
	},
	{
		name: "mismatched-dates",
		files: func() factBase {
			fb := base()
			fb["x"] = company("x", repeat(10_000, func(i int) string { return "predicate: ownedBy; object: owner; from: " + day(i) })...)
			return fb
		},
		findings: map[string]int{"interval-mismatch": 1},
		rule:     "interval-mismatch", message: `^x ownedBy owner is stated 10000 times with dates that differ and overlap between 1900-01-02 and now, from 1900-01-01 and from 1900-01-02 among them`, more: 9979,
	},
	{
		name: "both-directions",
		files: func() factBase {
			fb := base()
			fb["x"] = company("x", repeat(5000, func(int) string { return "predicate: subsidiaryOf; object: owner" })...)
			fb["owner"] = company("owner", repeat(5000, func(int) string { return "predicate: subsidiaryOf; object: x" })...)
			return fb
		},
		findings: map[string]int{"asymmetric": 1, "duplicate-statement": 2},
		rule:     "asymmetric", message: `^owner subsidiaryOf x and x subsidiaryOf owner both hold now`, more: 9979,
	},
	{
		name: "stake-figures",
		files: func() factBase {
			fb := base()
			fb["x"] = company("x", repeat(10_000, func(i int) string {
				return fmt.Sprintf("predicate: holdsStakeIn; object: owner; share: %d.%03d", i/1000, i%1000)
			})...)
			return fb
		},
		findings: map[string]int{"share-conflict": 1},
		rule:     "share-conflict", message: `^x holdsStakeIn owner with 10000 different shares at once, among them 0\.000% and 9\.999%, now`, more: 9979,
	},
	{
		name: "ownership-ring",
		files: func() factBase {
			// Each edge starts on a day of its own, the last one closing
			// the loop: a thousand instants, each searched from its edge.
			return base().entities(1000, "r", "", func(i int) []string {
				return []string{fmt.Sprintf("predicate: ownedBy; object: r-%05d; from: %s", (i+1)%1000, day(1000-i))}
			})
		},
		findings: map[string]int{"cycle": 1},
		rule:     "cycle", message: `^cycle of ownedBy: r-00000 → r-00001 → .* → r-00010 → … → r-00000 \(a loop of 1000 edges\), all holding between 1902-09-28 and now`, more: 979,
	},
	{
		name: "ring-with-an-ended-edge",
		files: func() factBase {
			// The loop never holds at one instant: the search must see that
			// without a walk round it from each edge.
			return base().entities(1000, "r", "", func(i int) []string {
				s := fmt.Sprintf("predicate: ownedBy; object: r-%05d", (i+1)%1000)
				if i == 500 {
					s += "; from: 2000; to: 2001"
				}
				return []string{s}
			})
		},
		findings: map[string]int{},
	},
	{
		name: "one-owner-across-many-runs",
		files: func() factBase {
			// 5000 statements of one owner span 5000 short, separate
			// conflicts with another: each conflict is a run of its own
			// and lists the 5001 claims holding during it, which must
			// cost a query each, not a copy of the list.
			fb := base()
			st := repeat(5000, func(int) string { return "predicate: ownedBy; object: owner; from: 1800" })
			st = append(st, repeat(5000, func(i int) string { return "predicate: ownedBy; object: other; at: " + day(2*i) })...)
			fb["x"] = company("x", st...)
			return fb
		},
		findings: map[string]int{"functional-conflict": 5000, "duplicate-statement": 1},
		rule:     "functional-conflict", message: `^x ownedBy has two values at once, "other" \(in 1900-01-01, .*\) and "owner" \(from 1800, .*\), in 1900-01-01; end the claim for "owner" with to: 1900-01-01`, more: 4980,
	},
}

var moreRE = regexp.MustCompile(`\(and (\d+) more (statements|entities), not listed\)$`)

func runLarge(tb testing.TB, v *vocab.Vocab, dir string) *Result {
	res, err := RunWith(v, Options{Base: dir, Dirs: []string{"."}, Limits: fact.DefaultLimits})
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// largeAllocLimit bounds what one large case's whole check allocates.
const largeAllocLimit = 200 << 20

func TestLargeCases(t *testing.T) {
	v, _, err := vocab.Load(schemaDir, "schema")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range largeCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.files().write(t)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			res := runLarge(t, v, dir)
			runtime.ReadMemStats(&after)
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > largeAllocLimit {
				t.Errorf("the check allocated %d MB, more than %d MB", alloc>>20, largeAllocLimit>>20)
			}
			t.Logf("the check allocated %d MB", (after.TotalAlloc-before.TotalAlloc)>>20)
			got := map[string]int{}
			first := true
			for _, f := range res.Findings {
				got[f.Rule]++
				if f.Rule != tc.rule || !first {
					continue
				}
				first = false
				if !regexp.MustCompile(tc.message).MatchString(f.Message) {
					t.Errorf("message %q does not match %q", f.Message, tc.message)
				}
				more := 0
				if m := moreRE.FindStringSubmatch(f.Message); m != nil {
					fmt.Sscan(m[1], &more)
				}
				if more != tc.more {
					t.Errorf("the finding counts %d more members, want %d: %s", more, tc.more, f.Message)
				}
				if wantRelated := min(MaxRelated, 1+tc.more+MaxRelated); len(f.Related) != wantRelated && tc.more > 0 {
					t.Errorf("the finding lists %d related locations, want %d", len(f.Related), wantRelated)
				}
			}
			for rule, n := range tc.findings {
				if got[rule] != n {
					t.Errorf("%d %s findings, want %d", got[rule], rule, n)
				}
			}
			for rule, n := range got {
				if _, ok := tc.findings[rule]; !ok {
					t.Errorf("%d unexpected %s findings, e.g. %s", n, rule, firstOf(res, rule))
				}
			}
		})
	}
}

func firstOf(res *Result, rule string) string {
	for _, f := range res.Findings {
		if f.Rule == rule {
			return f.String()
		}
	}
	return ""
}

// BenchmarkLarge times the whole check of each large case: go test
// ./internal/check -run '^$' -bench Large.
func BenchmarkLarge(b *testing.B) {
	v, _, err := vocab.Load(schemaDir, "schema")
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range largeCases {
		b.Run(tc.name, func(b *testing.B) {
			dir := tc.files().write(b)
			cpu := cpuTime()
			for b.Loop() {
				runLarge(b, v, dir)
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkLargeRules times only the rules (Analyze) on each large case,
// loaded once: the part of the check that used to grow with the square
// of the claims, apart from reading and parsing files.
func BenchmarkLargeRules(b *testing.B) {
	v, _, err := vocab.Load(schemaDir, "schema")
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range largeCases {
		b.Run(tc.name, func(b *testing.B) {
			res := runLarge(b, v, tc.files().write(b))
			cpu := cpuTime()
			for b.Loop() {
				Analyze(res.Graph)
			}
			reportCPU(b, cpu)
		})
	}
}

// reportCPU reports the processor time per operation since start, which
// the machine's other work hardly changes, beside the elapsed ns/op.
func reportCPU(b *testing.B, start time.Duration) {
	if d := cpuTime() - start; d > 0 {
		b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// TestManyDuplicateIDs: one id declared by 2,000 files gives a finding on
// each (the annotation lands on the file a pull request added), each
// naming at most 20 others, so the output grows linearly.
func TestManyDuplicateIDs(t *testing.T) {
	dir := t.TempDir()
	const n = 2000
	for i := range n {
		p := filepath.Join(dir, fmt.Sprintf("d%04d", i), "dupe.yaml")
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("id: dupe\ntype: Company\nlabel: Dupe\n"), 0o644)
	}
	v, _, err := vocab.Load(schemaDir, "schema")
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res := runLarge(t, v, dir)
	runtime.ReadMemStats(&after)
	count := 0
	for _, f := range res.Findings {
		if f.Rule != "duplicate-id" {
			continue
		}
		count++
		if len(f.Related) > 20 || !strings.Contains(f.Message, fmt.Sprintf("and %d more files", n-1-20)) {
			t.Fatalf("finding %s has %d related locations", f, len(f.Related))
		}
	}
	if count != n {
		t.Errorf("%d duplicate-id findings, want %d", count, n)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 200<<20 {
		t.Errorf("the check allocated %d MB", got>>20)
	}
}
