package site

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/export"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/grammar"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/vocab"
)

// Bounds of one page: however large the graph, a page lists at most this
// much and links to further pages for the rest.
const (
	// PageRows is the number of statements or findings on one page (and
	// in each list of an entity's page).
	PageRows = 100
	// PageEntities is the number of entities on one page of a type's list.
	PageEntities = 200
	// MaxTimeline is the number of dated statements drawn in a timeline.
	MaxTimeline = 40
	// MaxInlineSVG is the largest diagram embedded in a page; a larger one
	// is linked instead.
	MaxInlineSVG = 512 << 10
)

// Options says what the site says beyond the graph.
type Options struct {
	// Site is the site section of the vocabulary: title, description and
	// the repository that statements link to.
	Site vocab.Site
	// At lists the dates factgraph build drew the graph for: each gets a
	// static page of the graph as it stood then, and a section on every
	// entity page.
	At []date.Date
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"count":    count,
	"plural":   plural,
	"size":     size,
	"pageRows": func() string { return count(PageRows) },
}).ParseFS(templateFS, "templates/*.html"))

// Files writes the site for g: the HTML pages, their stylesheet, script,
// font and search index. findings are the check's findings (the quality
// page lists them); data are the files the other producers made for
// out/, which the site embeds (the diagrams) and offers for download
// with their sizes and SHA-256 (every file at the top of out/). The
// result is sorted by path and depends on nothing but the arguments.
func Files(g *graph.Graph, findings finding.List, data []export.File, opts Options) ([]export.File, error) {
	var d Data
	byPath := map[string][]byte{}
	for _, f := range data {
		byPath[f.Path] = f.Data
		if !strings.Contains(f.Path, "/") {
			d.Top = append(d.Top, Describe(f))
		}
	}
	d.Read = func(p string) ([]byte, bool, error) {
		b, ok := byPath[p]
		return b, ok, nil
	}
	return export.Collect(func(emit func(export.File) error) error { return Write(g, findings, d, opts, emit) })
}

// Data is what the site is told of the files the other producers made
// for out/, without holding them: the files at the top of out/, offered
// for download, and a way to read back a diagram to embed.
type Data struct {
	// Top describes each file at the top of out/ (a path without "/"),
	// in any order.
	Top []DataFile
	// Read returns the file at a path of out/, or false if there is none.
	// The site reads the diagrams it embeds: graph.svg, graph-DATE.svg
	// and entities/ID.svg, from one goroutine per core at once.
	Read func(path string) (data []byte, ok bool, err error)
}

// DataFile describes a file offered for download.
type DataFile struct {
	Path   string
	Size   int
	SHA256 [32]byte
}

// Describe describes a file for Data.Top.
func Describe(f export.File) DataFile {
	return DataFile{Path: f.Path, Size: len(f.Data), SHA256: sha256.Sum256(f.Data)}
}

// Write makes what Files does and hands each file to emit as soon as it
// is made, keeping none: it holds a few pages per core beside what every
// page draws on. An error of emit or of data.Read stops it and is
// returned.
func Write(g *graph.Graph, findings finding.List, data Data, opts Options, emit func(export.File) error) error {
	s := newSite(g, findings, data, opts)
	err := fs.WalkDir(assetFS, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := assetFS.ReadFile(p)
		if err != nil {
			return err
		}
		return emit(export.File{Path: p, Data: b})
	})
	if err != nil {
		return err
	}
	for _, f := range searchIndex(g, s.types) {
		if err := emit(f); err != nil {
			return err
		}
	}
	return s.eachPage(emit)
}

// site holds what every page draws on.
type site struct {
	g        *graph.Graph
	opts     Options
	findings finding.List
	data     Data
	dataList []DataFile
	at       []date.Date
	types    []typeCount
	cited    map[*graph.Entity][]*graph.Claim
	byFile   map[string]*graph.Entity
	source   *vocab.Type
	err      error // the first diagram that could not be embedded
}

type typeCount struct {
	Name, Label, Href string
	// Color is the type's diagram colour (or its nearest ancestor's),
	// checked to be #rrggbb.
	Color string
	Count int
}

