package diagram_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/factgraph/factgraph/internal/dot"
	"github.com/factgraph/factgraph/internal/render"
	"github.com/factgraph/factgraph/internal/testenv"
)

// dejaVuDir is where Debian's fonts-dejavu-core puts DejaVu Sans, the
// fallback for font-family="Helvetica,sans-Serif" on many Linux systems
// (and rsvg-convert's without Liberation), about 12-15% wider than the
// Helvetica metrics graphviz sizes nodes with.
const dejaVuDir = "/usr/share/fonts/truetype/dejavu/"

// face measures text in one font file.
type face struct {
	f   *sfnt.Font
	buf sfnt.Buffer
	em  fixed.Int26_6
}

func loadFace(t *testing.T, file string) *face {
	t.Helper()
	data, err := os.ReadFile(dejaVuDir + file)
	if err != nil {
		testenv.Missing(t, "DejaVu Sans ("+dejaVuDir+file+", apt-get install fonts-dejavu-core)")
	}
	f, err := sfnt.Parse(data)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return &face{f: f, em: fixed.I(int(f.UnitsPerEm()))}
}

// width is the advance width of s at size points, without kerning (which
// only narrows DejaVu's text): an upper bound of what a viewer draws. A
// rune the font lacks counts as its .notdef box, as a viewer with only
// this font draws it.
func (fc *face) width(t *testing.T, s string, size float64) float64 {
	var sum fixed.Int26_6
	for _, r := range s {
		g, err := fc.f.GlyphIndex(&fc.buf, r)
		if err != nil {
			t.Fatal(err)
		}
		adv, err := fc.f.GlyphAdvance(&fc.buf, g, fc.em, font.HintingNone)
		if err != nil {
			t.Fatal(err)
		}
		sum += adv
	}
	return float64(sum) / float64(fc.em) * size
}

// box is a rectangle in SVG user units: x grows right, y down.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) String() string {
	return fmt.Sprintf("[%.1f, %.1f]×[%.1f, %.1f]", b.x0, b.x1, b.y0, b.y1)
}

func (b box) overlaps(c box) bool { return b.x0 < c.x1 && c.x0 < b.x1 && b.y0 < c.y1 && c.y0 < b.y1 }

func (b box) holds(c box) bool {
	const eps = 0.01
	return c.x0 >= b.x0-eps && c.x1 <= b.x1+eps && c.y0 >= b.y0-eps && c.y1 <= b.y1+eps
}

// svgText is one <text> of a graphviz SVG.
type svgText struct {
	s                string
	x, y, size       float64
	anchor, weight   string
	group, groupName string // class and title of the node, edge or cluster group
}

// start is the x at which the text, w wide, begins, by its anchor; false
// for an anchor graphviz does not write.
func (tx svgText) start(w float64) (float64, bool) {
	switch tx.anchor {
	case "middle":
		return tx.x - w/2, true
	case "end":
		return tx.x - w, true
	case "start", "":
		return tx.x, true
	}
	return tx.x, false
}

// svgShape is a node's or cluster's outline: its bounding box, inset by
// half its stroke, so that text on the stroke counts as outside.
type svgShape struct {
	class, title string
	in           box
}

// readDrawing reads what the fit and label checks need from a graphviz
// SVG with encoding/xml: every text, the first outline (path, polygon or
// ellipse) of every node and cluster group, and every edge group. Graphviz writes outlines in
// absolute coordinates only (M, C and L in paths), so the bounding box
// of a path's points, control points included, is that of a rounded box:
// its control points lie on its sides.
func readDrawing(t *testing.T, name string, data []byte) ([]svgText, []svgShape, []svgEdgeGroup) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	type open struct {
		class, title string
		shaped       bool
		edge         int // index in edges of an edge group
	}
	var stack []*open // the enclosing g elements
	var texts []svgText
	var shapes []svgShape
	var edges []svgEdgeGroup
	var text *svgText
	inTitle := false
	group := func() *open {
		for i := len(stack) - 1; i >= 0; i-- {
			if c := stack[i].class; c == "node" || c == "edge" || c == "cluster" {
				return stack[i]
			}
		}
		return nil
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			attr := map[string]string{}
			for _, a := range tk.Attr {
				attr[a.Name.Local] = a.Value
			}
			switch tk.Name.Local {
			case "g":
				o := &open{class: attr["class"]}
				if o.class == "edge" {
					o.edge = len(edges)
					edges = append(edges, svgEdgeGroup{})
				}
				stack = append(stack, o)
			case "title":
				inTitle = true
			case "text":
				text = &svgText{x: num(t, name, attr["x"]), y: num(t, name, attr["y"]), size: num(t, name, attr["font-size"]),
					anchor: attr["text-anchor"], weight: attr["font-weight"]}
				if g := group(); g != nil {
					text.group, text.groupName = g.class, g.title
				}
			case "path", "polygon", "ellipse":
				g := group()
				if g != nil && g.class == "edge" && tk.Name.Local == "path" && edges[g.edge].d == "" {
					edges[g.edge].d = attr["d"]
				}
				if g == nil || g.class == "edge" || g.shaped || attr["stroke"] == "none" && g.class == "cluster" {
					break
				}
				g.shaped = true
				b := outline(t, name, tk.Name.Local, attr)
				stroke := 1.0
				if w, ok := attr["stroke-width"]; ok {
					stroke = num(t, name, w)
				}
				shapes = append(shapes, svgShape{class: g.class, title: g.title, in: box{b.x0 + stroke/2, b.y0 + stroke/2, b.x1 - stroke/2, b.y1 - stroke/2}})
			}
		case xml.EndElement:
			switch tk.Name.Local {
			case "g":
				if o := stack[len(stack)-1]; o.class == "edge" {
					edges[o.edge].title = o.title
				}
				stack = stack[:len(stack)-1]
			case "title":
				inTitle = false
			case "text":
				if g := group(); g != nil && g.class == "edge" {
					edges[g.edge].texts = append(edges[g.edge].texts, *text)
				}
				texts = append(texts, *text)
				text = nil
			}
		case xml.CharData:
			switch {
			case text != nil:
				text.s += string(tk)
			case inTitle && len(stack) > 0:
				stack[len(stack)-1].title += string(tk)
			}
		}
	}
	return texts, shapes, edges
}

