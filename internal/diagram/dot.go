package diagram

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/factgraph/factgraph/internal/dot"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/render"
	"github.com/factgraph/factgraph/internal/vocab"
)

// Fixed styling.
var (
	defaultFill  = dot.MustColour("#ffffff")
	nodeBorder   = dot.MustColour("#555555")
	inkNow       = dot.MustColour("#222222")
	inkEnded     = dot.MustColour("#8c8c8c")
	legendBorder = dot.MustColour("#bbbbbb")
)

// Widths of wrapped text, in runes per line.
const (
	labelWidth  = 22 // a node label in the graph
	pageWidth   = 48 // a page's focus label and the literal facts
	edgeWidth   = 40 // an edge label
	sourceWidth = 30 // a source on a page
	titleWidth  = 90 // a graph's title
	keyWidth    = 46 // the legend's key
)

// Room for a wider font. The SVGs name font-family="Helvetica,sans-Serif"
// and graphviz sizes every node with Helvetica's metrics, so a viewer
// without Helvetica or a metric-compatible font (Arial, Liberation Sans,
// Arimo, which the site embeds) draws its fallback in a box made for
// Helvetica: DejaVu Sans, the default sans-serif of many Linux systems and
// of rsvg-convert without Liberation, is wider, and its lines ran past the
// right edge of their nodes. Over the lines of the shipped diagrams it is
// 13% wider at the median and up to 18% ("industry: internet"); markup in
// the hostile fixture, up to 25% ("link</a>"). So every node is at least
// fontSlack times its text's Helvetica width wide, margins aside (fit):
// 1.2, with the margins, fits them all, and costs a node about a fifth
// of its text's width (nodes whose text is short keep graphviz's minimum
// width of 0.75 inches).
//
// Left-justified lines start at the left margin whatever the node's
// width, so all of the room is on their right, where the wider text
// needs it. Edge labels cannot be given room without changing their text;
// TestTextFitsInDejaVuSans checks that none overlaps a node or another.
const fontSlack = 1.2

// Node sizes, in points and inches: the default node's and the focus's
// font size and horizontal margin.
const (
	nodeFontSize, nodeMarginX   = 11, 0.12
	focusFontSize, focusMarginX = 12, 0.2
	smallFontSize               = 9 // sources, the legend and its key
	legendMarginX               = 0.08
)

// fit is the label t of a node whose text is size points and whose
// margins are marginX inches, with, when the text needs it, a minimum
// width that leaves fontSlack times the text's Helvetica width between
// the margins (see fontSlack). Graphviz would make the node wide enough
// for the text in Helvetica alone.
func fit(t dot.Text, size, marginX float64) []dot.Attr {
	attrs := []dot.Attr{dot.Label(t)}
	// In inches, rounded up to a hundredth so the DOT stays readable.
	w := math.Ceil((fontSlack*t.Width(size)/72+2*marginX)*100) / 100
	if w > defaultWidth {
		attrs = append(attrs, dot.Width(w))
	}
	return attrs
}

// defaultWidth is graphviz's default minimum node width, in inches.
const defaultWidth = 0.75

// typeColour is t's colour, or its nearest ancestor's. The schema allows
// only #rrggbb; a colour that does not parse is not used.
func typeColour(t *vocab.Type) dot.Colour {
	for x := t; x != nil; x = x.Parent {
		if c, err := dot.ParseColour(x.Color); err == nil {
			return c
		}
	}
	return defaultFill
}

// entityID is e's id as a DOT name. Ids are validated by the schema; one
// that does not match is a bug, and panics (the CLI turns a panic into
// exit code 3 with nothing written).
func entityID(e *graph.Entity) dot.ID {
	id, err := dot.ParseID(e.ID())
	if err != nil {
		panic("diagram: " + err.Error())
	}
	return id
}