var colourPattern = regexp.MustCompile(`^#[0-9a-f]{6}$`)

func typeColour(t *vocab.Type) string {
	for x := t; x != nil; x = x.Parent {
		if colourPattern.MatchString(x.Color) {
			return x.Color
		}
	}
	return "#ffffff"
}

func newSite(g *graph.Graph, findings finding.List, data Data, opts Options) *site {
	s := &site{g: g, opts: opts, findings: findings, data: data, cited: map[*graph.Entity][]*graph.Claim{},
		byFile: map[string]*graph.Entity{}, source: g.Vocab.Type("Source")}
	if s.opts.Site.Title == "" {
		s.opts.Site = vocab.DefaultSite
	}
	s.dataList = slices.Clone(data.Top)
	slices.SortFunc(s.dataList, func(a, b DataFile) int { return strings.Compare(a.Path, b.Path) })
	s.at = slices.Clone(opts.At)
	slices.SortFunc(s.at, func(a, b date.Date) int { return strings.Compare(a.String(), b.String()) })
	s.at = slices.Compact(s.at)
	counts := map[*vocab.Type]int{}
	for _, e := range g.Entities {
		counts[e.Type]++
		s.byFile[e.File] = e
	}
	for _, t := range g.Vocab.Types {
		if counts[t] > 0 {
			s.types = append(s.types, typeCount{Name: t.Name, Label: t.Label, Href: "types/" + t.Name + ".html", Color: typeColour(t), Count: counts[t]})
		}
	}
	for _, c := range g.Claims {
		for _, src := range c.Sources {
			s.cited[src] = append(s.cited[src], c)
		}
	}
	return s
}

// page is one HTML file to write.
type page struct {
	path, template string
	data           any
}

// Page is what the layout of every page needs.
type Page struct {
	// Root leads from the page to the top of the site: "" or "../".
	Root  string
	Title string
	Site  vocab.Site
	// Types are the search's type filters.
	Types []typeCount
	// Nav marks the current section: home, quality, asof.
	Nav string
	At  []dateLink
}

type dateLink struct{ Text, Href string }

func (s *site) page(root, title, nav string) Page {
	p := Page{Root: root, Title: title, Site: s.opts.Site, Types: s.types, Nav: nav}
	for _, d := range s.at {
		p.At = append(p.At, dateLink{dateWords(d), "asof-" + d.String() + ".html"})
	}
	return p
}

// eachPage makes the pages, one entity, type or section at a time, and
// hands each to emit in a fixed order, stopping at the first error in
// that order. The pages of a batch of entities are made and executed in
// parallel, one worker per core; the batch is small, so memory holds a
// few pages per worker, and emitting in order keeps the first error, and
// everything else, independent of the scheduling.
func (s *site) eachPage(emit func(export.File) error) error {
	units := []func(*site) []page{func(s *site) []page { return []page{s.home()} }}
	for _, e := range s.g.Entities {
		units = append(units, func(s *site) []page { return s.entityPages(e) })
	}
	for _, t := range s.types {
		units = append(units, func(s *site) []page { return s.typePages(t) })
	}
	units = append(units, func(s *site) []page { return s.qualityPages() })
	for _, d := range s.at {
		units = append(units, func(s *site) []page { return s.asOfPages(d) })
	}
	workers := runtime.GOMAXPROCS(0)
	batch := make([]pageFiles, 4*workers)
	for start := 0; start < len(units); start += len(batch) {
		todo := units[start:min(len(units), start+len(batch))]
		var wg sync.WaitGroup
		next := make(chan int)
		for range min(workers, len(todo)) {
			wg.Go(func() {
				for i := range next {
					batch[i] = s.execute(todo[i])
				}
			})
		}
		for i := range todo {
			next <- i
		}
		close(next)
		wg.Wait()
		for i := range todo {
			for _, f := range batch[i].files {
				if err := emit(f); err != nil {
					return err
				}
			}
			if batch[i].err != nil {
				return batch[i].err
			}
			batch[i] = pageFiles{}
		}
	}
	return nil
}

