package check

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/grammar"
)

// The rule tests work like golang.org/x/tools/go/analysis/analysistest:
// every case is a directory of fact files under testdata/rules, checked
// together with testdata/common (shared Source entities) against the
// repository's schema/. Expectations are comments beside the lines they
// concern:
//
//	# want RULE[@COL] ["regexp"] ...   a finding of RULE on this line
//	# acked RULE[@COL] ["regexp"] ...  an acknowledged finding of RULE here
//	# related RULE                     a related location of a RULE finding
//	# wantat LINE RULE[@COL] ["regexp"] a finding on another line (for
//	                                   lines that cannot carry a comment)
//
// Missing and unexpected findings and related locations all fail.

const schemaDir = "../../schema"

type expectation struct {
	file  string
	line  int
	acked bool // an acknowledged finding
	rule  string
	col   int    // 0: any column
	re    string // "": any message
}

var (
	wantRE    = regexp.MustCompile(`#\s*want\s+((?:[^#"]|"(?:[^"\\]|\\.)*")*)`)
	ackedRE   = regexp.MustCompile(`#\s*acked\s+((?:[^#"]|"(?:[^"\\]|\\.)*")*)`)
	wantAtRE  = regexp.MustCompile(`#\s*wantat\s+(\d+)\s+((?:[^#"]|"(?:[^"\\]|\\.)*")*)`)
	relatedRE = regexp.MustCompile(`#\s*related\s+([a-z-]+(?:[ \t]+[a-z-]+)*)`)
	itemRE    = regexp.MustCompile(`([a-z][a-z0-9-]*)(?:@(\d+))?(?:\s+"((?:[^"\\]|\\.)*)")?`)
)

