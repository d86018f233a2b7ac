package dot_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/dot"
	"github.com/factgraph/factgraph/internal/render"
	"github.com/factgraph/factgraph/internal/render/rendertest"
)

func TestMain(m *testing.M) { os.Exit(rendertest.Main(m)) }

func mustID(t *testing.T, s string) dot.ID {
	t.Helper()
	id, err := dot.ParseID(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestWrite(t *testing.T) {
	a, b := mustID(t, "alipay"), mustID(t, "ant-group")
	build := func(compact bool) *dot.Graph {
		g := dot.New("factgraph")
		g.Compact = compact
		g.Attr(dot.RankDir(dot.LeftToRight), dot.FontSize(12), dot.NewRank(true), dot.Label(dot.Plain("Title")))
		g.NodeDefault(dot.Shape(dot.Box), dot.Style(dot.Rounded, dot.Filled), dot.Margin(0.12, 0.05))
		g.EdgeDefault(dot.ArrowSize(0.7))
		g.Node(a, dot.FillColor(dot.MustColour("#b6d7a8")), dot.URL(dot.FromOutDir, a),
			dot.Label(dot.Lines(dot.Centre, "Alipay").Then(dot.Lines(dot.Left, "founded: 2004"))))
		g.Node(b)
		g.Edge(a, b, dot.Style(dot.Dashed), dot.Dir(dot.NoArrows), dot.Constraint(false), dot.PenWidth(1.2))
		c := g.Cluster("legend", dot.LabelJust(dot.Left))
		c.Node(dot.Own("Legend1"), dot.Tooltip("a\nb"))
		c.Node(dot.Own("Legend2"))
		c.Order(dot.Own("Legend1"), dot.Own("Legend2"))
		g.Node(dot.Own("More"), dot.Shape(dot.Plaintext))
		return g
	}
	tests := []struct {
		name    string
		compact bool
		want    string
	}{
		{"quoted", false, `digraph "factgraph" {
  graph [rankdir="LR", fontsize="12", newrank="true", label="Title"];
  node [shape="box", style="rounded,filled", margin="0.12,0.05"];
  edge [arrowsize="0.7"];
  "alipay" [fillcolor="#b6d7a8", URL="entities/alipay.svg", label="Alipay\nfounded: 2004\l"];
  "ant-group";
  "alipay" -> "ant-group" [style="dashed", dir="none", constraint="false", penwidth="1.2"];
  subgraph "cluster_legend" {
    graph [labeljust="l"];
    "Legend1" [tooltip="a\nb"];
    "Legend2";
    "Legend1" -> "Legend2" [style="invis"];
  }
  "More" [shape="plaintext"];
}
`},
		{"compact", true, `digraph factgraph {
  graph [rankdir=LR, fontsize=12, newrank=true, label="Title"];
  node [shape=box, style="rounded,filled", margin="0.12,0.05"];
  edge [arrowsize=0.7];
  "alipay" [fillcolor="#b6d7a8", URL="entities/alipay.svg", label="Alipay\nfounded: 2004\l"];
  "ant-group";
  "alipay" -> "ant-group" [style="dashed", dir=none, constraint=false, penwidth=1.2];
  subgraph "cluster_legend" {
    graph [labeljust=l];
    "Legend1" [tooltip="a\nb"];
    "Legend2";
    "Legend1" -> "Legend2" [style="invis"];
  }
  "More" [shape=plaintext];
}
`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := build(tc.compact)
			got := string(g.Bytes())
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			if err := render.CheckDOT([]byte(got)); err != nil {
				t.Errorf("CheckDOT: %v", err)
			}
			if g.Nodes() != 5 || g.Edges() != 1 {
				t.Errorf("counts %d nodes, %d edges; want 5, 1", g.Nodes(), g.Edges())
			}
			if j := g.Job("g.svg"); j.Name != "g.svg" || string(j.DOT) != got || j.Nodes != 5 || j.Edges != 1 {
				t.Errorf("Job = %+v", j)
			}
		})
	}
	// The real renderer verifies the counts: the invisible edge of Order
	// draws no edge group.
	r, err := render.New()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Render(context.Background(), []render.Job{build(false).Job("g.svg")}); err != nil {
		t.Error(err)
	}
}

// TestHostileText: whatever the text, the DOT stays inside render's
// safe subset and shows the text as it is (graphviz's own decoding
// undone by the escapes).
func TestHostileText(t *testing.T) {
	hostile := []string{
		`Evil "Corp" \N \G \E \L & Co &amp; &#65;`,
		`"]; node [fontname="Times\"/><script>alert(1)</script>"]; digraph {`,
		`<script>alert(1)</script>`, `javascript:alert(1)`,
		"line\nbreak\r\nand\rreturn",
		"nul\x00 esc\x1b[31m del\x7f c1\u0085 bidi\u202e\u2066 sep\u2028 nonchar\uffff",
		"invalid \xff\xfe utf-8 \xc3",
		`trailing backslash \`, `\\server\share\`, "tab\there",
		"/* comment */ // comment\n# comment",
	}
	var jobs []render.Job
	for i, s := range hostile {
		g := dot.New("g")
		id := mustID(t, "x")
		g.Node(id, dot.Label(dot.Plain(s)), dot.Tooltip(s))
		g.Node(dot.Own("Y"), dot.Label(dot.Lines(dot.Left, s, s).Then(dot.Wrap(dot.Centre, 5, s))), dot.XLabel(dot.Plain(s)))
		g.Edge(id, dot.Own("Y"), dot.Label(dot.Plain(s)), dot.LabelTooltip(s), dot.HeadLabel(dot.Plain(s)), dot.TailLabel(dot.Plain(s)))
		g.Attr(dot.Label(dot.Plain(s)), dot.Tooltip(s))
		out := g.Bytes()
		if err := render.CheckDOT(out); err != nil {
			t.Errorf("%q: CheckDOT refused the builder's output: %v\n%s", s, err, out)
		}
		if g.Nodes() != 2 || g.Edges() != 1 {
			t.Errorf("%q: counts %d, %d", s, g.Nodes(), g.Edges())
		}
		jobs = append(jobs, g.Job(fmt.Sprintf("hostile-%d.svg", i)))
	}
	// The real renderer verifies each SVG: strict XML (no control
	// character got through) and the counted nodes and edges.
	r, err := render.New()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Render(context.Background(), jobs); err != nil {
		t.Error(err)
	}
}

// TestEscapes pins the escapes of text attributes.
func TestEscapes(t *testing.T) {
	tests := []struct {
		name string
		attr dot.Attr
		want string
	}{
		{"label quotes", dot.Label(dot.Plain(`a "b"`)), `label="a \"b\""`},
		{"label escStrings", dot.Label(dot.Plain(`\N \G`)), `label="\\N \\G"`},
		{"label entities", dot.Label(dot.Plain(`&amp; &#65;`)), `label="&amp;amp; &amp;#65;"`},
		{"label line break", dot.Label(dot.Plain("a\nb")), `label="a\nb"`},
		{"label lines", dot.Label(dot.Lines(dot.Left, "a\nb", "c")), `label="a\lb\lc\l"`},
		{"label wrapped", dot.Label(dot.Wrap(dot.Centre, 5, "one two three")), `label="one\ntwo\nthree\n"`},
		{"label controls", dot.Label(dot.Plain("a\x00b\x1bc\rd")), `label="a\\x00b\\x1bc\\rd"`},
		{"label bidi", dot.Label(dot.Plain("a\u202eb")), `label="a\\u202eb"`},
		{"label invalid UTF-8", dot.Label(dot.Plain("a\xffb")), `label="a\\xffb"`},
		{"label trailing backslash", dot.Label(dot.Plain(`end\`)), `label="end\\"`},
		{"label markup", dot.Label(dot.Plain(`<script>`)), `label="<script>"`},
		{"label empty", dot.Label(dot.Text{}), `label=""`},
		{"label empty line", dot.Label(dot.Lines(dot.Centre, "")), `label="\n"`},
		{"tooltip escStrings", dot.Tooltip(`\N "q"`), `tooltip="\\\\N \"q\""`},
		{"tooltip line break", dot.Tooltip("a\nb"), `tooltip="a\nb"`},
		{"tooltip trailing backslash", dot.Tooltip(`end\`), `tooltip="end\\\\"`},
		{"tooltip entities", dot.Tooltip(`&amp;`), `tooltip="&amp;amp;"`},
		{"tooltip controls", dot.Tooltip("a\x1b"), `tooltip="a\\\\x1b"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := dot.New("g")
			g.Node(dot.Own("X"), tc.attr)
			got := string(g.Bytes())
			if want := "  \"X\" [" + tc.want + "];\n"; !strings.Contains(got, want) {
				t.Errorf("got\n%s\nwant a line\n%s", got, want)
			}
		})
	}
}

// TestLinks: a link is only ever an entity page, and matches render's
// LinkPattern.
func TestLinks(t *testing.T) {
	id := mustID(t, "ant-group")
	for _, from := range []dot.From{dot.FromOutDir, dot.FromEntitiesDir} {
		g := dot.New("g")
		g.Node(id, dot.URL(from, id))
		out := string(g.Bytes())
		start := strings.Index(out, `URL="`) + len(`URL="`)
		link := out[start : start+strings.IndexByte(out[start:], '"')]
		if !render.LinkPattern.MatchString(link) {
			t.Errorf("link %q does not match render.LinkPattern", link)
		}
	}
	for _, bad := range []string{"", "Ant", "a--b", "-a", "a-", "a b", "a/b", "../a", "javascript:alert(1)", "a.svg", "a%2f", "a\n"} {
		if _, err := dot.ParseID(bad); err == nil {
			t.Errorf("ParseID(%q) accepted it", bad)
		}
	}
}

func TestParseColour(t *testing.T) {
	for _, s := range []string{"#ffffff", "#1a7f37", "grey40", "transparent", "red"} {
		if _, err := dot.ParseColour(s); err != nil {
			t.Errorf("ParseColour(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "#fff", "#FFFFFF", "#ffffff\"", "red;", "url(x)", "grey4000", "#ffffff ", "javascript:"} {
		if _, err := dot.ParseColour(s); err == nil {
			t.Errorf("ParseColour(%q) accepted it", s)
		}
	}
}

// TestEveryAttrIsAllowed writes every attribute the package makes and
// has render.CheckDOT read it, so that the builder cannot write an
// attribute the renderer refuses.
func TestEveryAttrIsAllowed(t *testing.T) {
	id := mustID(t, "x")
	c := dot.MustColour("#123456")
	attrs := []dot.Attr{
		dot.Label(dot.Plain("t")), dot.XLabel(dot.Plain("t")), dot.HeadLabel(dot.Plain("t")), dot.TailLabel(dot.Plain("t")),
		dot.Tooltip("t"), dot.LabelTooltip("t"),
		dot.URL(dot.FromOutDir, id), dot.URL(dot.FromEntitiesDir, id),
		dot.Color(c), dot.FillColor(c), dot.FontColor(c), dot.BgColor(dot.MustColour("white")),
		dot.FontSize(12), dot.PenWidth(1.5), dot.ArrowSize(0.7), dot.Height(0.25), dot.NodeSep(0.3), dot.RankSep(0.55),
		dot.Pad(0.2), dot.MCLimit(0.1), dot.NSLimit(1), dot.NSLimit1(1), dot.Margin(0.2, 0.1),
		dot.NewRank(true), dot.Constraint(false),
		dot.FontName(dot.Helvetica), dot.FontName(dot.HelveticaBold),
		dot.Shape(dot.Box), dot.Shape(dot.Note), dot.Shape(dot.Plaintext),
		dot.Style(dot.Filled, dot.Rounded, dot.Solid, dot.Dashed, dot.Bold),
		dot.RankDir(dot.LeftToRight), dot.RankDir(dot.TopToBottom),
		dot.LabelLoc(dot.Top), dot.LabelLoc(dot.Bottom), dot.LabelJust(dot.Left), dot.LabelJust(dot.Centre),
		dot.Dir(dot.ArrowAtHead), dot.Dir(dot.NoArrows),
		dot.Splines(dot.Curves), dot.Splines(dot.StraightLines),
	}
	for _, compact := range []bool{false, true} {
		for _, a := range attrs {
			g := dot.New("g")
			g.Compact = compact
			g.Node(id, a)
			if err := render.CheckDOT(g.Bytes()); err != nil {
				t.Errorf("compact %v: %v\n%s", compact, err, g.Bytes())
			}
		}
	}
}

// TestBounded: the builder's bounded settings are render's.
func TestBounded(t *testing.T) {
	g := dot.New("g")
	g.Compact = true
	g.Attr(dot.Bounded()...)
	var want []string
	for _, a := range render.Bounded {
		want = append(want, a.Name+"="+a.Value)
	}
	if line := "  graph [" + strings.Join(want, ", ") + "];\n"; !strings.Contains(string(g.Bytes()), line) {
		t.Errorf("got\n%s\nwant the line\n%s", g.Bytes(), line)
	}
}

// TestMisuse: the mistakes that would make the SVG differ from the
// counts, or write a value outside an enumeration, panic.
func TestMisuse(t *testing.T) {
	a := mustID(t, "a")
	tests := []struct {
		name string
		f    func(g *dot.Graph)
	}{
		{"node added twice", func(g *dot.Graph) { g.Node(a); g.Node(a) }},
		{"node added twice, once in a cluster", func(g *dot.Graph) { g.Node(a); g.Cluster("c").Node(a) }},
		{"edge to a missing node", func(g *dot.Graph) { g.Node(a); g.Edge(a, dot.Own("B")) }},
		{"order of a missing node", func(g *dot.Graph) { c := g.Cluster("c"); c.Node(a); c.Order(dot.Own("B"), a) }},
		{"zero ID", func(g *dot.Graph) { g.Node(dot.ID{}) }},
		{"link to the zero ID", func(g *dot.Graph) { dot.URL(dot.FromOutDir, dot.ID{}) }},
		{"zero Attr", func(g *dot.Graph) { g.Node(a, dot.Attr{}); g.Bytes() }},
		{"zero colour", func(g *dot.Graph) { dot.Color(dot.Colour{}) }},
		{"shape out of range", func(g *dot.Graph) { dot.Shape(dot.ShapeName(99)) }},
		{"zero style word", func(g *dot.Graph) { dot.Style(0) }},
		{"no style words", func(g *dot.Graph) { dot.Style() }},
		{"zero justification", func(g *dot.Graph) { dot.Lines(0, "x") }},
		{"link origin out of range", func(g *dot.Graph) { dot.URL(dot.From(7), a) }},
		{"own name in lower case", func(g *dot.Graph) { dot.Own("more") }},
		{"own name with a quote", func(g *dot.Graph) { dot.Own(`M"`) }},
		{"cluster name", func(g *dot.Graph) { g.Cluster("a b") }},
		{"not a number", func(g *dot.Graph) { dot.FontSize(math.NaN()) }},
		{"infinite", func(g *dot.Graph) { dot.PenWidth(math.Inf(1)) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			tc.f(dot.New("g"))
		})
	}
	for _, name := range []string{"", "graph", "Digraph", "a-b", `a"`} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%q) did not panic", name)
				}
			}()
			dot.New(name)
		}()
	}
}
