package diff

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/factgraph/factgraph/internal/check"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/vocab"
)

// Status says what happened to an entity or a statement.
type Status string

// Statuses.
const (
	Added   Status = "added"
	Removed Status = "removed"
	Changed Status = "changed"
	// Unreadable is an entity whose file does not load on one side (a
	// YAML error, say): its statements are neither added nor removed,
	// and the side's findings say what is wrong.
	Unreadable Status = "unreadable"
)

// Diff is the semantic difference between two snapshots of the graph.
type Diff struct {
	Base, Head Side
	// Entities lists every entity with a change, sorted by id.
	Entities []*Entity
	Findings Findings

	base, head *graph.Graph // for the drawing's unchanged edges
}

// Side describes one snapshot.
type Side struct {
	Name   string `json:"name"`
	Commit string `json:"commit,omitempty"`
	Files  int    `json:"files"`
}

// Entity is an entity with its changes. Statements are grouped under
// their subject after normalisation (ant-group owns alipay is listed
// under alipay, as alipay ownedBy ant-group).
type Entity struct {
	ID     string `json:"id"`
	Label  string `json:"label"`
	Type   string `json:"type"`
	Status Status `json:"status"`
	// Fields lists changed entity fields (label, type, aliases, ...).
	Fields     []Field      `json:"fields"`
	Statements []*Statement `json:"statements"`
}

// Field is one changed value; "" stands for absent.
type Field struct {
	Field string `json:"field"`
	Base  string `json:"base"`
	Head  string `json:"head"`
}

// Statement is an added, removed or changed statement, in normalised
// form.
type Statement struct {
	Status    Status `json:"status"`
	Subject   string `json:"subject"`
	Predicate string `json:"predicate"`
	// Object is the object's id; Value the literal, for literal
	// predicates. Exactly one is set.
	Object string `json:"object,omitempty"`
	Value  string `json:"value,omitempty"`
	// Base and Head are the statement on each side; one is nil for added
	// and removed statements.
	Base *Claim `json:"base"`
	Head *Claim `json:"head"`
	// Changes lists what differs between Base and Head.
	Changes []Field `json:"changes"`
}

// Triple writes the statement as "subject predicate object".
func (s *Statement) Triple() string {
	o := s.Object
	if o == "" {
		o = strconv.Quote(s.Value)
	}
	return s.Subject + " " + s.Predicate + " " + o
}

// Claim is a statement on one side: where it is written and its
// qualifiers.
type Claim struct {
	File    string   `json:"file"`
	Line    int      `json:"line"`
	Column  int      `json:"column"`
	Written string   `json:"written"` // as the file states it: "ant-group owns alipay"
	From    string   `json:"from,omitempty"`
	To      string   `json:"to,omitempty"`
	At      string   `json:"at,omitempty"`
	Share   string   `json:"share,omitempty"`
	Rank    string   `json:"rank"`
	Reason  string   `json:"reason,omitempty"`
	Sources []string `json:"sources"`
	Note    string   `json:"note,omitempty"`
	graph   *graph.Claim
}

// Compare computes the difference from base to head.
func Compare(base, head *Snapshot) *Diff {
	d := &Diff{
		Base: Side{Name: base.Name, Commit: base.Commit, Files: base.Result.Set.Files},
		Head: Side{Name: head.Name, Commit: head.Commit, Files: head.Result.Set.Files},
		base: base.Result.Graph, head: head.Result.Graph,
	}
	byID := map[string]*Entity{}
	entity := func(id string) *Entity {
		if e := byID[id]; e != nil {
			return e
		}
		e := &Entity{ID: id, Status: Changed, Fields: []Field{}, Statements: []*Statement{}}
		for _, s := range []*Snapshot{head, base} {
			if fe := s.entity(id); fe != nil {
				e.Label, e.Type = fe.Label.Value, fe.Type.Value
				break
			}
		}
		byID[id] = e
		return e
	}

	// Entities present on one side only, and changed fields. An added
	// entity lists all its fields (a reviewer sees a new source's url and
	// publisher), a removed one what it had.
	baseIDs, headIDs := base.ids(), head.ids()
	ids := map[string]bool{}
	for id := range baseIDs {
		ids[id] = true
	}
	for id := range headIDs {
		ids[id] = true
	}
	unreadable := map[string]bool{}
	for id := range ids {
		inBase, inHead := baseIDs[id], headIDs[id]
		be, he := base.entity(id), head.entity(id)
		switch {
		case inBase && inHead && (be == nil) != (he == nil):
			entity(id).Status = Unreadable
			unreadable[id] = true
		case !inBase:
			e := entity(id)
			e.Status = Added
			if he != nil {
				e.Fields = entityFields(&fact.Entity{}, he)
			}
		case !inHead:
			e := entity(id)
			e.Status = Removed
			if be != nil {
				e.Fields = entityFields(be, &fact.Entity{})
			}
		case be != nil && he != nil:
			if fs := entityFields(be, he); len(fs) > 0 {
				entity(id).Fields = fs
			}
		}
	}

	for _, s := range compareClaims(base, head, unreadable) {
		e := entity(s.Subject)
		e.Statements = append(e.Statements, s)
	}
	for _, e := range byID {
		slices.SortFunc(e.Statements, compareStatements)
		d.Entities = append(d.Entities, e)
	}
	slices.SortFunc(d.Entities, func(a, b *Entity) int { return strings.Compare(a.ID, b.ID) })
	d.Findings = compareFindings(base.Findings(), head.Findings(), d.touched(head))
	return d
}

