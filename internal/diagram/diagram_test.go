package diagram_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/check"
	"github.com/factgraph/factgraph/internal/corpus"
	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/diagram"
	"github.com/factgraph/factgraph/internal/export"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/fixture"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/render"
	"github.com/factgraph/factgraph/internal/render/rendertest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func TestMain(m *testing.M) { os.Exit(rendertest.Main(m)) }

// load checks a fact directory against the shipped schema and fails on
// any error.
func load(t testing.TB, facts string) *graph.Graph {
	t.Helper()
	res, err := check.Run(check.Options{SchemaDir: "../../schema", SchemaName: "schema", Base: ".", Dirs: []string{facts}, Limits: fact.DefaultLimits})
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Counts().Error; n > 0 {
		t.Fatalf("%s has %d errors, the first: %v", facts, n, res.Findings[0])
	}
	return res.Graph
}

// loadCorpus generates a corpus of the given size and loads it.
func loadCorpus(t testing.TB, size corpus.Size) *graph.Graph {
	t.Helper()
	dir := t.TempDir()
	if err := corpus.Write(dir, size); err != nil {
		t.Fatal(err)
	}
	return load(t, dir)
}

func renderer(t testing.TB) *render.Renderer {
	t.Helper()
	r, err := render.New()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// files draws g with the real renderer.
func files(t testing.TB, g *graph.Graph, at ...date.Date) map[string][]byte {
	t.Helper()
	fs, err := diagram.Files(context.Background(), g, diagram.Options{At: at, Renderer: renderer(t)})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, f := range fs {
		if _, dup := m[f.Path]; dup {
			t.Fatalf("%s produced twice", f.Path)
		}
		m[f.Path] = f.Data
	}
	return m
}

// dotFiles returns the DOT files Files writes for g (graph.dot and
// graph-DATE.dot), by name.
func dotFiles(t testing.TB, g *graph.Graph, at ...date.Date) map[string][]byte {
	t.Helper()
	fs, err := diagram.Files(context.Background(), g, diagram.Options{At: at})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, f := range fs {
		m[f.Path] = f.Data
	}
	return m
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	fixture.Golden(t, filepath.Join("testdata", "golden", name), got, *update)
}

func mustDate(t *testing.T, s string) date.Date {
	d, err := date.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestGoldenDOT(t *testing.T) {
	shipped := load(t, "../../facts")
	hostile := load(t, "testdata/hostile")
	// Above render.BoundedAbove nodes, with pages that leave statements
	// out; and literal facts over MaxFacts.
	large := loadCorpus(t, corpus.Size{Companies: 26, ProductsPer: 5, Sources: 3})
	facts := loadCorpus(t, corpus.Size{Companies: 2, ProductsPer: 1, Sources: 1, Extra: diagram.MaxFacts + 2})
	shippedDOT := dotFiles(t, shipped, mustDate(t, "2012"), mustDate(t, "2016-06"))
	tests := []struct {
		name string
		dot  []byte
	}{
		{"shipped/graph.dot", shippedDOT["graph.dot"]},
		{"shipped/graph-2012.dot", shippedDOT["graph-2012.dot"]},
		{"shipped/graph-2016-06.dot", shippedDOT["graph-2016-06.dot"]},
		{"shipped/entities/alipay.dot", diagram.PageDOT(shipped, shipped.Entity("alipay"))},
		{"shipped/entities/alipay-and-alibaba.dot", diagram.PageDOT(shipped, shipped.Entity("alipay-and-alibaba"))},
		{"hostile/graph.dot", dotFiles(t, hostile)["graph.dot"]},
		{"hostile/entities/evil-corp.dot", diagram.PageDOT(hostile, hostile.Entity("evil-corp"))},
		{"hostile/entities/hostile-source.dot", diagram.PageDOT(hostile, hostile.Entity("hostile-source"))},
		{"large/graph.dot", dotFiles(t, large)["graph.dot"]},
		{"large/entities/company-0.dot", diagram.PageDOT(large, large.Entity("company-0"))},
		{"large/entities/source-0.dot", diagram.PageDOT(large, large.Entity("source-0"))},
		{"facts/entities/company-0.dot", diagram.PageDOT(facts, facts.Entity("company-0"))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := render.CheckDOT(tc.dot); err != nil {
				t.Errorf("outside the safe subset: %v", err)
			}
			golden(t, tc.name, tc.dot)
		})
	}
}

// svgDoc is what the structural checks read from an SVG.
type svgDoc struct {
	groups []svgGroup // node and edge groups
	links  []string
	// attrs holds every attribute value but the tooltips (xlink:title).
	attrs []string
}

type svgGroup struct {
	class, title string
	texts        []string // <text> contents, in order
	tips         []string // xlink:title values
}

// parseSVG reads an SVG strictly, independently of render.Verify.
func parseSVG(t *testing.T, data []byte) svgDoc {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var doc svgDoc
	var cur *svgGroup
	depth, groupDepth := 0, 0
	var inText, inTitle bool
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			depth++
			class := ""
			for _, a := range tk.Attr {
				switch {
				case a.Name.Local == "title" && a.Name.Space == "http://www.w3.org/1999/xlink":
					if cur != nil {
						cur.tips = append(cur.tips, a.Value)
					}
					continue
				case a.Name.Local == "href":
					doc.links = append(doc.links, a.Value)
				case a.Name.Local == "class":
					class = a.Value
				}
				doc.attrs = append(doc.attrs, a.Value)
			}
			switch {
			case tk.Name.Local == "script" || tk.Name.Local == "foreignObject":
				t.Fatalf("<%s> element", tk.Name.Local)
			case tk.Name.Local == "g" && (class == "node" || class == "edge"):
				doc.groups = append(doc.groups, svgGroup{class: class})
				cur, groupDepth = &doc.groups[len(doc.groups)-1], depth
			case tk.Name.Local == "text" && cur != nil:
				inText = true
				cur.texts = append(cur.texts, "")
			case tk.Name.Local == "title" && cur != nil && depth == groupDepth+1:
				inTitle = true
			}
		case xml.EndElement:
			if cur != nil && depth == groupDepth {
				cur = nil
			}
			depth--
			inText, inTitle = false, false
		case xml.CharData:
			switch {
			case inText:
				cur.texts[len(cur.texts)-1] += string(tk)
			case inTitle:
				cur.title += string(tk)
			}
		}
	}
	return doc
}

