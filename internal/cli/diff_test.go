package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/gittest"
)

// shippedRepo makes a git repository holding the shipped facts and schema
// on branch main, and returns its directory as the working directory.
func shippedRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is not installed")
		}
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	for _, d := range []string{"facts", "schema"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join("..", "..", d))); err != nil {
			t.Fatal(err)
		}
	}
	gittest.Run(t, dir, "init", "-q", "-b", "main")
	gittest.Run(t, dir, "add", ".")
	gittest.Run(t, dir, "commit", "-q", "-m", "shipped facts")
	t.Chdir(dir)
	return dir
}

func edit(t *testing.T, path, old, new string) {
	t.Helper()
	s := readFile(t, path)
	if !strings.Contains(s, old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(s, old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendTo(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(readFile(t, path)+text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDiffDoneWhen is the acceptance test: a branch that adds a
// statement, changes a date and introduces a conflict gets from
// "factgraph diff main" a markdown summary naming exactly those three
// changes and the new finding.
func TestDiffDoneWhen(t *testing.T) {
	dir := shippedRepo(t)
	gittest.Run(t, dir, "checkout", "-q", "-b", "feature")
	// 1. Add a statement.
	appendTo(t, "facts/products/alipay.yaml", "  - predicate: category\n    value: mobile payments\n    sources: [alipay-vs-alibaba]\n")
	// 2. Change a date: Ant Group's ownership starts in October 2014.
	edit(t, "facts/products/alipay.yaml", "    object: ant-group\n    from: 2014\n    sources: [alipay-and-ant-group]\n",
		"    object: ant-group\n    from: 2014-10\n    sources: [alipay-and-ant-group]\n")
	// 3. Introduce a conflict: a second owner of Youku Tudou, from the
	// owner's side.
	appendTo(t, "facts/organizations/ant-group.yaml", "  - predicate: owns\n    object: youku-tudou\n    sources: [alipay-vs-alibaba]\n")
	gittest.Run(t, dir, "commit", "-q", "-am", "three changes")

	code, md, errs := run(t, "diff", "--format", "markdown", "main")
	if code != ExitOK || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	changeRE := regexp.MustCompile(`(?m)^- \*\*(added|removed|changed)\*\* .*$`)
	var got []string
	for _, m := range changeRE.FindAllString(md, -1) {
		got = append(got, strings.SplitN(m, " — ", 2)[0])
	}
	want := []string{
		"- **added** `alipay category \"mobile payments\"`",
		"- **changed** `alipay ownedBy ant-group`: from `2014` → `2014-10`",
		"- **added** `youku-tudou ownedBy ant-group`",
	}
	if !slices.Equal(got, want) {
		t.Errorf("changes:\n got %q\nwant %q\nmarkdown:\n%s", got, want, md)
	}
	findingRE := regexp.MustCompile(`(?m)^- \*\*(error|warning|info)\*\* .*$`)
	findings := findingRE.FindAllString(md, -1)
	if len(findings) != 1 || !strings.HasPrefix(findings[0], "- **error** `functional-conflict` at `facts/products/youku-tudou.yaml:") {
		t.Errorf("findings: %q\nmarkdown:\n%s", findings, md)
	}
	for _, want := range []string{
		"### factgraph diff: `main` (`",
		"**Statements:** 2 added, 0 removed, 1 changed · **Entities:** 0 added, 0 removed, 2 changed · **Findings:** **1 new**, 0 fixed, 0 already there",
		"#### New findings (1)",
		"youku-tudou ownedBy has two values at once",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "Fixed findings") || strings.Contains(md, "already there (") {
		t.Errorf("markdown lists findings that are not new:\n%s", md)
	}
}

// TestDiffFormatsAndSides compares two directories, a revision with the
// working tree, and two revisions, in every format.
func TestDiffFormatsAndSides(t *testing.T) {
	dir := shippedRepo(t)
	edit(t, "facts/products/taobao.yaml", "label: Taobao\n", "label: Taobao Marketplace\n")

	code, out, errs := run(t, "diff", "--format", "json", "HEAD")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc struct {
		Base     struct{ Name, Commit string }
		Head     struct{ Name string }
		Entities []struct {
			ID     string
			Fields []struct{ Field, Base, Head string }
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if doc.Base.Name != "HEAD" || len(doc.Base.Commit) != 40 || doc.Head.Name != "working tree" ||
		len(doc.Entities) != 1 || doc.Entities[0].ID != "taobao" || doc.Entities[0].Fields[0].Head != "Taobao Marketplace" {
		t.Errorf("json: %s", out)
	}

	code, out, _ = run(t, "diff", "HEAD", "HEAD")
	if code != ExitOK || !strings.Contains(out, "statements: 0 added, 0 removed, 0 changed") {
		t.Errorf("HEAD vs HEAD: exit %d\n%s", code, out)
	}

	other := t.TempDir()
	for _, d := range []string{"facts", "schema"} {
		if err := os.CopyFS(filepath.Join(other, d), os.DirFS(filepath.Join(dir, d))); err != nil {
			t.Fatal(err)
		}
	}
	os.Remove(filepath.Join(other, "facts", "products", "tmall.yaml"))
	code, out, _ = run(t, "diff", "--format", "text", "--dot", filepath.Join(other, "d.dot"), ".", other)
	if code != ExitOK || !strings.Contains(out, "tmall: Tmall (Marketplace), removed") || !strings.Contains(out, "- tmall operatedBy alibaba-group") {
		t.Errorf("directories: exit %d\n%s", code, out)
	}
	if dot := readFile(t, filepath.Join(other, "d.dot")); !strings.Contains(dot, `"tmall" -> "alibaba-group"`) {
		t.Errorf("DOT:\n%s", dot)
	}
}

// TestDiffFactsAndSchemaFlags compares two project roots that keep their
// facts and schema under other names: --facts and --schema name them
// relative to each side's root.
func TestDiffFactsAndSchemaFlags(t *testing.T) {
	dir := shippedRepo(t)
	sides := []string{t.TempDir(), t.TempDir()}
	for _, side := range sides {
		for from, to := range map[string]string{"facts": "data", "schema": "vocab"} {
			if err := os.CopyFS(filepath.Join(side, to), os.DirFS(filepath.Join(dir, from))); err != nil {
				t.Fatal(err)
			}
		}
	}
	os.Remove(filepath.Join(sides[1], "data", "products", "tmall.yaml"))
	code, out, errs := run(t, "diff", "--facts", "data", "--schema", "vocab", sides[0], sides[1])
	if code != ExitOK || !strings.Contains(out, "tmall: Tmall (Marketplace), removed") {
		t.Errorf("exit %d\n%s%s", code, out, errs)
	}
	// Without the flags the sides have no facts/ or schema/ to read.
	if code, _, _ := run(t, "diff", sides[0], sides[1]); code != ExitUsage {
		t.Errorf("without --facts and --schema: exit %d, want %d", code, ExitUsage)
	}
}

func TestDiffUsage(t *testing.T) {
	shippedRepo(t)
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"diff"}, "diff takes a base"},
		{[]string{"diff", "a", "b", "c"}, "diff takes a base"},
		{[]string{"diff", "--format", "html", "HEAD"}, "--format must be one of"},
		{[]string{"diff", "--", "--output=/tmp/x"}, "is neither a directory nor a git revision"},
		{[]string{"diff", "no-such-branch"}, "is neither a directory nor a git revision"},
		{[]string{"diff", "--facts", "../elsewhere", "HEAD"}, "must be a relative path inside the project"},
	} {
		code, _, errs := run(t, tc.args...)
		if code != ExitUsage || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, errs, ExitUsage, tc.msg)
		}
	}
}

// TestDiffSVG draws the changed neighbourhood through the renderer child
// process, when it can be built.
func TestDiffSVG(t *testing.T) {
	if testing.Short() {
		t.Skip("builds factgraph-render")
	}
	bin := filepath.Join(t.TempDir(), "factgraph-render")
	build := exec.Command("go", "build", "-o", bin, "github.com/factgraph/factgraph/cmd/factgraph-render")
	if out, err := build.CombinedOutput(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("building factgraph-render: %v\n%s", err, out)
		}
		t.Skipf("cannot build factgraph-render: %v\n%s", err, out)
	}
	t.Setenv("FACTGRAPH_RENDERER", bin)
	shippedRepo(t)
	appendTo(t, "facts/organizations/ant-group.yaml", "  - predicate: owns\n    object: youku-tudou\n    sources: [alipay-vs-alibaba]\n")
	svg := filepath.Join(t.TempDir(), "diff.svg")
	code, _, errs := run(t, "diff", "--svg", svg, "--format", "json", "main")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	s := readFile(t, svg)
	for _, want := range []string{"<svg", "Youku Tudou", "+ ownedBy, undated", `stroke="#1a7f37"`} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}
