package diagram

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/dot"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/vocab"
)

// Caps of one entity page; the rest is counted in a note on the page.
const (
	MaxPageEdges = 40 // edges drawn on one page
	MaxPageNodes = 60 // nodes drawn on one page
	MaxFacts     = 30 // literal facts listed in one label or tooltip
	MaxTipClaims = 20 // claims listed in one edge tooltip
)

// view is one diagram: what to draw, before it is written as DOT.
type view struct {
	title   string        // graph label; "" for none
	focus   *graph.Entity // the entity a page is about; nil for graphs
	nodes   []*node       // sorted by id
	edges   []*edge       // sorted by from, to, status
	sources []*graph.Entity
	legend  []*vocab.Type // node types to explain; nil for no legend
	key     string        // what solid and dashed edges mean
	link    dot.From      // where the links to entity pages are followed from
	hidden  int           // claims not drawn because of MaxPageEdges
	notes   []string      // more lines for the note of what is not drawn
	// cur is the graph when the view shows it as it stands now, so that
	// outranked claims can be marked; nil for a view of another date.
	cur *graph.Graph
	// star is set on an entity's page: every edge ranks its subject
	// before its object, so what points at the entity is drawn on its
	// left and what it points at on its right.
	star bool
}

// ranks is the number of ranks graphviz lays the view's nodes out in, as
// far as the edges that rank their subject before their object tell:
// the nodes of the longest path of them. Graphviz breaks a cycle by
// turning an edge round; here one is followed at most once around.
func (v *view) ranks() int {
	if len(v.nodes) == 0 {
		return 0
	}
	rank := map[*graph.Entity]int{}
	most := 0
	for range v.nodes {
		changed := false
		for _, e := range v.edges {
			if !v.star && !e.constrain() {
				continue
			}
			if r := rank[e.from] + 1; r > rank[e.to] {
				rank[e.to], changed = r, true
				most = max(most, r)
			}
		}
		if !changed {
			break
		}
	}
	return most + 1
}

// node is an entity in a view. facts are the literal claims written in
// its label (pages), tips those in its tooltip.
type node struct {
	e     *graph.Entity
	facts []*graph.Claim
	tips  []*graph.Claim
}

// edge is the claims with one subject, object and status.
type edge struct {
	from, to  *graph.Entity
	ended     bool // not part of the graph as it stands now
	symmetric bool
	claims    []*graph.Claim
}

// constrain reports whether the edge ranks its subject below its object:
// it does when one of its claims is of a functional predicate.
func (e *edge) constrain() bool {
	return slices.ContainsFunc(e.claims, func(c *graph.Claim) bool { return c.Predicate.Functional() })
}

// status says how a claim is drawn in a view.
type status int

const (
	omit  status = iota // not drawn
	now                 // holds now, or held on the view's date
	ended               // ended, not begun or outranked
)

// builder collects nodes and edges for a view.
type builder struct {
	status func(*graph.Claim) status
	nodes  map[string]*node
	edges  map[edgeKey]*edge
}

type edgeKey struct {
	from, to  string
	ended     bool
	symmetric bool
}

func newBuilder(st func(*graph.Claim) status) *builder {
	return &builder{status: st, nodes: map[string]*node{}, edges: map[edgeKey]*edge{}}
}

func (b *builder) node(e *graph.Entity) *node {
	n := b.nodes[e.ID()]
	if n == nil {
		n = &node{e: e}
		for _, c := range e.Out {
			if c.Value != nil && b.status(c) != omit {
				n.tips = append(n.tips, c)
			}
		}
		b.nodes[e.ID()] = n
	}
	return n
}

// claim adds c if the view draws it, and reports whether it did.
func (b *builder) claim(c *graph.Claim) bool {
	st := b.status(c)
	if st == omit {
		return false
	}
	if c.Value != nil {
		n := b.node(c.Subject)
		n.facts = append(n.facts, c)
		return true
	}
	b.node(c.Subject)
	b.node(c.Object)
	k := edgeKey{c.Subject.ID(), c.Object.ID(), st == ended, c.Predicate.Symmetric}
	e := b.edges[k]
	if e == nil {
		e = &edge{from: c.Subject, to: c.Object, ended: k.ended, symmetric: k.symmetric}
		b.edges[k] = e
	}
	e.claims = append(e.claims, c)
	return true
}

