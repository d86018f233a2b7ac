package dot

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/factgraph/factgraph/internal/safetext"
)

// Attr is one attribute: a name from a fixed set and a value of the form
// that name takes. Attrs are made only by the functions of this package.
type Attr struct {
	name string
	kind kind
	text Text   // label kinds
	s    string // the value of the other kinds, unescaped
}

// kind says how a value is written.
type kind int

const (
	label   kind = iota + 1 // Text, escaped with safetext.DOTLabel
	tooltip                 // plain text, escaped with safetext.DOTTooltip
	word                    // a keyword or a number: bare in compact graphs
	list                    // a style list, a margin, a colour, a link: always quoted
)

// value is the attribute's value as written, quoted unless bare.
func (a Attr) value(compact bool) string {
	switch a.kind {
	case label:
		return `"` + a.text.escaped() + `"`
	case tooltip:
		return `"` + tooltipText(a.s) + `"`
	case word:
		if compact {
			return a.s
		}
	case list:
	default:
		panic("dot: an Attr not made by this package")
	}
	return `"` + a.s + `"`
}

func tooltipText(s string) string { return safetext.DOTTooltip(visible(s)) }

// Text attributes.

// Label is the label of a graph, cluster, node or edge.
func Label(t Text) Attr { return Attr{name: "label", kind: label, text: t} }

// XLabel is a label placed outside a node or beside an edge.
func XLabel(t Text) Attr { return Attr{name: "xlabel", kind: label, text: t} }

// HeadLabel is the label at an edge's head.
func HeadLabel(t Text) Attr { return Attr{name: "headlabel", kind: label, text: t} }

// TailLabel is the label at an edge's tail.
func TailLabel(t Text) Attr { return Attr{name: "taillabel", kind: label, text: t} }

// Tooltip is the tooltip of a node, an edge or a graph, in plain text.
func Tooltip(s string) Attr { return Attr{name: "tooltip", kind: tooltip, s: s} }

// LabelTooltip is the tooltip of an edge's label, in plain text.
func LabelTooltip(s string) Attr { return Attr{name: "labeltooltip", kind: tooltip, s: s} }

// Links.

// From is where a link to an entity page is followed from.
type From int

// Where links are followed from.
const (
	FromOutDir      From = iota + 1 // the output directory: entities/ID.svg
	FromEntitiesDir                 // another page: ID.svg
)

// URL links to the page of entity id, entities/ID.svg.
func URL(from From, id ID) Attr {
	if id.s == "" {
		panic("dot: link to the zero ID")
	}
	var prefix string
	switch from {
	case FromOutDir:
		prefix = "entities/"
	case FromEntitiesDir:
	default:
		panic(fmt.Sprintf("dot: link origin %d is not one of the constants", from))
	}
	return Attr{name: "URL", kind: list, s: prefix + id.s + ".svg"}
}

// Colours.

// Colour is a colour: #rrggbb, or a colour name such as grey40.
type Colour struct{ s string }

var colourPattern = regexp.MustCompile(`^(#[0-9a-f]{6}|[a-z]+[0-9]{0,3})$`)

// ParseColour parses a colour: #rrggbb in lower case, or a colour name of
// lower-case letters and at most three digits (graphviz's X11 scheme).
func ParseColour(s string) (Colour, error) {
	if !colourPattern.MatchString(s) {
		return Colour{}, fmt.Errorf("colour %q is neither #rrggbb nor a colour name", s)
	}
	return Colour{s}, nil
}

// MustColour is ParseColour for colours written in the code; it panics
// on a malformed one.
func MustColour(s string) Colour {
	c, err := ParseColour(s)
	if err != nil {
		panic("dot: " + err.Error())
	}
	return c
}

func colour(name string, c Colour) Attr {
	if c.s == "" {
		panic("dot: the zero Colour for " + name)
	}
	return Attr{name: name, kind: list, s: c.s}
}

// Color is the colour of lines.
func Color(c Colour) Attr { return colour("color", c) }

// FillColor is the colour a filled node or cluster is filled with.
func FillColor(c Colour) Attr { return colour("fillcolor", c) }

// FontColor is the colour of text.
func FontColor(c Colour) Attr { return colour("fontcolor", c) }

// BgColor is the background colour of a graph or cluster.
func BgColor(c Colour) Attr { return colour("bgcolor", c) }

// Numbers.

func number(name string, v float64) Attr {
	return Attr{name: name, kind: word, s: formatNumber(name, v)}
}

