package dot

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/factgraph/factgraph/internal/render"
)

// graphNamePattern is the grammar of graph names: a word that needs no
// quotes (keywords aside).
var graphNamePattern = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// keywords are DOT's keywords, which a bare name must not be.
var keywords = map[string]bool{"strict": true, "graph": true, "digraph": true, "node": true, "edge": true, "subgraph": true}

// Graph is a directed graph being built.
type Graph struct {
	// Compact writes the graph's name, numbers and keywords without
	// quotes (rankdir=LR); text, colours, links, styles and node names
	// are quoted all the same. The output means the same either way.
	Compact bool

	name                 string
	attrs, nodes, edges  []Attr // graph, node and edge defaults
	body                 []stmt
	names                map[string]bool
	nodeCount, edgeCount int
}

// stmt is a node, an edge or a cluster.
type stmt struct {
	from, to string   // node name (from) or edge ends
	edge     bool     // an edge from -> to
	cluster  *Cluster // a cluster, or nil
	attrs    []Attr
}

// Cluster is a subgraph drawn in a box of its own.
type Cluster struct {
	g     *Graph
	name  string
	attrs []Attr
	body  []stmt
}

// New starts a digraph called name, a lower-case word; it panics on
// another name.
func New(name string) *Graph {
	if !graphNamePattern.MatchString(name) || keywords[name] {
		panic(fmt.Sprintf("dot: %q is not a graph name (^[a-z][a-z0-9]*$, not a keyword)", name))
	}
	return &Graph{name: name, names: map[string]bool{}}
}

// Attr adds graph attributes. They are written in the order they are
// added, repeats included (the last one counts).
func (g *Graph) Attr(attrs ...Attr) { g.attrs = append(g.attrs, attrs...) }

// NodeDefault adds attributes every node has unless it says otherwise.
func (g *Graph) NodeDefault(attrs ...Attr) { g.nodes = append(g.nodes, attrs...) }

// EdgeDefault adds attributes every edge has unless it says otherwise.
func (g *Graph) EdgeDefault(attrs ...Attr) { g.edges = append(g.edges, attrs...) }

// Node adds a node. A name added twice panics: graphviz would draw one
// node, not the two counted.
func (g *Graph) Node(n Name, attrs ...Attr) { g.body = append(g.body, g.node(n, attrs)) }

func (g *Graph) node(n Name, attrs []Attr) stmt {
	name := n.nodeName()
	if name == "" {
		panic("dot: a node with the zero name")
	}
	if g.names[name] {
		panic(fmt.Sprintf("dot: node %q added twice", name))
	}
	g.names[name] = true
	g.nodeCount++
	return stmt{from: name, attrs: attrs}
}

// Edge adds an edge between two nodes already added. An edge to a node
// not added panics: graphviz would add the node and draw one more than
// counted.
func (g *Graph) Edge(from, to Name, attrs ...Attr) {
	for _, n := range []Name{from, to} {
		if !g.names[n.nodeName()] {
			panic(fmt.Sprintf("dot: edge to %q, which is not a node", n.nodeName()))
		}
	}
	g.edgeCount++
	g.body = append(g.body, stmt{from: from.nodeName(), to: to.nodeName(), edge: true, attrs: attrs})
}

// Cluster adds a cluster named name, a lower-case word, written as
// subgraph "cluster_NAME".
func (g *Graph) Cluster(name string, attrs ...Attr) *Cluster {
	if !clusterPattern.MatchString(name) {
		panic(fmt.Sprintf("dot: %q is not a cluster name (^[a-z][a-z0-9]*$)", name))
	}
	c := &Cluster{g: g, name: name, attrs: attrs}
	g.body = append(g.body, stmt{cluster: c})
	return c
}

// Node adds a node to the cluster; names are shared with the whole graph.
func (c *Cluster) Node(n Name, attrs ...Attr) { c.body = append(c.body, c.g.node(n, attrs)) }

// Order adds an invisible edge from one node of the cluster to another,
// already added: it puts to in a rank after from's, so that in a graph
// laid out left to right nodes that would share a rank, one above the
// other, go side by side. Graphviz draws nothing for it, not even an
// edge group, so it is not counted in Edges.
func (c *Cluster) Order(from, to Name) {
	for _, n := range []Name{from, to} {
		if !c.g.names[n.nodeName()] {
			panic(fmt.Sprintf("dot: ordering %q, which is not a node", n.nodeName()))
		}
	}
	c.body = append(c.body, stmt{from: from.nodeName(), to: to.nodeName(), edge: true, attrs: []Attr{invisible}})
}

// invisible is the style of the edges of Order. It is not a StyleName:
// an edge drawn with it would be counted and not drawn.
var invisible = Attr{name: "style", kind: list, s: "invis"}

// Nodes is the number of nodes added: the node groups of the SVG.
func (g *Graph) Nodes() int { return g.nodeCount }

// Edges is the number of edges added: the edge groups of the SVG.
func (g *Graph) Edges() int { return g.edgeCount }

// Job is the render job of the graph, the SVG called name.
func (g *Graph) Job(name string) render.Job {
	return render.Job{Name: name, DOT: g.Bytes(), Nodes: g.nodeCount, Edges: g.edgeCount}
}

// Bytes writes the graph: the defaults first, then nodes, edges and
// clusters in the order they were added, one statement a line.
func (g *Graph) Bytes() []byte {
	var b strings.Builder
	name := `"` + g.name + `"`
	if g.Compact {
		name = g.name
	}
	b.WriteString("digraph " + name + " {\n")
	for _, d := range []struct {
		kw    string
		attrs []Attr
	}{{"graph", g.attrs}, {"node", g.nodes}, {"edge", g.edges}} {
		if len(d.attrs) > 0 {
			b.WriteString("  " + d.kw)
			g.writeAttrs(&b, d.attrs)
		}
	}
	g.writeBody(&b, "  ", g.body)
	b.WriteString("}\n")
	return []byte(b.String())
}

func (g *Graph) writeBody(b *strings.Builder, indent string, body []stmt) {
	for _, s := range body {
		switch {
		case s.cluster != nil:
			c := s.cluster
			b.WriteString(indent + `subgraph "cluster_` + c.name + "\" {\n")
			if len(c.attrs) > 0 {
				b.WriteString(indent + "  graph")
				g.writeAttrs(b, c.attrs)
			}
			g.writeBody(b, indent+"  ", c.body)
			b.WriteString(indent + "}\n")
			continue
		case s.edge:
			b.WriteString(indent + `"` + s.from + `" -> "` + s.to + `"`)
		default:
			b.WriteString(indent + `"` + s.from + `"`)
		}
		g.writeAttrs(b, s.attrs)
	}
}

// writeAttrs writes " [name=value, ...];" and a line break, or ";" for
// no attributes.
func (g *Graph) writeAttrs(b *strings.Builder, attrs []Attr) {
	if len(attrs) > 0 {
		b.WriteString(" [")
		for i, a := range attrs {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(a.name + "=" + a.value(g.Compact))
		}
		b.WriteString("]")
	}
	b.WriteString(";\n")
}
