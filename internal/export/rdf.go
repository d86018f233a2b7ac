package export

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/vocab"
)

// Output file names of RDF.
const (
	NTriplesFile = "graph.nt"
	TurtleFile   = "graph.ttl"
)

// namespace is a well-known vocabulary with the prefix Turtle uses for
// it. Only these get prefixes, so the @prefix lines never depend on the
// input.
type namespace struct{ prefix, iri string }

var (
	nsOWL      = namespace{"owl", "http://www.w3.org/2002/07/owl#"}
	nsPROV     = namespace{"prov", "http://www.w3.org/ns/prov#"}
	nsRDF      = namespace{"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
	nsRDFS     = namespace{"rdfs", "http://www.w3.org/2000/01/rdf-schema#"}
	nsSchema   = namespace{"schema", "https://schema.org/"}
	nsSKOS     = namespace{"skos", "http://www.w3.org/2004/02/skos/core#"}
	nsWikibase = namespace{"wikibase", "http://wikiba.se/ontology#"}
	nsXSD      = namespace{"xsd", "http://www.w3.org/2001/XMLSchema#"}

	namespaces = []namespace{nsOWL, nsPROV, nsRDF, nsRDFS, nsSchema, nsSKOS, nsWikibase, nsXSD}
)

// term is an RDF term in N-Triples form, with its shorter Turtle form
// when it has one. Terms are only made by the constructors below, which
// take IRIs that validate has checked and escape every literal.
type term struct{ nt, ttl string }

func (t term) turtle() string {
	if t.ttl != "" {
		return t.ttl
	}
	return t.nt
}

// iri is an IRI written in full, as every IRI under the base is.
func iri(s string) term { return term{nt: "<" + s + ">"} }

// known is a term of a well-known vocabulary; local is a constant of this
// package.
func known(ns namespace, local string) term {
	return term{nt: "<" + ns.iri + local + ">", ttl: ns.prefix + ":" + local}
}

func plain(s string) term { return term{nt: quote(s)} }

func typed(s, xsdType string) term {
	q := quote(s)
	return term{nt: q + "^^<" + nsXSD.iri + xsdType + ">", ttl: q + "^^xsd:" + xsdType}
}

// quote writes s as a STRING_LITERAL_QUOTE in canonical RDF 1.2
// N-Triples form, which is also valid Turtle: ECHAR for " \ LF CR TAB BS
// FF, UCHAR for the other C0 controls and DEL, everything else as UTF-8.
// s is valid UTF-8 (validate).
func quote(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '"' || r == '\\' }) {
		return `"` + s + `"`
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

var (
	rdfType = known(nsRDF, "type")
	label   = known(nsRDFS, "label")
	comment = known(nsRDFS, "comment")
	xsdTrue = typed("true", "boolean")
)

type triple struct{ s, p, o term }

// RDF returns graph.nt and graph.ttl.
func RDF(g *graph.Graph) ([]File, error) {
	var names []string
	var bufs []*bytes.Buffer
	err := WriteRDF(g, func(name string) (io.WriteCloser, error) {
		names = append(names, name)
		bufs = append(bufs, new(bytes.Buffer))
		return nopCloser{bufs[len(bufs)-1]}, nil
	})
	if err != nil {
		return nil, err
	}
	files := make([]File, len(names))
	for i := range names {
		files[i] = File{Path: names[i], Data: bufs[i].Bytes()}
	}
	return files, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// WriteRDF writes graph.nt and then graph.ttl, as RDF returns them, each
// to the writer create gives for its name, which it closes; it holds the
// graph's triples but neither file whole.
func WriteRDF(g *graph.Graph, create func(name string) (io.WriteCloser, error)) error {
	ts, err := triples(g)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name  string
		write func(*bufio.Writer, []triple)
	}{{NTriplesFile, ntriples}, {TurtleFile, turtle}} {
		w, err := create(f.name)
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(w, 256<<10)
		f.write(bw, ts)
		err = bw.Flush()
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// triples returns the graph's triples, sorted by their N-Triples form and
// without duplicates.
func triples(g *graph.Graph) ([]triple, error) {
	cs, err := claims(g)
	if err != nil {
		return nil, err
	}
	b := &builder{base: g.Vocab.Base, ts: make([]triple, 0, 64+16*len(cs)),
		entities: make(map[string]term, len(g.Entities)), vocab: map[string]term{}}
	b.vocabulary(g.Vocab)
	for _, e := range g.Entities {
		b.entity(e)
	}
	for _, c := range cs {
		b.claim(c)
	}
	// Sorting by (s, p, o) is sorting the N-Triples lines bytewise: an IRI
	// ends at its first '>', so no subject or predicate is a prefix of
	// another, and a literal object sorts before the same literal with a
	// datatype in both orders.
	slices.SortFunc(b.ts, func(x, y triple) int {
		return cmp.Or(strings.Compare(x.s.nt, y.s.nt), strings.Compare(x.p.nt, y.p.nt), strings.Compare(x.o.nt, y.o.nt))
	})
	// An RDF graph is a set; writing a triple twice would make parsers
	// that count statements (rapper) disagree with those that count
	// triples (rdflib).
	return slices.CompactFunc(b.ts, func(x, y triple) bool { return x.s.nt == y.s.nt && x.p.nt == y.p.nt && x.o.nt == y.o.nt }), nil
}

type builder struct {
	base string
	ts   []triple
	// Terms used by many triples, made once: building an IRI is a string
	// concatenation, and a graph has several triples per entity and per
	// claim.
	entities map[string]term
	vocab    map[string]term
}

func (b *builder) add(s, p, o term) { b.ts = append(b.ts, triple{s, p, o}) }

func (b *builder) text(s, p term, text string) {
	if text != "" {
		b.add(s, p, plain(text))
	}
}

func (b *builder) entityIRI(id string) term {
	t, ok := b.entities[id]
	if !ok {
		t = iri(b.base + "id/" + id)
		b.entities[id] = t
	}
	return t
}

// cached returns the IRI base + path, made once per build.
func (b *builder) cached(path string) term {
	t, ok := b.vocab[path]
	if !ok {
		t = iri(b.base + path)
		b.vocab[path] = t
	}
	return t
}

func (b *builder) statementIRI(id string) term     { return iri(b.base + "statement/" + id) }
func (b *builder) vocabIRI(name string) term       { return b.cached("vocab/" + name) }
func (b *builder) claimProp(name string) term      { return b.cached("vocab/p/" + name) }
func (b *builder) valueProp(name string) term      { return b.cached("vocab/ps/" + name) }
func (b *builder) qualifier(name string) term      { return b.cached("vocab/pq/" + name) }
func (b *builder) dateTerm(d date.Date) term       { return typed(d.String(), precisionType[d.Prec]) }
func (b *builder) typeIRI(t *vocab.Type) term      { return b.vocabIRI(t.Name) }
func (b *builder) entityTerm(e *graph.Entity) term { return b.entityIRI(e.ID()) }

// precisionType types a date by its precision.
var precisionType = map[date.Precision]string{date.Year: "gYear", date.Month: "gYearMonth", date.Day: "date"}

// numberTerm types a number by its lexical form, which validate has
// checked against the plain decimal notation.
func numberTerm(v string) term {
	switch {
	case strings.ContainsAny(v, "eE"):
		return typed(v, "double")
	case strings.Contains(v, "."):
		return typed(v, "decimal")
	}
	return typed(v, "integer")
}

func (b *builder) valueTerm(datatype, v string) term {
	switch datatype {
	case vocab.Date:
		d, _ := date.Parse(v) // validated
		return b.dateTerm(d)
	case vocab.Number:
		return numberTerm(v)
	case vocab.URL:
		return iri(v)
	}
	return plain(v)
}

var rankTerm = map[fact.Rank]term{
	fact.Preferred:  known(nsWikibase, "PreferredRank"),
	fact.Normal:     known(nsWikibase, "NormalRank"),
	fact.Deprecated: known(nsWikibase, "DeprecatedRank"),
}

// wikidataDirect matches the IRI of a Wikidata direct property (wdt:P127),
// whose statement forms p:P127 and ps:P127 our p: and ps: correspond to.
var wikidataDirect = regexp.MustCompile(`^http://www\.wikidata\.org/prop/direct/(P[1-9][0-9]*)$`)

// xsdRange lists the datatypes a literal predicate's values take.
var xsdRange = map[string][]string{
	vocab.Date:   {"gYear", "gYearMonth", "date"},
	vocab.String: {"string"},
	vocab.Number: {"integer", "decimal", "double"},
}

// qualifiers declares the statement-node properties under <base>vocab/pq/.
var qualifiers = []struct {
	name, label, comment string
	object               bool     // takes IRIs
	ranges               []string // xsd datatypes
}{
	{"from", "from", "First granule in which the statement holds, as written, typed by precision.", false, xsdRange[vocab.Date]},
	{"to", "to", "Granule in which the statement stopped holding, as written, typed by precision.", false, xsdRange[vocab.Date]},
	{"at", "at", "The one granule at which the statement holds, as written, typed by precision.", false, xsdRange[vocab.Date]},
	{"share", "share", "Percentage stake, as written.", false, []string{"decimal", "double"}},
	{"reason", "reason", "Why the statement has its rank.", false, []string{"string"}},
	{"earliestStart", "earliest start", "Earliest possible first day on which the statement holds; absent when unknown.", false, []string{"date"}},
	{"latestStart", "latest start", "Latest possible first day on which the statement holds; absent for an undated statement, which is about the present.", false, []string{"date"}},
	{"earliestEnd", "earliest end", "Earliest possible first day on which the statement no longer holds; absent while it has not ended.", false, []string{"date"}},
	{"latestEnd", "latest end", "Latest possible first day on which the statement no longer holds; absent while it has not ended.", false, []string{"date"}},
	{"timeless", "timeless", "True when the statement's truth does not depend on time (an undated founder), so it held at every date.", false, []string{"boolean"}},
	{"writtenSubject", "written subject", "The entity whose fact file holds the statement.", true, nil},
	{"writtenPredicate", "written predicate", "The predicate or inverse name the fact file uses for the statement.", true, nil},
}

// vocabulary declares the types, the predicates in their three forms,
// the inverse names and the qualifiers.
func (b *builder) vocabulary(v *vocab.Vocab) {
	class := known(nsOWL, "Class")
	objectProp, dataProp := known(nsOWL, "ObjectProperty"), known(nsOWL, "DatatypeProperty")
	domainIncludes, rangeIncludes := known(nsSchema, "domainIncludes"), known(nsSchema, "rangeIncludes")
	equivalentProp := known(nsOWL, "equivalentProperty")
	for _, t := range v.Types {
		T := b.typeIRI(t)
		b.add(T, rdfType, class)
		b.text(T, label, t.Label)
		b.text(T, comment, t.Description)
		if t.Parent != nil {
			b.add(T, known(nsRDFS, "subClassOf"), b.typeIRI(t.Parent))
		}
		for _, d := range t.DisjointWith {
			b.add(T, known(nsOWL, "disjointWith"), b.typeIRI(d))
		}
		if t.IRI != "" {
			b.add(T, known(nsOWL, "equivalentClass"), iri(t.IRI))
		}
	}
	for _, p := range v.Predicates {
		P, Pp, Ps := b.vocabIRI(p.Name), b.claimProp(p.Name), b.valueProp(p.Name)
		kind := dataProp
		if p.EntityValued() || p.Datatype == vocab.URL {
			kind = objectProp
		}
		// P links entity to entity or value, Pp entity to statement node,
		// Ps statement node to entity or value.
		b.add(P, rdfType, kind)
		b.add(Pp, rdfType, objectProp)
		b.add(Ps, rdfType, kind)
		for _, d := range p.Domain {
			b.add(P, domainIncludes, b.typeIRI(d))
			b.add(Pp, domainIncludes, b.typeIRI(d))
		}
		b.add(Pp, rangeIncludes, known(nsWikibase, "Statement"))
		b.add(Ps, domainIncludes, known(nsWikibase, "Statement"))
		for _, x := range []term{P, Ps} {
			for _, r := range p.Range {
				b.add(x, rangeIncludes, b.typeIRI(r))
			}
			for _, r := range xsdRange[p.Datatype] {
				b.add(x, rangeIncludes, known(nsXSD, r))
			}
		}
		b.text(P, label, p.Label)
		b.text(P, comment, p.Description)
		for _, c := range []struct {
			class string
			has   bool
		}{{"SymmetricProperty", p.Symmetric}, {"AsymmetricProperty", p.Asymmetric}, {"IrreflexiveProperty", p.Irreflexive}} {
			if c.has {
				b.add(P, rdfType, known(nsOWL, c.class))
			}
		}
		b.add(P, known(nsWikibase, "claim"), Pp)
		b.add(P, known(nsWikibase, "statementProperty"), Ps)
		b.add(P, known(nsWikibase, "directClaim"), P)
		if p.IRI != "" {
			b.add(P, equivalentProp, iri(p.IRI))
			if m := wikidataDirect.FindStringSubmatch(p.IRI); m != nil {
				b.add(Pp, equivalentProp, iri("http://www.wikidata.org/prop/"+m[1]))
				b.add(Ps, equivalentProp, iri("http://www.wikidata.org/prop/statement/"+m[1]))
			}
		}
		if p.Inverse != "" {
			I := b.vocabIRI(p.Inverse)
			b.add(I, rdfType, objectProp)
			b.text(I, label, p.InverseLabel)
			b.add(I, known(nsOWL, "inverseOf"), P)
		}
	}
	for _, q := range qualifiers {
		Q := b.qualifier(q.name)
		if q.object {
			b.add(Q, rdfType, objectProp)
		} else {
			b.add(Q, rdfType, dataProp)
		}
		b.add(Q, domainIncludes, known(nsWikibase, "Statement"))
		b.text(Q, label, q.label)
		b.text(Q, comment, q.comment)
		for _, r := range q.ranges {
			b.add(Q, rangeIncludes, known(nsXSD, r))
		}
	}
}

func (b *builder) entity(e *graph.Entity) {
	E := b.entityTerm(e)
	b.add(E, rdfType, b.typeIRI(e.Type))
	b.text(E, label, e.Label.Value)
	for _, a := range e.Aliases {
		b.text(E, known(nsSKOS, "altLabel"), a.Value)
	}
	b.text(E, known(nsSchema, "description"), e.Description.Value)
	if e.URL.Value != "" {
		b.add(E, known(nsSchema, "url"), iri(e.URL.Value))
	}
	b.text(E, known(nsSchema, "publisher"), e.Publisher.Value)
	if !e.Published.IsZero() {
		b.add(E, known(nsSchema, "datePublished"), b.dateTerm(e.Published.Date))
	}
}

func (b *builder) claim(c claim) {
	S, st := b.entityTerm(c.Subject), b.statementIRI(c.ID)
	var O term
	if c.Object != nil {
		O = b.entityTerm(c.Object)
	} else {
		O = b.valueTerm(c.Predicate.Datatype, c.Value.Value)
	}
	name := c.Predicate.Name
	if c.Current {
		P := b.vocabIRI(name)
		b.add(S, P, O)
		if c.Predicate.Symmetric && c.Object != nil {
			// Both directions, so that a query need not know which
			// entity normalisation put first.
			b.add(O, P, S)
		}
	}
	b.add(S, b.claimProp(name), st)
	b.add(st, rdfType, known(nsWikibase, "Statement"))
	b.add(st, b.valueProp(name), O)
	b.add(st, known(nsWikibase, "rank"), rankTerm[c.Rank])
	iv := c.Interval
	for _, d := range []struct {
		name string
		date date.Date
	}{{"from", iv.From}, {"to", iv.To}, {"at", iv.At}} {
		if !d.date.IsZero() {
			b.add(st, b.qualifier(d.name), b.dateTerm(d.date))
		}
	}
	if c.Share != nil {
		share := typed(c.Share.Value, "decimal")
		if strings.ContainsAny(c.Share.Value, "eE") {
			share = typed(c.Share.Value, "double")
		}
		b.add(st, b.qualifier("share"), share)
	}
	b.text(st, b.qualifier("reason"), c.Stmt.Reason().Value)
	b.text(st, comment, c.Stmt.Note().Value)
	for _, src := range c.Sources {
		b.add(st, known(nsPROV, "wasDerivedFrom"), b.entityTerm(src))
	}
	for _, d := range []struct{ name, day string }{
		{"earliestStart", c.Bounds.EarliestStart}, {"latestStart", c.Bounds.LatestStart},
		{"earliestEnd", c.Bounds.EarliestEnd}, {"latestEnd", c.Bounds.LatestEnd},
	} {
		if d.day != "" {
			b.add(st, b.qualifier(d.name), typed(d.day, "date"))
		}
	}
	if c.Timeless() {
		b.add(st, b.qualifier("timeless"), xsdTrue)
	}
	b.add(st, b.qualifier("writtenSubject"), b.entityIRI(writtenSubject(c.Claim)))
	b.add(st, b.qualifier("writtenPredicate"), b.vocabIRI(c.Stmt.Predicate.Value))
}

// ntriples writes one triple per line. A write error stays in w, for its
// Flush to return.
func ntriples(w *bufio.Writer, ts []triple) {
	for _, t := range ts {
		w.WriteString(t.s.nt)
		w.WriteByte(' ')
		w.WriteString(t.p.nt)
		w.WriteByte(' ')
		w.WriteString(t.o.nt)
		w.WriteString(" .\n")
	}
}

// turtle writes the same triples grouped by subject, then by predicate,
// one object per line so that a change shows as a one-line diff.
func turtle(b *bufio.Writer, ts []triple) {
	for _, ns := range namespaces {
		fmt.Fprintf(b, "@prefix %s: <%s> .\n", ns.prefix, ns.iri)
	}
	for i := 0; i < len(ts); {
		s := ts[i].s
		b.WriteString("\n")
		b.WriteString(s.turtle())
		b.WriteString("\n")
		for i < len(ts) && ts[i].s.nt == s.nt {
			p := ts[i].p
			b.WriteString("    ")
			if p.nt == rdfType.nt {
				b.WriteString("a")
			} else {
				b.WriteString(p.turtle())
			}
			for first := true; i < len(ts) && ts[i].s.nt == s.nt && ts[i].p.nt == p.nt; i++ {
				if !first {
					b.WriteString(" ,\n       ")
				}
				b.WriteString(" ")
				b.WriteString(ts[i].o.turtle())
				first = false
			}
			if i < len(ts) && ts[i].s.nt == s.nt {
				b.WriteString(" ;\n")
			} else {
				b.WriteString(" .\n")
			}
		}
	}
}