// svgEdgeGroup is an edge group as readDrawing reads it: its title, its
// path's d attribute and its texts.
type svgEdgeGroup struct {
	title, d string
	texts    []svgText
}

// outline is the bounding box of a path's, polygon's or ellipse's points.
func outline(t *testing.T, name, elem string, attr map[string]string) box {
	if elem == "ellipse" {
		cx, cy, rx, ry := num(t, name, attr["cx"]), num(t, name, attr["cy"]), num(t, name, attr["rx"]), num(t, name, attr["ry"])
		return box{cx - rx, cy - ry, cx + rx, cy + ry}
	}
	pts := attr["points"]
	if elem == "path" {
		if strings.ContainsAny(attr["d"], "mclhvsqtaz") {
			t.Fatalf("%s: path %q has relative commands", name, attr["d"])
		}
		pts = strings.NewReplacer("M", " ", "C", " ", "L", " ").Replace(attr["d"])
	}
	var xs, ys []float64
	for p := range strings.FieldsSeq(pts) {
		x, y, ok := strings.Cut(p, ",")
		if !ok {
			t.Fatalf("%s: point %q in %q", name, p, pts)
		}
		xs, ys = append(xs, num(t, name, x)), append(ys, num(t, name, y))
	}
	if len(xs) == 0 {
		t.Fatalf("%s: an outline without points", name)
	}
	return box{slices.Min(xs), slices.Min(ys), slices.Max(xs), slices.Max(ys)}
}

