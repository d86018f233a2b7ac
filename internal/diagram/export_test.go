package diagram

import "github.com/factgraph/factgraph/internal/graph"

// PageDOT returns the DOT of e's page, entities/ID.svg, which Files
// renders but does not return.
func PageDOT(g *graph.Graph, e *graph.Entity) []byte {
	return toDOT(pageView(g, e, citations(g))).Bytes()
}