// formatNumber writes v in the shortest decimal form that reads back as
// v, with no exponent: 12, 0.3, 1.2.
func formatNumber(name string, v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		panic(fmt.Sprintf("dot: %s is %v", name, v))
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// FontSize is the font size in points.
func FontSize(v float64) Attr { return number("fontsize", v) }

// PenWidth is the width of lines in points.
func PenWidth(v float64) Attr { return number("penwidth", v) }

// ArrowSize scales arrowheads.
func ArrowSize(v float64) Attr { return number("arrowsize", v) }

// Height is a node's minimum height in inches.
func Height(v float64) Attr { return number("height", v) }

// Width is a node's minimum width in inches: graphviz makes a node as
// wide as its label and margins need, and no narrower than this.
func Width(v float64) Attr { return number("width", v) }

// NodeSep is the space between nodes of one rank, in inches.
func NodeSep(v float64) Attr { return number("nodesep", v) }

// RankSep is the space between ranks, in inches.
func RankSep(v float64) Attr { return number("ranksep", v) }

// Pad is the space around the drawing, in inches.
func Pad(v float64) Attr { return number("pad", v) }

// MCLimit scales the iterations of crossing minimisation.
func MCLimit(v float64) Attr { return number("mclimit", v) }

// NSLimit bounds the iterations of network simplex when ranking.
func NSLimit(v float64) Attr { return number("nslimit", v) }

// NSLimit1 bounds the iterations of network simplex when placing nodes.
func NSLimit1(v float64) Attr { return number("nslimit1", v) }

// Margin is the space around a node's label, x and y in inches.
func Margin(x, y float64) Attr {
	return Attr{name: "margin", kind: list, s: formatNumber("margin", x) + "," + formatNumber("margin", y)}
}

// Booleans.

func boolean(name string, v bool) Attr { return Attr{name: name, kind: word, s: strconv.FormatBool(v)} }

// NewRank ranks nodes of clusters with the rest of the graph.
func NewRank(v bool) Attr { return boolean("newrank", v) }

// Constraint says whether an edge ranks its tail before its head.
func Constraint(v bool) Attr { return boolean("constraint", v) }

// Keywords. Each enumeration starts at 1, so that its zero value, which
// names nothing, panics when written.

func keyword(name string, names []string, i int) Attr {
	if i <= 0 || i >= len(names) || names[i] == "" {
		panic(fmt.Sprintf("dot: %d is not a %s", i, name))
	}
	return Attr{name: name, kind: word, s: names[i]}
}

// Font is a font name.
type Font int

// Fonts.
const (
	Helvetica Font = iota + 1
	HelveticaBold
)

var fontNames = []string{Helvetica: "Helvetica", HelveticaBold: "Helvetica-Bold"}

// FontName is the font of text.
func FontName(f Font) Attr { return keyword("fontname", fontNames, int(f)) }

// ShapeName is a node shape.
type ShapeName int

// Node shapes.
const (
	Box ShapeName = iota + 1
	Note
	Plaintext
)

var shapeNames = []string{Box: "box", Note: "note", Plaintext: "plaintext"}

// Shape is a node's shape.
func Shape(s ShapeName) Attr { return keyword("shape", shapeNames, int(s)) }

// StyleName is one word of a style.
type StyleName int

// Style words.
const (
	Filled StyleName = iota + 1
	Rounded
	Solid
	Dashed
	Bold
)

var styleNames = []string{Filled: "filled", Rounded: "rounded", Solid: "solid", Dashed: "dashed", Bold: "bold"}

// Style is the style of a node, edge or cluster: one or more words,
// written as a quoted list even when it is one word.
func Style(words ...StyleName) Attr {
	if len(words) == 0 {
		panic("dot: a style of no words")
	}
	s := make([]string, len(words))
	for i, w := range words {
		s[i] = keyword("style", styleNames, int(w)).s
	}
	return Attr{name: "style", kind: list, s: strings.Join(s, ",")}
}

// Direction is the direction of ranks.
type Direction int

// Directions of ranks.
const (
	LeftToRight Direction = iota + 1
	TopToBottom
)

var directionNames = []string{LeftToRight: "LR", TopToBottom: "TB"}

// RankDir is the direction ranks follow each other in.
func RankDir(d Direction) Attr { return keyword("rankdir", directionNames, int(d)) }

// Loc is where a label goes, above or below.
type Loc int

// Label locations.
const (
	Top Loc = iota + 1
	Bottom
)

var locNames = []string{Top: "t", Bottom: "b"}

// LabelLoc is where a graph's or cluster's label goes.
func LabelLoc(l Loc) Attr { return keyword("labelloc", locNames, int(l)) }

var justNames = []string{Centre: "c", Left: "l"}

// LabelJust is how a graph's or cluster's label is justified.
func LabelJust(j Just) Attr { return keyword("labeljust", justNames, int(j)) }

// Arrows says which ends of an edge have arrowheads.
type Arrows int

// Arrowheads.
const (
	ArrowAtHead Arrows = iota + 1
	NoArrows
)

var arrowNames = []string{ArrowAtHead: "forward", NoArrows: "none"}

// Dir says which ends of an edge have arrowheads.
func Dir(a Arrows) Attr { return keyword("dir", arrowNames, int(a)) }

// EdgeShape is how edges are drawn.
type EdgeShape int

// Edge shapes.
const (
	Curves EdgeShape = iota + 1
	StraightLines
)

var edgeShapeNames = []string{Curves: "spline", StraightLines: "line"}

// Splines is how a graph's edges are drawn. Straight lines save spline
// routing, most of the cost of laying out a large graph.
func Splines(s EdgeShape) Attr { return keyword("splines", edgeShapeNames, int(s)) }

// Bounded lists the graph attributes that bound the layout's work, the
// same as render.Bounded: no spline routing, and few iterations of
// crossing minimisation and network simplex.
func Bounded() []Attr {
	return []Attr{Splines(StraightLines), MCLimit(0.1), NSLimit(1), NSLimit1(1)}
}
