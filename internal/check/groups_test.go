package check

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/graph"
)

// The group rules must find what comparing every pair would find: these
// tests draw many small random sets of claims, compare each pair the
// slow way, and check the groups against the pairs.

// randomDate draws from a few years at every precision, so that granules
// nest, touch and overlap.
func randomDate(r *rand.Rand) date.Date {
	d := date.Date{Year: int16(2000 + r.IntN(3)), Prec: date.Year}
	if r.IntN(2) == 0 {
		d.Month, d.Prec = uint8(1+r.IntN(12)), date.Month
		if r.IntN(2) == 0 {
			d.Day, d.Prec = uint8(1+r.IntN(28)), date.Day
		}
	}
	return d
}

// randomInterval draws every shape NewInterval reads: undated, from, to,
// from and to (sometimes reversed), and at.
func randomInterval(r *rand.Rand) graph.Interval {
	switch r.IntN(6) {
	case 0:
		return graph.NewInterval(date.Date{}, date.Date{}, date.Date{})
	case 1:
		return graph.NewInterval(randomDate(r), date.Date{}, date.Date{})
	case 2:
		return graph.NewInterval(date.Date{}, randomDate(r), date.Date{})
	case 3:
		return graph.NewInterval(randomDate(r), randomDate(r), date.Date{})
	}
	return graph.NewInterval(date.Date{}, date.Date{}, randomDate(r))
}

func testClaim(i int, iv graph.Interval) *graph.Claim {
	e := &graph.Entity{Entity: &fact.Entity{ID: fact.Text{Value: "s"}, File: "s.yaml"}}
	return &graph.Claim{Subject: e, Interval: iv, Stmt: &fact.Statement{Subject: e.Entity, Loc: fact.Loc{Line: int32(i + 1), Col: 1}}}
}

func TestGroupsMatchPairs(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 4000 {
		n := 2 + r.IntN(9)
		timedSet := trial%4 != 0
		nested := trial%3 == 0 // dates as values, which nest
		cs := make([]*graph.Claim, n)
		vals := make([]vec, n)
		for i := range cs {
			cs[i] = testClaim(i, randomInterval(r))
			if nested {
				vals[i][0] = granule(randomDate(r))
			} else {
				k := int64(r.IntN(3))
				vals[i][0] = span{k, k + 1}
			}
		}
		conflicts := func(i, j int) bool {
			return vals[i].disagrees(vals[j]) && (!timedSet || cs[i].Interval.Overlaps(cs[j].Interval))
		}
		inPair := make([]bool, n)
		any := false
		for i := range n {
			for j := i + 1; j < n; j++ {
				if conflicts(i, j) {
					inPair[i], inPair[j], any = true, true, true
				}
			}
		}
		gs := rivals{claims: cs, vals: vals, timed: timedSet}.groups()
		desc := func() string {
			s := fmt.Sprintf("trial %d, timed %v, nested %v:", trial, timedSet, nested)
			for i, c := range cs {
				s += fmt.Sprintf("\n  %d: %s %v core [%d, %d)", i, c.Interval, vals[i][0], c.Interval.MaxS, c.Interval.MinE)
			}
			return s
		}
		if any != (len(gs) > 0) {
			t.Fatalf("%s\npairs conflict: %v, groups: %d", desc(), any, len(gs))
		}
		member := make([]bool, n)
		for _, g := range gs {
			if len(g.first) != g.size {
				t.Fatalf("%s\ngroup lists %d of %d members", desc(), len(g.first), g.size)
			}
			ia, ib := slices.Index(cs, g.a), slices.Index(cs, g.b)
			if ia >= ib || !conflicts(ia, ib) {
				t.Fatalf("%s\nwitnesses %d and %d do not conflict", desc(), ia, ib)
			}
			for k, c := range g.first {
				i := slices.Index(cs, c)
				if k > 0 && slices.Index(cs, g.first[k-1]) >= i {
					t.Fatalf("%s\nmembers out of order", desc())
				}
				member[i] = true
				// With values that never nest, every member of a group is
				// in a conflicting pair.
				if !nested && !inPair[i] {
					t.Fatalf("%s\nmember %d conflicts with nothing", desc(), i)
				}
			}
		}
		for i := range n {
			if inPair[i] && !member[i] {
				t.Fatalf("%s\nclaim %d conflicts but is in no group", desc(), i)
			}
		}
	}
}