func (b *builder) view() *view {
	v := &view{}
	for _, n := range b.nodes {
		v.nodes = append(v.nodes, n)
	}
	slices.SortFunc(v.nodes, func(x, y *node) int { return strings.Compare(x.e.ID(), y.e.ID()) })
	for _, e := range b.edges {
		slices.SortFunc(e.claims, graph.Compare)
		v.edges = append(v.edges, e)
	}
	slices.SortFunc(v.edges, compareEdges)
	for _, n := range v.nodes {
		slices.SortFunc(n.facts, graph.Compare)
		slices.SortFunc(n.tips, graph.Compare)
	}
	return v
}

func compareEdges(x, y *edge) int {
	return cmp.Or(
		strings.Compare(x.from.ID(), y.from.ID()),
		strings.Compare(x.to.ID(), y.to.ID()),
		cmpBool(x.ended, y.ended),
		cmpBool(x.symmetric, y.symmetric),
	)
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// isSource reports whether e is a Source entity.
func isSource(g *graph.Graph, e *graph.Entity) bool {
	src := g.Vocab.Type("Source")
	return src != nil && e.Type.IsA(src)
}

// nowStatus draws every claim but the deprecated ones, solid when it is
// part of the graph as it stands now.
func nowStatus(g *graph.Graph) func(*graph.Claim) status {
	return func(c *graph.Claim) status {
		switch {
		case c.Rank == fact.Deprecated:
			return omit
		case g.Current(c):
			return now
		}
		return ended
	}
}

// atStatus draws the claims that held on d in every reading of their
// dates, at their best rank among the claims of the same subject and
// predicate that held then, between entities that may have existed then.
func atStatus(g *graph.Graph, d date.Date) func(*graph.Claim) status {
	return func(c *graph.Claim) status {
		if !g.CurrentAt(c, d) || !c.Subject.Lifespan().MayExistDuring(d) ||
			c.Object != nil && !c.Object.Lifespan().MayExistDuring(d) {
			return omit
		}
		return now
	}
}

// wholeView is graph.dot: every entity but the sources, and every claim
// between entities but the deprecated ones.
func wholeView(g *graph.Graph) *view {
	b := newBuilder(nowStatus(g))
	for _, e := range g.Entities {
		if !isSource(g, e) {
			b.node(e)
		}
	}
	for _, c := range g.Claims {
		if c.Object != nil {
			b.claim(c)
		}
	}
	v := b.view()
	v.legend = legendTypes(g, v)
	v.key = "solid: holds now\ndashed grey: ended, not yet begun or outranked\ndeprecated statements are not drawn"
	v.link = dot.FromOutDir
	v.cur = g
	return v
}

// atView is graph-DATE.dot: the graph as it stood on d.
func atView(g *graph.Graph, d date.Date) *view {
	b := newBuilder(atStatus(g, d))
	for _, c := range g.Claims {
		if c.Object != nil {
			b.claim(c)
		}
	}
	v := b.view()
	v.title = "As it stood in " + d.String()
	v.legend = legendTypes(g, v)
	v.key = "statements that held in " + d.String() + "\n(at their best rank; deprecated ones left out)"
	v.link = dot.FromOutDir
	return v
}

// entityView is entities/ID.svg for an entity that is not a source: the
// entity, its literal facts, its neighbours and the sources cited.
func entityView(g *graph.Graph, e *graph.Entity) *view {
	b := newBuilder(nowStatus(g))
	b.node(e)
	var rel []*graph.Claim
	for _, c := range append(slices.Clip(e.Out), e.In...) {
		if c.Value != nil {
			b.claim(c)
		} else if b.status(c) != omit {
			rel = append(rel, c)
		}
	}
	hidden := addCapped(b, rel)
	v := b.view()
	v.focus = e
	v.star = true
	v.hidden = hidden
	v.link = dot.FromEntitiesDir
	v.cur = g
	seen := map[*graph.Entity]bool{}
	for _, c := range claimsOf(v) {
		for _, s := range c.Sources {
			if !seen[s] {
				seen[s] = true
				v.sources = append(v.sources, s)
			}
		}
	}
	slices.SortFunc(v.sources, func(x, y *graph.Entity) int { return strings.Compare(x.ID(), y.ID()) })
	return v
}

// sourceView is entities/ID.svg for a source: the claims that cite it.
func sourceView(g *graph.Graph, s *graph.Entity, cited []*graph.Claim) *view {
	b := newBuilder(nowStatus(g))
	var rel []*graph.Claim
	hidden := 0
	for _, c := range cited {
		switch {
		case b.status(c) == omit:
		case c.Object != nil:
			rel = append(rel, c)
		case b.nodes[c.Subject.ID()] == nil && len(b.nodes) >= MaxPageNodes:
			hidden++
		default:
			b.claim(c)
		}
	}
	hidden += addCapped(b, rel)
	v := b.view()
	for _, n := range v.nodes {
		n.tips = nil // the label lists what this source says
	}
	v.title = "Source: " + s.Label.Value
	if d := sourceDetails(s); d != "" {
		v.title += "\n" + d
	}
	v.hidden = hidden
	v.link = dot.FromEntitiesDir
	v.cur = g
	return v
}

// addCapped adds entity claims until MaxPageEdges edges or MaxPageNodes
// nodes are drawn, preferring current claims and then claim order; it
// returns how many claims it left out.
func addCapped(b *builder, claims []*graph.Claim) int {
	slices.SortStableFunc(claims, func(x, y *graph.Claim) int {
		return cmp.Or(cmp.Compare(b.status(x), b.status(y)), graph.Compare(x, y))
	})
	hidden := 0
	for _, c := range claims {
		k := edgeKey{c.Subject.ID(), c.Object.ID(), b.status(c) == ended, c.Predicate.Symmetric}
		newNodes := 0
		for _, e := range []*graph.Entity{c.Subject, c.Object} {
			if b.nodes[e.ID()] == nil {
				newNodes++
			}
		}
		if _, ok := b.edges[k]; !ok && (len(b.edges) >= MaxPageEdges || len(b.nodes)+newNodes > MaxPageNodes) {
			hidden++
			continue
		}
		b.claim(c)
	}
	return hidden
}

func claimsOf(v *view) []*graph.Claim {
	var out []*graph.Claim
	for _, n := range v.nodes {
		out = append(out, n.facts...)
	}
	for _, e := range v.edges {
		out = append(out, e.claims...)
	}
	return out
}

// legendTypes lists the types of the view's nodes, in vocabulary order.
func legendTypes(g *graph.Graph, v *view) []*vocab.Type {
	used := map[*vocab.Type]bool{}
	for _, n := range v.nodes {
		used[n.e.Type] = true
	}
	var out []*vocab.Type
	for _, t := range g.Vocab.Types {
		if used[t] {
			out = append(out, t)
		}
	}
	return out
}

// sourceDetails is a source's publisher, publication date and URL, as
// one line of text.
func sourceDetails(s *graph.Entity) string {
	var parts []string
	if s.Publisher.Value != "" {
		parts = append(parts, s.Publisher.Value)
	}
	if !s.Published.IsZero() {
		parts = append(parts, s.Published.String())
	}
	if s.URL.Value != "" {
		parts = append(parts, s.URL.Value)
	}
	return strings.Join(parts, ", ")
}

// claimText describes a claim without its subject: "owned by,
// 2004–2014", "holds a stake in (33%)", "category: escrow service (from
// 2004)". With g, a claim that holds now but is not current is marked
// outranked.
func claimText(c *graph.Claim, g *graph.Graph) string {
	var b strings.Builder
	b.WriteString(c.Predicate.Label)
	if c.Value != nil {
		b.WriteString(": ")
		b.WriteString(c.Value.Value)
	}
	if c.Share != nil {
		fmt.Fprintf(&b, " (%s%%)", c.Share.Value)
	}
	if w := when(c, g); w != "" {
		if c.Value != nil {
			b.WriteString(" (" + w + ")")
		} else {
			b.WriteString(", " + w)
		}
	}
	return b.String()
}

// claimSentence describes an entity claim in full: "Alipay owned by
// Alibaba Group, 2004–2014".
func claimSentence(c *graph.Claim, g *graph.Graph) string {
	s := c.Subject.Label.Value + " " + c.Predicate.Label + " " + c.Object.Label.Value
	if c.Share != nil {
		s += " (" + c.Share.Value + "%)"
	}
	if w := when(c, g); w != "" {
		s += ", " + w
	}
	return s
}

// when is the part of a claim's description that says when it holds:
// its interval unless undated or timeless, and "outranked".
func when(c *graph.Claim, g *graph.Graph) string {
	w := ""
	if !c.Timeless() && !c.Interval.Undated() {
		w = c.Interval.String()
	}
	if g != nil && c.Interval.HoldsNow() && c.Rank != fact.Deprecated && !g.Current(c) {
		w = strings.TrimPrefix(w+", outranked", ", ")
	}
	return w
}

// sourceTitles lists the titles of a claim's sources.
func sourceTitles(c *graph.Claim) string {
	titles := make([]string, len(c.Sources))
	for i, s := range c.Sources {
		titles[i] = s.Label.Value
	}
	if len(titles) == 0 {
		return "no sources"
	}
	return "sources: " + strings.Join(titles, "; ")
}
