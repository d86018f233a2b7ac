package export_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/factgraph/factgraph/internal/check"
	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/diagram"
	"github.com/factgraph/factgraph/internal/export"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/fixture"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/render"
	"github.com/factgraph/factgraph/internal/render/rendertest"
	"github.com/factgraph/factgraph/internal/report"
	"github.com/factgraph/factgraph/internal/strictyaml"
)

// pipelineHostile are fact files that seed FuzzPipeline besides the
// shipped ones and testdata/hostile: text every writer must escape,
// statements every rule looks at, and files the loader must refuse.
var pipelineHostile = []string{
	"id: fuzz-corp\ntype: Company\nlabel: \"=cmd|' /C calc'!A0\"\naliases: [\"@x\", \"-1\", \"<script>\", \"a\\\"b\", \"\\\\\"]\n" +
		"description: \"line\\nbreak \\u00e9 \\U0001F600 > < & ' \\\" . _:b <x>\"\nurl: \"https://example.org/a b\"\n" +
		"statements:\n  - predicate: ownedBy\n    object: fuzz-corp\n    from: 2020\n    to: 2010\n    sources: [alipay-and-alibaba]\n" +
		"  - predicate: holdsStakeIn\n    object: alipay\n    share: 150\n    sources: [alipay-and-alibaba]\n" +
		"  - predicate: holdsStakeIn\n    object: alipay\n    share: 1e-300\n    at: 0001-01-01\n    sources: [alipay-and-alibaba]\n" +
		"  - predicate: founded\n    value: 9999-12-31\n    rank: deprecated\n    sources: [alipay-and-alibaba]\n" +
		"  - predicate: website\n    value: \"javascript:alert(1)\"\n    sources: [alipay-and-alibaba]\n",
	"id: fuzz-text\ntype: Company\nlabel: \"\\\" . <a> <b> \\\"c\\\" .\"\naliases: [\"=1+1\", \"_:b\", \"'\", \"\\U0001F600\\u0301\"]\n" +
		"description: |\n  two\n   lines\\\n\nurl: https://例え.jp/%E4?a=1&b=(2)\nstatements:\n  - predicate: industry\n    value: \"^^<x>\"\n    note: \"@en\"\n    sources: [alipay-and-alibaba]\n" +
		"  - predicate: holdsStakeIn\n    object: cainiao\n    share: 0.0000001\n    from: 2001-02\n    to: 2001-03\n    sources: [alipay-and-alibaba]\n",
	"id: fuzz-person\ntype: Person\nlabel: \"\\u202Eevil\"\n",
	"id: fuzz-person\ntype: Person\nlabel: P\nacknowledge:\n  - rule: no-such-rule\n    reason: \"\"\nstatements:\n  - predicate: born\n    value: 2021-02-30\n",
	"id: fuzz-x\ntype: Company\nlabel: X\nstatements:\n  - predicate: subsidiaryOf\n    object: alibaba-group\n  - predicate: ownedBy\n    object: alibaba-group\n    acknowledge:\n      - rule: missing-source\n        reason: r\n",
	"id: alipay\ntype: Company\nlabel: Duplicate\n",
	// The schema's url pattern let this through to build, which refused it.
	"id: fuzz-url\ntype: Source\nlabel: U\nurl: \"https://例え.jp/%\"\n",
	"id: fuzz-y\ntype: Company\nlabel: Y\nstatements: [{predicate: ownedBy, object: fuzz-y, from: 2000-01, to: 2000-01}]\n",
	"", "\xff", "a: b: c\n", "id: [\n", "- 1\n", "id: fuzz-z\n" + strings.Repeat("  ", 40) + "x: 1\n",
}

