package graph

import (
	"fmt"
	"slices"
	"strings"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/grammar"
	"github.com/factgraph/factgraph/internal/suggest"
	"github.com/factgraph/factgraph/internal/vocab"
)

// Build resolves set against v. Entities with a duplicate id or without
// a known type, and statements with any resolution error, are left out of
// the graph; everything left out is reported. The statements of an entity
// left out are still resolved, so that their own problems (a dangling
// reference, an unknown predicate) are reported in the same run.
func Build(v *vocab.Vocab, set *fact.Set) (*Graph, finding.List) {
	r := resolver{v: v, g: &Graph{Vocab: v, byID: map[string]*Entity{}}, known: map[string]bool{}}
	for id := range set.Broken {
		r.known[id] = true
	}
	outside := r.entities(set.Entities)
	for _, e := range r.g.Entities {
		for _, s := range e.Statements {
			if c := r.statement(e, s); c != nil {
				e.Out = append(e.Out, c)
			}
		}
	}
	for _, e := range outside {
		for _, s := range e.Statements {
			r.statement(e, s)
		}
	}
	r.g.index()
	return r.g, r.fs
}

// maxDuplicates caps the other files a duplicate-id finding names.
const maxDuplicates = 20

type resolver struct {
	v     *vocab.Vocab
	g     *Graph
	known map[string]bool // every id that exists, in the graph or not
	fs    finding.List
}

// entities adds the entities to the graph, reporting duplicate ids on
// every file that declares them (so that the annotation lands on the file
// a pull request adds, whichever sorts first), ids that differ from the
// file name and unknown types. It returns the entities that stay out of
// the graph but whose statements are still checked (untyped ones).
func (r *resolver) entities(all []*fact.Entity) (outside []*Entity) {
	byID := map[string][]*fact.Entity{}
	for _, fe := range all { // in path order, so "first" is stable
		byID[fe.ID.Value] = append(byID[fe.ID.Value], fe)
		r.known[fe.ID.Value] = true
	}
	for _, fe := range all {
		id := fe.ID.Value
		if same := byID[id]; len(same) > 1 {
			// Each file's finding names the others, at most maxDuplicates
			// of them: ten thousand copies of one id must not give ten
			// thousand findings of ten thousand related locations.
			var related []finding.Related
			var files []string
			for _, o := range same {
				if o == fe {
					continue
				}
				if len(related) == maxDuplicates {
					files = append(files, fmt.Sprintf("%d more files", len(same)-1-maxDuplicates))
					break
				}
				related = append(related, finding.Related{Pos: o.Pos(o.ID.Loc), Message: "also declared here"})
				files = append(files, o.File)
			}
			r.fs.ReportRelated(fe.Pos(fe.ID.Loc), DuplicateID, related, "id %q is also declared by %s; ids are unique, so merge the files or give one another id",
				id, finding.Join(files, "and"))
			if same[0] != fe {
				continue // the first in path order stays in the graph
			}
		}
		if want := fact.FileID(fe.File); want != id {
			r.fs.Report(fe.Pos(fe.ID.Loc), FileName, "id %q does not match the file name; rename the file to %s.yaml or the id to %q", id, id, want)
		}
		t := r.v.Type(fe.Type.Value)
		if t == nil {
			if fe.Type.Value != "" { // a missing or invalid type is the schema's to report
				r.fs.Report(fe.Pos(fe.Type.Loc), UnknownType, "unknown type %q%s", fe.Type.Value, suggest.DidYouMean(fe.Type.Value, r.v.TypeNames()))
			}
			outside = append(outside, &Entity{Entity: fe})
			continue
		}
		e := &Entity{Entity: fe, Type: t}
		r.g.Entities = append(r.g.Entities, e)
		r.g.byID[id] = e
	}
	slices.SortFunc(r.g.Entities, func(a, b *Entity) int { return strings.Compare(a.ID(), b.ID()) })
	return outside
}