func (d svgDoc) node(title string) (svgGroup, int) {
	var found svgGroup
	n := 0
	for _, g := range d.groups {
		if g.class == "node" && g.title == title {
			found = g
			n++
		}
	}
	return found, n
}

func (d svgDoc) count(class string) int {
	n := 0
	for _, g := range d.groups {
		if g.class == class {
			n++
		}
	}
	return n
}

// shown is a node's label as a reader sees it: its lines joined by
// spaces, with graphviz's no-break spaces (which keep runs of spaces)
// read as spaces.
func shown(g svgGroup) string {
	return strings.ReplaceAll(strings.Join(g.texts, " "), "\u00a0", " ")
}

// TestSVGStructure renders the shipped facts and checks every SVG: one
// node per entity, one edge per drawn subject, object and status, links
// only to pages that exist, and no fact text in any attribute but the
// tooltips.
func TestSVGStructure(t *testing.T) {
	g := load(t, "../../facts")
	out := files(t, g, mustDate(t, "2012"))
	for _, e := range g.Entities {
		if _, ok := out["entities/"+e.ID()+".svg"]; !ok {
			t.Errorf("no page for %s", e.ID())
		}
	}
	for _, name := range []string{"graph.dot", "graph.svg", "graph-2012.dot", "graph-2012.svg"} {
		if _, ok := out[name]; !ok {
			t.Errorf("no %s", name)
		}
	}

	doc := parseSVG(t, out["graph.svg"])
	nodes, types := 0, map[string]bool{}
	for _, e := range g.Entities {
		if e.Type.Name == "Source" {
			if _, n := doc.node(e.ID()); n != 0 {
				t.Errorf("source %s drawn as a node", e.ID())
			}
			continue
		}
		nodes++
		types[e.Type.Name] = true
		node, n := doc.node(e.ID())
		if n != 1 {
			t.Errorf("%s drawn %d times", e.ID(), n)
			continue
		}
		if got := shown(node); got != e.Label.Value {
			t.Errorf("%s shows %q, want %q", e.ID(), got, e.Label.Value)
		}
	}
	if want := nodes + len(types) + 1; doc.count("node") != want { // entities, a legend entry per type, the key
		t.Errorf("graph.svg has %d nodes, want %d", doc.count("node"), want)
	}
	type key struct {
		s, o      string
		now, symm bool
	}
	edges := map[key]bool{}
	for _, c := range g.Claims {
		if c.Object != nil && c.Rank != fact.Deprecated {
			edges[key{c.Subject.ID(), c.Object.ID(), g.Current(c), c.Predicate.Symmetric}] = true
		}
	}
	if doc.count("edge") != len(edges) {
		t.Errorf("graph.svg has %d edges, want %d", doc.count("edge"), len(edges))
	}

	texts := factTexts(g)
	for name, data := range out {
		if path.Ext(name) != ".svg" {
			continue
		}
		doc := parseSVG(t, data)
		for _, l := range doc.links {
			target := path.Join(path.Dir(name), l)
			if !render.LinkPattern.MatchString(l) {
				t.Errorf("%s: link %q", name, l)
			} else if _, ok := out[target]; !ok {
				t.Errorf("%s: link %q to a page that does not exist", name, l)
			}
		}
		for _, a := range doc.attrs {
			for _, s := range texts {
				if strings.Contains(a, s) {
					t.Errorf("%s: fact text %q inside attribute value %q", name, s, a)
				}
			}
		}
	}
}