// pageFiles are the files of one unit of pages, or its first error.
type pageFiles struct {
	files []export.File
	err   error
}

// execute makes the pages of one unit and executes their templates. It
// works on a copy of s, so the error of a diagram that could not be read
// or embedded is the unit's own. It runs on a worker goroutine, where a
// panic would take the process down past the CLI's recover: it is
// returned as an error instead.
func (s *site) execute(unit func(*site) []page) (out pageFiles) {
	defer func() {
		if r := recover(); r != nil {
			out = pageFiles{err: fmt.Errorf("internal error making the pages: %v\n%s", r, debug.Stack())}
		}
	}()
	u := *s
	u.err = nil
	var b bytes.Buffer
	for _, p := range unit(&u) {
		if u.err != nil {
			break
		}
		b.Reset()
		if err := pages.ExecuteTemplate(&b, p.template, p.data); err != nil {
			return pageFiles{err: fmt.Errorf("%s: %w", p.path, err)}
		}
		out.files = append(out.files, export.File{Path: p.path, Data: bytes.Clone(b.Bytes())})
	}
	if u.err != nil {
		return pageFiles{err: u.err}
	}
	return out
}

// diagram reads back a diagram to embed; a read error is the site's
// error, and leaves the diagram out meanwhile.
func (s *site) diagram(p string) ([]byte, bool) {
	if s.data.Read == nil {
		return nil, false
	}
	b, ok, err := s.data.Read(p)
	if err != nil {
		if s.err == nil {
			s.err = fmt.Errorf("reading %s: %w", p, err)
		}
		return nil, false
	}
	return b, ok
}

// link is an internal link, or text alone when Href is "".
type link struct{ Href, Text string }

func (s *site) entityLink(root string, e *graph.Entity) link {
	if !grammar.ID.MatchString(e.ID()) {
		return link{Text: e.Label.Value} // cannot happen: ids are validated
	}
	return link{Href: root + "entities/" + e.ID() + ".html", Text: e.Label.Value}
}

// httpsURL returns u if it is an absolute https URL, else "": the only
// external links a page may carry.
func httpsURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "https" || p.Host == "" || p.User != nil {
		return ""
	}
	return p.String()
}

// lineURL links to a line of a fact file in the repository, or "".
func (s *site) lineURL(file string, line int) string {
	repo := httpsURL(s.opts.Site.Repository)
	if repo == "" || file == "" || path.IsAbs(file) || strings.HasPrefix(file, "../") {
		return ""
	}
	segs := strings.Split(file, "/")
	for i, seg := range segs {
		segs[i] = url.PathEscape(seg)
	}
	branch := cmp.Or(s.opts.Site.Branch, "main")
	u := strings.TrimSuffix(repo, "/") + "/blob/" + branch + "/" + strings.Join(segs, "/")
	if line > 0 {
		u += "#L" + strconv.Itoa(line)
	}
	return u
}

// row is one statement as a page lists it.
type row struct {
	Subject *link // set when the row names its subject
	Pred    string
	Object  *link  // an entity
	Value   string // a literal, when Object is nil
	// ValueURL links a url literal (https only).
	ValueURL string
	Share    string
	When     string
	Rank     string
	Reason   string
	Note     string
	Sources  []link
	Where    string // file:line
	WhereURL string
	// Day bounds of the interval, for the as-of script; Timeless claims
	// hold at every date.
	S0, S1, E0, E1 int64
	Timeless       bool
}

// Views of a claim.
const (
	viewOut  = iota // on its subject's page: predicate, object
	viewIn          // on its object's page: inverse predicate, subject
	viewFull        // elsewhere: subject, predicate, object
)

