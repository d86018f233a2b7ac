package diagram

import (
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/render"
)

// PageDOT returns the DOT of e's page, entities/ID.svg, which Files
// renders but does not return.
func PageDOT(g *graph.Graph, e *graph.Entity) []byte {
	return toDOT(pageView(g, e, citations(g))).Bytes()
}

// GraphJob is the render job of graph.svg drawn with at most budget
// edges, with no note: what the density benchmark lays out.
func GraphJob(g *graph.Graph, budget int) render.Job {
	v := wholeView(g)
	if b := bounded(v, budget); b != nil {
		v = b
	}
	return toDOT(v).Job("graph.svg")
}
