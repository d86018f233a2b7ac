package diagram

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/factgraph/factgraph/internal/grammar"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/render"
	"github.com/factgraph/factgraph/internal/vocab"
)

// Fixed styling. Every attribute written is one of these names, with
// either a constant value or escaped text (label, tooltip), a checked
// colour, or a link built from a validated id.
const (
	font         = "Helvetica"
	fontBold     = "Helvetica-Bold"
	defaultFill  = "#ffffff"
	inkNow       = "#222222"
	inkEnded     = "#8c8c8c"
	legendBorder = "#bbbbbb"
	labelWidth   = 22 // runes per line of a node label in the graph
	pageWidth    = 48 // runes per line of a page's focus label
)

var colourPattern = regexp.MustCompile(`^#[0-9a-f]{6}$`)

// typeColour is t's colour, or its nearest ancestor's, checked again
// here so that nothing but #rrggbb reaches an attribute.
func typeColour(t *vocab.Type) string {
	for x := t; x != nil; x = x.Parent {
		if colourPattern.MatchString(x.Color) {
			return x.Color
		}
	}
	return defaultFill
}

// dotWriter writes one DOT graph and counts what graphviz will draw.
type dotWriter struct {
	b            strings.Builder
	g            *graph.Graph
	nodes, edges int
}

func (w *dotWriter) printf(format string, args ...any) { fmt.Fprintf(&w.b, format, args...) }

// attrs writes [name="value", ...]; values must already be escaped.
func (w *dotWriter) attrs(kv ...string) {
	w.b.WriteString(" [")
	for i := 0; i < len(kv); i += 2 {
		if i > 0 {
			w.b.WriteString(", ")
		}
		fmt.Fprintf(&w.b, "%s=\"%s\"", kv[i], kv[i+1])
	}
	w.b.WriteString("];\n")
}

// id quotes an entity id as a DOT node name. Ids are validated by the
// schema; one that does not match is a bug, and panics (the CLI turns a
// panic into exit code 3 with nothing written).
func id(e *graph.Entity) string {
	if !grammar.ID.MatchString(e.ID()) {
		panic(fmt.Sprintf("diagram: entity id %q is not a valid id", e.ID()))
	}
	return `"` + e.ID() + `"`
}

// writeDOT writes v as DOT and returns it with the number of node and
// edge groups the SVG will contain.
func writeDOT(g *graph.Graph, v *view) (dot []byte, nodes, edges int) {
	w := &dotWriter{g: g}
	w.printf("digraph \"factgraph\" {\n")
	gattrs := []string{"rankdir", "LR", "fontname", font, "fontsize", "12", "nodesep", "0.3", "ranksep", "0.55",
		"pad", "0.2", "newrank", "true", "bgcolor", "#ffffff"}
	if v.title != "" {
		gattrs = append(gattrs, "label", labelLines(centre, 90, v.title), "labelloc", "t", "fontname", fontBold, "fontsize", "14")
	}
	if len(v.nodes) > render.BoundedAbove {
		for _, a := range render.Bounded {
			gattrs = append(gattrs, a.Name, a.Value)
		}
	}
	w.b.WriteString("  graph")
	w.attrs(gattrs...)
	w.b.WriteString("  node")
	w.attrs("shape", "box", "style", "rounded,filled", "fontname", font, "fontsize", "11",
		"color", "#555555", "fillcolor", defaultFill, "margin", "0.12,0.05", "penwidth", "1")
	w.b.WriteString("  edge")
	w.attrs("fontname", font, "fontsize", "9", "color", inkNow, "fontcolor", inkNow, "arrowsize", "0.7", "penwidth", "1.2")

	for _, n := range v.nodes {
		w.node(v, n)
	}
	for _, e := range v.edges {
		w.edge(v, e)
	}
	if len(v.sources) > 0 {
		w.sourcesCluster(v)
	}
	if v.hidden > 0 {
		w.nodes++
		w.printf("  \"More\"")
		w.attrs("shape", "plaintext", "style", "solid", "fontcolor", inkEnded, "label",
			render.EscapeLabel(fmt.Sprintf("%d more %s not drawn", v.hidden, plural(v.hidden, "statement", "statements"))))
	}
	if v.legend != nil {
		w.legend(v)
	}
	w.printf("}\n")
	return []byte(w.b.String()), w.nodes, w.edges
}

