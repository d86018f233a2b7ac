package site_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/check"
	"github.com/factgraph/factgraph/internal/corpus"
	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/export"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/fixture"
	"github.com/factgraph/factgraph/internal/site"
	"github.com/factgraph/factgraph/internal/vocab"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fakeData stands for the other producers' files: fixed bytes, so that
// the golden pages do not change when an exporter does, and a real
// diagram of Alipay's page to embed.
func fakeData(t testing.TB) []export.File {
	t.Helper()
	svg, err := os.ReadFile(filepath.Join("testdata", "diagrams", "alipay.svg"))
	if err != nil {
		t.Fatal(err)
	}
	return []export.File{
		{Path: "csv-metadata.json", Data: []byte("{}\n")},
		{Path: "entities.csv", Data: []byte("id\n")},
		{Path: "entities/alipay.svg", Data: svg},
		{Path: "graph-2012.dot", Data: []byte("digraph \"factgraph\" {}\n")},
		{Path: "graph.dot", Data: []byte("digraph \"factgraph\" {}\n")},
		{Path: "graph.nt", Data: []byte("")},
		{Path: "graph.ttl", Data: []byte("# nothing\n")},
		{Path: "statements.csv", Data: make([]byte, 123456)},
	}
}

func build(t testing.TB, res *check.Result, data []export.File, opts site.Options) map[string][]byte {
	t.Helper()
	files, err := site.Files(res.Graph, res.Findings, data, opts)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for i, f := range files {
		if i > 0 && files[i-1].Path >= f.Path {
			t.Errorf("files not sorted or not unique: %s after %s", f.Path, files[i-1].Path)
		}
		m[f.Path] = f.Data
	}
	return m
}

func TestGolden(t *testing.T) {
	res := fixture.Shipped(t)
	got := build(t, res, fakeData(t), site.Options{Site: res.Vocab.Site, At: []date.Date{{Year: 2012, Prec: date.Year}}})
	for _, name := range []string{"index.html", "entities/alipay.html", "entities/alipay-and-alibaba.html",
		"entities/ant-group.html", "quality.html", "asof-2012.html", "types/Company.html", "search/index.js", "search/0.js"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "golden", "shipped", filepath.FromSlash(name))
			fixture.Golden(t, path, got[name], *update)
		})
	}
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// TestDeterministic: the same graph gives the same files, whatever the
// order the other producers' files and the dates come in.
func TestDeterministic(t *testing.T) {
	res := fixture.Shipped(t)
	data := fakeData(t)
	a := build(t, res, data, site.Options{Site: res.Vocab.Site, At: []date.Date{{Year: 2012, Prec: date.Year}, {Year: 2016, Month: 6, Prec: date.Month}}})
	slices.Reverse(data)
	b := build(t, res, data, site.Options{Site: res.Vocab.Site, At: []date.Date{{Year: 2016, Month: 6, Prec: date.Month}, {Year: 2012, Prec: date.Year}, {Year: 2012, Prec: date.Year}}})
	if d := fixture.DiffTrees(a, b); d != "" {
		t.Errorf("two builds differ:\n%s", d)
	}
	for name, data := range a {
		if bytes.Contains(data, []byte(fixture.Root())) || bytes.Contains(data, []byte(os.TempDir())) {
			t.Errorf("%s names a path of this machine", name)
		}
	}
}

// TestPages: every page has its CSP, favicon and relative links only.
func TestPages(t *testing.T) {
	res := fixture.Shipped(t)
	files := build(t, res, fakeData(t), site.Options{Site: res.Vocab.Site, At: []date.Date{{Year: 2012, Prec: date.Year}}})
	hrefs := regexp.MustCompile(`(?:href|src)="([^"]*)"`)
	pages := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		page := string(data)
		for _, want := range []string{
			`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self';`,
			`<link rel="icon" href="`, `assets/site.css">`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s", name, want)
			}
		}
		if strings.Contains(page, " style=") || strings.Contains(page, "<style") || regexp.MustCompile(`<script>`).MatchString(page) {
			t.Errorf("%s has an inline style or script, which its CSP refuses", name)
		}
		for _, m := range hrefs.FindAllStringSubmatch(page, -1) {
			u := m[1]
			if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "#") {
				continue
			}
			if strings.Contains(u, ":") || strings.HasPrefix(u, "/") {
				t.Errorf("%s links to %q, which is neither relative nor https", name, u)
				continue
			}
			target := filepath.ToSlash(filepath.Clean(filepath.Join(filepath.Dir(name), strings.SplitN(u, "#", 2)[0])))
			if _, ok := files[target]; !ok && !slices.ContainsFunc(fakeData(t), func(f export.File) bool { return f.Path == target }) {
				t.Errorf("%s links to %q, which the site does not have", name, u)
			}
		}
	}
	if pages < 30 {
		t.Errorf("only %d pages", pages)
	}
}