// parseExpectations reads the want, wantat and related comments of every
// file under dir.
func parseExpectations(t *testing.T, dir string) (wants, related []expectation) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Type()&os.ModeSymlink != 0 {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		file := filepath.ToSlash(path)
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 4<<20)
		for line := 1; sc.Scan(); line++ {
			text := sc.Text()
			if m := wantAtRE.FindStringSubmatch(text); m != nil {
				at, _ := strconv.Atoi(m[1])
				wants = append(wants, items(t, file, at, m[2])...)
				continue
			}
			for _, m := range wantRE.FindAllStringSubmatch(text, -1) {
				wants = append(wants, items(t, file, line, m[1])...)
			}
			for _, m := range ackedRE.FindAllStringSubmatch(text, -1) {
				for _, e := range items(t, file, line, m[1]) {
					e.acked = true
					wants = append(wants, e)
				}
			}
			for _, m := range relatedRE.FindAllStringSubmatch(text, -1) {
				for _, rule := range strings.Fields(m[1]) {
					related = append(related, expectation{file: file, line: line, rule: rule})
				}
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return wants, related
}

func items(t *testing.T, file string, line int, spec string) []expectation {
	t.Helper()
	var out []expectation
	for _, m := range itemRE.FindAllStringSubmatch(spec, -1) {
		e := expectation{file: file, line: line, rule: m[1]}
		if m[2] != "" {
			e.col, _ = strconv.Atoi(m[2])
		}
		if m[3] != "" {
			// Inside the quotes only \" is an escape; the rest is a
			// regexp as written.
			e.re = strings.ReplaceAll(m[3], `\"`, `"`)
			if _, err := regexp.Compile(e.re); err != nil {
				t.Fatalf("%s:%d: bad want regexp %q: %v", file, line, e.re, err)
			}
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		t.Fatalf("%s:%d: empty want comment", file, line)
	}
	return out
}

func (e expectation) matches(f finding.Finding) bool {
	pos, rule, msg := f.Pos, f.Rule, f.Message
	if e.file != pos.File || e.line != pos.Line || e.rule != rule || e.acked != (f.Ack != nil) {
		return false
	}
	if e.col != 0 && e.col != pos.Col {
		return false
	}
	return e.re == "" || regexp.MustCompile(e.re).MatchString(msg)
}

// runCase checks one case directory and compares findings with the
// expectations written in its files.
func runCase(t *testing.T, dir string) finding.List {
	t.Helper()
	res, err := Run(Options{SchemaDir: schemaDir, SchemaName: "schema", Base: ".", Dirs: []string{"testdata/common", dir}, Limits: fact.DefaultLimits})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	wants, related := parseExpectations(t, dir)
	used := make([]bool, len(wants))
	usedRel := make([]bool, len(related))
	for _, f := range res.Findings {
		i := slices.IndexFunc(wants, func(e expectation) bool { return e.matches(f) })
		for i >= 0 && used[i] {
			j := slices.IndexFunc(wants[i+1:], func(e expectation) bool { return e.matches(f) })
			if j < 0 {
				i = -1
				break
			}
			i += 1 + j
		}
		if i < 0 {
			t.Errorf("unexpected finding: %s", f)
			continue
		}
		used[i] = true
		for _, rel := range f.Related {
			k := slices.IndexFunc(related, func(e expectation) bool {
				return e.file == rel.File && e.line == rel.Line && e.rule == f.Rule
			})
			if k < 0 {
				if strings.HasPrefix(rel.File, dir) {
					t.Errorf("finding %s has unexpected related location %s: %s", f, rel.Pos, rel.Message)
				}
				continue
			}
			usedRel[k] = true
		}
	}
	for i, e := range wants {
		if !used[i] {
			desc := e.rule
			if e.acked {
				desc = "acknowledged " + desc
			}
			if e.col != 0 {
				desc += fmt.Sprintf("@%d", e.col)
			}
			if e.re != "" {
				desc += fmt.Sprintf(" %q", e.re)
			}
			t.Errorf("%s:%d: missing finding %s", e.file, e.line, desc)
		}
	}
	for i, e := range related {
		if !usedRel[i] {
			t.Errorf("%s:%d: no %s finding names this line as related", e.file, e.line, e.rule)
		}
	}
	return res.Findings
}

// TestRules runs every case under testdata/rules.
func TestRules(t *testing.T) {
	dirs, err := os.ReadDir("testdata/rules")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		t.Run(d.Name(), func(t *testing.T) {
			runCase(t, filepath.ToSlash(filepath.Join("testdata/rules", d.Name())))
		})
	}
}

// TestCatalogueMatchesReporters proves that the catalogue lists every
// rule value declared anywhere in the code (it is written out by hand,
// as the analysis framework's lists are) and that every rule is well
// documented: a rule reported but not catalogued would have no
// documentation, no SARIF rule and no explain text.
func TestCatalogueMatchesReporters(t *testing.T) {
	declared := declaredRules(t, "..")
	var catalogued []string
	seen := map[string]bool{}
	for _, r := range Rules {
		if seen[r.Name] {
			t.Errorf("rule %q is listed twice", r.Name)
		}
		seen[r.Name] = true
		catalogued = append(catalogued, r.Name)
		if !grammar.RuleName.MatchString(r.Name) {
			t.Errorf("rule %q is not kebab-case", r.Name)
		}
		if r.Summary == "" || r.Doc == "" || r.Example == "" || r.Fix == "" || r.Stage == "" {
			t.Errorf("rule %q lacks documentation", r.Name)
		}
	}
	for _, a := range Analyzers {
		if a.Run == nil || Rules.Lookup(a.Rule.Name) != a.Rule {
			t.Errorf("analyzer %q has no Run function or is not in the catalogue", a.Rule.Name)
		}
	}
	slices.Sort(declared)
	slices.Sort(catalogued)
	if !slices.Equal(declared, catalogued) {
		t.Errorf("rules declared in the code = %v\nrules in the catalogue = %v", declared, catalogued)
	}
}

// declaredRules finds every `&finding.Rule{Name: "..."}` in the
// non-test Go files under dir.
func declaredRules(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	fset := token.NewFileSet()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || strings.Contains(p, "testdata") {
			return err
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			sel, ok := lit.Type.(*ast.SelectorExpr)
			isRule := ok && sel.Sel.Name == "Rule" && fmt.Sprint(sel.X) == "finding"
			if id, ok := lit.Type.(*ast.Ident); ok && id.Name == "Rule" && f.Name.Name == "finding" {
				isRule = true
			}
			if !isRule {
				return true
			}
			for _, e := range lit.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok && fmt.Sprint(kv.Key) == "Name" {
					if bl, ok := kv.Value.(*ast.BasicLit); ok {
						name, _ := strconv.Unquote(bl.Value)
						names = append(names, name)
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// firedElsewhere names the rules that check never reports, with the
// tests that fire them.
var firedElsewhere = map[string]string{
	"layout": "internal/layout: TestMeaningGuard",
}

// TestEveryRuleFires proves the catalogue and the test data agree: each
// rule in the catalogue is expected by a want comment somewhere (so it
// fires), and no want comment names a rule the catalogue lacks.
func TestEveryRuleFires(t *testing.T) {
	t.Parallel()
	wanted := map[string]bool{}
	for _, dir := range []string{"testdata/rules", "testdata/vocab"} {
		ws, _ := parseExpectations(t, dir)
		for _, w := range ws {
			wanted[w.rule] = true
		}
	}
	for _, r := range Rules {
		if !wanted[r.Name] && firedElsewhere[r.Name] == "" {
			t.Errorf("rule %q has no test data that fires it", r.Name)
		}
	}
	for name := range wanted {
		if Rules.Lookup(name) == nil {
			t.Errorf("test data expects rule %q, which is not in the catalogue", name)
		}
	}
}

// TestShipped checks the repository's own fact base: it must stay clean
// under every rule, the name rules' look-alike detection included.
func TestShipped(t *testing.T) {
	res, err := Run(Options{SchemaDir: schemaDir, SchemaName: "schema", Base: "../..", Dirs: []string{"facts"}, Limits: fact.DefaultLimits})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Graph.Entities) == 0 {
		t.Fatal("no shipped entities")
	}
	for _, f := range res.Findings {
		t.Errorf("finding in the shipped facts: %s", f)
	}
	t.Logf("%d shipped entities", len(res.Graph.Entities))
}