func (s *site) row(root string, c *graph.Claim, view int) row {
	r := row{Pred: c.Predicate.Label, When: whenWords(c.Interval), Rank: c.Rank.String(),
		Reason: c.Stmt.Reason().Value, Note: c.Stmt.Note().Value,
		S0: int64(c.Interval.MinS), S1: int64(c.Interval.MaxS), E0: int64(c.Interval.MinE), E1: int64(c.Interval.MaxE),
		Timeless: c.Timeless()}
	if c.Object != nil {
		o := s.entityLink(root, c.Object)
		r.Object = &o
	} else {
		r.Value = c.Value.Value
		switch {
		case c.Predicate.Datatype == vocab.Date && !c.Value.Date.IsZero():
			r.Value = dateWords(c.Value.Date)
		case c.Predicate.Datatype == vocab.URL:
			r.ValueURL = httpsURL(c.Value.Value)
		}
	}
	subj := s.entityLink(root, c.Subject)
	switch view {
	case viewFull:
		r.Subject = &subj
	case viewIn:
		switch {
		case c.Predicate.Symmetric:
			r.Object = &subj
		case c.Predicate.InverseLabel != "":
			r.Pred, r.Object = c.Predicate.InverseLabel, &subj
		default:
			o := link{Text: c.Object.Label.Value}
			r.Subject, r.Object = &subj, &o
		}
	}
	if c.Share != nil {
		r.Share = c.Share.Value
	}
	for _, src := range c.Sources {
		r.Sources = append(r.Sources, s.entityLink(root, src))
	}
	p := c.Stmt.Pos()
	r.Where = fmt.Sprintf("%s:%d", p.File, p.Line)
	r.WhereURL = s.lineURL(p.File, p.Line)
	return r
}

// group is a run of rows under one heading.
type group struct {
	Heading string
	Rows    []row
}

// groupRows groups claims (in their order) by the heading of their
// predicate in the view.
func (s *site) groupRows(root string, cs []*graph.Claim, view int) []group {
	var gs []group
	for _, c := range cs {
		r := s.row(root, c, view)
		h := r.Pred
		if view == viewIn && r.Subject != nil {
			h = c.Predicate.Label + " (by others)"
		}
		if view == viewFull {
			h = c.Subject.Label.Value
		}
		if len(gs) == 0 || gs[len(gs)-1].Heading != h {
			gs = append(gs, group{Heading: h})
		}
		gs[len(gs)-1].Rows = append(gs[len(gs)-1].Rows, r)
	}
	// Within a group, deprecated claims follow the ones believed.
	for _, g := range gs {
		slices.SortStableFunc(g.Rows, func(a, b row) int { return compareBoolFirst(a.Rank != "deprecated", b.Rank != "deprecated") })
	}
	return gs
}

// list is one paginated list of claims: the first page's part is shown
// where the list is, the others on pages of their own.
type list struct {
	Groups []group
	Total  int
	Pager  pager
}

type pager struct {
	Page, Pages int
	Prev, Next  string
	First, Last string
	// Links are the numbered pages around this one.
	Links []pageLink
}

type pageLink struct {
	N       int
	Href    string
	Current bool
}

// pageName is the file of page n (from 1) of a list whose first page is
// base+".html": base.N.html. A dot cannot occur in an id or a type
// name, so no such name is ever another entity's page.
func pageName(base string, n int) string {
	if n == 1 {
		return base + ".html"
	}
	return base + "." + strconv.Itoa(n) + ".html"
}

// makePager links page n of pages to the others, named by name(i)
// relative to the page's directory.
func makePager(name func(int) string, n, pages int) pager {
	p := pager{Page: n, Pages: pages}
	if n > 1 {
		p.Prev, p.First = name(n-1), name(1)
	}
	if n < pages {
		p.Next, p.Last = name(n+1), name(pages)
	}
	for i := max(1, n-3); i <= min(pages, n+3); i++ {
		p.Links = append(p.Links, pageLink{N: i, Href: name(i), Current: i == n})
	}
	return p
}

// pagesOf names the pages of a list whose first page is base.html, from
// the list's own directory.
func pagesOf(base string) func(int) string {
	return func(i int) string { return path.Base(pageName(base, i)) }
}

// paginate cuts items into pages of size per (one empty page for none).
func paginate[T any](items []T, per int) [][]T {
	var out [][]T
	for len(items) > per {
		out = append(out, items[:per])
		items = items[per:]
	}
	return append(out, items)
}

