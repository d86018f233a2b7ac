package diagram_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/diagram"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/render"
)

// writeFacts writes one company per file under dir/companies, and the
// source every statement cites. stmts[i] is company i's statements.
func writeFacts(t testing.TB, dir string, stmts []string) {
	t.Helper()
	for _, sub := range []string{"companies", "sources"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "sources", "s.yaml"), []byte("id: s\ntype: Source\nlabel: Source\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, s := range stmts {
		text := fmt.Sprintf("id: c%d\ntype: Company\nlabel: Company %d\n", i, i)
		if s != "" {
			text += "statements:\n" + s
		}
		if err := os.WriteFile(filepath.Join(dir, "companies", fmt.Sprintf("c%d.yaml", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// complete is the complete graph of n companies: each pair competes from
// 2000, a statement each, so there are n(n-1)/2 edges.
func complete(t testing.TB, n int) *graph.Graph {
	t.Helper()
	stmts := make([]string, n)
	for i := range n {
		var b strings.Builder
		for j := i + 1; j < n; j++ {
			fmt.Fprintf(&b, "  - predicate: competesWith\n    object: c%d\n    from: 2000\n    sources: [s]\n", j)
		}
		stmts[i] = b.String()
	}
	dir := t.TempDir()
	writeFacts(t, dir, stmts)
	return load(t, dir)
}

// randomDense is a random digraph of n companies and about m edges, the
// same for the same arguments: an ownership tree (each company but the
// first owned by an earlier one, until 2010 for every fifth), and
// random stakes and partnerships, a quarter of them ended.
func randomDense(t testing.TB, n, m int) *graph.Graph {
	t.Helper()
	rng := rand.New(rand.NewPCG(uint64(n), uint64(m)))
	stmts := make([]string, n)
	type pair struct{ a, b int }
	seen := map[pair]bool{}
	add := func(i int, format string, args ...any) { stmts[i] += fmt.Sprintf(format, args...) }
	for i := 1; i < n; i++ {
		owner := rng.IntN(i)
		seen[pair{i, owner}], seen[pair{owner, i}] = true, true
		if i%5 == 0 {
			add(i, "  - predicate: ownedBy\n    object: c%d\n    from: 2000\n    to: 2010\n    sources: [s]\n", owner)
		} else {
			add(i, "  - predicate: ownedBy\n    object: c%d\n    sources: [s]\n", owner)
		}
	}
	for edges := n - 1; edges < m; {
		a, b := rng.IntN(n), rng.IntN(n)
		if a == b || seen[pair{a, b}] || seen[pair{b, a}] {
			continue
		}
		seen[pair{a, b}] = true
		edges++
		dates := ""
		if rng.IntN(4) == 0 {
			dates = "    from: 2001\n    to: 2012\n"
		}
		if rng.IntN(3) == 0 {
			add(a, "  - predicate: partnerOf\n    object: c%d\n%s    sources: [s]\n", b, dates)
		} else {
			add(a, "  - predicate: holdsStakeIn\n    object: c%d\n%s    sources: [s]\n", b, dates)
		}
	}
	dir := t.TempDir()
	writeFacts(t, dir, stmts)
	return load(t, dir)
}

// jobsOf runs Files on g with a renderer that records the jobs and
// answers each with an empty SVG, and returns the files, the jobs by SVG
// name and the notices.
func jobsOf(t *testing.T, g *graph.Graph, at ...date.Date) (map[string][]byte, map[string]render.Job, []string) {
	t.Helper()
	jobs := map[string]render.Job{}
	fake := rendererFunc(func(_ context.Context, js []render.Job) ([][]byte, error) {
		for _, j := range js {
			jobs[j.Name] = j
		}
		return make([][]byte, len(js)), nil
	})
	var notices []string
	fs, err := diagram.Files(context.Background(), g, diagram.Options{At: at, Renderer: fake, Notice: func(m string) { notices = append(notices, m) }})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range fs {
		files[f.Path] = f.Data
	}
	return files, jobs, notices
}

// TestDenseGraphIsDrawnBounded: the complete graph of 141 nodes, which
// passes check and which the renderer cannot lay out whole, is drawn
// with EdgeBudget edges, says so in a notice and on the drawing, and
// keeps every edge in graph.dot.
// invisible marks the legend's edges, which only order its cells.
const invisible = `[style="invis"]`

// drawnEdges counts the edges of DOT written one a line, the legend's
// invisible ones aside.
func drawnEdges(dot []byte) int {
	n := 0
	for line := range strings.Lines(string(dot)) {
		if strings.Contains(line, " -> ") && !strings.Contains(line, invisible) {
			n++
		}
	}
	return n
}

func TestDenseGraphIsDrawnBounded(t *testing.T) {
	const n = 141
	g := complete(t, n)
	all := n * (n - 1) / 2
	d := mustDate(t, "2020")
	files, jobs, notices := jobsOf(t, g, d)
	budget := diagram.EdgeBudget(n)
	if budget >= all {
		t.Fatalf("the budget of %d edges does not bound K%d", budget, n)
	}
	for _, name := range []string{"graph", "graph-2020"} {
		if got := drawnEdges(files[name+".dot"]); got != all {
			t.Errorf("%s.dot has %d edges, want all %d", name, got, all)
		}
		job, ok := jobs[name+".svg"]
		if !ok {
			t.Fatalf("%s.svg not rendered", name)
		}
		if got := drawnEdges(job.DOT); got != budget || job.Edges != budget {
			t.Errorf("%s.svg draws %d edges (counted %d), want %d", name, got, job.Edges, budget)
		}
		msg := fmt.Sprintf("drew %d of %d edges (too dense to lay out): %s.dot has them all", budget, all, name)
		if !slices.Contains(notices, name+".svg: "+msg) {
			t.Errorf("no notice %q in %q", name+".svg: "+msg, notices)
		}
		if !strings.Contains(string(job.DOT), `"More" [shape="plaintext", style="solid", fontcolor="#8c8c8c", label="`+msg+`"`) {
			t.Errorf("%s.svg does not say what it left out", name)
		}
		if err := render.CheckDOT(job.DOT); err != nil {
			t.Errorf("%s.svg: %v", name, err)
		}
		// Every node keeps its strongest edges: at least EdgesPerNode
		// each, since the budget allows it.
		degree := map[string]int{}
		for _, line := range strings.Split(string(job.DOT), "\n") {
			if from, to, ok := strings.Cut(strings.TrimSpace(line), " -> "); ok && !strings.Contains(line, invisible) {
				degree[from]++
				degree[strings.Fields(to)[0]]++
			}
		}
		if len(degree) != n {
			t.Errorf("%s.svg: %d nodes have an edge, want all %d", name, len(degree), n)
		}
		for node, k := range degree {
			if k < diagram.EdgesPerNode {
				t.Errorf("%s.svg: node %s keeps %d edges, want at least %d", name, node, k, diagram.EdgesPerNode)
			}
		}
	}
	if len(notices) != 2 {
		t.Errorf("notices %q, want one for each graph", notices)
	}

	// The same input gives the same bytes, loaded again or not.
	again, againJobs, _ := jobsOf(t, complete(t, n), d)
	for name, data := range files {
		if !bytes.Equal(data, again[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	for name, j := range jobs {
		if !bytes.Equal(j.DOT, againJobs[name].DOT) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// TestSparseGraphIsDrawnWhole: below the budget, the SVG is drawn from
// graph.dot itself, and nothing is said.
func TestSparseGraphIsDrawnWhole(t *testing.T) {
	for _, tc := range []struct {
		name string
		g    *graph.Graph
	}{
		{"shipped", load(t, "../../facts")},
		// A random graph of exactly the budget.
		{"random-100x400", randomDense(t, 100, diagram.EdgeBudget(100))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files, jobs, notices := jobsOf(t, tc.g)
			if len(notices) > 0 {
				t.Errorf("notices %q", notices)
			}
			if !bytes.Equal(jobs["graph.svg"].DOT, files["graph.dot"]) {
				t.Error("graph.svg is not drawn from graph.dot")
			}
		})
	}
}

// TestDenseGraphRenders lays out the bounded view of K141 with the real
// renderer, which could not lay out the whole graph within its memory
// limit.
func TestDenseGraphRenders(t *testing.T) {
	if testing.Short() {
		t.Skip("renders a dense graph")
	}
	out := files(t, complete(t, 141))
	if _, ok := out["graph.svg"]; !ok {
		t.Error("no graph.svg")
	}
}

// TestBoundedSelection: a random dense digraph keeps an edge at every
// node, all of its current ownership edges (functional, so strongest)
// and exactly the budget.
func TestBoundedSelection(t *testing.T) {
	const n = 200
	g := randomDense(t, n, 4000)
	_, jobs, notices := jobsOf(t, g)
	job := jobs["graph.svg"]
	if len(notices) != 1 || job.Edges != diagram.EdgeBudget(n) {
		t.Fatalf("%d edges drawn, notices %q", job.Edges, notices)
	}
	dot := string(job.DOT)
	for _, e := range g.Entities {
		if e.ID() != "s" && !strings.Contains(dot, `"`+e.ID()+`" ->`) && !strings.Contains(dot, `-> "`+e.ID()+`"`) {
			t.Errorf("%s has no edge drawn", e.ID())
		}
	}
	for _, c := range g.Claims {
		if c.Predicate.Name == "ownedBy" && g.Current(c) && !strings.Contains(dot, `"`+c.Subject.ID()+`" -> "`+c.Object.ID()+`" [label="owned by`) {
			t.Errorf("%s owned by %s is not drawn", c.Subject.ID(), c.Object.ID())
		}
	}
}