// touched lists the head's files the change added to or edited: those of
// added and changed entities and of added and changed statements.
func (d *Diff) touched(head *Snapshot) map[string]bool {
	out := map[string]bool{}
	for _, e := range d.Entities {
		if fe := head.entity(e.ID); fe != nil && (e.Status == Added || len(e.Fields) > 0) {
			out[fe.File] = true
		}
		for _, s := range e.Statements {
			if s.Head != nil {
				out[s.Head.File] = true
			}
		}
	}
	return out
}

// Counts tallies the changes.
type Counts struct {
	EntitiesAdded     int `json:"entitiesAdded"`
	EntitiesRemoved   int `json:"entitiesRemoved"`
	EntitiesChanged   int `json:"entitiesChanged"`
	StatementsAdded   int `json:"statementsAdded"`
	StatementsRemoved int `json:"statementsRemoved"`
	StatementsChanged int `json:"statementsChanged"`
	FindingsNew       int `json:"findingsNew"`
	FindingsFixed     int `json:"findingsFixed"`
	FindingsExisting  int `json:"findingsExisting"`
}

// Counts tallies d.
func (d *Diff) Counts() Counts {
	var c Counts
	for _, e := range d.Entities {
		switch e.Status {
		case Added:
			c.EntitiesAdded++
		case Removed:
			c.EntitiesRemoved++
		default:
			c.EntitiesChanged++
		}
		for _, s := range e.Statements {
			switch s.Status {
			case Added:
				c.StatementsAdded++
			case Removed:
				c.StatementsRemoved++
			default:
				c.StatementsChanged++
			}
		}
	}
	c.FindingsNew, c.FindingsFixed, c.FindingsExisting = len(d.Findings.New), len(d.Findings.Fixed), len(d.Findings.Existing)
	return c
}

// Empty reports whether nothing changed in the graph and no finding
// appeared or went away.
func (d *Diff) Empty() bool {
	return len(d.Entities) == 0 && len(d.Findings.New) == 0 && len(d.Findings.Fixed) == 0
}

func compareStatements(a, b *Statement) int {
	return cmp.Or(
		strings.Compare(a.Predicate, b.Predicate),
		strings.Compare(a.Object, b.Object),
		strings.Compare(a.Value, b.Value),
		strings.Compare(string(a.Status), string(b.Status)),
		cmpClaim(a.Head, b.Head),
		cmpClaim(a.Base, b.Base),
	)
}

func cmpClaim(a, b *Claim) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
}

// ids lists the ids of every entity the side declares, including those
// whose files do not load (their ids come from the file name).
func (s *Snapshot) ids() map[string]bool {
	ids := map[string]bool{}
	for _, e := range s.Result.Set.Entities {
		ids[e.ID.Value] = true
	}
	for id := range s.Result.Set.Broken {
		ids[id] = true
	}
	return ids
}

// entity returns the first loaded entity with id, or nil.
func (s *Snapshot) entity(id string) *fact.Entity {
	for _, e := range s.Result.Set.Entities {
		if e.ID.Value == id {
			return e
		}
	}
	return nil
}

func entityFields(a, b *fact.Entity) []Field {
	var out []Field
	add := func(name, x, y string) {
		if x != y {
			out = append(out, Field{Field: name, Base: x, Head: y})
		}
	}
	aliases := func(e *fact.Entity) string {
		var names []string
		for _, a := range e.Aliases {
			names = append(names, a.Value)
		}
		return strings.Join(names, ", ")
	}
	add("type", a.Type.Value, b.Type.Value)
	add("label", a.Label.Value, b.Label.Value)
	add("aliases", aliases(a), aliases(b))
	add("description", a.Description.Value, b.Description.Value)
	add("url", a.URL.Value, b.URL.Value)
	add("publisher", a.Publisher.Value, b.Publisher.Value)
	add("published", a.Published.String(), b.Published.String())
	return out
}

// key identifies a normalised claim: subject, predicate and object or
// value. Where and how it is written does not count.
type key struct{ subject, predicate, object string }