// entityPage is entities/ID.html.
type entityPage struct {
	Page
	ID, Label, Type, TypeHref string
	Aliases                   []string
	Description               string
	URL                       string
	IsSource                  bool
	Publisher, Published      string
	File, FileURL             string
	// Begin and Finish bound the entity's life for the as-of script:
	// the first day of its start, the day after its end; "" when unknown.
	Begin, Finish string
	Statements    list
	About         list
	Cites         list
	CiteSummary   string
	Timeline      *timeline
	Diagram       template.HTML
	DiagramHref   string // a diagram too large to embed
	DiagramNote   string
	AsOf          []asOfBox
}

// asOfBox is an entity as it stood on one of the build's dates.
type asOfBox struct {
	Date, Href string
	Existence  string
	Held       []row
	Possibly   []row
	More       int
}

// rowsPage is a further page of one of an entity's lists.
type rowsPage struct {
	Page
	Entity  link
	Heading string
	List    list
}

func (s *site) entityPages(e *graph.Entity) []page {
	const root = "../"
	base := "entities/" + e.ID()
	p := &entityPage{Page: s.page(root, e.Label.Value, ""), ID: e.ID(), Label: e.Label.Value, Type: e.Type.Label,
		TypeHref: root + "types/" + e.Type.Name + ".html", Description: e.Description.Value, URL: httpsURL(e.URL.Value),
		IsSource: s.source != nil && e.Type.IsA(s.source), Publisher: e.Publisher.Value,
		File: e.File, FileURL: s.lineURL(e.File, 0)}
	for _, a := range e.Aliases {
		p.Aliases = append(p.Aliases, a.Value)
	}
	if !e.Published.IsZero() {
		p.Published = dateWords(e.Published.Date)
	}
	l := e.Lifespan()
	if l.Start != nil {
		p.Begin = strconv.FormatInt(int64(l.Begin.First()), 10)
	}
	if l.End != nil {
		p.Finish = strconv.FormatInt(int64(l.Finish.End()), 10)
	}
	var out []page
	lists := []struct {
		kind, heading string
		claims        []*graph.Claim
		view          int
		into          *list
	}{
		{"statements", "Statements", e.Out, viewOut, &p.Statements},
		{"about", "Statements about it by other entities", e.In, viewIn, &p.About},
		{"cites", "Statements that cite it", s.cited[e], viewFull, &p.Cites},
	}
	for _, ls := range lists {
		chunks := paginate(ls.claims, PageRows)
		// The first page of every list is on the entity's page.
		name := func(i int) string {
			if i == 1 {
				return e.ID() + ".html"
			}
			return path.Base(pageName(base+"."+ls.kind, i))
		}
		for i, chunk := range chunks {
			lst := list{Groups: s.groupRows(root, chunk, ls.view), Total: len(ls.claims), Pager: makePager(name, i+1, len(chunks))}
			if i == 0 {
				*ls.into = lst
				continue
			}
			out = append(out, page{pageName(base+"."+ls.kind, i+1), "rows.html", &rowsPage{
				Page:    s.page(root, fmt.Sprintf("%s: %s, page %d of %d", e.Label.Value, strings.ToLower(ls.heading), i+1, len(chunks)), ""),
				Entity:  s.entityLink(root, e),
				Heading: ls.heading,
				List:    lst,
			}})
		}
	}
	if cs := s.cited[e]; len(cs) > 0 {
		subjects := map[*graph.Entity]bool{}
		deprecated := 0
		for _, c := range cs {
			subjects[c.Subject] = true
			if c.Rank == fact.Deprecated {
				deprecated++
			}
		}
		p.CiteSummary = fmt.Sprintf("Cited by %s about %s", plural(len(cs), "statement", "statements"), plural(len(subjects), "entity", "entities"))
		if deprecated > 0 {
			p.CiteSummary += fmt.Sprintf(", %s of them deprecated", count(deprecated))
		}
		p.CiteSummary += "."
	}
	p.Timeline = s.timeline(e)
	if svg, ok := s.diagram("entities/" + e.ID() + ".svg"); ok {
		p.Diagram, p.DiagramHref = s.embed(svg, e.ID()+".svg", "d-")
		if n := len(e.Out) + len(e.In); n > 0 {
			p.DiagramNote = "The diagram draws a capped neighbourhood; the lists below have every statement."
		}
	}
	for _, d := range s.at {
		p.AsOf = append(p.AsOf, s.asOfBox(root, e, d))
	}
	return append([]page{{base + ".html", "entity.html", p}}, out...)
}