// FuzzPipeline runs the whole check and every output on a fact base of
// the shipped facts plus one fuzzed file, and asserts:
//
//   - nothing panics, and the check returns no error (its errors are for
//     an unusable schema or I/O, and the schema and directory are fine);
//   - every finding is positioned (see checkPositions for the exact rule);
//   - every report format of report.Formats writes without error, and the
//     json and sarif reports are JSON;
//   - when the check has no errors: export.Tables, export.RDF and
//     diagram.Files (DOT only, no renderer) succeed, as build needs them
//     to; the CSV files parse with encoding/csv with one row per entity
//     or claim under the header, csv-metadata.json is JSON, every line of
//     graph.nt is one N-Triples triple, graph.ttl is not empty, and every
//     DOT file, and the DOT of every entity's page, passes render.CheckDOT.
//
// The fuzzed file is named after its id, so that it can pass the
// file-name rule; when a shipped file has that id, the fuzzed file takes
// its place, so a shipped file as seed gives the shipped base.
func FuzzPipeline(f *testing.F) {
	root := fixture.Repo(f)
	shipped := map[string]string{} // id: path relative to root
	err := filepath.WalkDir(filepath.Join(root, "facts"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		shipped[strings.TrimSuffix(d.Name(), ".yaml")] = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		f.Add(data)
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	// The hostile fixtures refer to each other; with their references
	// turned to shipped entities they pass the check and reach the
	// exporters.
	toShipped := strings.NewReplacer("hostile-source", "alipay-and-alibaba", `"42"`, "alipay-vs-alibaba",
		"other-corp", "cainiao", "zeta-product", "youku-tudou", "person-zoe", "jack-ma")
	hostile, _ := filepath.Glob("testdata/hostile/*.yaml")
	for _, p := range hostile {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		f.Add([]byte(toShipped.Replace(string(data))))
	}
	for _, s := range pipelineHostile {
		f.Add([]byte(s))
	}
	at, err := date.Parse("2012")
	if err != nil {
		f.Fatal(err)
	}
	// The vocabulary is loaded once (check.Run on the shipped base): it is
	// two thirds of a check of this base, and the fuzzed file cannot
	// change it.
	base, err := check.Run(check.Options{SchemaDir: filepath.Join(root, "schema"), SchemaName: "schema",
		Base: root, Dirs: []string{"facts"}, Limits: fact.DefaultLimits})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		placeFuzzed(t, root, shipped, src)
		res, err := check.RunWith(base.Vocab, check.Options{Base: root, Dirs: []string{"facts"}, Limits: fact.DefaultLimits})
		if err != nil {
			t.Fatalf("check: %v", err)
		}
		checkPositions(t, root, res.Findings)
		for format, w := range report.Formats {
			var b bytes.Buffer
			if err := w.Write(&b, &report.Report{Findings: res.Findings, Files: res.Set.Files, Rules: check.Rules}); err != nil {
				t.Fatalf("%s report: %v", format, err)
			}
			if (format == "json" || format == "sarif") && !json.Valid(b.Bytes()) {
				t.Fatalf("%s report is not JSON:\n%s", format, b.Bytes())
			}
		}
		if res.Counts().Error > 0 {
			return
		}
		checkExports(t, res.Graph, at)
	})
}

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// placeFuzzed writes src into the fact base; the base is as it was again
// when the test ends.
func placeFuzzed(t *testing.T, root string, shipped map[string]string, src []byte) {
	id := "fuzzed"
	if doc, _, _ := strictyaml.Parse("f.yaml", src, strictyaml.DefaultLimits); doc != nil {
		if m, ok := doc.Value.(map[string]any); ok {
			if s, ok := m["id"].(string); ok && len(s) <= 100 && idPattern.MatchString(s) {
				id = s
			}
		}
	}
	name, ok := shipped[id]
	if !ok {
		name = "facts/fuzz/" + id + ".yaml"
	}
	path := filepath.Join(root, filepath.FromSlash(name))
	var old []byte
	if ok {
		var err error
		if old, err = os.ReadFile(path); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if ok {
			os.WriteFile(path, old, 0o644)
		} else {
			os.RemoveAll(filepath.Join(root, "facts", "fuzz"))
		}
	})
}

// checkPositions asserts that every finding and related location names
// a file, and that positions in a fact file are inside it: 1 <= line <=
// its number of lines (1 for an empty file) and 1 <= col <= the line's
// length in characters + 1. The exceptions are the rules about a file
// as a whole or without a place yaml.v3 can give: yaml-syntax may have
// col 0 (the line is known, the column not), and input and limit, which
// the walker reports before a file is read, may be at 0:0.
func checkPositions(t *testing.T, root string, fs finding.List) {
	lines := map[string][]string{}
	linesOf := func(file string) []string {
		if l, ok := lines[file]; ok {
			return l
		}
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		if err != nil {
			lines[file] = nil
			return nil
		}
		data = bytes.TrimPrefix(data, []byte("\ufeff"))
		l := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
		lines[file] = l
		return l
	}
	check := func(pos finding.Pos, rule, what string) {
		if pos.File == "" {
			t.Fatalf("%s of a %s finding has no file", what, rule)
		}
		if (rule == "input" || rule == "limit") && pos.Line == 0 && pos.Col == 0 {
			return
		}
		l := linesOf(pos.File)
		if l == nil {
			if strings.HasPrefix(pos.File, "schema/") {
				return // the vocabulary, not a fact file
			}
			t.Fatalf("%s of a %s finding names %q, which is not a file", what, rule, pos.File)
		}
		minCol := 1
		if rule == "yaml-syntax" {
			minCol = 0
		}
		if pos.Line < 1 || pos.Line > len(l) {
			t.Fatalf("%s of a %s finding is at line %d of %s, which has %d lines", what, rule, pos.Line, pos.File, len(l))
		}
		if n := utf8.RuneCountInString(strings.TrimSuffix(l[pos.Line-1], "\r")); pos.Col < minCol || pos.Col > n+1 {
			t.Fatalf("%s of a %s finding is at %d:%d of %s, whose line has %d characters", what, rule, pos.Line, pos.Col, pos.File, n)
		}
	}
	for _, fd := range fs {
		check(fd.Pos, fd.Rule, "the position")
		for _, r := range fd.Related {
			check(r.Pos, fd.Rule, "a related position")
		}
	}
}

