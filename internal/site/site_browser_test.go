package site_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/factgraph/factgraph/internal/corpus"
	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/graph"
)

// TestBrowserHome: the home page loads with no console error, no failed
// request and no request outside the site, with its web font.
func TestBrowserHome(t *testing.T) {
	dir := shippedOut(t)
	both(t, dir, func(t *testing.T, s served) {
		ctx, rec := tab(t)
		load(t, ctx, s, "index.html")
		if !fontsReady(t, ctx) {
			t.Errorf("the web font did not load")
		}
		h1 := eval[string](t, ctx, `document.querySelector('h1').textContent`)
		if h1 != "Alibaba Group and Ant Group" {
			t.Errorf("h1 = %q", h1)
		}
		n := eval[int](t, ctx, `document.querySelectorAll('svg.graphviz g.node a[href^="entities/"]').length`)
		if n < 15 {
			t.Errorf("the whole-graph diagram links %d nodes to entity pages", n)
		}
		downloads := eval[[]string](t, ctx, `[...document.querySelectorAll('#downloads tbody tr td:first-child a')].map(a => a.textContent)`)
		for _, want := range []string{"csv-metadata.json", "entities.csv", "statements.csv", "graph.nt", "graph.ttl", "graph.dot", "graph-2012.dot"} {
			if !slices.Contains(downloads, want) {
				t.Errorf("downloads %q lack %s", downloads, want)
			}
		}
		if s.name == "http" {
			screenshot(t, ctx, "home")
		}
		rec.checkClean(t, s)
	})
}

// TestBrowserSearch: typing finds by alias forgiving case and accents,
// the keyboard moves through the results, Enter opens the page, and the
// type filter narrows them.
func TestBrowserSearch(t *testing.T) {
	dir := shippedOut(t)
	both(t, dir, func(t *testing.T, s served) {
		ctx, rec := tab(t)
		load(t, ctx, s, "index.html")
		results := func() []string {
			return eval[[]string](t, ctx, `[...document.querySelectorAll('#q-results li[role=option] .label')].map(e => e.textContent)`)
		}
		if err := chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.ID("q"), "zhifubao"),
			chromedp.WaitVisible(chromedp.CSS(`#q-results li[role=option][aria-selected=true]`)),
		); err != nil {
			t.Fatalf("typing: %v", err)
		}
		if r := results(); len(r) == 0 || r[0] != "Alipay" {
			t.Errorf("zhifubao found %q, want Alipay first", r)
		}
		nav, err := chromedp.Run(ctx, chromedp.WaitEvent(page.FrameNavigated,
			func(e page.EventFrameNavigated) bool { return e.Frame.ParentID == "" },
			chromedp.SendKeys(chromedp.ID("q"), kb.Enter)))
		if err != nil {
			t.Fatalf("Enter: %v", err)
		}
		if !strings.HasSuffix(nav.Frame.URL, "/entities/alipay.html") {
			t.Errorf("Enter opened %s", nav.Frame.URL)
		}
		if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(`html[data-js="ready"]`))); err != nil {
			t.Fatal(err)
		}

		// Accents and case, a word inside a name, arrow keys, the filter.
		load(t, ctx, s, "entities/taobao.html")
		if err := chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.ID("q"), "ZHĪFÙBǍO"),
			chromedp.WaitVisible(chromedp.CSS(`#q-results li[role=option]`)),
		); err != nil {
			t.Fatal(err)
		}
		if r := results(); len(r) == 0 || r[0] != "Alipay" {
			t.Errorf("ZHĪFÙBǍO found %q", r)
		}
		typeAndWait := func(q, want string) []string {
			t.Helper()
			if err := chromedp.Do(ctx, clear("q"), chromedp.SendKeys(chromedp.ID("q"), q),
				chromedp.WaitVisible(chromedp.CSS(`#q-results li[role=option]`))); err != nil {
				t.Fatal(err)
			}
			// The results of the last keystroke: wait until they name want.
			if err := chromedp.Do(ctx, poll(`[...document.querySelectorAll('#q-results .label')].some(e => e.textContent === `+jsString(want)+`)`)); err != nil {
				t.Fatalf("%s: %s never listed: %v (have %q)", q, want, err, results())
			}
			return results()
		}
		r := typeAndWait("group", "Ant Group")
		if !slices.Contains(r, "Alibaba Group") {
			t.Errorf("group found %q", r)
		}
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("q"), kb.ArrowDown)); err != nil {
			t.Fatal(err)
		}
		active := eval[string](t, ctx, `document.getElementById(document.getElementById('q').getAttribute('aria-activedescendant')).querySelector('.label').textContent`)
		if active != r[1] {
			t.Errorf("ArrowDown selected %q, want the second result %q", active, r[1])
		}
		typeAndWait("ali", "Alipay")
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`{ const s = document.getElementById('q-type'); s.value = 'Company'; s.dispatchEvent(new Event('change')); }`)); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, poll(`[...document.querySelectorAll('#q-results .label')].map(e => e.textContent).join('|') === 'Alibaba Group'`)); err != nil {
			t.Errorf("filtered to companies, ali finds %q", results())
		}
		rec.checkClean(t, s)
	})
}