// TestRepositoryLinks: with a repository URL, statements link to their
// line; without one, nothing links outside but https facts.
func TestRepositoryLinks(t *testing.T) {
	res := fixture.Shipped(t)
	opts := site.Options{Site: vocab.Site{Title: "T", Description: "D", Repository: "https://github.com/org/facts", Branch: "main"}}
	page := string(build(t, res, nil, opts)["entities/alipay.html"])
	if !strings.Contains(page, `href="https://github.com/org/facts/blob/main/facts/products/alipay.yaml#L34"`) {
		t.Errorf("no link to alipay.yaml line 34 in\n%s", page)
	}
	page = string(build(t, res, nil, site.Options{Site: res.Vocab.Site})["entities/alipay.html"])
	if strings.Contains(page, "github.com") {
		t.Errorf("links to a repository nobody configured")
	}
}

// TestHostile builds the site of fact files full of markup, script and
// javascript: links: every page must carry them as escaped text only.
func TestHostile(t *testing.T) {
	base, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	res := fixture.Check(t, base, "hostile")
	if n := res.Counts().Error; n > 0 {
		t.Fatalf("the hostile facts have %d errors: %v", n, res.Findings)
	}
	files := build(t, res, nil, site.Options{Site: vocab.Site{Title: `<b>Title</b>`, Description: `<script>alert("d")</script>`}})
	// Every tag of every page is the site's own: fact text shows only
	// as escaped text, never as a tag, an attribute or a link.
	tag := regexp.MustCompile(`<[a-zA-Z][^>]*>`)
	badTag := regexp.MustCompile(`(?i)^<(script|style|iframe|img|object|embed|form|base|meta|link|b)\b|\son[a-z]+=|javascript:|data:`)
	own := regexp.MustCompile(`^(<script src="(\.\./)?assets/site\.js" defer>|<meta (charset|http-equiv|name)=[^<]*>|<link rel="(icon|stylesheet)" href="(\.\./)?assets/[a-z.]+"( type="image/svg\+xml")?>)$`)
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range tag.FindAllString(string(data), -1) {
			if badTag.MatchString(m) && !own.MatchString(m) {
				t.Errorf("%s has the tag %s", name, m)
			}
		}
	}
	page := string(files["entities/evil-corp.html"])
	for _, want := range []string{
		`<h1>&lt;script&gt;alert(&#34;label&#34;)&lt;/script&gt;</h1>`,
		`&#34;&gt;&lt;img src=x onerror=alert(1)&gt;`,
		`href="https://evil.example/?q=%27onmouseover=alert%284%29//&amp;x=1" rel="noopener noreferrer"`,
		`&lt;/p&gt;&lt;style&gt;body{display:none}&lt;/style&gt;`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("evil-corp.html lacks %s", want)
		}
	}
	if !strings.Contains(string(files["index.html"]), `&lt;script&gt;alert(&#34;d&#34;)&lt;/script&gt;`) {
		t.Errorf("the site description is not escaped")
	}
}

// TestBounds builds the site of a generated graph of 3,000 entities
// whose 20 sources are each cited about 850 times (no diagrams): lists
// are paginated, and no page and no search shard grows with the graph.
// BenchmarkFiles measures the same at 100,000 statements.
func TestBounds(t *testing.T) {
	files, res := corpusSite(t, corpus.Size{Companies: 500, ProductsPer: 5, Sources: 20})
	if len(res.Graph.Entities) < 3000 {
		t.Fatalf("only %d entities", len(res.Graph.Entities))
	}
	largest, shard := largestFiles(files)
	for name, data := range files {
		switch {
		case strings.HasPrefix(name, "search/"):
			if len(data) > site.MaxShardBytes+64 {
				t.Errorf("%s is %d bytes", name, len(data))
			}
		case strings.HasSuffix(name, ".html"):
			if len(data) > 256<<10 {
				t.Errorf("%s is %d bytes", name, len(data))
			}
		}
	}
	t.Logf("%d files; largest page %s (%d bytes); largest shard %s (%d bytes); manifest %d bytes",
		len(files), largest, len(files[largest]), shard, len(files[shard]), len(files["search/index.js"]))
	if n := len(files["search/index.js"]); n > 4<<10 {
		t.Errorf("the search manifest is %d bytes", n)
	}
	cites := 0
	for name := range files {
		if strings.HasPrefix(name, "entities/source-1.cites.") {
			cites++
		}
	}
	if cites < 5 {
		t.Errorf("a source cited hundreds of times has %d further pages of citations", cites)
	}
	if _, ok := files["types/OnlineService.2.html"]; !ok {
		t.Errorf("the list of 2,500 online services is not paginated")
	}
}

