// Package graph resolves loaded fact files against the vocabulary and
// normalises them into one graph of claims. Resolution is where the
// vocabulary and reference rules are checked (unknown types, predicates
// and entities, domain and range); only statements that pass become
// claims. Normalisation writes every claim in one direction (ant-group
// owns alipay becomes alipay ownedBy ant-group, a symmetric claim runs
// from the smaller id), so that the contradiction checks, show and the
// exporters see the same claim however and wherever it was written.
package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/vocab"
)

// Entity is an entity whose type resolved.
type Entity struct {
	*fact.Entity
	Type *vocab.Type
	// Out and In are the claims with the entity as subject and as object,
	// in claim order.
	Out, In []*Claim
}

// ID returns the entity's id.
func (e *Entity) ID() string { return e.Entity.ID.Value }

// Claim is a statement after resolution and normalisation.
type Claim struct {
	Subject   *Entity
	Predicate *vocab.Predicate
	Object    *Entity       // nil for literal claims
	Value     *fact.Literal // nil for entity claims
	Interval  Interval
	Rank      fact.Rank
	Share     *fact.Share
	Sources   []*Entity
	Stmt      *fact.Statement
	// Reversed is true when the statement was written from the object's
	// side: with the inverse name, or as the mirror of a symmetric claim.
	Reversed bool
}

// Object or value, as text: the object's id or the literal's source text.
func (c *Claim) ObjectText() string {
	if c.Object != nil {
		return c.Object.ID()
	}
	return c.Value.Value
}

// Triple writes the normalised claim as "subject predicate object", with
// a literal value quoted: alipay founded "2004".
func (c *Claim) Triple() string {
	if c.Value != nil {
		return c.Subject.ID() + " " + c.Predicate.Name + " " + strconv.Quote(c.Value.Value)
	}
	return c.Subject.ID() + " " + c.Predicate.Name + " " + c.Object.ID()
}

// SourceIDs lists the ids of the claim's sources.
func (c *Claim) SourceIDs() []string {
	ids := make([]string, len(c.Sources))
	for i, s := range c.Sources {
		ids[i] = s.ID()
	}
	return ids
}

// Timeless reports whether the claim's truth does not depend on time: an
// undated claim of a predicate that takes one value whatever the dates
// (founded 2004), or one that describes the subject's start (founder).
func (c *Claim) Timeless() bool {
	return c.Interval.Undated() && (c.Predicate.Cardinality == vocab.One || c.Predicate.HoldsAt != "")
}

// HeldDuring reports whether the claim held on some day of d in every
// reading of its dates; timeless claims always do.
func (c *Claim) HeldDuring(d date.Date) bool {
	return c.Timeless() || c.Interval.HeldDuring(d)
}

