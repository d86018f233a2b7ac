package graph

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/schema"
	"github.com/factgraph/factgraph/internal/vocab"
)

// Rule names reported while resolving.
const (
	RuleDuplicateID      = "duplicate-id"
	RuleFileName         = "file-name"
	RuleUnknownType      = "unknown-type"
	RuleUnknownPredicate = "unknown-predicate"
	RuleUnknownEntity    = "unknown-entity"
	RuleDomain           = "domain"
	RuleRange            = "range"
	RuleQualifier        = "qualifier"
	RuleDeprecatedReason = "deprecated-reason"
	RuleMissingSource    = "missing-source"
)

// Rules lists the rules Build reports.
var Rules = []string{RuleDuplicateID, RuleFileName, RuleUnknownType, RuleUnknownPredicate, RuleUnknownEntity,
	RuleDomain, RuleRange, RuleQualifier, RuleDeprecatedReason, RuleMissingSource}

// Build resolves set against v. Entities with a duplicate id or an
// unknown type, and statements with any resolution error, are left out of
// the graph; everything left out is reported.
func Build(v *vocab.Vocab, set *fact.Set) (*Graph, finding.List) {
	r := resolver{v: v, g: &Graph{Vocab: v, byID: map[string]*Entity{}}, known: map[string]bool{}}
	for id := range set.Broken {
		r.known[id] = true
	}
	r.entities(set.Entities)
	for _, e := range r.g.Entities {
		for _, s := range e.Statements {
			if c := r.statement(e, s); c != nil {
				r.g.Claims = append(r.g.Claims, c)
			}
		}
	}
	r.g.index()
	return r.g, r.fs
}

type resolver struct {
	v     *vocab.Vocab
	g     *Graph
	known map[string]bool // every id that exists, in the graph or not
	fs    finding.List
	// names maps slugs of labels and aliases to ids, for did-you-mean.
	names []nameHint
}

type nameHint struct{ slug, id string }

func (r *resolver) report(pos finding.Pos, rule string, sev finding.Severity, format string, args ...any) {
	r.fs.Report(pos, rule, sev, format, args...)
}

func (r *resolver) entities(all []*fact.Entity) {
	first := map[string]*fact.Entity{}
	for _, fe := range all { // in path order, so "first" is stable
		id := fe.ID.Value
		r.known[id] = true
		if prev, dup := first[id]; dup {
			r.fs.Add(finding.Finding{
				Pos: fe.ID.Pos, Rule: RuleDuplicateID, Severity: finding.Error,
				Message: fmt.Sprintf("id %q is already used by %s", id, prev.File),
				Related: []finding.Related{{Pos: prev.ID.Pos, Message: "first used here"}},
			})
			continue
		}
		first[id] = fe
		if want := fileID(fe.File); want != id {
			r.report(fe.ID.Pos, RuleFileName, finding.Error, "id %q does not match the file name; rename the file to %s.yaml or the id to %q", id, id, want)
		}
		t := r.v.Type(fe.Type.Value)
		if t == nil {
			r.report(fe.Type.Pos, RuleUnknownType, finding.Error, "unknown type %q%s", fe.Type.Value, schema.Suggest(fe.Type.Value, r.v.TypeNames()))
			continue
		}
		e := &Entity{Entity: fe, Type: t}
		r.g.Entities = append(r.g.Entities, e)
		r.g.byID[id] = e
		r.names = append(r.names, nameHint{slug(fe.Label.Value), id})
		for _, a := range fe.Aliases {
			r.names = append(r.names, nameHint{slug(a.Value), id})
		}
	}
	slices.SortFunc(r.g.Entities, func(a, b *Entity) int { return strings.Compare(a.ID(), b.ID()) })
}