func (w *dotWriter) node(v *view, n *node) {
	w.nodes++
	e := n.e
	kv := []string{"fillcolor", typeColour(e.Type)}
	if e == v.focus {
		lines := labelLines(centre, pageWidth, e.Label.Value) + labelLines(centre, pageWidth, "("+e.Type.Label+")")
		lines += factLines(n.facts, v)
		kv = append(kv, "label", lines, "penwidth", "2.5", "fontsize", "12", "margin", "0.2,0.1")
	} else {
		label := labelLines(centre, labelWidth, e.Label.Value)
		if len(n.facts) > 0 {
			label += factLines(n.facts, v)
		}
		kv = append(kv, "label", label)
		if link, ok := pageLink(v.link, e); ok {
			kv = append(kv, "URL", link)
		}
	}
	kv = append(kv, "tooltip", render.EscapeTooltip(nodeTip(v.cur, n)))
	w.printf("  %s", id(e))
	w.attrs(kv...)
}

// factLines writes literal claims as left-justified label lines, at most
// MaxFacts of them.
func factLines(facts []*graph.Claim, v *view) string {
	var lines []string
	for i, c := range facts {
		if i == MaxFacts {
			lines = append(lines, fmt.Sprintf("... and %d more", len(facts)-MaxFacts))
			break
		}
		lines = append(lines, claimText(c, v.cur))
	}
	if len(lines) == 0 {
		return ""
	}
	return `\n` + labelLines(left, pageWidth, lines...)
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

func (w *dotWriter) edge(v *view, e *edge) {
	w.edges++
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
	kv := []string{"label", labelLines(centre, 40, label...), "tooltip", render.EscapeTooltip(tip.String()), "labeltooltip", render.EscapeTooltip(tip.String())}
	if e.ended {
		kv = append(kv, "style", "dashed", "color", inkEnded, "fontcolor", inkEnded, "penwidth", "1")
	}
	if e.symmetric {
		kv = append(kv, "dir", "none")
	}
	if !v.star && !e.constrain() {
		kv = append(kv, "constraint", "false")
	}
	w.printf("  %s -> %s", id(e.from), id(e.to))
	w.attrs(kv...)
}

// sourcesCluster lists a page's sources, each linking to its own page.
func (w *dotWriter) sourcesCluster(v *view) {
	w.printf("  subgraph \"cluster_sources\" {\n")
	w.printf("    graph")
	w.attrs("label", render.EscapeLabel("Sources"), "fontname", fontBold, "fontsize", "10", "style", "rounded,dashed", "color", legendBorder, "labeljust", "l")
	for _, s := range v.sources {
		w.nodes++
		kv := []string{"shape", "note", "style", "filled", "fillcolor", typeColour(s.Type), "fontsize", "9",
			"label", labelLines(centre, 30, s.Label.Value), "tooltip", render.EscapeTooltip(s.Label.Value + "\n" + sourceDetails(s))}
		if link, ok := pageLink(v.link, s); ok {
			kv = append(kv, "URL", link)
		}
		w.printf("    %s", id(s))
		w.attrs(kv...)
	}
	w.printf("  }\n")
}

// legend explains the node colours and the edge styles.
func (w *dotWriter) legend(v *view) {
	w.printf("  subgraph \"cluster_legend\" {\n")
	w.printf("    graph")
	w.attrs("label", render.EscapeLabel("Legend"), "fontname", fontBold, "fontsize", "10", "style", "rounded", "color", legendBorder, "labeljust", "l")
	for i, t := range v.legend {
		w.nodes++
		w.printf("    \"Legend%d\"", i+1)
		w.attrs("label", render.EscapeLabel(t.Label), "fillcolor", typeColour(t), "fontsize", "9", "height", "0.25", "margin", "0.08,0.02",
			"tooltip", render.EscapeTooltip(legendTip(t)))
	}
	w.nodes++
	w.printf("    \"LegendKey\"")
	w.attrs("shape", "plaintext", "style", "solid", "fontsize", "9", "label", labelLines(left, 60, strings.Split(v.key, "\n")...))
	w.printf("  }\n")
}

func legendTip(t *vocab.Type) string {
	if t.Description != "" {
		return t.Label + ": " + t.Description
	}
	return t.Label
}

// pageLink is the link to e's page with the given prefix, built only
// from a validated id.
func pageLink(prefix string, e *graph.Entity) (string, bool) {
	if !grammar.ID.MatchString(e.ID()) {
		return "", false
	}
	return prefix + e.ID() + ".svg", true
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