// toDOT builds v as a DOT graph.
func toDOT(v *view) *dot.Graph {
	g := dot.New("factgraph")
	g.Attr(dot.RankDir(dot.LeftToRight), dot.FontName(dot.Helvetica), dot.FontSize(12), dot.NodeSep(0.3), dot.RankSep(0.55),
		dot.Pad(0.2), dot.NewRank(true), dot.BgColor(defaultFill))
	if v.title != "" {
		g.Attr(dot.Label(dot.Wrap(dot.Centre, titleWidth, v.title)), dot.LabelLoc(dot.Top), dot.FontName(dot.HelveticaBold), dot.FontSize(14))
	}
	if len(v.nodes) > render.BoundedAbove {
		g.Attr(dot.Bounded()...)
	}
	g.NodeDefault(dot.Shape(dot.Box), dot.Style(dot.Rounded, dot.Filled), dot.FontName(dot.Helvetica), dot.FontSize(nodeFontSize),
		dot.Color(nodeBorder), dot.FillColor(defaultFill), dot.Margin(nodeMarginX, 0.05), dot.PenWidth(1))
	g.EdgeDefault(dot.FontName(dot.Helvetica), dot.FontSize(9), dot.Color(inkNow), dot.FontColor(inkNow), dot.ArrowSize(0.7), dot.PenWidth(1.2))

	for _, n := range v.nodes {
		addNode(g, v, n)
	}
	for _, e := range v.edges {
		addEdge(g, v, e)
	}
	if len(v.sources) > 0 {
		sourcesCluster(g, v)
	}
	var notes []string
	if v.hidden > 0 {
		notes = append(notes, fmt.Sprintf("%d more %s not drawn", v.hidden, plural(v.hidden, "statement", "statements")))
	}
	if notes = append(notes, v.notes...); len(notes) > 0 {
		attrs := []dot.Attr{dot.Shape(dot.Plaintext), dot.Style(dot.Solid), dot.FontColor(inkEnded)}
		g.Node(dot.Own("More"), append(attrs, fit(dot.Plain(strings.Join(notes, "\n")), nodeFontSize, nodeMarginX)...)...)
	}
	if v.legend != nil {
		legend(g, v)
	}
	return g
}

func addNode(g *dot.Graph, v *view, n *node) {
	e := n.e
	id := entityID(e)
	attrs := []dot.Attr{dot.FillColor(typeColour(e.Type))}
	if e == v.focus {
		label := dot.Wrap(dot.Centre, pageWidth, e.Label.Value, "("+e.Type.Label+")").Then(factLines(n.facts, v))
		attrs = append(attrs, dot.PenWidth(2.5), dot.FontSize(focusFontSize), dot.Margin(focusMarginX, 0.1))
		attrs = append(attrs, fit(label, focusFontSize, focusMarginX)...)
	} else {
		label := dot.Wrap(dot.Centre, labelWidth, e.Label.Value).Then(factLines(n.facts, v))
		attrs = append(attrs, fit(label, nodeFontSize, nodeMarginX)...)
		attrs = append(attrs, dot.URL(v.link, id))
	}
	attrs = append(attrs, dot.Tooltip(nodeTip(v.cur, n)))
	g.Node(id, attrs...)
}

// factLines writes literal claims as left-justified label lines, at most
// MaxFacts of them, after an empty line.
func factLines(facts []*graph.Claim, v *view) dot.Text {
	var lines []string
	for i, c := range facts {
		if i == MaxFacts {
			lines = append(lines, fmt.Sprintf("... and %d more", len(facts)-MaxFacts))
			break
		}
		lines = append(lines, claimText(c, v.cur))
	}
	if len(lines) == 0 {
		return dot.Text{}
	}
	return dot.Lines(dot.Centre, "").Then(dot.Wrap(dot.Left, pageWidth, lines...))
}

// nodeTip is a node's tooltip: label, type, aliases, description and
// literal facts.
func nodeTip(g *graph.Graph, n *node) string {
	e := n.e
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s)", e.Label.Value, e.Type.Label)
	if len(e.Aliases) > 0 {
		names := make([]string, len(e.Aliases))
		for i, a := range e.Aliases {
			names[i] = a.Value
		}
		b.WriteString("\nalso known as: " + strings.Join(names, ", "))
	}
	if e.Description.Value != "" {
		b.WriteString("\n" + e.Description.Value)
	}
	for i, c := range n.tips {
		if i == MaxFacts {
			fmt.Fprintf(&b, "\n... and %d more", len(n.tips)-MaxFacts)
			break
		}
		b.WriteString("\n" + claimText(c, g))
	}
	return b.String()
}

