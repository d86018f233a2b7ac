package check

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/vocab"
)

// cycle reports cycles of acyclic predicates. It first finds the strongly
// connected components of each predicate's edges, ignoring time (linear,
// Tarjan); only inside a component can a cycle exist. Within one, a cycle
// is reported when all its edges hold at a common instant in every
// reading; such an instant can be taken to be the start of one edge's
// core, so only those instants are tried.
func cycle(p *Pass) {
	for _, pr := range p.Graph.Vocab.Predicates {
		if !pr.Acyclic {
			continue
		}
		var edges []*graph.Claim
		for _, c := range p.Graph.Claims {
			if c.Predicate == pr && c.Rank != fact.Deprecated && c.Object != nil {
				if c.Object == c.Subject && pr.Irreflexive {
					continue // reported by irreflexive
				}
				edges = append(edges, c)
			}
		}
		for _, comp := range components(edges) {
			reported := map[string]bool{}
			for _, t := range instants(comp) {
				var at []*graph.Claim
				for _, c := range comp {
					if lo, hi := c.Interval.Core(); lo <= t && t < hi {
						at = append(at, c)
					}
				}
				// Pairs of an asymmetric predicate are the asymmetric
				// rule's to report; the search looks past them.
				cyc := findCycle(at, pr.Asymmetric)
				if cyc == nil {
					continue
				}
				key := claimKey(sortedClaims(cyc))
				if reported[key] {
					continue
				}
				reported[key] = true
				path := []string{cyc[0].Subject.ID()}
				for _, c := range cyc {
					path = append(path, c.Object.ID())
				}
				p.Report(fmt.Sprintf("cycle of %s: %s, all holding %s; %s is acyclic, so end or deprecate the claim that is wrong",
					pr.Name, strings.Join(path, " → "), window(cyc...), pr.Name), cyc...)
			}
		}
	}
}

func sortedClaims(cs []*graph.Claim) []*graph.Claim {
	s := slices.Clone(cs)
	slices.SortFunc(s, graph.Compare)
	return s
}

// instants lists the candidate days for a cycle: the first day of each
// edge's core, in order.
func instants(cs []*graph.Claim) []date.Daynum {
	var ts []date.Daynum
	for _, c := range cs {
		if lo, hi := c.Interval.Core(); lo < hi {
			ts = append(ts, lo)
		}
	}
	slices.Sort(ts)
	return slices.Compact(ts)
}

// components returns the edge sets of the strongly connected components
// that can contain a cycle, using Tarjan's algorithm without recursion.
func components(edges []*graph.Claim) [][]*graph.Claim {
	out := map[*graph.Entity][]*graph.Claim{}
	var nodes []*graph.Entity
	seen := map[*graph.Entity]bool{}
	for _, c := range edges {
		out[c.Subject] = append(out[c.Subject], c)
		for _, n := range []*graph.Entity{c.Subject, c.Object} {
			if !seen[n] {
				seen[n] = true
				nodes = append(nodes, n)
			}
		}
	}
	index := map[*graph.Entity]int{}
	low := map[*graph.Entity]int{}
	onStack := map[*graph.Entity]bool{}
	comp := map[*graph.Entity]int{}
	var stack []*graph.Entity
	next, ncomp := 0, 0
	type frame struct {
		n *graph.Entity
		i int
	}
	for _, root := range nodes {
		if _, done := index[root]; done {
			continue
		}
		call := []frame{{n: root}}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			if f.i < len(out[f.n]) {
				w := out[f.n][f.i].Object
				f.i++
				if _, visited := index[w]; !visited {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{n: w})
				} else if onStack[w] {
					low[f.n] = min(low[f.n], index[w])
				}
				continue
			}
			n := f.n
			call = call[:len(call)-1]
			if len(call) > 0 {
				parent := call[len(call)-1].n
				low[parent] = min(low[parent], low[n])
			}
			if low[n] == index[n] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp[w] = ncomp
					if w == n {
						break
					}
				}
				ncomp++
			}
		}
	}
	byComp := map[int][]*graph.Claim{}
	var order []int
	for _, c := range edges {
		k := comp[c.Subject]
		if comp[c.Object] != k {
			continue
		}
		if _, ok := byComp[k]; !ok {
			order = append(order, k)
		}
		byComp[k] = append(byComp[k], c)
	}
	var res [][]*graph.Claim
	for _, k := range order {
		res = append(res, byComp[k])
	}
	return res
}

