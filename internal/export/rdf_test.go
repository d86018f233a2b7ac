package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/check"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/graph"
)

func TestQuote(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{name: "plain", in: "Alipay", want: `"Alipay"`},
		{name: "empty", in: "", want: `""`},
		{name: "quote", in: `say "x"`, want: `"say \"x\""`},
		{name: "backslash", in: `a\b`, want: `"a\\b"`},
		{name: "trailing backslash", in: `end\`, want: `"end\\"`},
		{name: "escape-looking text", in: `\u0041\n`, want: `"\\u0041\\n"`},
		{name: "line breaks", in: "a\nb\rc", want: `"a\nb\rc"`},
		{name: "tab", in: "a\tb", want: `"a\tb"`},
		{name: "backspace and form feed", in: "\b\f", want: `"\b\f"`},
		{name: "other C0 and DEL", in: "\x00\x01\x1b\x7f", want: `"\u0000\u0001\u001B\u007F"`},
		{name: "non-ASCII stays UTF-8", in: "Zoë 李 👩‍💻", want: `"Zoë 李 👩‍💻"`},
		{name: "triple injection", in: `x" . <s> <p> "o`, want: `"x\" . <s> <p> \"o"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := quote(tc.in); got != tc.want {
				t.Errorf("quote(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

// TestQuoteRoundTrip has rdflib's Turtle parser read back literals made
// of every ASCII character and some non-ASCII text: each must come back
// exactly. (rdflib's N-Triples parser before 6.2.0 is not used here; see
// escapeBug.)
func TestQuoteRoundTrip(t *testing.T) {
	py := python(t, "rdflib")
	var inputs []string
	for r := rune(0); r < 0x80; r++ {
		inputs = append(inputs, "a"+string(r)+"b")
	}
	inputs = append(inputs, `\`, `\\`, `\"`, `\u0041`, `\U00000041`, `"""`, "Zoë 李 👩‍💻", "\u00a0\u2003")
	var nt bytes.Buffer
	for i, s := range inputs {
		fmt.Fprintf(&nt, "<http://example.org/s> <http://example.org/p%d> %s .\n", i, quote(s))
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "q.nt")
	if err := os.WriteFile(file, nt.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	script := `
import json, sys, rdflib
g = rdflib.Graph()
g.parse(sys.argv[1], format="turtle")
json.dump({str(p)[len("http://example.org/p"):]: str(o) for s, p, o in g}, sys.stdout)
`
	out, err := exec.Command(py, "-c", script, file).Output()
	if err != nil {
		t.Fatalf("rdflib: %v", err)
	}
	var got map[string]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	for i, s := range inputs {
		if g := got[fmt.Sprint(i)]; g != s {
			t.Errorf("%q read back as %q (written %s)", s, g, quote(s))
		}
	}
}

func TestCheckIRI(t *testing.T) {
	tests := []struct {
		name string
		iri  string
		ok   bool
	}{
		{name: "https", iri: "https://example.org/a?b=c#d", ok: true},
		{name: "non-ASCII", iri: "https://例え.jp/パス", ok: true},
		{name: "percent-encoded space", iri: "https://example.org/a%20b", ok: true},
		{name: "space", iri: "https://example.org/a b", ok: false},
		{name: "angle bracket", iri: "https://example.org/a> <b", ok: false},
		{name: "quote", iri: `https://example.org/a"b`, ok: false},
		{name: "braces", iri: "https://example.org/{a}", ok: false},
		{name: "pipe", iri: "https://example.org/a|b", ok: false},
		{name: "caret", iri: "https://example.org/a^b", ok: false},
		{name: "backtick", iri: "https://example.org/a`b", ok: false},
		{name: "backslash", iri: `https://example.org/a\b`, ok: false},
		{name: "UCHAR text", iri: `https://example.org/\u003E`, ok: false},
		{name: "newline", iri: "https://example.org/a\nb", ok: false},
		{name: "DEL", iri: "https://example.org/a\x7fb", ok: false},
		{name: "bidi control", iri: "https://example.org/a\u202eb", ok: false},
		{name: "relative", iri: "id/alipay", ok: false},
		{name: "empty", iri: "", ok: false},
		{name: "bad scheme", iri: "1http://x", ok: false},
		{name: "invalid UTF-8", iri: "https://example.org/\xff", ok: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := checkIRI(tc.iri); (err == nil) != tc.ok {
				t.Errorf("checkIRI(%q) = %v, want ok=%v", tc.iri, err, tc.ok)
			}
		})
	}
}

// TestRejectsUnsafeGraphs builds graphs the loader would never produce
// and checks that both exporters refuse them rather than writing a value
// that could break a file or add a triple.
func TestRejectsUnsafeGraphs(t *testing.T) {
	entity := func(g *graph.Graph, id string) *graph.Entity {
		for _, e := range g.Entities {
			if e.ID() == id {
				return e
			}
		}
		t.Fatalf("no entity %q", id)
		return nil
	}
	claim := func(g *graph.Graph, subject, predicate string) *graph.Claim {
		for _, c := range g.Claims {
			if c.Subject.ID() == subject && c.Predicate.Name == predicate {
				return c
			}
		}
		t.Fatalf("no claim %s %s", subject, predicate)
		return nil
	}
	tests := []struct {
		name   string
		mutate func(g *graph.Graph)
	}{
		{"CR in a label", func(g *graph.Graph) { entity(g, "alipay").Label.Value = "a\rb" }},
		{"NUL in a label", func(g *graph.Graph) { entity(g, "alipay").Label.Value = "a\x00b" }},
		{"invalid UTF-8 in an alias", func(g *graph.Graph) { entity(g, "alibaba-group").Aliases[0].Value = "\xff" }},
		{"bidi control in a description", func(g *graph.Graph) { entity(g, "alipay").Description.Value = "a\u202eb" }},
		{"CR in a reason", func(g *graph.Graph) {
			c := claim(g, "alipay", "ownedBy")
			c.Stmt.SetReason(fact.Text{Value: "x\r=1+1"})
		}},
		{"base with a space", func(g *graph.Graph) { g.Vocab.Base = "https://example.org/a b/" }},
		{"base closing the IRI", func(g *graph.Graph) { g.Vocab.Base = "https://example.org/> <x> <y> .\n<z/" }},
		{"base without slash", func(g *graph.Graph) { g.Vocab.Base = "https://example.org/x" }},
		{"entity url closing the IRI", func(g *graph.Graph) { entity(g, "alipay").URL.Value = "https://example.org/x> <y" }},
		{"entity url not https", func(g *graph.Graph) { entity(g, "alipay").URL.Value = "javascript:alert(1)" }},
		{"type IRI with braces", func(g *graph.Graph) { g.Vocab.Type("Company").IRI = "http://example.org/{x}" }},
		{"type name with a space", func(g *graph.Graph) { g.Vocab.Type("Company").Name = "Com pany" }},
		{"entity id with a space", func(g *graph.Graph) { entity(g, "jack-ma").Entity.ID.Value = "jack ma" }},
		{"absolute file path", func(g *graph.Graph) { entity(g, "jack-ma").File = "/home/someone/facts/jack-ma.yaml" }},
		{"written predicate closing the IRI", func(g *graph.Graph) {
			claim(g, "alipay", "ownedBy").Stmt.Predicate.Value = "owns> <x"
		}},
		{"date value out of calendar", func(g *graph.Graph) { claim(g, "alipay", "founded").Value.Value = "2004-13" }},
		{"share that is not a number", func(g *graph.Graph) {
			c := claim(g, "alipay", "ownedBy")
			c.Share = &fact.Share{Text: fact.Text{Value: "1\" . <x> <y> \"2"}}
		}},
		{"unknown rank", func(g *graph.Graph) { claim(g, "alipay", "ownedBy").Rank = 7 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := load(t, shipped)
			tc.mutate(g)
			if _, err := Tables(g); err == nil {
				t.Error("Tables accepted the graph")
			}
			if _, err := RDF(g); err == nil {
				t.Error("RDF accepted the graph")
			}
		})
	}
}

// TestNTriplesSorted checks that graph.nt is sorted bytewise, without
// duplicates, and that graph.ttl has only the constant prefix lines.
func TestNTriplesSorted(t *testing.T) {
	for _, fx := range fixtures {
		files := exportAll(t, load(t, fx))
		ls := strings.Split(strings.TrimSuffix(string(files[NTriplesFile]), "\n"), "\n")
		if !slices.IsSorted(ls) {
			t.Errorf("%s: graph.nt is not sorted", fx.name)
		}
		if len(slices.Compact(slices.Clone(ls))) != len(ls) {
			t.Errorf("%s: graph.nt repeats a triple", fx.name)
		}
		var prefixes []string
		for _, l := range strings.Split(string(files[TurtleFile]), "\n") {
			if strings.HasPrefix(l, "@") || strings.HasPrefix(strings.ToUpper(l), "PREFIX") || strings.HasPrefix(strings.ToUpper(l), "BASE") {
				prefixes = append(prefixes, l)
			}
		}
		var want []string
		for _, ns := range namespaces {
			want = append(want, "@prefix "+ns.prefix+": <"+ns.iri+"> .")
		}
		if !slices.Equal(prefixes, want) {
			t.Errorf("%s: graph.ttl prefix lines %q, want %q", fx.name, prefixes, want)
		}
	}
}

// copyFixture copies a fixture into dir/facts, applying edit to each
// file's text.
func copyFixture(t *testing.T, fx factSet, dir string, edit func(name, text string) string) {
	t.Helper()
	src := filepath.Join(pkgDir, "..", "..", fx.paths[0])
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out := filepath.Join(dir, "facts", rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, []byte(edit(filepath.Base(p), string(data))), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// loadDir checks dir/facts from inside dir, with the given schema
// directory, and fails on errors.
func loadDir(t *testing.T, dir, schemaDir string) *graph.Graph {
	t.Helper()
	if !filepath.IsAbs(schemaDir) {
		schemaDir = filepath.Join(dir, schemaDir)
	}
	res, err := check.Run(check.Options{SchemaDir: schemaDir, SchemaName: "schema", Base: dir, Dirs: []string{"facts"}, Limits: fact.DefaultLimits})
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Counts().Error; n > 0 {
		t.Fatalf("%d errors: %v", n, res.Findings)
	}
	return res.Graph
}

// statementIDs maps each statement id to its claim, and each claim (as
// "subject predicate object dates") to its ids.
func statementIDs(t *testing.T, g *graph.Graph) map[string]string {
	t.Helper()
	cs, err := claims(g)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, c := range cs {
		if _, dup := ids[c.ID]; dup {
			t.Fatalf("statement id %s repeats", c.ID)
		}
		ids[c.ID] = spo(c.Claim) + " " + c.Interval.String()
	}
	return ids
}

// TestStatementIDs checks that statement ids follow content: unique for
// duplicates, unchanged by lines added above, by rank and source edits
// and by moving a statement to the other entity's file, changed by a
// change of what the claim says.
func TestStatementIDs(t *testing.T) {
	schemaDir := filepath.Join(pkgDir, "..", "..", "schema")
	ids := func(edit func(name, text string) string) map[string]string {
		dir := t.TempDir()
		copyFixture(t, hostile, dir, edit)
		return statementIDs(t, loadDir(t, dir, schemaDir))
	}
	same := func(_, text string) string { return text }
	base := ids(same)
	if len(base) != len(load(t, hostile).Claims) {
		t.Fatalf("%d ids for %d claims", len(base), len(load(t, hostile).Claims))
	}
	retail := 0
	for _, c := range base {
		if c == "formula-corp industry retail undated" {
			retail++
		}
	}
	if retail != 2 {
		t.Fatalf("the two identical retail statements have %d ids, want 2", retail)
	}

	const owns = "  - predicate: owns\n    object: zeta-product\n    from: 2000-06\n    to: 2005-06-07\n    sources: [hostile-source]\n"
	edit := func(file, old, new string) func(name, text string) string {
		return func(name, text string) string {
			if name != file {
				return text
			}
			if !strings.Contains(text, old) {
				t.Fatalf("%s does not contain %q", file, old)
			}
			return strings.Replace(text, old, new, 1)
		}
	}
	tests := []struct {
		name    string
		edit    func(name, text string) string
		changed int // ids of base no longer present
		added   int // new ids
	}{
		{name: "lines and a statement added above",
			edit:  edit("formula-corp.yaml", "statements:\n", "# a comment\n# another\nstatements:\n  - predicate: industry\n    value: new line above\n    sources: [hostile-source]\n"),
			added: 1},
		{name: "rank, reason, sources and note edited",
			edit: edit("formula-corp.yaml", owns, strings.Replace(owns, "[hostile-source]", "[\"42\", hostile-source]\n    rank: preferred\n    reason: checked\n    note: edited", 1))},
		{name: "moved to the object's file with the inverse name",
			edit: func(name, text string) string {
				switch name {
				case "formula-corp.yaml":
					return edit(name, owns, "")(name, text)
				case "zeta-product.yaml":
					return text + "  - predicate: ownedBy\n    object: formula-corp\n    from: 2000-06\n    to: 2005-06-07\n    sources: [hostile-source]\n"
				}
				return text
			}},
		{name: "a date changed",
			edit:    edit("formula-corp.yaml", owns, strings.Replace(owns, "2000-06", "2000-07", 1)),
			changed: 1, added: 1},
		{name: "one of two twins removed",
			edit:    edit("formula-corp.yaml", "  - predicate: industry\n    value: retail\n    sources: [hostile-source]\n", ""),
			changed: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ids(tc.edit)
			changed, added := 0, 0
			for id := range base {
				if _, ok := got[id]; !ok {
					changed++
				}
			}
			for id := range got {
				if _, ok := base[id]; !ok {
					added++
				}
			}
			if changed != tc.changed || added != tc.added {
				t.Errorf("%d ids gone and %d new, want %d and %d", changed, added, tc.changed, tc.added)
			}
		})
	}
}

// TestNumbers exports a number-valued predicate, which the shipped
// vocabulary does not have, through a copy of the schema directory: numbers
// are typed by their lexical form and stay unprefixed in the CSV.
func TestNumbers(t *testing.T) {
	dir := t.TempDir()
	schemaDir := filepath.Join(dir, "schema")
	if err := os.MkdirAll(schemaDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"fact.schema.json", "vocabulary.schema.json", "vocabulary.yaml"} {
		data, err := os.ReadFile(filepath.Join(pkgDir, "..", "..", "schema", name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "vocabulary.yaml" {
			// predicates: is the last mapping of the file.
			data = append(data, "  employees:\n    label: employees\n    domain: [Organization]\n    datatype: number\n"...)
		}
		if err := os.WriteFile(filepath.Join(schemaDir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "facts"), 0o755); err != nil {
		t.Fatal(err)
	}
	values := []string{"12", "-5", "3.25", "-1.5e3", "0"}
	var yaml strings.Builder
	yaml.WriteString("id: counted\ntype: Company\nlabel: Counted\nstatements:\n")
	for _, v := range values {
		fmt.Fprintf(&yaml, "  - predicate: employees\n    value: %s\n    sources: [counted]\n", v)
	}
	if err := os.WriteFile(filepath.Join(dir, "facts", "counted.yaml"), []byte(strings.ReplaceAll(yaml.String(), "[counted]", "[src]")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "facts", "src.yaml"), []byte("id: src\ntype: Source\nlabel: S\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	g := loadDir(t, dir, "schema")
	files := exportAll(t, g)
	nt := string(files[NTriplesFile])
	for v, typ := range map[string]string{"12": "integer", "-5": "integer", "3.25": "decimal", "-1.5e3": "double", "0": "integer"} {
		want := fmt.Sprintf(`<%svocab/ps/employees> "%s"^^<http://www.w3.org/2001/XMLSchema#%s> .`, g.Vocab.Base, v, typ)
		if !strings.Contains(nt, want) {
			t.Errorf("graph.nt lacks %s", want)
		}
	}
	for _, v := range values {
		if !bytes.Contains(files[StatementsCSV], []byte(",,"+v+",number,")) {
			t.Errorf("statements.csv does not hold %s unprefixed", v)
		}
	}
}
