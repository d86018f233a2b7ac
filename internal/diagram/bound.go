package diagram

import (
	"cmp"
	"slices"

	"github.com/factgraph/factgraph/internal/graph"
)

// Density budget of a drawing. Layout time and memory grow much faster
// than the edge count: a complete graph of 141 nodes is within the size
// limits and took the renderer past its memory limit. A view with more
// edges than EdgeBudget allows its nodes is drawn bounded: every node,
// and the strongest edges up to the budget. doc.go has the measurements
// the numbers come from.
const (
	EdgesPerNode = 4            // edges drawn per entity node
	MinDrawEdges = MaxPageEdges // edges any view may draw, so a page is never bounded
	MaxDrawEdges = 2000         // edges drawn in one view at most
)

// EdgeBudget is the number of edges a view of nodes entity nodes may
// draw: EdgesPerNode per node, at least MinDrawEdges and at most
// MaxDrawEdges.
func EdgeBudget(nodes int) int { return min(max(EdgesPerNode*nodes, MinDrawEdges), MaxDrawEdges) }

// bounded returns a copy of v that draws at most budget edges, or nil
// when v is within the budget.
//
// Each node keeps its strongest edges, round by round: in round r every
// node with fewer than r edges drawn offers its strongest edge not drawn
// yet, and the offers are taken strongest first until the budget is
// spent. An edge is stronger when it constrains the layout (a functional
// predicate, such as owned by or operated by), then when it holds now,
// then in claim order; a node offers the edges it is the subject of
// before the others of the same strength. So every node keeps at least
// one edge when the budget allows, and its current owner and operator
// come first: a functional predicate has one value at a time, so these
// are few, and they are what ranks the node in the layout.
func bounded(v *view, budget int) *view {
	if len(v.edges) <= budget {
		return nil
	}
	order := slices.Clone(v.edges)
	slices.SortStableFunc(order, compareStrength)
	rank := make(map[*edge]int, len(order))
	for i, e := range order {
		rank[e] = i
	}
	// Each node's edges, strongest first; of two equally strong, the one
	// the node is the subject of comes first, so that a node's own owner
	// goes before the many things it owns.
	incident := map[*graph.Entity][]*edge{}
	for _, e := range order {
		incident[e.from] = append(incident[e.from], e)
		if e.to != e.from {
			incident[e.to] = append(incident[e.to], e)
		}
	}
	for n, es := range incident {
		slices.SortStableFunc(es, func(x, y *edge) int {
			return cmp.Or(
				-cmpBool(x.constrain(), y.constrain()),
				cmpBool(x.ended, y.ended),
				-cmpBool(x.from == n, y.from == n),
			)
		})
	}
	drawn := map[*edge]bool{}
	degree := map[*graph.Entity]int{}
	next := map[*graph.Entity]int{}
	for round := 1; len(drawn) < budget; round++ {
		var offers []*edge
		left := false // edges not drawn yet
		for _, n := range v.nodes {
			es := incident[n.e]
			i := next[n.e]
			for i < len(es) && drawn[es[i]] {
				i++
			}
			next[n.e] = i
			if i < len(es) {
				left = true
				if degree[n.e] < round {
					offers = append(offers, es[i])
				}
			}
		}
		if !left {
			break
		}
		slices.SortFunc(offers, func(x, y *edge) int { return cmp.Compare(rank[x], rank[y]) })
		for _, e := range offers {
			if len(drawn) == budget {
				break
			}
			if drawn[e] {
				continue // offered by both its ends
			}
			drawn[e] = true
			degree[e.from]++
			if e.to != e.from {
				degree[e.to]++
			}
		}
	}
	b := *v
	b.edges = slices.DeleteFunc(slices.Clone(v.edges), func(e *edge) bool { return !drawn[e] })
	return &b
}

// compareStrength orders edges strongest first.
func compareStrength(x, y *edge) int {
	return cmp.Or(
		-cmpBool(x.constrain(), y.constrain()),
		cmpBool(x.ended, y.ended),
		graph.Compare(x.claims[0], y.claims[0]),
	)
}