// Compare orders claims by subject, predicate, object, dates, rank, the
// direction they were written in (the predicate's own direction first),
// sources and share, and only then by position, so that which of two
// statements of one claim comes first does not depend on file names.
func Compare(a, b *Claim) int {
	return cmp.Or(
		strings.Compare(a.Subject.ID(), b.Subject.ID()),
		strings.Compare(a.Predicate.Name, b.Predicate.Name),
		strings.Compare(a.ObjectText(), b.ObjectText()),
		cmp.Compare(a.Interval.MinS, b.Interval.MinS),
		cmp.Compare(a.Interval.MaxS, b.Interval.MaxS),
		cmp.Compare(a.Interval.MinE, b.Interval.MinE),
		cmp.Compare(a.Interval.MaxE, b.Interval.MaxE),
		cmp.Compare(b.Rank, a.Rank),
		compareBool(a.Reversed, b.Reversed),
		slices.Compare(a.SourceIDs(), b.SourceIDs()),
		cmp.Compare(sharePercent(a), sharePercent(b)),
		strings.Compare(a.Stmt.Subject.File, b.Stmt.Subject.File),
		cmp.Compare(a.Stmt.Loc.Line, b.Stmt.Loc.Line),
		cmp.Compare(a.Stmt.Loc.Col, b.Stmt.Loc.Col),
	)
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

func sharePercent(c *Claim) float64 {
	if c.Share == nil {
		return -1
	}
	return c.Share.Percent
}

// Graph is the resolved, normalised fact graph.
type Graph struct {
	Vocab    *vocab.Vocab
	Entities []*Entity // sorted by id
	Claims   []*Claim  // sorted by Compare
	byID     map[string]*Entity

	namesOnce sync.Once
	names     *nameIndex
}

// Entity returns the entity with the given id, or nil.
func (g *Graph) Entity(id string) *Entity { return g.byID[id] }

// Values returns the claims with subject s and predicate p (normalised).
func (e *Entity) Values(p *vocab.Predicate) []*Claim {
	var out []*Claim
	for _, c := range e.Out {
		if c.Predicate == p {
			out = append(out, c)
		}
	}
	return out
}

// Current reports whether c is part of the graph as it stands now: it
// holds at present, is not deprecated, and no claim for the same subject
// and predicate that holds now has a higher rank (Wikidata's "truthy"
// statements).
func (g *Graph) Current(c *Claim) bool {
	return bestRank(c, func(o *Claim) bool { return o.Interval.HoldsNow() })
}

// CurrentAt is Current as of d: c held during d in every reading of the
// dates (timeless claims always do), is not deprecated, and no claim for
// the same subject and predicate that held then has a higher rank.
func (g *Graph) CurrentAt(c *Claim, d date.Date) bool {
	return bestRank(c, func(o *Claim) bool { return o.HeldDuring(d) })
}

func bestRank(c *Claim, holds func(*Claim) bool) bool {
	if c.Rank == fact.Deprecated || !holds(c) {
		return false
	}
	for _, o := range c.Subject.Out {
		if o.Predicate == c.Predicate && o.Rank > c.Rank && holds(o) {
			return false
		}
	}
	return true
}

// Lifespan is when an entity existed, read from its lifespan claims
// (founded or born, dissolved or died). Start and End are nil when
// unknown: no such claim, or claims that disagree without one preferred.
type Lifespan struct {
	Start, End    *Claim
	Begin, Finish date.Date
}

// Lifespan reads e's lifespan: for each end, the preferred claim if there
// is one, else the finest of the values that agree.
func (e *Entity) Lifespan() Lifespan {
	var l Lifespan
	l.Start, l.Begin = e.lifespanBound(vocab.Start)
	l.End, l.Finish = e.lifespanBound(vocab.End)
	return l
}

func (e *Entity) lifespanBound(role string) (*Claim, date.Date) {
	type value struct {
		c *Claim
		d date.Date
	}
	var values []value
	for _, c := range e.Out {
		if c.Predicate.Lifespan != role || c.Rank == fact.Deprecated || c.Value.Date.IsZero() {
			continue
		}
		values = append(values, value{c, c.Value.Date})
	}
	for _, v := range values {
		if v.c.Rank == fact.Preferred {
			return v.c, v.d
		}
	}
	var best value
	for _, v := range values {
		if best.c != nil && !date.Compatible(v.d, best.d) {
			return nil, date.Date{} // disagreeing values: literal-conflict reports them
		}
		if best.c == nil || v.d.Prec > best.d.Prec {
			best = v
		}
	}
	return best.c, best.d
}

// MayExistDuring reports whether the entity may have existed during d:
// its start is not wholly after d and its end not wholly before.
func (l Lifespan) MayExistDuring(d date.Date) bool {
	return (l.Start == nil || l.Begin.First() < d.End()) && (l.End == nil || l.Finish.End() > d.First())
}

// index sorts the claims and fills the entities' Out and In lists. The
// resolver has put each claim on its writer's Out list; a claim goes to
// its normalised subject's list, and each list is sorted on its own.
// Compare orders by subject first and the entities are sorted by id, so
// the lists laid end to end are the global order: sorting per subject
// gives the same order as one global sort, several times faster on a
// large graph.
func (g *Graph) index() {
	var all []*Claim
	for _, e := range g.Entities {
		all = append(all, e.Out...)
		e.Out = e.Out[:0]
	}
	for _, c := range all {
		c.Subject.Out = append(c.Subject.Out, c)
	}
	g.Claims = make([]*Claim, 0, len(all))
	for _, e := range g.Entities {
		slices.SortFunc(e.Out, Compare)
		g.Claims = append(g.Claims, e.Out...)
	}
	for _, c := range g.Claims {
		if c.Object != nil {
			c.Object.In = append(c.Object.In, c)
		}
	}
}

// describe names an entity for messages: its type label and id.
func describe(e *Entity) string {
	return fmt.Sprintf("%s %q", e.Type.Label, e.ID())
}
