package check

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.mau.fi/util/confusable"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/vocab"
)

// cycleBudget bounds the edge visits of cycle's searches in one check.
// Finding the components is linear; what can grow with the square of the
// edges is the search inside a component that has no cycle at any
// instant yet changes at many instants (thousands of edges starting at
// different days around one long-lived loop that one ended edge keeps
// open). Past the budget the rule stops searching, so a component it has
// not reached is not reported; twenty million visits take well under a
// second, far more than any fact base of people's writing needs.
const cycleBudget = 20_000_000

// cycle reports cycles of acyclic predicates, one finding per strongly
// connected component. It first finds the components of each predicate's
// edges, ignoring time (linear, Tarjan); only inside one can a cycle
// exist. A cycle is reported when all its edges hold at a common instant
// in every reading. A cycle holds at some instant exactly when it holds
// at the start of the core of its latest-starting edge, so the search
// walks the starts in time order and, at each, looks only for cycles
// through the edges that start there: a path back from the new edge's
// object to its subject over the edges holding then. When many edges
// start at once, the components of the graph holding then first say
// which of them can close a loop at all.
func cycle(p *Pass) {
	byPredicate := map[*vocab.Predicate][]*graph.Claim{}
	for _, c := range p.Graph.Claims {
		pr := c.Predicate
		if !pr.Acyclic || c.Rank == fact.Deprecated || c.Object == nil {
			continue
		}
		if c.Object == c.Subject && pr.Irreflexive {
			continue // reported by irreflexive
		}
		byPredicate[pr] = append(byPredicate[pr], c)
	}
	budget := cycleBudget
	for _, pr := range p.Graph.Vocab.Predicates {
		edges := byPredicate[pr]
		if len(edges) == 0 {
			continue
		}
		cg := newCycleGraph(edges)
		for _, comp := range cg.components(&budget) {
			// Pairs of an asymmetric predicate are the asymmetric rule's
			// to report; the search looks past them.
			cyc := cg.search(comp, pr.Asymmetric, &budget)
			if cyc == nil {
				continue
			}
			p.Report(fmt.Sprintf("cycle of %s: %s, all holding %s; %s is acyclic, so end or deprecate the claim that is wrong",
				pr.Name, loopText(cyc), window(cyc...), pr.Name), sortedClaims(cyc)...)
		}
	}
}

func sortedClaims(cs []*graph.Claim) []*graph.Claim {
	s := slices.Clone(cs)
	slices.SortFunc(s, graph.Compare)
	return s
}

// loopText writes a cycle as a path, "a → b → c → a", at most a dozen
// entities of it.
func loopText(cyc []*graph.Claim) string {
	path := []string{cyc[0].Subject.ID()}
	for i, c := range cyc {
		if i == 10 && len(cyc) > 12 {
			path = append(path, "…", cyc[0].Subject.ID())
			return strings.Join(path, " → ") + fmt.Sprintf(" (a loop of %d edges)", len(cyc))
		}
		path = append(path, c.Object.ID())
	}
	return strings.Join(path, " → ")
}

// cycleGraph is one predicate's edges with entities numbered.
type cycleGraph struct {
	claims   []*graph.Claim // in Compare order
	from, to []int32
	lo, hi   []date.Daynum // cores
	out      [][]int32     // every edge by subject
	nodes    int
	t        tarjan
	paths    *pathSearch
}

func newCycleGraph(edges []*graph.Claim) *cycleGraph {
	cg := &cycleGraph{claims: edges, from: make([]int32, len(edges)), to: make([]int32, len(edges)),
		lo: make([]date.Daynum, len(edges)), hi: make([]date.Daynum, len(edges))}
	id := map[*graph.Entity]int32{}
	node := func(e *graph.Entity) int32 {
		n, ok := id[e]
		if !ok {
			n = int32(len(id))
			id[e] = n
		}
		return n
	}
	for i, c := range edges {
		cg.from[i], cg.to[i] = node(c.Subject), node(c.Object)
		cg.lo[i], cg.hi[i] = c.Interval.Core()
	}
	cg.nodes = len(id)
	cg.out = make([][]int32, cg.nodes)
	for i := range edges {
		cg.out[cg.from[i]] = append(cg.out[cg.from[i]], int32(i))
	}
	cg.t = newTarjan(cg.nodes)
	cg.paths = newPathSearch(cg)
	return cg
}

