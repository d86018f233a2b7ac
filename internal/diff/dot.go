package diff

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/factgraph/factgraph/internal/dot"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/safetext"
)

// Limits of the drawing of the changed neighbourhood: layout time grows
// faster than linearly, and a picture of thousands of edges explains
// nothing. What does not fit is counted in the graph's label.
const (
	MaxDOTNodes = 150
	MaxDOTEdges = 300
)

// Edge and node styles. Added, removed and changed edges differ in line
// style and label prefix as well as colour, so they can be told apart in
// grey scale too.
var dotStyles = map[Status]struct {
	color, fill dot.Colour
	style       dot.StyleName
	prefix      string
}{
	Added:   {dot.MustColour("#1a7f37"), dot.MustColour("#dafbe1"), dot.Bold, "+ "},
	Removed: {dot.MustColour("#cf222e"), dot.MustColour("#ffebe9"), dot.Dashed, "− "},
	Changed: {dot.MustColour("#9a6700"), dot.MustColour("#fff8c5"), dot.Bold, "~ "},
	// An entity whose file does not load on one side: grey and dashed,
	// marked, so the drawing does not pass it off as unchanged.
	Unreadable: {dot.MustColour("#8c959f"), dot.MustColour("#f6f8fa"), dot.Dashed, "? "},
	"":         {dot.MustColour("#8c959f"), dot.MustColour("#ffffff"), dot.Solid, ""},
}

type dotNode struct {
	id, label, tooltip string
	status             Status
	notes              []string
}

type dotEdge struct {
	from, to, label, tooltip string
	status                   Status
}

