package diagram_test

import (
	"math"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/dot"
)

// svgEdge is one edge group of a graphviz SVG: its title (from->to), the
// points of its path, cubic Bézier curves sampled, and the box around
// its label's lines.
type svgEdge struct {
	title    string
	curve    [][2]float64
	label    box
	labelled bool
	text     string
}

// readEdges reads every edge group of a graphviz SVG. A label's lines
// are boxed as graphviz sizes them, in Helvetica (dot.Text.Width), from
// the baseline's y less three quarters of the font size to a quarter
// below it.
func readEdges(t *testing.T, name string, data []byte) []svgEdge {
	t.Helper()
	_, _, groups := readDrawing(t, name, data)
	edges := make([]svgEdge, len(groups))
	for k, g := range groups {
		e := &edges[k]
		e.title = g.title
		if g.d != "" {
			e.curve = sampleCurve(t, name, g.d)
		}
		for _, tx := range g.texts {
			w := dot.Plain(tx.s).Width(tx.size)
			x0, _ := tx.start(w)
			b := box{x0, tx.y - 0.76*tx.size, x0 + w, tx.y + 0.24*tx.size}
			if e.labelled {
				b = box{min(b.x0, e.label.x0), min(b.y0, e.label.y0), max(b.x1, e.label.x1), max(b.y1, e.label.y1)}
				e.text += " / "
			}
			e.label, e.labelled = b, true
			e.text += tx.s
		}
	}
	return edges
}

// sampleCurve is the points of a path of graphviz's, M x,y followed by
// cubic Béziers (C and its points, in absolute coordinates), each curve
// sampled at 32 points.
func sampleCurve(t *testing.T, name, d string) [][2]float64 {
	if strings.ContainsAny(d, "mclhvsqtaLHVSQTAZz") || !strings.HasPrefix(d, "M") {
		t.Fatalf("%s: path %q is not M followed by C", name, d)
	}
	var pts [][2]float64
	for p := range strings.FieldsSeq(strings.NewReplacer("M", " ", "C", " ").Replace(d)) {
		x, y, ok := strings.Cut(p, ",")
		if !ok {
			t.Fatalf("%s: point %q in %q", name, p, d)
		}
		pts = append(pts, [2]float64{num(t, name, x), num(t, name, y)})
	}
	if len(pts) < 4 || (len(pts)-1)%3 != 0 {
		t.Fatalf("%s: path %q has %d points, not 1+3n", name, d, len(pts))
	}
	curve := [][2]float64{pts[0]}
	for i := 0; i+3 < len(pts); i += 3 {
		p0, p1, p2, p3 := pts[i], pts[i+1], pts[i+2], pts[i+3]
		for k := 1; k <= 32; k++ {
			s := float64(k) / 32
			a, b, c, e := (1-s)*(1-s)*(1-s), 3*(1-s)*(1-s)*s, 3*(1-s)*s*s, s*s*s
			curve = append(curve, [2]float64{a*p0[0] + b*p1[0] + c*p2[0] + e*p3[0], a*p0[1] + b*p1[1] + c*p2[1] + e*p3[1]})
		}
	}
	return curve
}

// distance is the shortest distance from the box to the sampled curve:
// 0 when the curve passes through it.
func (e svgEdge) distance() float64 {
	best := math.Inf(1)
	for _, p := range e.curve {
		dx := max(e.label.x0-p[0], 0, p[0]-e.label.x1)
		dy := max(e.label.y0-p[1], 0, p[1]-e.label.y1)
		best = min(best, math.Hypot(dx, dy))
	}
	return best
}

// maxLabelGap bounds, in points, how far an edge's label may lie from its
// edge in the shipped diagrams: about two lines of its text. The largest
// now is 19.0 (alipay-and-alibaba.svg), 15.6 in graph.svg.
const maxLabelGap = 20

// TestEdgeLabelsBesideEdges draws the shipped facts with the real
// renderer and measures, in every SVG, the distance from each edge
// label's text box to its edge's path.
func TestEdgeLabelsBesideEdges(t *testing.T) {
	shipped := files(t, load(t, "../../facts"), mustDate(t, "2012"))
	measured := 0
	for name, data := range shipped {
		if !strings.HasSuffix(name, ".svg") {
			continue
		}
		for _, e := range readEdges(t, name, data) {
			if !e.labelled {
				continue
			}
			measured++
			if d := e.distance(); d > maxLabelGap {
				t.Errorf("%s: edge %s: label %q %s is %.1f points from its edge, over %d", name, e.title, e.text, e.label, d, maxLabelGap)
			}
		}
	}
	if measured < 50 {
		t.Errorf("measured only %d labels", measured)
	}
}