func addEdge(g *dot.Graph, v *view, e *edge) {
	var label []string
	var tip strings.Builder
	for i, c := range e.claims {
		label = append(label, claimText(c, v.cur))
		if i < MaxTipClaims {
			if i > 0 {
				tip.WriteString("\n\n")
			}
			tip.WriteString(claimSentence(c, v.cur) + "\n" + sourceTitles(c))
		} else if i == MaxTipClaims {
			fmt.Fprintf(&tip, "\n\n... and %d more", len(e.claims)-MaxTipClaims)
		}
	}
	attrs := []dot.Attr{dot.Label(dot.Wrap(dot.Centre, edgeWidth, label...)), dot.Tooltip(tip.String()), dot.LabelTooltip(tip.String())}
	if e.ended {
		attrs = append(attrs, dot.Style(dot.Dashed), dot.Color(inkEnded), dot.FontColor(inkEnded), dot.PenWidth(1))
	}
	if e.symmetric {
		attrs = append(attrs, dot.Dir(dot.NoArrows))
	}
	if !v.star && !e.constrain() {
		attrs = append(attrs, dot.Constraint(false))
	}
	g.Edge(entityID(e.from), entityID(e.to), attrs...)
}

// sourcesCluster lists a page's sources, each linking to its own page.
func sourcesCluster(g *dot.Graph, v *view) {
	c := g.Cluster("sources", dot.Label(dot.Plain("Sources")), dot.FontName(dot.HelveticaBold), dot.FontSize(10),
		dot.Style(dot.Rounded, dot.Dashed), dot.Color(legendBorder), dot.LabelJust(dot.Left))
	for _, s := range v.sources {
		id := entityID(s)
		attrs := []dot.Attr{dot.Shape(dot.Note), dot.Style(dot.Filled), dot.FillColor(typeColour(s.Type)), dot.FontSize(smallFontSize)}
		attrs = append(attrs, fit(dot.Wrap(dot.Centre, sourceWidth, s.Label.Value), smallFontSize, nodeMarginX)...)
		attrs = append(attrs, dot.Tooltip(s.Label.Value+"\n"+sourceDetails(s)), dot.URL(v.link, id))
		c.Node(id, attrs...)
	}
}

// legend explains the node colours and the edge styles: the types, then
// the key, in rows as long as the graph has ranks (two at least), so that
// the legend is about as wide as the graph and no wider, rather than a
// column as tall as the types are many. Graphviz stacks the rows of a
// cluster without other edges in the reverse order of their nodes, so the
// last row is written first, and the types read in vocabulary order.
func legend(g *dot.Graph, v *view) {
	c := g.Cluster("legend", dot.Label(dot.Plain("Legend")), dot.FontName(dot.HelveticaBold), dot.FontSize(10),
		dot.Style(dot.Rounded), dot.Color(legendBorder), dot.LabelJust(dot.Left))
	type cell struct {
		id    dot.Name
		attrs []dot.Attr
	}
	var cells []cell
	for i, t := range v.legend {
		attrs := fit(dot.Plain(t.Label), smallFontSize, legendMarginX)
		cells = append(cells, cell{dot.Own(fmt.Sprintf("Legend%d", i+1)), append(attrs, dot.FillColor(typeColour(t)),
			dot.FontSize(smallFontSize), dot.Height(0.25), dot.Margin(legendMarginX, 0.02), dot.Tooltip(legendTip(t)))})
	}
	attrs := []dot.Attr{dot.Shape(dot.Plaintext), dot.Style(dot.Solid), dot.FontSize(smallFontSize)}
	cells = append(cells, cell{dot.Own("LegendKey"), append(attrs, fit(dot.Wrap(dot.Left, keyWidth, v.key), smallFontSize, nodeMarginX)...)})
	cols := min(max(v.ranks(), 2), len(cells))
	rows := slices.Collect(slices.Chunk(cells, cols))
	slices.Reverse(rows)
	for _, row := range rows {
		for i, x := range row {
			c.Node(x.id, x.attrs...)
			if i > 0 {
				c.Order(row[i-1].id, x.id)
			}
		}
	}
}

func legendTip(t *vocab.Type) string {
	if t.Description != "" {
		return t.Label + ": " + t.Description
	}
	return t.Label
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