// components returns the edges inside each strongly connected component
// of the timeless graph, components in the order of their first edge.
func (cg *cycleGraph) components(budget *int) [][]int32 {
	roots := make([]int32, cg.nodes)
	for i := range roots {
		roots[i] = int32(i)
	}
	comp := cg.t.run(roots, func(n int32) []int32 { return cg.out[n] }, cg.to, func(int32) bool { return true }, budget)
	byComp := map[int32]int{}
	var res [][]int32
	for i := range cg.claims {
		k := comp[cg.from[i]]
		if comp[cg.to[i]] != k {
			continue
		}
		j, ok := byComp[k]
		if !ok {
			j = len(res)
			byComp[k] = j
			res = append(res, nil)
		}
		res[j] = append(res[j], int32(i))
	}
	return res
}

// search returns one cycle among a component's edges whose edges all
// hold at one instant, in order along the cycle from its first edge in
// Compare order, or nil. With skipPairs it looks only for cycles of
// three or more edges.
func (cg *cycleGraph) search(comp []int32, skipPairs bool, budget *int) []*graph.Claim {
	var edges []int32
	for _, e := range comp {
		if cg.lo[e] < cg.hi[e] {
			edges = append(edges, e)
		}
	}
	slices.SortStableFunc(edges, func(a, b int32) int { return cmp.Compare(cg.lo[a], cg.lo[b]) })
	out := map[int32][]int32{} // the edges started so far, by subject
	var t date.Daynum
	// holding lists a node's edges that hold at t. Edges that have ended
	// never hold again and are dropped as they are met, so each is passed
	// over once.
	pruned := map[int32]date.Daynum{} // when a node's list was last pruned
	holding := func(n int32) []int32 {
		if at, ok := pruned[n]; ok && at == t {
			return out[n]
		}
		pruned[n] = t
		es := slices.DeleteFunc(out[n], func(e int32) bool { return cg.hi[e] <= t })
		out[n] = es
		return es
	}
	all := func(int32) bool { return true }
	for k := 0; k < len(edges); {
		t = cg.lo[edges[k]]
		j := k
		for ; j < len(edges) && cg.lo[edges[j]] == t; j++ {
			e := edges[j]
			out[cg.from[e]] = append(out[cg.from[e]], e)
		}
		fresh := edges[k:j]
		k = j
		candidates := fresh
		if len(fresh) > 1 {
			// Only an edge inside a component of the graph holding at t
			// can close a loop; the components of what the new edges'
			// objects reach say which.
			heads := make([]int32, len(fresh))
			for i, e := range fresh {
				heads[i] = cg.to[e]
			}
			comp := cg.t.run(heads, holding, cg.to, all, budget)
			candidates = slices.DeleteFunc(slices.Clone(fresh), func(e int32) bool {
				return !cg.t.reached(cg.from[e]) || comp[cg.from[e]] != comp[cg.to[e]]
			})
		}
		// Edges between the same two entities close the same loops: a
		// search that failed for one fails for the others (ten thousand
		// statements of one pair must not mean ten thousand searches).
		tried := map[[2]int32]bool{}
		for _, e := range candidates {
			if *budget <= 0 {
				return nil
			}
			ends := [2]int32{cg.from[e], cg.to[e]}
			if tried[ends] {
				continue
			}
			tried[ends] = true
			if path := cg.paths.find(holding, cg.to[e], cg.from[e], skipPairs, budget); path != nil {
				return cg.rotate(append([]int32{e}, path...))
			}
		}
	}
	return nil
}

// rotate turns a cycle to start at its first edge in Compare order.
func (cg *cycleGraph) rotate(cyc []int32) []*graph.Claim {
	first := 0
	for i, e := range cyc {
		if e < cyc[first] {
			first = i
		}
	}
	out := make([]*graph.Claim, len(cyc))
	for i := range cyc {
		out[i] = cg.claims[cyc[(first+i)%len(cyc)]]
	}
	return out
}