// poll waits until the expression is true in the page: a condition,
// bounded only by the test's context (the poll's own timer is disabled).
func poll(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(0))
}

// clear empties an input as a person would select all and delete.
func clear(id string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`{ const e = document.getElementById(` + jsString(id) + `); e.value = ''; e.dispatchEvent(new Event('input')); }`)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// claimRow is a statement as the page shows it.
type claimRow struct {
	Claim, Rank, Reason string
	Sources             []string
	Deleted             bool
}

const rowsJS = `(sel) => [...document.querySelectorAll(sel)].map(li => ({
  Claim: li.querySelector('.claim').textContent.replace(/\s+/g, ' ').trim(),
  Rank: li.querySelector('.rank').textContent,
  Reason: (li.querySelector('.reason') || {textContent: ''}).textContent,
  Sources: [...li.querySelectorAll('a.source')].map(a => a.textContent),
  Deleted: li.querySelector('.claim del') !== null}))`

func rows(t *testing.T, ctx context.Context, sel string) []claimRow {
	t.Helper()
	return eval[[]claimRow](t, ctx, "("+rowsJS+")("+jsString(sel)+")")
}

func findRow(rs []claimRow, claim string) *claimRow {
	for i := range rs {
		if rs[i].Claim == claim {
			return &rs[i]
		}
	}
	return nil
}