// embed returns an SVG for inline use, or, for one over MaxInlineSVG,
// the link to open it instead.
func (s *site) embed(svg []byte, href, idPrefix string) (template.HTML, string) {
	if len(svg) > MaxInlineSVG {
		return "", href
	}
	h, err := embedSVG(svg, idPrefix)
	if err != nil {
		if s.err == nil {
			s.err = fmt.Errorf("%s: %w", href, err)
		}
		return "", ""
	}
	return h, ""
}

// existence says when d lies wholly before e began or after it ended, as
// factgraph show --at does.
func existence(e *graph.Entity, d date.Date) string {
	l := e.Lifespan()
	switch {
	case l.Start != nil && d.End() <= l.Begin.First():
		return fmt.Sprintf("%s did not exist yet in %s (%s %s).", e.Label.Value, dateWords(d), l.Start.Predicate.Label, dateWords(l.Begin))
	case l.End != nil && d.First() >= l.Finish.End():
		return fmt.Sprintf("%s no longer existed in %s (%s %s).", e.Label.Value, dateWords(d), l.End.Predicate.Label, dateWords(l.Finish))
	}
	return ""
}

func (s *site) asOfBox(root string, e *graph.Entity, d date.Date) asOfBox {
	b := asOfBox{Date: dateWords(d), Href: root + "asof-" + d.String() + ".html", Existence: existence(e, d)}
	if b.Existence != "" {
		return b
	}
	add := func(c *graph.Claim, view int) {
		switch {
		case len(b.Held)+len(b.Possibly) >= PageRows:
			if c.HeldDuring(d) || c.Interval.MayHoldDuring(d) {
				b.More++
			}
		case c.HeldDuring(d):
			b.Held = append(b.Held, s.row(root, c, view))
		case c.Interval.MayHoldDuring(d):
			b.Possibly = append(b.Possibly, s.row(root, c, view))
		}
	}
	for _, c := range e.Out {
		add(c, viewOut)
	}
	for _, c := range e.In {
		add(c, viewIn)
	}
	return b
}

// typePage is types/TYPE.html: the entities of one type.
type typePage struct {
	Page
	Type     typeCount
	Entities []typeEntry
	Pager    pager
}

type typeEntry struct {
	Link    link
	Aliases string
}

func (s *site) typePages(t typeCount) []page {
	var es []*graph.Entity
	for _, e := range s.g.Entities {
		if e.Type.Name == t.Name {
			es = append(es, e)
		}
	}
	chunks := paginate(es, PageEntities)
	var out []page
	for i, chunk := range chunks {
		p := &typePage{Page: s.page("../", fmt.Sprintf("%s (%s)", t.Label, plural(t.Count, "entity", "entities")), ""), Type: t,
			Pager: makePager(pagesOf("types/"+t.Name), i+1, len(chunks))}
		if len(chunks) > 1 {
			p.Title += fmt.Sprintf(", page %d of %d", i+1, len(chunks))
		}
		for _, e := range chunk {
			var as []string
			for _, a := range e.Aliases {
				as = append(as, a.Value)
			}
			p.Entities = append(p.Entities, typeEntry{s.entityLink("../", e), strings.Join(as, ", ")})
		}
		out = append(out, page{pageName("types/"+t.Name, i+1), "type.html", p})
	}
	return out
}

// homePage is index.html.
type homePage struct {
	Page
	Entities, Statements, Sources int
	Counts                        []typeCount
	Diagram                       template.HTML
	DiagramHref                   string
	Downloads                     []download
	Quality                       []qualityCount
}