// pathSearch finds paths by breadth-first search, reusing its marks.
type pathSearch struct {
	cg    *cycleGraph
	stamp []int32
	via   []int32 // the edge a node was reached by
	cur   int32
	queue []int32
}

func newPathSearch(cg *cycleGraph) *pathSearch {
	return &pathSearch{cg: cg, stamp: make([]int32, cg.nodes), via: make([]int32, cg.nodes)}
}

// find returns the edges of a shortest path from a to b over the edges
// succ lists, or nil; with skipPairs the path is not the single edge
// a → b. A path from a node to itself is empty but found.
func (s *pathSearch) find(succ func(int32) []int32, a, b int32, skipPairs bool, budget *int) []int32 {
	if a == b {
		return []int32{}
	}
	s.cur++
	s.stamp[a] = s.cur
	s.queue = append(s.queue[:0], a)
	for q := 0; q < len(s.queue); q++ {
		n := s.queue[q]
		for _, e := range succ(n) {
			*budget--
			m := s.cg.to[e]
			if s.stamp[m] == s.cur || (skipPairs && n == a && m == b) {
				continue
			}
			s.stamp[m], s.via[m] = s.cur, e
			if m == b {
				var path []int32
				for x := b; x != a; x = s.cg.from[s.via[x]] {
					path = append(path, s.via[x])
				}
				slices.Reverse(path)
				return path
			}
			s.queue = append(s.queue, m)
		}
		if *budget <= 0 {
			return nil
		}
	}
	return nil
}

// tarjan finds strongly connected components without recursion, reusing
// its arrays across runs.
type tarjan struct {
	index, low, comp []int32
	stamp            []int32
	cur              int32
	onStack          []bool
	stack            []int32
}

func newTarjan(n int) tarjan {
	return tarjan{index: make([]int32, n), low: make([]int32, n), comp: make([]int32, n), stamp: make([]int32, n), onStack: make([]bool, n)}
}

// run numbers the components of the graph reachable from roots through
// the edges succ lists that satisfy ok and returns every node's component
// (valid for the nodes reached).
func (t *tarjan) run(roots []int32, succ func(int32) []int32, to []int32, ok func(int32) bool, budget *int) []int32 {
	t.cur++
	next, ncomp := int32(0), int32(0)
	type frame struct {
		n int32
		i int
	}
	var call []frame
	visit := func(n int32) {
		t.stamp[n] = t.cur
		t.index[n], t.low[n] = next, next
		next++
		t.stack = append(t.stack, n)
		t.onStack[n] = true
		call = append(call, frame{n: n})
	}
	for _, root := range roots {
		if t.stamp[root] == t.cur {
			continue
		}
		visit(root)
		for len(call) > 0 {
			f := &call[len(call)-1]
			if es := succ(f.n); f.i < len(es) {
				e := es[f.i]
				f.i++
				*budget--
				if !ok(e) {
					continue
				}
				w := to[e]
				if t.stamp[w] != t.cur {
					visit(w)
				} else if t.onStack[w] {
					t.low[f.n] = min(t.low[f.n], t.index[w])
				}
				continue
			}
			n := f.n
			call = call[:len(call)-1]
			if len(call) > 0 {
				parent := call[len(call)-1].n
				t.low[parent] = min(t.low[parent], t.low[n])
			}
			if t.low[n] == t.index[n] {
				for {
					w := t.stack[len(t.stack)-1]
					t.stack = t.stack[:len(t.stack)-1]
					t.onStack[w] = false
					t.comp[w] = ncomp
					if w == n {
						break
					}
				}
				ncomp++
			}
		}
	}
	return t.comp
}

// reached reports whether the last run reached n.
func (t *tarjan) reached(n int32) bool { return t.stamp[n] == t.cur }