func TestCompatibleSetsMatchPairs(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 3000 {
		n := 2 + r.IntN(10)
		cs := make([]*graph.Claim, n)
		shape := r.IntN(5)
		for i := range cs {
			var iv graph.Interval
			switch (shape + r.IntN(2)*r.IntN(5)) % 5 {
			case 0:
				iv = graph.NewInterval(randomDate(r), date.Date{}, date.Date{})
			case 1:
				iv = graph.NewInterval(date.Date{}, randomDate(r), date.Date{})
			case 2:
				iv = graph.NewInterval(randomDate(r), randomDate(r), date.Date{})
			case 3:
				iv = graph.NewInterval(date.Date{}, date.Date{}, randomDate(r))
			default:
				iv = graph.NewInterval(date.Date{}, date.Date{}, date.Date{})
			}
			cs[i] = testClaim(i, iv)
		}
		uf := newUnionFind(n)
		for i := range n {
			for j := i + 1; j < n; j++ {
				if cs[i].Interval.Compatible(cs[j].Interval) {
					uf.union(i, j)
				}
			}
		}
		var want [][]*graph.Claim
		at := map[int]int{}
		for i, c := range cs {
			root := uf.find(i)
			k, ok := at[root]
			if !ok {
				k = len(want)
				at[root] = k
				want = append(want, nil)
			}
			want[k] = append(want[k], c)
		}
		got := compatibleSets(cs)
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("trial %d: compatibleSets gives %d sets, pairs give %d", trial, len(got), len(want))
		}
	}
}

// TestGroupMembers checks the cover index on sets larger than a finding
// lists: each group's size and first members against the definition,
// computed claim by claim.
func TestGroupMembers(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for trial := range 400 {
		n := 20 + r.IntN(60)
		cs := make([]*graph.Claim, n)
		vals := make([]vec, n)
		for i := range cs {
			cs[i] = testClaim(i, randomInterval(r))
			k := int64(r.IntN(2 + trial%3))
			vals[i][0] = span{k, k + 1}
		}
		gs := rivals{claims: cs, vals: vals, timed: true}.groups()
		var runs []group
		for _, g := range gs {
			if !g.virtual {
				runs = append(runs, g)
			}
		}
		weakConflicts := func(i int) bool {
			for j := range n {
				if vals[i].disagrees(vals[j]) && cs[i].Interval.Overlaps(cs[j].Interval) {
					return true
				}
			}
			return false
		}
		for _, g := range gs {
			var want []*graph.Claim
			for i, c := range cs {
				lo, hi := c.Interval.Core()
				if lo < hi {
					if g.virtual && lo <= g.lo && hi >= g.hi || !g.virtual && lo < g.hi && hi > g.lo {
						want = append(want, c)
					}
					continue
				}
				needLo, needHi := hi-1, lo+1
				if !weakConflicts(i) {
					continue
				}
				inRun := slices.ContainsFunc(runs, func(r group) bool { return r.lo <= needLo && needHi <= r.hi })
				if g.virtual && !inRun && needLo == g.lo && needHi == g.hi || !g.virtual && g.lo <= needLo && needHi <= g.hi {
					want = append(want, c)
				}
			}
			if g.size != len(want) || !slices.Equal(g.first, want[:min(len(want), MaxRelated+1)]) {
				t.Fatalf("trial %d: group [%d, %d) virtual %v has %d members, want %d", trial, g.lo, g.hi, g.virtual, g.size, len(want))
			}
		}
	}
}