// TestBrowserAlipay: Alipay's page says who owns it and since when, with
// the deprecated claim struck through with its reason, each with its
// sources; clicking Ant Group in its diagram opens Ant Group's page.
func TestBrowserAlipay(t *testing.T) {
	dir := shippedOut(t)
	both(t, dir, func(t *testing.T, s served) {
		ctx, rec := tab(t)
		load(t, ctx, s, "entities/alipay.html")
		fontsReady(t, ctx)
		rs := rows(t, ctx, "#statements li.st")
		for _, want := range []struct {
			claim, source string
		}{
			{"owned by Ant Group, from 2014", "Alipay And Ant Group: Understanding The Connection"},
			{"owned by Alibaba Group, 2004–2014", "Alipay And Alibaba: A Powerful Partnership"},
			{"operated by Ant Group, from 2014", "Alipay And Ant Group: Understanding The Connection"},
		} {
			r := findRow(rs, want.claim)
			if r == nil {
				t.Errorf("no statement %q among %v", want.claim, rs)
				continue
			}
			if !slices.Contains(r.Sources, want.source) || r.Deleted {
				t.Errorf("%q: %+v", want.claim, r)
			}
		}
		r := findRow(rs, "owned by Alibaba Group")
		switch {
		case r == nil:
			t.Errorf("no deprecated ownership claim among %v", rs)
		case !r.Deleted || r.Rank != "deprecated" || !strings.Contains(r.Reason, "Outdated as a claim about the present") ||
			!slices.Contains(r.Sources, "Alipay Vs. Alibaba: What's The Difference?"):
			t.Errorf("the deprecated claim is shown as %+v", r)
		}
		if s.name == "http" {
			screenshot(t, ctx, "alipay")
		}
		nav, err := chromedp.Run(ctx, chromedp.WaitEvent(page.FrameNavigated,
			func(e page.EventFrameNavigated) bool { return e.Frame.ParentID == "" },
			chromedp.Click(chromedp.CSS(`svg.graphviz g.node a[href="ant-group.html"]`))))
		if err != nil {
			t.Fatalf("clicking the Ant Group node: %v", err)
		}
		if !strings.HasSuffix(nav.Frame.URL, "/entities/ant-group.html") {
			t.Errorf("the click opened %s", nav.Frame.URL)
		}
		if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(`html[data-js="ready"]`))); err != nil {
			t.Fatal(err)
		}
		if h1 := eval[string](t, ctx, `document.querySelector('h1').textContent`); h1 != "Ant Group" {
			t.Errorf("the page opened is %q", h1)
		}
		about := rows(t, ctx, "#about li.st")
		if findRow(about, "owns Alipay, from 2014") == nil {
			t.Errorf("Ant Group's page does not say it owns Alipay: %v", about)
		}
		rec.checkClean(t, s)
	})
}

// TestBrowserAsOf: the as-of control on Alipay's page and the static
// page for 2012 show Alibaba Group as owner and operator in 2012.
func TestBrowserAsOf(t *testing.T) {
	dir := shippedOut(t)
	both(t, dir, func(t *testing.T, s served) {
		ctx, rec := tab(t)
		load(t, ctx, s, "entities/alipay.html?at=2012")
		held := rows(t, ctx, "#asof-result ul.held li.st")
		for _, want := range []string{"owned by Alibaba Group, 2004–2014", "operated by Alibaba Group, 2004–2014"} {
			if findRow(held, want) == nil {
				t.Errorf("as of 2012, %q is not among what held: %v", want, held)
			}
		}
		for _, r := range held {
			if strings.Contains(r.Claim, "Ant Group") {
				t.Errorf("as of 2012, %q held", r.Claim)
			}
		}
		possibly := rows(t, ctx, "#asof-result ul.possibly li.st")
		if r := findRow(possibly, "owned by Alibaba Group"); r == nil || r.Rank != "deprecated" {
			t.Errorf("the undated, deprecated claim is not apart as possibly held: %v", possibly)
		}
		if s.name == "http" {
			if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.ID("asof-result"))); err != nil {
				t.Fatal(err)
			}
			screenshot(t, ctx, "alipay-asof-2012")
		}
		// Typing another date changes the view.
		if err := chromedp.Do(ctx, clear("asof"), chromedp.SendKeys(chromedp.ID("asof"), "2016"),
			poll(`[...document.querySelectorAll('#asof-result ul.held .claim')].some(c => c.textContent.trim() === 'owned by Ant Group, from 2014')`)); err != nil {
			t.Errorf("as of 2016, Ant Group is not the owner: %v", err)
		}
		if err := chromedp.Do(ctx, clear("asof"), chromedp.SendKeys(chromedp.ID("asof"), "1990"),
			poll(`(document.querySelector('#asof-result .existence') || {}).textContent === 'Alipay did not exist yet in 1990.'`)); err != nil {
			t.Errorf("as of 1990: %v", err)
		}

		load(t, ctx, s, "asof-2012.html")
		all := rows(t, ctx, ".asof-held li.st")
		for _, want := range []string{"Alipay owned by Alibaba Group, 2004–2014", "Alipay operated by Alibaba Group, 2004–2014"} {
			if findRow(all, want) == nil {
				t.Errorf("asof-2012.html lacks %q", want)
			}
		}
		if s.name == "http" {
			screenshot(t, ctx, "asof-2012")
		}
		rec.checkClean(t, s)
	})
}