// statement resolves one statement into a claim, or reports why it cannot.
func (r *resolver) statement(e *Entity, s *fact.Statement) *Claim {
	ok := true
	p, inverse := r.v.Resolve(s.Predicate.Value)
	if p == nil {
		r.report(s.Predicate.Pos, RuleUnknownPredicate, finding.Error, "unknown predicate %q%s",
			s.Predicate.Value, schema.Suggest(s.Predicate.Value, r.v.Names()))
		ok = false
	}
	if s.Rank == fact.Deprecated && s.Reason.Value == "" {
		r.report(s.RankPos, RuleDeprecatedReason, finding.Error, "a deprecated statement needs a \"reason\" saying why it is kept but not believed")
	}
	if len(s.Sources) == 0 {
		r.report(s.Pos, RuleMissingSource, finding.Warning, "statement %q cites no sources; add \"sources\" with the Source entities it comes from", s.Predicate.Value)
	}
	var sources []*Entity
	for _, src := range s.Sources {
		se, exists := r.entity(src)
		switch {
		case !exists:
			ok = false
		case se != nil && !se.Type.IsA(r.v.Type("Source")):
			r.report(src.Pos, RuleRange, finding.Error, "sources must be Source entities; %s is not", describe(se))
			ok = false
		case se != nil:
			sources = append(sources, se)
		}
	}
	if p == nil {
		return nil
	}
	c := &Claim{Subject: e, Predicate: p, Rank: s.Rank, Share: s.Share, Sources: sources, Stmt: s, Reversed: inverse}
	c.Interval = NewInterval(s.From.Date, s.To.Date, s.At.Date)
	if s.Share != nil && !p.Share {
		r.report(s.Share.Pos, RuleQualifier, finding.Error, "%q does not take a share; only predicates declared with qualifiers: [share] do", s.Predicate.Value)
		ok = false
	}

	// Domain and range are checked in the direction the statement was
	// written, so the message uses the author's words.
	domain, rng := p.Domain, p.Range
	if inverse {
		domain, rng = p.Range, p.Domain
	}
	if len(domain) > 0 && !e.Type.IsAny(domain) {
		r.report(s.Predicate.Pos, RuleDomain, finding.Error, "%q applies to %s, not to %s", s.Predicate.Value, typeLabels(domain), describe(e))
		ok = false
	}
	if p.EntityValued() {
		if s.Value != nil {
			r.report(s.Value.Pos, RuleRange, finding.Error, "%q links to an entity: write its id as \"object\", not \"value\"", s.Predicate.Value)
			return nil
		}
		obj, exists := r.entity(s.Object)
		if !exists || obj == nil {
			return nil
		}
		if len(rng) > 0 && !obj.Type.IsAny(rng) {
			r.report(s.Object.Pos, RuleRange, finding.Error, "%q needs %s as its object, not %s", s.Predicate.Value, typeLabels(rng), describe(obj))
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
			r.report(s.Object.Pos, RuleRange, finding.Error, "%q takes a %s literal: write it as \"value\", not \"object\"", s.Predicate.Value, p.Datatype)
			return nil
		}
		if msg := checkLiteral(p.Datatype, s.Value); msg != "" {
			r.report(s.Value.Pos, RuleRange, finding.Error, "%q takes a %s: %s", s.Predicate.Value, p.Datatype, msg)
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
func (r *resolver) entity(ref fact.Text) (e *Entity, exists bool) {
	if e := r.g.byID[ref.Value]; e != nil {
		return e, true
	}
	if r.known[ref.Value] {
		return nil, true
	}
	r.report(ref.Pos, RuleUnknownEntity, finding.Error, "no entity has id %q%s", ref.Value, r.didYouMean(ref.Value))
	return nil, false
}

// didYouMean suggests the entity a dangling reference most likely meant,
// matching the reference against ids and against the slugs of labels and
// aliases ("sesame-credit" finds zhima-credit through its alias).
func (r *resolver) didYouMean(ref string) string {
	for _, n := range r.names {
		if n.slug == ref {
			return fmt.Sprintf("; did you mean %q (%q)?", n.id, r.g.byID[n.id].Label.Value)
		}
	}
	ids := make([]string, 0, len(r.g.Entities))
	for _, e := range r.g.Entities {
		ids = append(ids, e.ID())
	}
	if best := schema.Nearest(ref, ids); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	slugs := make([]string, len(r.names))
	for i, n := range r.names {
		slugs[i] = n.slug
	}
	if best := schema.Nearest(ref, slugs); best != "" {
		id := r.names[slices.Index(slugs, best)].id
		return fmt.Sprintf("; did you mean %q (%q)?", id, r.g.byID[id].Label.Value)
	}
	for _, id := range ids { // "alibaba" for "alibaba-group"
		if strings.HasPrefix(id, ref+"-") {
			return fmt.Sprintf("; did you mean %q?", id)
		}
	}
	return ""
}

// slug turns a label into the shape of an id: "Yu'e Bao" -> "yu-e-bao".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
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
		if _, err := date.Parse(v.Value); err != nil {
			return err.Error()
		}
	case vocab.Number:
		if !v.Number {
			return fmt.Sprintf("%q is not a number; write numbers without quotes", v.Value)
		}
	case vocab.URL:
		if msg := CheckURL(v.Value); msg != "" {
			return msg
		}
	}
	return ""
}

// CheckURL accepts absolute https URLs only, with a host and no character
// that N-Triples forbids in an IRI. It rejects rather than repairs.
func CheckURL(s string) string {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return fmt.Sprintf("%q is not a URL", s)
	case u.Scheme != "https" || u.Host == "" || u.User != nil:
		return fmt.Sprintf("%q is not an absolute https:// URL", s)
	case strings.ContainsAny(s, "<>\"{}|^`\\ ") || strings.ContainsFunc(s, func(r rune) bool { return r <= 0x20 || r == 0x7f }):
		return fmt.Sprintf("%q has characters a URL must percent-encode", s)
	}
	return ""
}