// findCycle returns the edges of one cycle among edges, or nil, by depth
// first search from each node in claim order. With skipPairs it returns
// only cycles of three or more edges: an edge straight back to where the
// path just came from is passed over.
func findCycle(edges []*graph.Claim, skipPairs bool) []*graph.Claim {
	out := map[*graph.Entity][]*graph.Claim{}
	for _, c := range edges {
		out[c.Subject] = append(out[c.Subject], c)
	}
	const (
		white = iota
		grey
		black
	)
	color := map[*graph.Entity]int{}
	var path []*graph.Claim
	var visit func(n *graph.Entity) []*graph.Claim
	visit = func(n *graph.Entity) []*graph.Claim {
		color[n] = grey
		for _, c := range out[n] {
			if skipPairs && len(path) > 0 && path[len(path)-1].Subject == c.Object {
				continue
			}
			switch color[c.Object] {
			case grey:
				// The cycle is the part of the path from c.Object on.
				start := slices.IndexFunc(path, func(e *graph.Claim) bool { return e.Subject == c.Object })
				if start < 0 {
					start = len(path)
				}
				return append(slices.Clone(path[start:]), c)
			case white:
				path = append(path, c)
				if cyc := visit(c.Object); cyc != nil {
					return cyc
				}
				path = path[:len(path)-1]
			}
		}
		color[n] = black
		return nil
	}
	for _, c := range edges {
		if color[c.Subject] == white {
			if cyc := visit(c.Subject); cyc != nil {
				return cyc
			}
		}
	}
	return nil
}

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

// aliasCollision reports entities that share a name after Unicode
// normalisation (NFKC) and case folding, unless their types are disjoint.
func aliasCollision(p *Pass) {
	fold := cases.Fold()
	type use struct {
		e   *graph.Entity
		pos finding.Pos
	}
	byName := map[string][]use{}
	var names []string
	for _, e := range p.Graph.Entities {
		seen := map[string]bool{}
		for _, t := range append([]fact.Text{e.Label}, e.Aliases...) {
			key := norm.NFKC.String(fold.String(norm.NFKC.String(strings.TrimSpace(t.Value))))
			if seen[key] {
				continue
			}
			seen[key] = true
			if _, ok := byName[key]; !ok {
				names = append(names, key)
			}
			byName[key] = append(byName[key], use{e, e.Pos(t.Loc)})
		}
	}
	slices.Sort(names)
	for _, name := range names {
		uses := byName[name]
		// One finding per group of entities that may be the same thing:
		// those whose types are not disjoint with the group's first.
		for len(uses) > 1 {
			group, rest := []use{uses[0]}, []use(nil)
			for _, u := range uses[1:] {
				if vocab.Disjoint(uses[0].e.Type, u.e.Type) {
					rest = append(rest, u)
				} else {
					group = append(group, u)
				}
			}
			uses = rest
			if len(group) < 2 {
				continue
			}
			// Report at the second entity: the first is the original.
			group[0], group[1] = group[1], group[0]
			ids := make([]string, len(group))
			entities := make([]*graph.Entity, len(group))
			at := make([]finding.Pos, len(group))
			for i, u := range group {
				ids[i], entities[i], at[i] = strconv.Quote(u.e.ID()), u.e, u.pos
			}
			verb := "are both"
			if len(group) > 2 {
				verb = "are all"
			}
			p.ReportEntities(fmt.Sprintf("%s %s called %q: probably one entity entered twice; merge them, or acknowledge this on one if they differ",
				finding.Join(ids, "and"), verb, name), at, entities...)
		}
	}
}