// corpusSite generates a fact base of the given size and builds its site
// without diagrams.
func corpusSite(t testing.TB, size corpus.Size) (map[string][]byte, *check.Result) {
	t.Helper()
	dir := t.TempDir()
	if err := corpus.Write(filepath.Join(dir, "facts"), size); err != nil {
		t.Fatal(err)
	}
	res := fixture.Check(t, dir, "facts")
	return build(t, res, nil, site.Options{Site: res.Vocab.Site, At: []date.Date{{Year: 2012, Prec: date.Year}}}), res
}

// largestFiles names the largest HTML page and the largest search shard.
func largestFiles(files map[string][]byte) (page, shard string) {
	for name, data := range files {
		switch {
		case strings.HasPrefix(name, "search/") && name != "search/index.js":
			if shard == "" || len(data) > len(files[shard]) || len(data) == len(files[shard]) && name < shard {
				shard = name
			}
		case strings.HasSuffix(name, ".html"):
			if page == "" || len(data) > len(files[page]) || len(data) == len(files[page]) && name < page {
				page = name
			}
		}
	}
	return page, shard
}

// TestQuality: warnings, remarks and acknowledged findings are listed
// with their positions, related statements and reasons.
func TestQuality(t *testing.T) {
	res := fixture.Shipped(t)
	findings := finding.List{
		{Pos: finding.Pos{File: "facts/products/alipay.yaml", Line: 29, Col: 5}, Rule: "interval-mismatch", Severity: finding.Warning,
			Message: `alipay ownedBy "alibaba-group" is stated twice <with> different dates`,
			Related: []finding.Related{{Pos: finding.Pos{File: "facts/organizations/alibaba-group.yaml", Line: 12, Col: 5}, Message: "written as alibaba-group owns alipay"}}},
		{Pos: finding.Pos{File: "facts/products/taobao.yaml", Line: 7, Col: 5}, Rule: "functional-conflict", Severity: finding.Error,
			Message: "taobao operatedBy has two values at once",
			Ack:     &finding.Ack{Pos: finding.Pos{File: "facts/products/taobao.yaml", Line: 9, Col: 9}, Reason: "the sources disagree & the date is being researched"}},
		{Pos: finding.Pos{File: "facts/products/tmall.yaml", Line: 3, Col: 1}, Rule: "duplicate-statement", Severity: finding.Info, Message: "stated twice"},
	}
	opts := site.Options{Site: vocab.Site{Title: "T", Description: "D", Repository: "https://example.org/facts"}}
	files, err := site.Files(res.Graph, findings, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	var page, home string
	for _, f := range files {
		switch f.Path {
		case "quality.html":
			page = string(f.Data)
		case "index.html":
			home = string(f.Data)
		}
	}
	for _, want := range []string{
		"<h2>Warnings (1)</h2>", "<h2>Information (1)</h2>", "<h2>Acknowledged (1)</h2>", "<h2>Errors (0)</h2>",
		`is stated twice &lt;with&gt; different dates`,
		`<a href="entities/alipay.html">Alipay</a>, <a href="https://example.org/facts/blob/main/facts/products/alipay.yaml#L29" rel="noopener noreferrer">facts/products/alipay.yaml:29</a>`,
		`written as alibaba-group owns alipay`,
		`Acknowledged: the sources disagree &amp; the date is being researched`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("quality.html lacks %s", want)
		}
	}
	if !strings.Contains(home, "Warnings: 1, Information: 1, Acknowledged: 1") {
		t.Errorf("the home page does not count the findings")
	}
}