// nTriple is one line of N-Triples (RDF 1.1 N-Triples, productions
// triple, IRIREF, BLANK_NODE_LABEL, literal, LANGTAG, ECHAR and UCHAR),
// with the single spaces the exporter writes.
var nTriple = func() *regexp.Regexp {
	uchar := `\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}`
	iri := `<(?:[^\x00-\x20<>"{}|^` + "`" + `\\]|` + uchar + `)*>`
	bnode := `_:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?`
	literal := `"(?:[^"\\\n\r]|\\[tbnrf"'\\]|` + uchar + `)*"(?:\^\^` + iri + `|@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)?`
	return regexp.MustCompile(`^(?:` + iri + `|` + bnode + `) ` + iri + ` (?:` + iri + `|` + bnode + `|` + literal + `) \.$`)
}()

// checkExports runs every exporter on a graph that passed the check and
// parses what each writes.
func checkExports(t *testing.T, g *graph.Graph, at date.Date) {
	tables, err := export.Tables(g)
	if err != nil {
		t.Fatalf("Tables on a graph without errors: %v", err)
	}
	rdf, err := export.RDF(g)
	if err != nil {
		t.Fatalf("RDF on a graph without errors: %v", err)
	}
	dots, err := diagram.Files(context.Background(), g, diagram.Options{At: []date.Date{at}})
	if err != nil {
		t.Fatalf("diagram.Files on a graph without errors: %v", err)
	}
	for _, file := range append(append(tables, rdf...), dots...) {
		if !utf8.Valid(file.Data) {
			t.Fatalf("%s is not valid UTF-8", file.Path)
		}
		switch {
		case file.Path == export.EntitiesCSV:
			checkCSV(t, file, len(g.Entities))
		case file.Path == export.StatementsCSV:
			checkCSV(t, file, len(g.Claims))
		case file.Path == export.CSVMetadata:
			if !json.Valid(file.Data) {
				t.Fatalf("%s is not JSON", file.Path)
			}
		case file.Path == export.NTriplesFile:
			sc := bufio.NewScanner(bytes.NewReader(file.Data))
			sc.Buffer(nil, len(file.Data)+1)
			for n := 1; sc.Scan(); n++ {
				if !nTriple.MatchString(sc.Text()) {
					t.Fatalf("%s:%d is not an N-Triples triple: %q", file.Path, n, sc.Text())
				}
			}
		case file.Path == export.TurtleFile:
			if len(bytes.TrimSpace(file.Data)) == 0 {
				t.Fatalf("%s is empty", file.Path)
			}
		case strings.HasSuffix(file.Path, ".dot"):
			if err := render.CheckDOT(file.Data); err != nil {
				t.Fatalf("%s: %v", file.Path, err)
			}
		default:
			t.Fatalf("unexpected output %s", file.Path)
		}
	}
	// Every drawing's DOT, the entity pages' included, is valid DOT.
	if _, err := diagram.Files(context.Background(), g, diagram.Options{At: []date.Date{at}, Renderer: dotChecker{t}}); err != nil {
		t.Fatalf("diagram.Files: %v", err)
	}
}

// dotChecker stands in for the renderer: it checks the DOT of every
// drawing it is given and answers an empty one.
type dotChecker struct{ t *testing.T }

func (c dotChecker) RenderSeq(ctx context.Context, n int, next func() (render.Job, bool), put func(int, []byte) error) error {
	return rendertest.Batch(c.render).RenderSeq(ctx, n, next, put)
}

func (c dotChecker) render(_ context.Context, jobs []render.Job) ([][]byte, error) {
	svgs := make([][]byte, len(jobs))
	for i, j := range jobs {
		if err := render.CheckDOT(j.DOT); err != nil {
			c.t.Fatalf("%s: %v", j.Name, err)
		}
		svgs[i] = []byte("<svg/>")
	}
	return svgs, nil
}

func checkCSV(t *testing.T, file export.File, rows int) {
	r := csv.NewReader(bytes.NewReader(file.Data))
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", file.Path, err)
	}
	if len(records) != rows+1 {
		t.Fatalf("%s has %d records, want a header and %d rows", file.Path, len(records), rows)
	}
}