// factTexts lists the texts from fact files that are distinctive enough
// to be looked for in attributes.
func factTexts(g *graph.Graph) []string {
	var out []string
	for _, e := range g.Entities {
		out = append(out, e.Label.Value)
		if e.Description.Value != "" {
			out = append(out, e.Description.Value)
		}
	}
	return out
}

// TestHostileLabelsShowExactText renders the hostile fixture and checks
// that every label shows exactly the fact file's text and every tooltip
// carries it, in go-graphviz's SVG and, when it is installed, in Debian's
// dot's.
func TestHostileLabelsShowExactText(t *testing.T) {
	g := load(t, "testdata/hostile")
	out := files(t, g)
	check := func(t *testing.T, svg []byte) {
		doc := parseSVG(t, svg)
		for _, e := range g.Entities {
			if e.Type.Name == "Source" {
				continue
			}
			node, n := doc.node(e.ID())
			if n != 1 {
				t.Errorf("%s drawn %d times", e.ID(), n)
				continue
			}
			if got, want := shown(node), strings.ReplaceAll(e.Label.Value, "\n", " "); got != want {
				t.Errorf("%s shows\n %q, want\n %q", e.ID(), got, want)
			}
			if len(node.tips) == 0 {
				t.Errorf("%s has no tooltip", e.ID())
				continue
			}
			tip := node.tips[0]
			for _, want := range []string{e.Label.Value, e.Description.Value} {
				if !strings.Contains(tip, want) {
					t.Errorf("%s: tooltip\n %q\nlacks\n %q", e.ID(), tip, want)
				}
			}
		}
		for _, a := range doc.attrs {
			if strings.Contains(a, "script") || strings.Contains(a, "alert") {
				t.Errorf("hostile text in attribute %q", a)
			}
		}
		for _, l := range doc.links {
			if !render.LinkPattern.MatchString(l) {
				t.Errorf("link %q", l)
			}
		}
	}
	t.Run("go-graphviz", func(t *testing.T) { check(t, out["graph.svg"]) })
	t.Run("page", func(t *testing.T) {
		doc := parseSVG(t, out["entities/evil-corp.svg"])
		node, _ := doc.node("evil-corp")
		for _, c := range g.Entity("evil-corp").Out {
			if c.Value != nil && !strings.Contains(shown(node), c.Value.Value) && c.Predicate.Name != "industry" {
				t.Errorf("focus label lacks %q", c.Value.Value)
			}
		}
		// Wrapped long values: the lines joined by spaces give the text.
		if !strings.Contains(shown(node), "a long run of ordinary words that the wrapper has to break into several lines of the label, again and again,") {
			t.Errorf("wrapped value lost text: %q", shown(node))
		}
	})
	t.Run("dot", func(t *testing.T) {
		svg := nativeDot(t, out["graph.dot"])
		check(t, svg)
	})
}