func num(t *testing.T, name, s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// TestTextFitsInDejaVuSans draws the shipped facts and the hostile
// fixture with the real renderer and measures every text of every SVG in
// DejaVu Sans, the widest common fallback for Helvetica, as a viewer
// without Helvetica or a metric-compatible font draws it: each node's
// text must lie inside its node's outline, a text of a node without one
// (the legend's key, the note of what was not drawn) and a cluster's
// label inside the cluster's, and edge labels must overlap no node and
// no other edge's label.
func TestTextFitsInDejaVuSans(t *testing.T) {
	regular, bold := loadFace(t, "DejaVuSans.ttf"), loadFace(t, "DejaVuSans-Bold.ttf")
	shipped := files(t, load(t, "../../facts"), mustDate(t, "2012"))
	hostile := files(t, load(t, "testdata/hostile"))
	checked := 0
	for _, set := range []struct {
		name  string
		files map[string][]byte
	}{{"shipped", shipped}, {"hostile", hostile}} {
		for _, file := range slices.Sorted(maps.Keys(set.files)) {
			if path.Ext(file) != ".svg" {
				continue
			}
			name := set.name + "/" + file
			texts, shapes, _ := readDrawing(t, name, set.files[file])
			checked += checkFit(t, name, texts, shapes, regular, bold)
		}
	}
	if checked < 200 {
		t.Errorf("measured only %d texts", checked)
	}
}

// checkFit checks one SVG's texts and returns how many it measured.
func checkFit(t *testing.T, name string, texts []svgText, shapes []svgShape, regular, bold *face) int {
	t.Helper()
	nodeShape := map[string]box{}
	var nodeBoxes []svgShape
	var clusters []svgShape
	for _, s := range shapes {
		switch s.class {
		case "node":
			nodeShape[s.title] = s.in
			nodeBoxes = append(nodeBoxes, s)
		case "cluster":
			clusters = append(clusters, s)
		}
	}
	// inCluster is the innermost cluster that holds the text's anchor.
	inCluster := func(x, y float64) (svgShape, bool) {
		var found svgShape
		ok := false
		for _, c := range clusters {
			if c.in.holds(box{x, y, x, y}) && (!ok || found.in.holds(c.in)) {
				found, ok = c, true
			}
		}
		return found, ok
	}
	type label struct {
		edge string
		b    box
	}
	var labels []label
	for _, tx := range texts {
		fc := regular
		if tx.weight == "bold" {
			fc = bold
		}
		w := fc.width(t, tx.s, tx.size)
		x0, ok := tx.start(w)
		if !ok {
			t.Fatalf("%s: text-anchor %q", name, tx.anchor)
		}
		// The baseline's y, with DejaVu's capitals' height above it and
		// its descenders below: 1 em in all, less than graphviz's line
		// spacing of 1.2 em, so that one label's lines do not overlap.
		b := box{x0, tx.y - 0.76*tx.size, x0 + w, tx.y + 0.24*tx.size}
		switch tx.group {
		case "node":
			out, ok := nodeShape[tx.groupName]
			what := "its node"
			if !ok {
				c, in := inCluster(tx.x, tx.y)
				if !in {
					continue // a node without an outline outside clusters: nothing to overflow
				}
				out, what = c.in, "its cluster "+c.title
			}
			if b.x0 < out.x0-0.01 || b.x1 > out.x1+0.01 {
				t.Errorf("%s: node %s: %q in DejaVu Sans %s is not inside %s %s", name, tx.groupName, tx.s, b, what, out)
			}
		case "cluster":
			c, ok := inCluster(tx.x, tx.y)
			if ok && (b.x0 < c.in.x0-0.01 || b.x1 > c.in.x1+0.01) {
				t.Errorf("%s: cluster label %q in DejaVu Sans %s is not inside %s %s", name, tx.s, b, c.title, c.in)
			}
		case "edge":
			for _, n := range nodeBoxes {
				if b.overlaps(n.in) {
					t.Errorf("%s: edge %s: label %q in DejaVu Sans %s overlaps node %s %s", name, tx.groupName, tx.s, b, n.title, n.in)
				}
			}
			for _, l := range labels {
				if l.edge != tx.groupName && b.overlaps(l.b) {
					t.Errorf("%s: edge %s: label %q in DejaVu Sans %s overlaps a label of edge %s %s", name, tx.groupName, tx.s, b, l.edge, l.b)
				}
			}
			labels = append(labels, label{tx.groupName, b})
		default:
			continue // the graph's title
		}
	}
	return len(texts)
}

// TestHelveticaWidthsMatchRenderer draws, with the real renderer, a box
// without margins for every printable ASCII character and for lines with
// other characters, and checks that dot.Text.Width, which fit sizes nodes
// by, is the width graphviz gave the box.
func TestHelveticaWidthsMatchRenderer(t *testing.T) {
	var labels []dot.Text
	for c := ' '; c <= '~'; c++ {
		labels = append(labels, dot.Plain(strings.Repeat(string(c), 10)))
	}
	labels = append(labels,
		dot.Plain("Alipay owned by Alibaba Group, 2004–2014"),
		dot.Plain("Zürich, 北京, ‘quotes’\ntwo lines"),
		dot.Lines(dot.Left, "left", "a longer left-justified line"),
		dot.Lines(dot.Centre, "Alipay").Then(dot.Plain("tail\x01 with a control")))
	g := dot.New("widths")
	g.NodeDefault(dot.Shape(dot.Box), dot.FontName(dot.Helvetica), dot.FontSize(50), dot.Margin(0, 0),
		dot.Width(0.01), dot.Height(0.01), dot.PenWidth(1))
	for i, l := range labels {
		g.Node(dot.Own(fmt.Sprintf("N%d", i)), dot.Label(l))
	}
	svgs, err := renderer(t).Render(context.Background(), []render.Job{g.Job("widths.svg")})
	if err != nil {
		t.Fatal(err)
	}
	_, shapes, _ := readDrawing(t, "widths.svg", svgs[0])
	if len(shapes) != len(labels) {
		t.Fatalf("%d node outlines for %d labels", len(shapes), len(labels))
	}
	for _, s := range shapes {
		i, err := strconv.Atoi(strings.TrimPrefix(s.title, "N"))
		if err != nil {
			t.Fatal(err)
		}
		// The outline's points lie on the middle of its stroke.
		got, want := s.in.x1-s.in.x0+1, labels[i].Width(50)
		if math.Abs(got-want) > 0.02 {
			t.Errorf("label %d: the renderer drew it %.2f points wide, Text.Width says %.2f", i, got, want)
		}
	}
}