func lifespan(p *Pass) {
	lives := map[*graph.Entity]graph.Lifespan{}
	for _, e := range p.Graph.Entities {
		l := e.Lifespan()
		lives[e] = l
		if l.Start != nil && l.End != nil && l.Finish.End() <= l.Begin.First() {
			p.Report(fmt.Sprintf("%s ends (%s %s) before it starts (%s %s); correct one of the dates",
				e.ID(), l.End.Predicate.Name, l.Finish, l.Start.Predicate.Name, l.Begin), l.End, l.Start)
		}
	}
	for _, c := range p.Graph.Claims {
		if c.Object == nil || c.Rank == fact.Deprecated {
			continue
		}
		iv := c.Interval
		involved := []*graph.Claim{c}
		if c.Predicate.HoldsAt == vocab.HoldsAtSubjectStart && iv.Undated() {
			// An undated founder statement describes the founding, so it
			// holds when the subject's life starts.
			l := lives[c.Subject]
			if l.Start == nil {
				continue
			}
			iv = graph.NewInterval(date.Date{}, date.Date{}, l.Begin)
			involved = append(involved, l.Start)
		}
		for _, e := range []*graph.Entity{c.Subject, c.Object} {
			l := lives[e]
			if l.Start != nil && iv.MaxS < l.Begin.First() && !slices.Contains(involved, l.Start) {
				p.Report(fmt.Sprintf("%s holds %s, before %s began (%s %s); correct the dates or deprecate the wrong claim",
					c.Triple(), describeTime(c, iv), e.ID(), l.Start.Predicate.Name, l.Begin), append(involved, l.Start)...)
			}
			if l.End != nil && iv.MinE > l.Finish.End() {
				p.Report(fmt.Sprintf("%s holds %s, after %s ended (%s %s); end the claim with to: %s or earlier, or deprecate it",
					c.Triple(), describeTime(c, iv), e.ID(), l.End.Predicate.Name, l.Finish, l.Finish), append(involved, l.End)...)
			}
		}
	}
}

func describeTime(c *graph.Claim, iv graph.Interval) string {
	switch {
	case iv.Undated():
		return "now (it is undated)"
	case c.Interval.Undated():
		return "at the founding (" + iv.At.String() + ")"
	}
	return iv.String()
}

// aliasCollision reports entities that share a name, unless their types
// are disjoint. Names are compared in the form nameKey gives them, which
// sees through compatibility forms, case, invisible characters and
// letters that look alike. Names are grouped with a map and each group
// split by types, not by pairs of entities, so a name shared by ten
// thousand entities costs one pass.
func aliasCollision(p *Pass) {
	fold := cases.Fold()
	type use struct {
		e    *graph.Entity
		pos  finding.Pos
		text string
	}
	byName := map[string][]use{}
	var names []string
	for _, e := range p.Graph.Entities {
		seen := map[string]bool{}
		for _, t := range append([]fact.Text{e.Label}, e.Aliases...) {
			key := nameKey(fold, t.Value)
			if seen[key] {
				continue
			}
			seen[key] = true
			if _, ok := byName[key]; !ok {
				names = append(names, key)
			}
			byName[key] = append(byName[key], use{e, e.Pos(t.Loc), t.Value})
		}
	}
	slices.Sort(names)
	for _, name := range names {
		uses := byName[name]
		if len(uses) < 2 {
			continue
		}
		// One finding per set of entities that may be the same thing:
		// those whose types are not disjoint with the set's first. The
		// split is by type, in the order types first appear.
		var types []*vocab.Type
		for _, u := range uses {
			if !slices.Contains(types, u.e.Type) {
				types = append(types, u.e.Type)
			}
		}
		for len(types) > 0 {
			first := types[0]
			var in, rest []*vocab.Type
			for _, t := range types {
				if vocab.Disjoint(first, t) {
					rest = append(rest, t)
				} else {
					in = append(in, t)
				}
			}
			types = rest
			var group []use
			for _, u := range uses {
				if slices.Contains(in, u.e.Type) {
					group = append(group, u)
				}
			}
			if len(group) < 2 {
				continue
			}
			// Report at the second entity: the first is the original.
			group[0], group[1] = group[1], group[0]
			entities := make([]*graph.Entity, len(group))
			at := make([]finding.Pos, len(group))
			written := map[string]bool{}
			for i, u := range group {
				entities[i], at[i] = u.e, u.pos
				written[oldKey(fold, u.text)] = true
			}
			const listed = 3
			var ids []string
			for i, u := range group[:min(len(group), listed)] {
				if len(written) == 1 {
					ids = append(ids, strconv.Quote(u.e.ID()))
				} else {
					ids = append(ids, fmt.Sprintf("%q (%s)", u.e.ID(), asWritten(group[i].text)))
				}
			}
			if len(group) > listed {
				ids = append(ids, fmt.Sprintf("%d more", len(group)-listed))
			}
			var msg string
			switch {
			case len(written) == 1 && len(group) == 2:
				msg = fmt.Sprintf("%s are both called %q", finding.Join(ids, "and"), oldKey(fold, group[0].text))
			case len(written) == 1:
				msg = fmt.Sprintf("%s are all called %q", finding.Join(ids, "and"), oldKey(fold, group[0].text))
			default:
				// Spelt differently but alike once invisible characters are
				// dropped and look-alike letters read as the letters they
				// imitate (Unicode TR39); the names are shown as written,
				// with such characters escaped, so the reader sees why.
				msg = fmt.Sprintf("%s have names that read alike", finding.Join(ids, "and"))
			}
			p.ReportEntities(msg+": probably one entity entered twice; merge them, or acknowledge this on one if they differ", at, entities...)
		}
	}
}