type download struct {
	Name, Href, What, Size, SHA256 string
	Bytes                          int
}

type qualityCount struct {
	Text string
	N    int
}

func (s *site) home() page {
	p := &homePage{Page: s.page("", s.opts.Site.Title, "home"), Entities: len(s.g.Entities), Statements: len(s.g.Claims), Counts: s.types}
	if s.source != nil {
		for _, e := range s.g.Entities {
			if e.Type.IsA(s.source) {
				p.Sources++
			}
		}
	}
	if svg, ok := s.diagram("graph.svg"); ok {
		p.Diagram, p.DiagramHref = s.embed(svg, "graph.svg", "g-")
	}
	for _, f := range s.dataList {
		if strings.Contains(f.Path, "/") {
			continue
		}
		p.Downloads = append(p.Downloads, download{Name: f.Path, Href: f.Path, What: describeFile(f.Path),
			Size: size(f.Size), Bytes: f.Size, SHA256: hex.EncodeToString(f.SHA256[:])})
	}
	q := s.qualitySections()
	for _, sec := range q {
		p.Quality = append(p.Quality, qualityCount{sec.Heading, len(sec.Findings)})
	}
	return page{"index.html", "index.html", p}
}

// describeFile says what a data file of out/ is.
func describeFile(name string) string {
	switch {
	case name == "entities.csv":
		return "Entities, one row each (CSV)"
	case name == "statements.csv":
		return "Statements, one row each, with dates, ranks and sources (CSV)"
	case name == "csv-metadata.json":
		return "Description of both tables (W3C CSV on the Web)"
	case name == "graph.nt":
		return "The graph in RDF (N-Triples)"
	case name == "graph.ttl":
		return "The graph in RDF (Turtle)"
	case name == "graph.dot":
		return "The whole-graph diagram (Graphviz DOT)"
	case name == "graph.svg":
		return "The whole-graph diagram (SVG)"
	case strings.HasPrefix(name, "graph-") && (strings.HasSuffix(name, ".dot") || strings.HasSuffix(name, ".svg")):
		d, _ := date.Parse(strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(name, "graph-"), ".dot"), ".svg"))
		kind := "Graphviz DOT"
		if strings.HasSuffix(name, ".svg") {
			kind = "SVG"
		}
		return fmt.Sprintf("The graph as it stood in %s (%s)", dateWords(d), kind)
	}
	return ""
}

// qualityPage is quality.html: the findings a consumer should know of.
type qualityPage struct {
	Page
	Sections []qualitySection
	Total    int
	Pager    pager
}

type qualitySection struct {
	Heading, Intro string
	Findings       []findingView
}

type findingView struct {
	Severity, Rule, Message string
	Where, WhereURL         string
	Entity                  *link
	Related                 []relatedView
	AckReason               string
	AckWhere, AckWhereURL   string
}

type relatedView struct {
	Message, Where, WhereURL string
}

func (s *site) where(p finding.Pos) (string, string) {
	if p.File == "" {
		return "", ""
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line), s.lineURL(p.File, p.Line)
}

func (s *site) findingView(root string, f finding.Finding) findingView {
	v := findingView{Severity: f.Severity.String(), Rule: f.Rule, Message: f.Message}
	v.Where, v.WhereURL = s.where(f.Pos)
	if e := s.byFile[f.File]; e != nil {
		l := s.entityLink(root, e)
		v.Entity = &l
	}
	for _, r := range f.Related {
		rv := relatedView{Message: r.Message}
		rv.Where, rv.WhereURL = s.where(r.Pos)
		v.Related = append(v.Related, rv)
	}
	if f.Ack != nil {
		v.AckReason = f.Ack.Reason
		v.AckWhere, v.AckWhereURL = s.where(f.Ack.Pos)
	}
	return v
}