// TestBrowserTextFits measures, in the browser, every text of every
// node of every diagram on every page of the shipped site against its
// node's shape.
func TestBrowserTextFits(t *testing.T) {
	dir := shippedOut(t)
	s := httpSite(t, dir)
	ctx, rec := tab(t)
	var pages []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(dir, p)
			pages = append(pages, filepath.ToSlash(rel))
		}
		return err
	})
	slices.Sort(pages)
	type box struct {
		Node, Text                     string
		Inside                         bool
		TL, TR, SL, SR, TT, TB, ST, SB float64
	}
	diagrams, texts := 0, 0
	for _, p := range pages {
		load(t, ctx, s, p)
		if !fontsReady(t, ctx) && eval[bool](t, ctx, `document.querySelector('svg.graphviz text') !== null`) {
			t.Errorf("%s: the web font did not load for its diagram", p)
		}
		boxes := eval[[]box](t, ctx, `[...document.querySelectorAll('svg.graphviz g.node')].flatMap(g => {
  const shape = g.querySelector('path, polygon, ellipse');
  if (!shape) return [];
  const s = shape.getBoundingClientRect();
  return [...g.querySelectorAll('text')].map(t => { const r = t.getBoundingClientRect(); return {
    Node: g.querySelector('title').textContent, Text: t.textContent,
    TL: r.left, TR: r.right, TT: r.top, TB: r.bottom, SL: s.left, SR: s.right, ST: s.top, SB: s.bottom,
    Inside: r.left >= s.left - 0.01 && r.right <= s.right + 0.01 && r.top >= s.top - 0.01 && r.bottom <= s.bottom + 0.01}; });
})`)
		diagrams += eval[int](t, ctx, `document.querySelectorAll('svg.graphviz').length`)
		texts += len(boxes)
		for _, b := range boxes {
			if !b.Inside {
				t.Errorf("%s: %s: %q [%.1f, %.1f]×[%.1f, %.1f] is not inside its shape [%.1f, %.1f]×[%.1f, %.1f]",
					p, b.Node, b.Text, b.TL, b.TR, b.TT, b.TB, b.SL, b.SR, b.ST, b.SB)
			}
		}
	}
	if diagrams < 20 || texts < 200 {
		t.Errorf("measured only %d texts in %d diagrams", texts, diagrams)
	}
	t.Logf("%d pages, %d diagrams, %d node texts inside their shapes", len(pages), diagrams, texts)
	rec.checkClean(t, s)
}

// TestBrowserBlocked: with the stylesheet and the script blocked, entity
// pages still show their statements: the content is HTML.
func TestBrowserBlocked(t *testing.T) {
	dir := shippedOut(t)
	both(t, dir, func(t *testing.T, s served) {
		ctx, rec := tab(t)
		if _, err := chromedp.Call(ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: []*network.BlockPattern{
			{URLPattern: "*://*:*/*.css", Block: true},
			{URLPattern: "*://*:*/*.js", Block: true},
		}}); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(s.url("entities/alipay.html")), chromedp.WaitReady(chromedp.CSS("#statements li.st"))); err != nil {
			t.Fatal(err)
		}
		state := eval[map[string]any](t, ctx, `({js: document.documentElement.dataset.js || "",
  sheets: [...document.styleSheets].filter(s => { try { return s.cssRules.length > 0 } catch (e) { return false } }).length})`)
		if state["js"] != "" || state["sheets"].(float64) != 0 {
			t.Fatalf("not blocked: %v", state)
		}
		rs := rows(t, ctx, "#statements li.st")
		if findRow(rs, "owned by Ant Group, from 2014") == nil || findRow(rs, "owned by Alibaba Group, 2004–2014") == nil {
			t.Errorf("without style and script the statements are %v", rs)
		}
		visible := eval[string](t, ctx, `document.body.innerText`)
		for _, want := range []string{"owned by Ant Group, from 2014", "Reason: Outdated as a claim about the present", "In 2012"} {
			if !strings.Contains(visible, want) {
				t.Errorf("without style and script the page does not show %q", want)
			}
		}
		_, failed, _, _ := rec.snapshot()
		for _, f := range failed {
			if !strings.HasSuffix(f, " inspector") { // blocked by us, through the protocol
				t.Errorf("unexpected failure: %s", f)
			}
		}
	})
}