// oldKey is a name as people spell it alike: compatibility-normalised
// (NFKC) and case-folded.
func oldKey(fold cases.Caser, s string) string {
	return norm.NFKC.String(fold.String(norm.NFKC.String(strings.TrimSpace(s))))
}

// nameKey is the form in which two names read alike: NFKC, without
// default-ignorable characters (zero-width spaces and joiners, soft
// hyphens, variation selectors), case-folded, NFKC again (folding can
// leave a string unnormalised), white space collapsed, then the Unicode
// TR39 confusable skeleton (Cyrillic "а" reads as Latin "a") and a last
// case fold, because the skeleton maps some letters to capitals ("0" to
// "O"). TR39 is about looks, not words: "Tmall" and "Trnall" read alike,
// which is why the rule is a warning that can be acknowledged.
func nameKey(fold cases.Caser, s string) string {
	s = norm.NFKC.String(s)
	s = strings.Map(func(r rune) rune {
		if isDefaultIgnorable(r) {
			return -1
		}
		return r
	}, s)
	s = norm.NFKC.String(fold.String(s))
	s = strings.Join(strings.Fields(s), " ")
	return fold.String(confusable.Skeleton(s))
}

// isDefaultIgnorable reports whether r is a Unicode default-ignorable
// code point, less those that are white space or that change how
// neighbouring characters render (prepended concatenation marks,
// interlinear annotation characters, Egyptian hieroglyph format
// controls): dropping those could join two words or change the reading.
func isDefaultIgnorable(r rune) bool {
	if !unicode.In(r, unicode.Other_Default_Ignorable_Code_Point, unicode.Cf, unicode.Variation_Selector) {
		return false
	}
	return !unicode.In(r, unicode.White_Space, unicode.Prepended_Concatenation_Mark) &&
		!(r >= 0xFFF9 && r <= 0xFFFB) && !(r >= 0x13430 && r <= 0x1343F)
}

// asWritten quotes a name as written, escaping what a reader could not
// see or tell apart: invisible and non-printing characters, and letters
// that look like others (those whose skeleton differs from themselves),
// so "\u0430nt group" shows why it reads as "ant group". Other letters,
// accented or not Latin at all (Zhīfùbǎo, 支付宝), are shown as they are.
func asWritten(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < utf8.RuneSelf && unicode.IsPrint(r):
			b.WriteRune(r)
		case isDefaultIgnorable(r) || !unicode.IsPrint(r) || confusable.Skeleton(string(r)) != norm.NFD.String(string(r)):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
