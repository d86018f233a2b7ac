// Package export writes the fact graph in the tabular and RDF formats
// downstream consumers load: entities.csv, statements.csv and
// csv-metadata.json (W3C CSV on the Web), graph.nt and graph.ttl.
// Exporters are pure functions from the graph to file contents, so the
// same facts always give the same bytes; writing them to out/ is the
// publish package's job.
//
// # What both formats share
//
// Every claim of the graph (every statement that resolved, deprecated ones
// included) becomes one row of statements.csv and one statement node in
// the RDF, in graph order. Each has a statement id, for example
// alipay-c9c3f8359f5dd210: the normalised subject's id, a hyphen and 16
// hex digits of the SHA-256 of what the claim says (normalised subject,
// predicate, object or value, from, to, at and share, as written). Rank,
// reason, sources and note are left out of the hash so that re-ranking a
// statement or citing another source keeps its id, as a Wikidata
// statement keeps its GUID; line numbers are never hashed, so adding a
// line above a statement does not renumber anything. Claims that say the
// same thing are told apart by their position among their twins, ordered
// by rank, reason, sources, note, the statement as written and finally
// file position; twins that differ in none of these are interchangeable.
//
// Every claim also gets the day bounds of its interval, derived from its
// from, to and at dates read as granules (from 2004 started on some day of
// 2004). A claim holds on the days [s, e), where e is the first day on
// which it no longer holds, like "to" in the fact files:
//
//	earliest start <= s <= latest start
//	earliest end   <= e <= latest end
//
// An unknown bound is absent: no earliest start without from, no ends for
// an ongoing claim, and no bounds at all for an undated claim, which is a
// claim about the present. A claim is timeless when its truth does not
// depend on time (an undated founder or founded); it held at every date.
// So a claim certainly held on some day of the period [D1, D2] when it is
// not deprecated and it is timeless, or its latest start is <= D2 and its
// earliest end is absent or > D1. That is graph.Claim.HeldDuring, and the
// tests check that SPARQL over graph.ttl agrees with it.
//
// A claim is current when it holds now at best rank (graph.Graph.Current,
// Wikidata's "truthy" statements).
//
// # CSV
//
// entities.csv has one row per entity, sorted by id: id, type, label,
// aliases, description, url, publisher, published, file. statements.csv
// has one row per claim, in graph order: statement, subject, predicate,
// object, value, datatype, from, to, at, share, rank, reason, sources,
// note, current, timeless, earliest_start, latest_start, earliest_end,
// latest_end, written_subject, written_predicate, file, line, index.
// Subject, predicate and object are the normalised claim (ant-group owns
// alipay becomes alipay ownedBy ant-group); written_subject is the entity
// whose file holds the statement and written_predicate the name used
// there (owns), and file, line and index (0-based, the JSON pointer
// /statements/<index>) locate it. csv-metadata.json describes both tables
// in CSVW: column names, datatypes, required columns, primary keys
// (entities.id, statements.statement) and foreign keys from
// statements.subject, statements.object and statements.written_subject to
// entities.id.
//
// The files follow RFC 4180 (comma, double quotes doubled, a header row)
// except that lines end in LF, not CRLF: encoding/csv's CRLF mode rewrites
// line breaks inside values, and LF is what every reader accepts and what
// keeps the committed out/ free of CR. UTF-8 without a byte order mark.
// Empty means absent.
//
// List cells: sources holds ids separated by one space (ids never contain
// spaces). aliases holds a JSON array of strings (CSVW datatype json),
// because an alias may contain any text, including commas, quotes, tabs
// and line breaks, so no separator character could be unambiguous.
//
// Formula injection: a spreadsheet runs a cell that starts with = + - or @
// as a formula. A cell is written with one ' in front when it starts with
// = + - @ ' or their full-width forms, or with any whitespace or control
// character, unless it is a plain decimal number (-5, 3.25, -1.5e3), which
// stays as it is. To get the exact data back, remove one leading ' from
// every cell that has one; the rule is lossless because every cell that
// starts with ' was prefixed. CR is rejected rather than written, because
// spreadsheets and CSV libraries rewrite it.
//
// # RDF
//
// graph.nt (N-Triples) and graph.ttl (Turtle) hold the same triples. With
// B the vocabulary's base IRI (https://example.org/factgraph/ as shipped),
// and <B>x> standing for the IRI made of B followed by x:
//
//	<B>id/<id>              an entity
//	<B>statement/<stmt-id>  a statement node
//	<B>vocab/<Type>         a type, an owl:Class
//	<B>vocab/<predicate>    a predicate or inverse name: the direct property
//	<B>vocab/p/<predicate>  entity to statement node (Wikidata p:)
//	<B>vocab/ps/<predicate> statement node to object or value (Wikidata ps:)
//	<B>vocab/pq/<name>      statement qualifiers and metadata (Wikidata pq:)
//
// Entities carry rdf:type (their declared type; subclasses are declared
// with rdfs:subClassOf), rdfs:label, skos:altLabel per alias,
// schema:description, schema:url, schema:publisher and
// schema:datePublished. Labels carry no language tag: the facts do not say
// which language a name is in.
//
// Direct triples <B>id/s> <B>vocab/p> object exist only for current
// claims; a symmetric predicate gets both directions. Every claim,
// current or not, deprecated or not, has a statement node:
//
//	<B>id/alipay> <B>vocab/p/ownedBy> <B>statement/alipay-c9c3f8359f5dd210> .
//	<B>statement/alipay-c9c3f8359f5dd210>
//	    a wikibase:Statement ;
//	    <B>vocab/ps/ownedBy> <B>id/ant-group> ;
//	    wikibase:rank wikibase:NormalRank ;
//	    <B>vocab/pq/from> "2014"^^xsd:gYear ;
//	    <B>vocab/pq/earliestStart> "2014-01-01"^^xsd:date ;
//	    <B>vocab/pq/latestStart> "2014-12-31"^^xsd:date ;
//	    <B>vocab/pq/writtenSubject> <B>id/alipay> ;
//	    <B>vocab/pq/writtenPredicate> <B>vocab/ownedBy> ;
//	    prov:wasDerivedFrom <B>id/alipay-and-ant-group> .
//
// Qualifiers: pq:from, pq:to and pq:at as written, typed by precision
// (xsd:gYear, xsd:gYearMonth, xsd:date); pq:share (xsd:decimal, or
// xsd:double when written with an exponent); pq:reason; the day bounds
// pq:earliestStart, pq:latestStart, pq:earliestEnd and pq:latestEnd
// (xsd:date, defined above); pq:timeless true; pq:writtenSubject and
// pq:writtenPredicate (the statement as written); rdfs:comment for the
// note; wikibase:rank with wikibase:PreferredRank, NormalRank or
// DeprecatedRank; prov:wasDerivedFrom per source. Values: entities as
// IRIs, url values as IRIs, dates typed by precision, numbers as
// xsd:integer, xsd:decimal or xsd:double by their lexical form, strings
// as plain literals.
//
// Who operates Alipay now is a direct triple; who owned it in 2008 is a
// question for the statement nodes and their day bounds:
//
//	PREFIX wikibase: <http://wikiba.se/ontology#>
//	PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
//	PREFIX pq: <B>vocab/pq/>
//	SELECT ?owner WHERE {
//	  <B>id/alipay> <B>vocab/p/ownedBy> ?st .
//	  ?st <B>vocab/ps/ownedBy> ?owner ; wikibase:rank ?rank .
//	  FILTER(?rank != wikibase:DeprecatedRank)
//	  { ?st pq:timeless true }
//	  UNION
//	  { ?st pq:latestStart ?ls .
//	    OPTIONAL { ?st pq:earliestEnd ?ee }
//	    FILTER(?ls <= "2008-12-31"^^xsd:date && (!BOUND(?ee) || ?ee > "2008-01-01"^^xsd:date)) }
//	}
//
// The vocabulary is declared too: types as owl:Class with rdfs:label,
// rdfs:comment, rdfs:subClassOf, owl:disjointWith and owl:equivalentClass
// to the type's iri; predicates as owl:ObjectProperty or
// owl:DatatypeProperty with rdfs:label, rdfs:comment,
// owl:SymmetricProperty, owl:AsymmetricProperty, owl:IrreflexiveProperty,
// schema:domainIncludes and schema:rangeIncludes (a list of types means
// any of them, which rdfs:domain cannot say), owl:equivalentProperty to
// the predicate's iri (and, for a Wikidata direct property wdt:P,
// equivalences of p: and ps: to Wikidata's p:P and ps:P),
// wikibase:claim, wikibase:statementProperty and wikibase:directClaim
// linking the three forms; inverse names as properties with their label
// and owl:inverseOf. Cardinality, acyclicity, lifespans and share limits
// are check rules with no RDF equivalent and are not exported.
//
// Safety: every IRI is checked against the N-Triples IRIREF production
// and rejected, never repaired, when it has a character outside it; ids,
// type and predicate names are checked against their patterns; literals
// are escaped as canonical RDF 1.2 N-Triples (ECHAR for " \ LF CR TAB BS
// FF, \u00XX for other C0 and DEL, everything else as UTF-8); text that
// is not valid UTF-8 or holds a character the loader rejects is an error.
// So nothing in the facts can end a literal or an IRI early, and no input
// adds a triple. Turtle has the same, constant @prefix lines whatever the
// input; IRIs under the base are always written in full <…> form.
//
// # Determinism
//
// N-Triples lines are sorted bytewise and unique; Turtle groups the same
// sorted triples by subject and predicate. CSV rows follow the graph's
// total order. Nothing depends on map order, the clock, the locale, the
// time zone or the number of cores. Every file is UTF-8 with LF line
// endings and a final newline. File paths are the relative paths the
// facts were loaded from; an absolute path is an error, so no machine's
// directory layout reaches out/.
package export