// nativeDot runs Debian's dot on DOT text and returns the SVG. Without
// dot the test is skipped, except under CI=true, where it fails.
func nativeDot(t *testing.T, dot []byte) []byte {
	t.Helper()
	bin, err := exec.LookPath("dot")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("consumer check: Graphviz's dot is not installed (apt-get install graphviz)")
		}
		t.Skip("consumer check skipped: Graphviz's dot is not installed (apt-get install graphviz)")
	}
	cmd := exec.Command(bin, "-Tsvg")
	cmd.Stdin = bytes.NewReader(dot)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	svg, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("dot: %v\n%s", err, stderr.Bytes())
	}
	return svg
}

// TestDebianDotParsesGraphDOT is the consumer check: Debian's dot reads
// graph.dot and graph-DATE.dot without a warning and draws every entity
// with its label.
func TestDebianDotParsesGraphDOT(t *testing.T) {
	g := load(t, "../../facts")
	dots := dotFiles(t, g, mustDate(t, "2012"))
	for _, name := range []string{"graph.dot", "graph-2012.dot"} {
		dot := dots[name]
		t.Run(name, func(t *testing.T) {
			doc := parseSVG(t, nativeDot(t, dot))
			drawn := 0
			for _, e := range g.Entities {
				node, n := doc.node(e.ID())
				if n == 0 {
					continue
				}
				drawn++
				if got := shown(node); got != e.Label.Value {
					t.Errorf("%s shows %q, want %q", e.ID(), got, e.Label.Value)
				}
			}
			if min := 3; drawn < min || name == "graph.dot" && drawn != len(g.Entities)-3 {
				t.Errorf("dot drew %d entities", drawn)
			}
		})
	}
}

// TestOversizeGraphGetsDOTButNoSVG draws a generated graph over the
// hard node limit: graph.dot is written, graph.svg is not (with a
// notice), and every entity page is still rendered.
func TestOversizeGraphGetsDOTButNoSVG(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and checks 2,400 fact files")
	}
	dir := t.TempDir()
	size := corpus.Size{Companies: 400, ProductsPer: 5, Sources: 3}
	if err := corpus.Write(dir, size); err != nil {
		t.Fatal(err)
	}
	g := load(t, dir)
	var jobs []string
	fake := rendererFunc(func(_ context.Context, js []render.Job) ([][]byte, error) {
		out := make([][]byte, len(js))
		for i, j := range js {
			jobs = append(jobs, j.Name)
			if j.Nodes > render.MaxNodes {
				t.Errorf("%s sent with %d nodes", j.Name, j.Nodes)
			}
			out[i] = []byte("<svg/>")
		}
		return out, nil
	})
	var notices []string
	fs, err := diagram.Files(context.Background(), g, diagram.Options{Renderer: fake, Notice: func(m string) { notices = append(notices, m) }})
	if err != nil {
		t.Fatal(err)
	}
	if !hasFile(fs, "graph.dot") || hasFile(fs, "graph.svg") {
		t.Errorf("want graph.dot and no graph.svg")
	}
	// Companies and products, a legend entry for each of their two types,
	// and the legend's key.
	nodes := size.Companies*(1+size.ProductsPer) + 2 + 1
	if len(notices) != 1 || !strings.HasPrefix(notices[0], fmt.Sprintf("graph.svg not drawn: %d nodes", nodes)) {
		t.Errorf("notices %q", notices)
	}
	if len(jobs) != size.Entities() {
		t.Errorf("%d pages rendered, want %d", len(jobs), size.Entities())
	}
	if dot := fileData(fs, "graph.dot"); !bytes.Contains(dot, []byte(`splines="line"`)) {
		t.Errorf("graph.dot of a large graph lacks the bounded layout settings")
	}
}

func hasFile(fs []export.File, name string) bool { return fileData(fs, name) != nil }

func fileData(fs []export.File, name string) []byte {
	for _, f := range fs {
		if f.Path == name {
			return f.Data
		}
	}
	return nil
}

type rendererFunc = rendertest.Batch