// TestCycleSearchMatchesInstants checks the cycle search against trying
// every instant: a component has a cycle whose edges all hold at once
// exactly when some instant's holding edges contain one.
func TestCycleSearchMatchesInstants(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for trial := range 3000 {
		skipPairs := trial%2 == 0
		nodes := 2 + r.IntN(5)
		es := make([]*graph.Entity, nodes)
		for i := range es {
			es[i] = &graph.Entity{Entity: &fact.Entity{ID: fact.Text{Value: fmt.Sprintf("n%d", i)}, File: "n.yaml"}}
		}
		var edges []*graph.Claim
		for i := range 2 + r.IntN(12) {
			c := testClaim(i, randomInterval(r))
			c.Subject, c.Object = es[r.IntN(nodes)], es[r.IntN(nodes)]
			if c.Subject == c.Object && r.IntN(3) > 0 {
				continue
			}
			edges = append(edges, c)
		}
		if len(edges) == 0 {
			continue
		}
		budget := cycleBudget
		cg := newCycleGraph(edges)
		for _, comp := range cg.components(&budget) {
			got := cg.search(comp, skipPairs, &budget)
			want := false
			for _, e := range comp {
				lo, hi := cg.lo[e], cg.hi[e]
				if lo >= hi {
					continue
				}
				var at []int32
				for _, f := range comp {
					if cg.lo[f] <= lo && lo < cg.hi[f] {
						at = append(at, f)
					}
				}
				want = want || hasSimpleCycle(cg, at, skipPairs)
			}
			if (got != nil) != want {
				t.Fatalf("trial %d (skipPairs %v): search found %v, instants say %v", trial, skipPairs, got != nil, want)
			}
			if got == nil {
				continue
			}
			var lo, hi date.Daynum = graph.Before, graph.Open + 1
			for i, c := range got {
				if c.Object != got[(i+1)%len(got)].Subject {
					t.Fatalf("trial %d: %v is not a cycle", trial, got)
				}
				l, h := c.Interval.Core()
				lo, hi = max(lo, l), min(hi, h)
			}
			if lo >= hi || skipPairs && len(got) == 2 {
				t.Fatalf("trial %d: cycle %v does not hold at one instant, or is a pair", trial, got)
			}
		}
	}
}

// hasSimpleCycle tries every path from every node (the graphs are tiny).
func hasSimpleCycle(cg *cycleGraph, edges []int32, skipPairs bool) bool {
	var walk func(start, n int32, seen map[int32]bool, length int) bool
	walk = func(start, n int32, seen map[int32]bool, length int) bool {
		for _, e := range edges {
			if cg.from[e] != n {
				continue
			}
			m := cg.to[e]
			if m == start && (!skipPairs || length+1 != 2) {
				return true
			}
			if !seen[m] {
				seen[m] = true
				if walk(start, m, seen, length+1) {
					return true
				}
				delete(seen, m)
			}
		}
		return false
	}
	for _, e := range edges {
		if walk(cg.from[e], cg.from[e], map[int32]bool{cg.from[e]: true}, 0) {
			return true
		}
	}
	return false
}

// TestCycleBudget checks that the search stops when its budget is spent,
// reporting nothing it has not found, and finds the loop given enough.
func TestCycleBudget(t *testing.T) {
	const n = 50
	es := make([]*graph.Entity, n)
	for i := range es {
		es[i] = &graph.Entity{Entity: &fact.Entity{ID: fact.Text{Value: fmt.Sprintf("n%02d", i)}, File: "n.yaml"}}
	}
	var edges []*graph.Claim
	for i := range n {
		c := testClaim(i, graph.NewInterval(date.Date{}, date.Date{}, date.Date{}))
		c.Subject, c.Object = es[i], es[(i+1)%n]
		edges = append(edges, c)
	}
	for _, tc := range []struct {
		name   string
		budget int
		found  bool
	}{
		{"spent", 60, false},
		{"enough", cycleBudget, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			budget := tc.budget
			cg := newCycleGraph(edges)
			comps := cg.components(&budget)
			if len(comps) != 1 {
				t.Fatalf("%d components, want 1", len(comps))
			}
			got := cg.search(comps[0], false, &budget)
			if (got != nil) != tc.found || len(got) != 0 && len(got) != n {
				t.Errorf("found %d edges, want a loop: %v", len(got), tc.found)
			}
		})
	}
}