// TestBrowserHostile: markup, script, event handlers and javascript:
// links in the facts show as text, run nothing and link nowhere.
func TestBrowserHostile(t *testing.T) {
	dir := hostileOut(t)
	both(t, dir, func(t *testing.T, s served) {
		ctx, rec := tab(t)
		for _, tc := range []struct{ page, h1 string }{
			{"entities/evil-corp.html", `<script>alert("label")</script>`},
			{"entities/widget.html", `'"><svg onload=alert(8)>`},
			{"entities/hostile-source.html", `</title><script>alert(7)</script>`},
			{"index.html", "Alibaba Group and Ant Group"},
			{"types/Company.html", "company"},
			{"quality.html", "Quality"},
			{"asof-2012.html", "The graph as it stood in 2012"},
		} {
			load(t, ctx, s, tc.page)
			if h1 := eval[string](t, ctx, `document.querySelector('h1').textContent`); h1 != tc.h1 {
				t.Errorf("%s: h1 %q, want %q", tc.page, h1, tc.h1)
			}
			got := eval[map[string]any](t, ctx, `({
  scripts: [...document.scripts].filter(s => !/\/assets\/site\.js$|\/search\/[a-z0-9]+\.js$/.test(s.src)).length,
  foreign: document.querySelectorAll('iframe, img, object, embed, style, form, base, link:not([rel=icon]):not([rel=stylesheet])').length,
  handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
  links: [...document.querySelectorAll('a[href]')].map(a => new URL(a.getAttribute('href'), location.href).href).filter(h => !h.startsWith(location.origin === 'null' ? 'file:' : location.origin) && !h.startsWith('https://'))})`)
			if got["scripts"].(float64) != 0 || got["foreign"].(float64) != 0 || got["handlers"].(float64) != 0 || len(got["links"].([]any)) != 0 {
				t.Errorf("%s: %v", tc.page, got)
			}
		}
		load(t, ctx, s, "entities/evil-corp.html")
		text := eval[string](t, ctx, `document.querySelector('.description').textContent`)
		if !strings.HasPrefix(text, `</p><style>body{display:none}</style><a href="javascript:alert(3)">click</a>`) {
			t.Errorf("description shown as %q", text)
		}
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("q"), `"><img`),
			chromedp.WaitVisible(chromedp.CSS(`#q-results li[role=option]`))); err != nil {
			t.Fatal(err)
		}
		via := eval[string](t, ctx, `document.querySelector('#q-results li[role=option] .via').textContent`)
		if via != ` (also known as "><img src=x onerror=alert(1)>)` {
			t.Errorf("search shows the alias as %q", via)
		}
		rec.checkClean(t, s)
	})
}