func claimKey(c *graph.Claim) key {
	o := "\x00" + c.ObjectText()
	if c.Object != nil {
		o = c.Object.ID()
	}
	return key{c.Subject.ID(), c.Predicate.Name, o}
}

// compareClaims pairs the claims of the two graphs. Within each key,
// claims with identical qualifiers cancel out; the remaining ones pair up
// by how many qualifiers they share and become changes; what is left is
// added or removed. Last, for predicates that take one value whatever the
// dates (founded, launchedBy), one removed and one added claim of the
// same subject are one changed value.
func compareClaims(base, head *Snapshot, unreadable map[string]bool) []*Statement {
	bk, hk := groupClaims(base, unreadable), groupClaims(head, unreadable)
	keys := map[key]bool{}
	for k := range bk {
		keys[k] = true
	}
	for k := range hk {
		keys[k] = true
	}
	var out []*Statement
	var added, removed []*Statement
	for k := range keys {
		bs, hs := cancel(bk[k], hk[k])
		// The most similar remaining claims are changes. Pairing is
		// quadratic, so past maxPairing claims on a side they pair in
		// order.
		for len(bs)*len(hs) > maxPairing {
			out = append(out, statement(Changed, bs[0], hs[0]))
			bs, hs = bs[1:], hs[1:]
		}
		for len(bs) > 0 && len(hs) > 0 {
			bi, hi, best := 0, 0, -1
			for i, b := range bs {
				for j, h := range hs {
					if s := similarity(b, h); s > best {
						bi, hi, best = i, j, s
					}
				}
			}
			out = append(out, statement(Changed, bs[bi], hs[hi]))
			bs = slices.Delete(slices.Clone(bs), bi, bi+1)
			hs = slices.Delete(slices.Clone(hs), hi, hi+1)
		}
		for _, b := range bs {
			removed = append(removed, statement(Removed, b, nil))
		}
		for _, h := range hs {
			added = append(added, statement(Added, nil, h))
		}
	}
	// A one-value predicate whose only value was replaced by another.
	type sp struct{ subject, predicate string }
	one := func(s *Statement) (sp, bool) {
		c := s.Base
		if c == nil {
			c = s.Head
		}
		return sp{s.Subject, s.Predicate}, c.graph.Predicate.Cardinality == vocab.One
	}
	rem, add := map[sp][]*Statement{}, map[sp][]*Statement{}
	for _, s := range removed {
		if k, ok := one(s); ok {
			rem[k] = append(rem[k], s)
		}
	}
	for _, s := range added {
		if k, ok := one(s); ok {
			add[k] = append(add[k], s)
		}
	}
	paired := map[*Statement]bool{}
	for k, rs := range rem {
		if as := add[k]; len(rs) == 1 && len(as) == 1 {
			paired[rs[0]], paired[as[0]] = true, true
			out = append(out, statement(Changed, rs[0].Base, as[0].Head))
		}
	}
	for _, s := range append(removed, added...) {
		if !paired[s] {
			out = append(out, s)
		}
	}
	return out
}

// maxPairing bounds the similarity search among the claims of one key
// that did not cancel out.
const maxPairing = 10_000

// cancel removes the claims of one key that are identical on both sides,
// matching by count, in linear time (ten thousand copies of one
// statement must not cost a hundred million comparisons).
func cancel(bs, hs []*Claim) (restBase, restHead []*Claim) {
	pool := map[string]int{}
	for _, b := range bs {
		pool[b.qualifiers()]++
	}
	for _, h := range hs {
		if q := h.qualifiers(); pool[q] > 0 {
			pool[q]--
		} else {
			restHead = append(restHead, h)
		}
	}
	left := map[string]int{}
	for _, h := range hs {
		left[h.qualifiers()]++
	}
	for _, b := range bs {
		if q := b.qualifiers(); left[q] > 0 {
			left[q]--
		} else {
			restBase = append(restBase, b)
		}
	}
	return restBase, restHead
}

// qualifiers is everything diffClaims compares, as one string.
func (c *Claim) qualifiers() string {
	return strings.Join([]string{c.graph.ObjectText(), c.From, c.To, c.At, c.Share, c.Rank, c.Reason, strings.Join(c.Sources, ","), c.Note}, "\x00")
}

// groupClaims groups a side's claims by key, leaving out those that
// involve an entity unreadable on one side: their absence on that side
// is not a removal.
func groupClaims(s *Snapshot, unreadable map[string]bool) map[key][]*Claim {
	out := map[key][]*Claim{}
	for _, c := range s.Result.Graph.Claims {
		if unreadable[c.Subject.ID()] || c.Object != nil && unreadable[c.Object.ID()] || unreadable[c.Stmt.Subject.ID.Value] {
			continue
		}
		out[claimKey(c)] = append(out[claimKey(c)], newClaim(c))
	}
	return out
}