// DOT draws the changed neighbourhood: every entity with a change, the
// entities its changed statements link to, the changed edges between
// them (green and bold when added, red and dashed when removed, amber
// when changed) and, in grey, the unchanged edges of the head graph among
// those entities. Literal changes are listed inside their entity's box.
//
// The DOT is built with package dot, so text from the facts only ever
// appears escaped inside a label or tooltip, and node names are
// validated ids. An entity whose id is not one (a revision's own schema
// may allow any id) is left out of the drawing and counted with the
// entities not drawn.
//
// It returns the DOT with the number of nodes and edges drawn, which the
// renderer checks the SVG against.
func (d *Diff) DOT() (out []byte, nodeCount, edgeCount int) {
	byID := map[string]*dotNode{}
	node := func(id string) *dotNode {
		if n := byID[id]; n != nil {
			return n
		}
		n := &dotNode{id: id, label: id}
		if e := d.entity(id); e != nil {
			n.label, n.tooltip = e.Label+"\n"+id, e.Type+" "+id
		}
		byID[id] = n
		return n
	}
	var all []dotEdge
	changed := map[*graph.Claim]bool{}
	for _, e := range d.Entities {
		n := node(e.ID)
		n.status = e.Status
		if e.Status == Unreadable {
			n.notes = append(n.notes, "? unreadable on one side")
		}
		// An added or removed entity lists all its fields; only a changed
		// one's say what changed.
		for _, f := range e.Fields {
			if e.Status == Changed {
				n.notes = append(n.notes, fmt.Sprintf("~ %s", f.Field))
			}
		}
		for _, s := range e.Statements {
			for _, c := range []*Claim{s.Base, s.Head} {
				if c != nil {
					changed[c.graph] = true
				}
			}
			if s.Object == "" {
				n.notes = append(n.notes, dotStyles[s.Status].prefix+s.Predicate+" "+fmt.Sprintf("%q", s.Value))
				continue
			}
			node(s.Object)
			c := s.claim()
			label := s.Predicate + ", " + c.graph.Interval.String()
			if s.Status == Changed {
				var parts []string
				for _, f := range s.Changes {
					parts = append(parts, fmt.Sprintf("%s %s→%s", f.Field, orNone(f.Base), orNone(f.Head)))
				}
				label = s.Predicate + "\n" + strings.Join(parts, "\n")
			}
			all = append(all, dotEdge{from: s.Subject, to: s.Object, label: label, status: s.Status,
				tooltip: string(s.Status) + ": " + s.Triple()})
		}
	}
	if d.head != nil {
		for _, c := range d.head.Claims {
			if c.Object == nil || changed[c] || byID[c.Subject.ID()] == nil || byID[c.Object.ID()] == nil {
				continue
			}
			all = append(all, dotEdge{from: c.Subject.ID(), to: c.Object.ID(),
				label: c.Predicate.Name + ", " + c.Interval.String(), tooltip: "unchanged: " + c.Triple()})
		}
	}

	ids := make([]string, 0, len(byID))
	names := map[string]dot.ID{}
	invalid := 0
	for id := range byID {
		name, err := dot.ParseID(id)
		if err != nil {
			invalid++
			continue
		}
		ids = append(ids, id)
		names[id] = name
	}
	// Changed entities first, so that the cut keeps them.
	slices.SortFunc(ids, func(a, b string) int {
		return cmp.Or(cmp.Compare(rankOf(byID[a].status), rankOf(byID[b].status)), strings.Compare(a, b))
	})
	droppedNodes := invalid + max(len(ids)-MaxDOTNodes, 0)
	ids = ids[:min(len(ids), MaxDOTNodes)]
	kept := map[string]bool{}
	for _, id := range ids {
		kept[id] = true
	}
	slices.SortFunc(ids, strings.Compare)
	edges := all
	slices.SortFunc(edges, func(a, b dotEdge) int {
		return cmp.Or(cmp.Compare(rankOf(a.status), rankOf(b.status)), strings.Compare(a.from, b.from),
			strings.Compare(a.to, b.to), strings.Compare(a.label, b.label))
	})
	edges = slices.DeleteFunc(edges, func(e dotEdge) bool { return !kept[e.from] || !kept[e.to] })
	droppedEdges := max(len(edges)-MaxDOTEdges, 0)
	edges = edges[:min(len(edges), MaxDOTEdges)]

	g := dot.New("diff")
	g.Compact = true
	legend := "green, bold: added · red, dashed: removed · amber: changed · grey: unchanged"
	if droppedNodes+droppedEdges > 0 {
		legend += fmt.Sprintf("\n%d more entities and %d more edges not drawn", droppedNodes, droppedEdges)
	}
	g.Attr(dot.RankDir(dot.LeftToRight), dot.LabelLoc(dot.Bottom), dot.FontSize(10), dot.Label(dot.Plain(visible(legend))))
	g.NodeDefault(dot.Shape(dot.Box), dot.Style(dot.Rounded, dot.Filled), dot.FontSize(10))
	g.EdgeDefault(dot.FontSize(9))
	for _, id := range ids {
		n := byID[id]
		st := dotStyles[n.status]
		label := n.label
		if len(n.notes) > 0 {
			slices.Sort(n.notes)
			if len(n.notes) > 6 {
				n.notes = append(n.notes[:5], fmt.Sprintf("and %d more", len(n.notes)-5))
			}
			label += "\n" + strings.Join(n.notes, "\n")
		}
		g.Node(names[id], dot.Label(dot.Plain(visible(label))), dot.Tooltip(visible(cmp.Or(n.tooltip, id))),
			dot.Color(st.color), dot.FillColor(st.fill))
	}
	for _, e := range edges {
		st := dotStyles[e.status]
		pen := 1.0
		if e.status != "" {
			pen = 2
		}
		g.Edge(names[e.from], names[e.to], dot.Label(dot.Plain(visible(st.prefix+e.label))), dot.Tooltip(visible(e.tooltip)),
			dot.Color(st.color), dot.FontColor(st.color), dot.Style(st.style), dot.PenWidth(pen))
	}
	return g.Bytes(), g.Nodes(), g.Edges()
}

func rankOf(s Status) int {
	if s == "" {
		return 1
	}
	return 0
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func (d *Diff) entity(id string) *Entity {
	if i, found := slices.BinarySearchFunc(d.Entities, id, func(e *Entity, id string) int { return strings.Compare(e.ID, id) }); found {
		return d.Entities[i]
	}
	for _, g := range []*graph.Graph{d.head, d.base} {
		if g == nil {
			continue
		}
		if e := g.Entity(id); e != nil {
			return &Entity{ID: id, Label: e.Label.Value, Type: e.Type.Name}
		}
	}
	return nil
}

// visible writes control characters as Go escapes, keeping line breaks,
// as the text format does (report.Clean); package dot escapes the rest
// for graphviz.
func visible(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = safetext.Terminal(l)
	}
	return strings.Join(lines, "\n")
}
