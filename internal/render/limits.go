package render

// Size limits and layout settings. Graphviz's dot layout is superlinear
// and most of its cost is spline routing: with default settings a random
// digraph of 250 nodes took 115 s, with Bounded 0.56 s.
const (
	// BoundedAbove is the node count above which a graph is laid out with
	// the Bounded settings. Callers that write DOT for other consumers
	// (graph.dot) should put them in the DOT themselves; the renderer
	// applies them regardless.
	BoundedAbove = 150
	// MaxNodes and MaxEdges are the hard limits of one graph. The child
	// refuses a larger graph with a "limit" answer, and callers should
	// not send one: skip its SVG and say so.
	MaxNodes = 2000
	MaxEdges = 10000
	// MaxDOTBytes and MaxSVGBytes cap one request and one answer.
	MaxDOTBytes = 16 << 20
	MaxSVGBytes = 64 << 20
)

// Attr is one DOT attribute.
type Attr struct{ Name, Value string }

// Bounded lists the graph attributes that bound the layout's work: no
// spline routing, and few iterations of crossing minimisation and network
// simplex.
var Bounded = []Attr{
	{"splines", "line"},
	{"mclimit", "0.1"},
	{"nslimit", "1"},
	{"nslimit1", "1"},
}

// Oversize reports whether a graph of this size is over the hard limits.
func Oversize(nodes, edges int) bool { return nodes > MaxNodes || edges > MaxEdges }