// TestBrowserFold: the search script folds names as graph.Fold does,
// and reads dates as package date does.
func TestBrowserFold(t *testing.T) {
	dir := shippedOut(t)
	s := fileSite(t, dir)
	ctx, _ := tab(t)
	load(t, ctx, s, "index.html")
	names := []string{"Zhīfùbǎo", "ZHIFUBAO", "Ant  Group", " Ant\tGroup\u00a0 ", "Ａｎｔ　Ｇｒｏｕｐ", "Straße", "STRASSE", "ẞ", "ﬁnance",
		"Ελληνικά ΣΊΣΥΦΟΣ", "İstanbul", "ıstanbul", "Ǆemal", "Ꮳ", "ꮳ", "ᏸ", "Ᏸ", "Ꭰꭰ", "Zoë 李 👩‍💻 عربي", "Åland", "Ⅻ", "ŉ", "\u0085x\u2028y", "e\u0301", "ｶﾞ"}
	names = append(names, fixtureNames(t)...)
	got := eval[[]string](t, ctx, `(`+jsStrings(names)+`).map(window.fgSearch.fold)`)
	for i, n := range names {
		if want := graph.Fold(n); got[i] != want {
			t.Errorf("fold(%q): script %q, graph.Fold %q", n, got[i], want)
		}
	}
	dates := []string{"2012", "2012-02", "2012-02-29", "1900-12", "1000", "1099-03-01", "9999-12-31", "1969-12-31"}
	type granule struct{ First, End int64 }
	gs := eval[[]granule](t, ctx, `(`+jsStrings(dates)+`).map(d => { const g = window.fgSearch.parseDate(d); return {First: g.first, End: g.end}; })`)
	for i, s := range dates {
		d, err := date.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		if gs[i].First != int64(d.First()) || gs[i].End != int64(d.End()) {
			t.Errorf("%s: script [%d, %d), date [%d, %d)", s, gs[i].First, gs[i].End, d.First(), d.End())
		}
	}
	for _, bad := range []string{"2012-13", "2021-02-30", "12", "2012-1", "May 2014", "0999", "0001-01-01"} {
		if eval[bool](t, ctx, `window.fgSearch.parseDate(`+jsString(bad)+`) !== null`) {
			t.Errorf("the script reads %q as a date", bad)
		}
	}
}

func jsStrings(ss []string) string {
	b, _ := json.Marshal(ss)
	return string(b)
}

// fixtureNames are the labels and aliases of the shipped and hostile
// facts.
func fixtureNames(t *testing.T) []string {
	var out []string
	for _, dir := range []string{filepath.Join("..", "..", "facts"), filepath.Join("testdata", "hostile")} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !strings.HasSuffix(p, ".yaml") {
				return err
			}
			b, err := os.ReadFile(p)
			for _, line := range strings.Split(string(b), "\n") {
				if v, ok := strings.CutPrefix(line, "label: "); ok {
					out = append(out, strings.Trim(v, `"'`))
				}
			}
			return err
		})
	}
	return out
}

// TestBrowserSearchScale (FACTGRAPH_SCALE=1; it generates and checks
// 115,000 statements) searches the site of 20,420 entities: typing loads
// the manifest and a few shards of bounded size, never the whole index.
func TestBrowserSearchScale(t *testing.T) {
	if os.Getenv("FACTGRAPH_SCALE") == "" {
		t.Skip("set FACTGRAPH_SCALE=1 to search a site of 20,000 entities")
	}
	files, res := corpusSite(t, corpus.Size{Companies: 3400, ProductsPer: 5, Sources: 20})
	dir := t.TempDir()
	shards := 0
	for name, data := range files {
		if strings.HasPrefix(name, "search/") {
			shards++
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := httpSite(t, dir)
	ctx, rec := tab(t)
	load(t, ctx, s, "index.html")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("q"), "product 3399"),
		poll(`[...document.querySelectorAll('#q-results .label')].some(e => e.textContent === 'Product 3399.0')`)); err != nil {
		t.Fatalf("searching %d entities: %v", len(res.Graph.Entities), err)
	}
	requests, _, _, _ := rec.snapshot()
	var loaded []string
	for _, u := range requests {
		if strings.Contains(u, "/search/") {
			loaded = append(loaded, u[strings.LastIndex(u, "/")+1:])
		}
	}
	t.Logf("%d entities, %d index files; typing 12 characters loaded %d: %v", len(res.Graph.Entities), shards, len(loaded), loaded)
	if len(loaded) > 12 {
		t.Errorf("typing loaded %d of %d index files", len(loaded), shards)
	}
	rec.checkClean(t, s)
}