// statement resolves one statement into a claim, or reports why it
// cannot. e.Type is nil for an entity outside the graph: its statement is
// checked for everything but its domain, and gives no claim.
func (r *resolver) statement(e *Entity, s *fact.Statement) *Claim {
	ok := e.Type != nil
	p, inverse := r.v.Resolve(s.Predicate.Value)
	if p == nil {
		r.fs.Report(s.PosOf(s.Predicate.Loc), UnknownPredicate, "unknown predicate %q%s",
			s.Predicate.Value, suggest.DidYouMean(s.Predicate.Value, r.v.Names()))
		ok = false
	}
	if s.Rank == fact.Deprecated && s.Reason().Value == "" {
		r.fs.Report(s.PosOf(s.RankLoc()), DeprecatedReason, "a deprecated statement needs a \"reason\" saying why it is kept but not believed")
	}
	if len(s.Sources) == 0 {
		r.fs.Report(s.Pos(), MissingSource, "statement %q cites no sources; add \"sources\" with the Source entities it comes from", s.Predicate.Value)
	}
	var sources []*Entity
	for _, src := range s.Sources {
		se, exists := r.entity(s, src)
		switch {
		case !exists:
			ok = false
		case se != nil && !se.Type.IsA(r.v.Type("Source")):
			r.fs.Report(s.PosOf(src.Loc), Range, "sources must be Source entities; %s is not", describe(se))
			ok = false
		case se != nil:
			sources = append(sources, se)
		}
	}
	if p == nil {
		return nil
	}
	c := &Claim{Subject: e, Predicate: p, Rank: s.Rank, Share: s.Share, Sources: sources, Stmt: s, Reversed: inverse}
	c.Interval = NewInterval(s.From.Date, s.To.Date, s.At().Date)
	if s.Share != nil && !p.Share {
		r.fs.Report(s.PosOf(s.Share.Loc), Qualifier, "%q does not take a share; only predicates declared with qualifiers: [share] do", s.Predicate.Value)
		ok = false
	}

	// Domain and range are checked in the direction the statement was
	// written, so the message uses the author's words.
	domain, rng := p.Domain, p.Range
	if inverse {
		domain, rng = p.Range, p.Domain
	}
	if e.Type != nil && len(domain) > 0 && !e.Type.IsAny(domain) {
		r.fs.Report(s.PosOf(s.Predicate.Loc), Domain, "%q applies to %s, not to %s", s.Predicate.Value, typeLabels(domain), describe(e))
		ok = false
	}
	if p.EntityValued() {
		if s.Value != nil {
			r.fs.Report(s.PosOf(s.Value.Loc), Range, "%q links to an entity: write its id as \"object\", not \"value\"", s.Predicate.Value)
			return nil
		}
		obj, exists := r.entity(s, s.Object)
		if !exists || obj == nil {
			return nil
		}
		if len(rng) > 0 && !obj.Type.IsAny(rng) {
			r.fs.Report(s.PosOf(s.Object.Loc), Range, "%q needs %s as its object, not %s", s.Predicate.Value, typeLabels(rng), describe(obj))
			ok = false
		}
		c.Object = obj
		if inverse {
			c.Subject, c.Object = obj, e
		}
		if p.Symmetric && c.Object.ID() < c.Subject.ID() {
			c.Subject, c.Object, c.Reversed = c.Object, c.Subject, true
		}
	} else {
		if s.Value == nil {
			r.fs.Report(s.PosOf(s.Object.Loc), Range, "%q takes a %s literal: write it as \"value\", not \"object\"", s.Predicate.Value, p.Datatype)
			return nil
		}
		if msg := checkLiteral(p.Datatype, s.Value); msg != "" {
			r.fs.Report(s.PosOf(s.Value.Loc), Range, "%q takes a %s: %s", s.Predicate.Value, p.Datatype, msg)
			ok = false
		}
		c.Value = s.Value
	}
	if !ok {
		return nil
	}
	return c
}

// entity resolves a reference. exists is false (and reported) when no
// entity has the id; e is nil when the entity exists but is not in the
// graph (its own file has errors, already reported).
func (r *resolver) entity(s *fact.Statement, ref fact.Text) (e *Entity, exists bool) {
	if e := r.g.byID[ref.Value]; e != nil {
		return e, true
	}
	if r.known[ref.Value] {
		return nil, true
	}
	r.fs.Report(s.PosOf(ref.Loc), UnknownEntity, "no entity has id %q%s", ref.Value, r.g.DidYouMean(ref.Value))
	return nil, false
}

func typeLabels(ts []*vocab.Type) string {
	labels := make([]string, len(ts))
	for i, t := range ts {
		labels[i] = article(t.Label)
	}
	return finding.Join(labels, "or")
}

func article(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

// checkLiteral checks a literal against a datatype and says what is wrong.
func checkLiteral(datatype string, v *fact.Literal) string {
	switch datatype {
	case vocab.Date:
		if v.Date.IsZero() {
			if _, err := date.Parse(v.Value); err != nil {
				return err.Error()
			}
			return fmt.Sprintf("%q is not a date", v.Value)
		}
	case vocab.Number:
		if !v.Number {
			return fmt.Sprintf("%q is not a number; write numbers without quotes", v.Value)
		}
	case vocab.URL:
		if msg := grammar.CheckURL(v.Value); msg != "" {
			return msg
		}
	}
	return ""
}