func newClaim(c *graph.Claim) *Claim {
	st := c.Stmt
	pos := st.Pos()
	cl := &Claim{
		File: pos.File, Line: pos.Line, Column: pos.Col,
		From: st.From.String(), To: st.To.String(), At: st.At().String(),
		Rank: st.Rank.String(), Reason: st.Reason().Value, Note: st.Note().Value,
		Sources: []string{}, graph: c,
	}
	o := st.Object.Value
	if st.Value != nil {
		o = strconv.Quote(st.Value.Value)
	}
	cl.Written = st.Subject.ID.Value + " " + st.Predicate.Value + " " + o
	if c.Share != nil {
		cl.Share = strconv.FormatFloat(c.Share.Percent, 'f', -1, 64)
	}
	for _, src := range st.Sources {
		cl.Sources = append(cl.Sources, src.Value)
	}
	slices.Sort(cl.Sources)
	cl.Sources = slices.Compact(cl.Sources)
	return cl
}

func statement(st Status, b, h *Claim) *Statement {
	c := h
	if c == nil {
		c = b
	}
	s := &Statement{Status: st, Subject: c.graph.Subject.ID(), Predicate: c.graph.Predicate.Name, Base: b, Head: h, Changes: []Field{}}
	if c.graph.Object != nil {
		s.Object = c.graph.Object.ID()
	} else {
		s.Value = c.graph.Value.Value
	}
	if st == Changed {
		s.Changes = diffClaims(b, h)
	}
	return s
}

// diffClaims lists the qualifiers that differ; the object or value too,
// for a replaced value of a one-value predicate.
func diffClaims(b, h *Claim) []Field {
	var out []Field
	add := func(name, x, y string) {
		if x != y {
			out = append(out, Field{Field: name, Base: x, Head: y})
		}
	}
	bo, ho := b.graph.ObjectText(), h.graph.ObjectText()
	if b.graph.Object == nil {
		add("value", bo, ho)
	} else {
		add("object", bo, ho)
	}
	add("from", b.From, h.From)
	add("to", b.To, h.To)
	add("at", b.At, h.At)
	add("share", b.Share, h.Share)
	add("rank", b.Rank, h.Rank)
	add("reason", b.Reason, h.Reason)
	add("sources", strings.Join(b.Sources, ", "), strings.Join(h.Sources, ", "))
	add("note", b.Note, h.Note)
	return out
}

// similarity counts the qualifier groups two claims share; dates weigh
// most, because a change of dates is the commonest edit.
func similarity(b, h *Claim) int {
	n := 0
	if b.From == h.From && b.To == h.To && b.At == h.At {
		n += 4
	}
	for _, same := range []bool{b.Rank == h.Rank, b.Share == h.Share, slices.Equal(b.Sources, h.Sources), b.Reason == h.Reason, b.Note == h.Note} {
		if same {
			n++
		}
	}
	return n
}

// Findings sorts the head's findings into those the change introduced and
// those that were already there, and lists the base's findings that the
// change fixed.
type Findings struct {
	New      finding.List
	Existing finding.List
	Fixed    finding.List
}

// compareFindings matches findings by a position-independent key: the
// rule, the message and the related messages, plus the file for rules of
// the load and resolve stages (whose messages do not name the entity).
// Line and column never count, so editing elsewhere in a file does not
// make its findings new. Matching is by count: a second identical finding
// is new. New findings in the files the change touched come first: that
// is where the reviewer looks, and where an annotation belongs.
func compareFindings(base, head finding.List, changed map[string]bool) Findings {
	pool := map[string]int{}
	for _, f := range base {
		pool[findingKey(f)]++
	}
	var out Findings
	for _, f := range head {
		k := findingKey(f)
		if pool[k] > 0 {
			pool[k]--
			out.Existing = append(out.Existing, f)
		} else {
			out.New = append(out.New, f)
		}
	}
	slices.SortStableFunc(out.New, func(a, b finding.Finding) int { return compareBool(!changed[a.File], !changed[b.File]) })
	rest := map[string]int{}
	for _, f := range head {
		rest[findingKey(f)]++
	}
	for _, f := range base {
		k := findingKey(f)
		if rest[k] > 0 {
			rest[k]--
		} else {
			out.Fixed = append(out.Fixed, f)
		}
	}
	return out
}

// FindingKey is the identity of a finding across two versions of the
// facts.
func findingKey(f finding.Finding) string {
	parts := []string{f.Rule, f.Severity.String(), f.Message}
	if r := check.Rules.Lookup(f.Rule); r == nil || r.Stage != finding.StageGraph {
		parts = append(parts, f.File)
	}
	var rel []string
	for _, r := range f.Related {
		rel = append(rel, r.Message)
	}
	slices.Sort(rel)
	return strings.Join(append(parts, rel...), "\x00")
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