// qualitySections sorts the findings into what the quality page shows:
// open findings by severity, then the acknowledged ones.
func (s *site) qualitySections() []qualitySection {
	secs := []qualitySection{
		{Heading: "Errors", Intro: "Problems that stop a build; a published site has none."},
		{Heading: "Warnings", Intro: "Problems the curators have not resolved: read the statements they name with care."},
		{Heading: "Information", Intro: "Remarks, such as a claim stated twice."},
		{Heading: "Acknowledged", Intro: "Findings the curators have accepted, each with the reason they gave."},
	}
	for _, f := range s.findings {
		var i int
		switch {
		case f.Ack != nil:
			i = 3
		case f.Severity == finding.Error:
			i = 0
		case f.Severity == finding.Warning:
			i = 1
		default:
			i = 2
		}
		secs[i].Findings = append(secs[i].Findings, s.findingView("", f))
	}
	return secs
}

func (s *site) qualityPages() []page {
	secs := s.qualitySections()
	type item struct {
		sec int
		f   findingView
	}
	var all []item
	for i, sec := range secs {
		for _, f := range sec.Findings {
			all = append(all, item{i, f})
		}
	}
	chunks := paginate(all, PageRows)
	var out []page
	for n, chunk := range chunks {
		p := &qualityPage{Page: s.page("", "Quality", "quality"), Total: len(all), Pager: makePager(pagesOf("quality"), n+1, len(chunks))}
		if len(chunks) > 1 {
			p.Title += fmt.Sprintf(", page %d of %d", n+1, len(chunks))
		}
		for i, sec := range secs {
			qs := qualitySection{Heading: sec.Heading, Intro: sec.Intro}
			for _, it := range chunk {
				if it.sec == i {
					qs.Findings = append(qs.Findings, it.f)
				}
			}
			// Every page names every section, so that "none" is said.
			if len(qs.Findings) > 0 || n == 0 {
				qs.Heading = fmt.Sprintf("%s (%s)", sec.Heading, count(len(sec.Findings)))
				p.Sections = append(p.Sections, qs)
			}
		}
		out = append(out, page{pageName("quality", n+1), "quality.html", p})
	}
	return out
}

// asOfPage is asof-DATE.html: the graph as it stood on one date.
type asOfPage struct {
	Page
	Date          string
	Diagram       template.HTML
	DiagramHref   string
	Held          []group
	Possibly      []group
	HeldTotal     int
	PossiblyTotal int
	Pager         pager
}

func (s *site) asOfPages(d date.Date) []page {
	type item struct {
		c    *graph.Claim
		held bool
	}
	var all []item
	var held, maybe int
	for _, c := range s.g.Claims {
		if !c.Subject.Lifespan().MayExistDuring(d) || c.Object != nil && !c.Object.Lifespan().MayExistDuring(d) {
			continue
		}
		switch {
		case c.HeldDuring(d):
			all = append(all, item{c, true})
			held++
		case c.Interval.MayHoldDuring(d):
			all = append(all, item{c, false})
			maybe++
		}
	}
	// Definite claims first, then the possible ones, each in graph order.
	slices.SortStableFunc(all, func(a, b item) int { return compareBoolFirst(a.held, b.held) })
	base := "asof-" + d.String()
	chunks := paginate(all, PageRows)
	var out []page
	for n, chunk := range chunks {
		p := &asOfPage{Page: s.page("", "As of "+dateWords(d), "asof"), Date: dateWords(d), HeldTotal: held, PossiblyTotal: maybe,
			Pager: makePager(pagesOf(base), n+1, len(chunks))}
		if len(chunks) > 1 {
			p.Title += fmt.Sprintf(", page %d of %d", n+1, len(chunks))
		}
		if n == 0 {
			if svg, ok := s.diagram("graph-" + d.String() + ".svg"); ok {
				p.Diagram, p.DiagramHref = s.embed(svg, "graph-"+d.String()+".svg", "a-")
			}
		}
		var hs, ps []*graph.Claim
		for _, it := range chunk {
			if it.held {
				hs = append(hs, it.c)
			} else {
				ps = append(ps, it.c)
			}
		}
		p.Held = s.groupRows("", hs, viewFull)
		p.Possibly = s.groupRows("", ps, viewFull)
		out = append(out, page{pageName(base, n+1), "asof.html", p})
	}
	return out
}

func compareBoolFirst(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}
