package diff

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/fixture"
	"github.com/factgraph/factgraph/internal/gittest"
	"github.com/factgraph/factgraph/internal/render"
	"github.com/factgraph/factgraph/internal/testenv"

	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
)

// project writes a project root with the shipped schema/ and the given
// fact files (paths relative to facts/).
func project(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeProject(t, dir, files)
	return dir
}

func writeProject(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := os.CopyFS(filepath.Join(dir, "schema"), os.DirFS(fixture.Schema())); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "facts"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		p := filepath.Join(dir, "facts", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var opts = Options{FactsDir: "facts", SchemaDir: "schema", Limits: fact.DefaultLimits}

func compare(t *testing.T, base, head map[string]string) *Diff {
	t.Helper()
	b, err := Load(context.Background(), project(t, base), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	h, err := Load(context.Background(), project(t, head), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	return Compare(b, h)
}

// changes lists a diff's changes as "id: status triple [field base->head,...]".
func changes(d *Diff) []string {
	var out []string
	for _, e := range d.Entities {
		if e.Status != Changed {
			out = append(out, fmt.Sprintf("%s: entity %s", e.ID, e.Status))
		}
		for _, f := range e.Fields {
			out = append(out, fmt.Sprintf("%s: field %s %q->%q", e.ID, f.Field, f.Base, f.Head))
		}
		for _, s := range e.Statements {
			line := fmt.Sprintf("%s: %s %s", e.ID, s.Status, s.Triple())
			for _, c := range s.Changes {
				line += fmt.Sprintf(" [%s %s->%s]", c.Field, c.Base, c.Head)
			}
			out = append(out, line)
		}
	}
	return out
}

const (
	sources = `id: src
type: Source
label: A source
`
	sources2 = `id: src2
type: Source
label: Another source
`
	antGroup = `id: ant-group
type: Company
label: Ant Group
`
	alibaba = `id: alibaba-group
type: Company
label: Alibaba Group
`
	alipay = `id: alipay
type: PaymentPlatform
label: Alipay
statements:
  - predicate: ownedBy
    object: ant-group
    from: 2014
    sources: [src]
  - predicate: founded
    value: 2004
    sources: [src]
  - predicate: partnerOf
    object: alibaba-group
    sources: [src, src2]
`
)

func base() map[string]string {
	return map[string]string{
		"sources/src.yaml": sources, "sources/src2.yaml": sources2,
		"organizations/ant-group.yaml": antGroup, "organizations/alibaba-group.yaml": alibaba,
		"products/alipay.yaml": alipay,
	}
}

func with(m map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(out, kv[i])
		} else {
			out[kv[i]] = kv[i+1]
		}
	}
	return out
}

// TestNotAChange: moving, reordering, rewriting from the other side and
// reformatting leave the normalised graph as it was.
func TestNotAChange(t *testing.T) {
	for _, tc := range []struct {
		name string
		head map[string]string
	}{
		{"file moved to another directory", with(base(), "products/alipay.yaml", "", "alipay.yaml", alipay)},
		{"statements reordered and reformatted", with(base(), "products/alipay.yaml", `# reformatted
label: "Alipay"
type: PaymentPlatform
id: alipay
statements:
  - predicate: partnerOf
    sources:
      - src2
      - src
    object: alibaba-group
  - value: "2004"
    predicate: founded
    sources: [src]
  - {predicate: ownedBy, object: ant-group, from: "2014", sources: [src]}
`)},
		{"statement moved to the object's file, written with the inverse", with(base(),
			"products/alipay.yaml", strings.Replace(alipay, "  - predicate: ownedBy\n    object: ant-group\n    from: 2014\n    sources: [src]\n", "", 1),
			"organizations/ant-group.yaml", antGroup+"statements:\n  - predicate: owns\n    object: alipay\n    from: 2014\n    sources: [src]\n")},
		{"symmetric statement written from the other side", with(base(),
			"products/alipay.yaml", strings.Replace(alipay, "  - predicate: partnerOf\n    object: alibaba-group\n    sources: [src, src2]\n", "", 1),
			"organizations/alibaba-group.yaml", alibaba+"statements:\n  - predicate: partnerOf\n    object: alipay\n    sources: [src2, src]\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := compare(t, base(), tc.head)
			if got := changes(d); len(got) > 0 {
				t.Errorf("changes: %q", got)
			}
			if len(d.Findings.New)+len(d.Findings.Fixed) > 0 {
				t.Errorf("findings: new %v, fixed %v", d.Findings.New, d.Findings.Fixed)
			}
			if !d.Empty() {
				t.Error("Empty() = false")
			}
		})
	}
}

// TestChanges: what was added, removed and changed, and nothing else.
func TestChanges(t *testing.T) {
	for _, tc := range []struct {
		name string
		head map[string]string
		want []string
	}{
		{"statement added", with(base(), "products/alipay.yaml", alipay+"  - predicate: category\n    value: digital wallet\n    sources: [src]\n"),
			[]string{`alipay: added alipay category "digital wallet"`}},
		{"statement removed", with(base(), "products/alipay.yaml", strings.Replace(alipay, "  - predicate: founded\n    value: 2004\n    sources: [src]\n", "", 1)),
			[]string{`alipay: removed alipay founded "2004"`}},
		{"dates changed", with(base(), "products/alipay.yaml", strings.Replace(alipay, "from: 2014\n", "from: 2014-10\n    to: 2020\n", 1)),
			[]string{"alipay: changed alipay ownedBy ant-group [from 2014->2014-10] [to ->2020]"}},
		{"rank, reason and sources changed", with(base(), "products/alipay.yaml", strings.Replace(alipay, "from: 2014\n    sources: [src]\n", "from: 2014\n    rank: deprecated\n    reason: doubtful\n    sources: [src, src2]\n", 1)),
			[]string{"alipay: changed alipay ownedBy ant-group [rank normal->deprecated] [reason ->doubtful] [sources src->src, src2]"}},
		{"share changed", with(base(), "organizations/alibaba-group.yaml", alibaba+"statements:\n  - predicate: holdsStakeIn\n    object: ant-group\n    share: 33\n    sources: [src]\n"),
			[]string{"alibaba-group: added alibaba-group holdsStakeIn ant-group"}},
		{"one-value literal replaced", with(base(), "products/alipay.yaml", strings.Replace(alipay, "value: 2004", "value: 2005", 1)),
			[]string{`alipay: changed alipay founded "2005" [value 2004->2005]`}},
		{"entity added with statements, label changed", with(base(),
			"products/taobao.yaml", "id: taobao\ntype: Marketplace\nlabel: Taobao\nstatements:\n  - predicate: usesPaymentPlatform\n    object: alipay\n    sources: [src]\n",
			"organizations/ant-group.yaml", strings.Replace(antGroup, "Ant Group", "Ant Financial", 1)),
			[]string{`ant-group: field label "Ant Group"->"Ant Financial"`, "taobao: entity added", `taobao: field type ""->"Marketplace"`,
				`taobao: field label ""->"Taobao"`, "taobao: added taobao usesPaymentPlatform alipay"}},
		{"entity removed with the statements pointing at it", with(base(), "organizations/alibaba-group.yaml", "",
			"products/alipay.yaml", strings.Replace(alipay, "  - predicate: partnerOf\n    object: alibaba-group\n    sources: [src, src2]\n", "", 1)),
			[]string{"alibaba-group: entity removed", `alibaba-group: field type "Company"->""`, `alibaba-group: field label "Alibaba Group"->""`,
				"alibaba-group: removed alibaba-group partnerOf alipay"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := compare(t, base(), tc.head)
			if got := changes(d); !slices.Equal(got, tc.want) {
				t.Errorf("changes:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
	// A changed share is a change of that statement.
	stake := func(share string) map[string]string {
		return with(base(), "organizations/alibaba-group.yaml", alibaba+"statements:\n  - predicate: holdsStakeIn\n    object: ant-group\n    share: "+share+"\n    sources: [src]\n")
	}
	if got, want := changes(compare(t, stake("33"), stake("33.0"))), []string(nil); !slices.Equal(got, want) {
		t.Errorf("33 and 33.0 are the same share: %q", got)
	}
	if got, want := changes(compare(t, stake("33"), stake("40"))), []string{"alibaba-group: changed alibaba-group holdsStakeIn ant-group [share 33->40]"}; !slices.Equal(got, want) {
		t.Errorf("share: got %q, want %q", got, want)
	}
}

// TestFindings: findings already there are matched however lines moved;
// findings the change introduces are new; findings it removes are fixed.
func TestFindings(t *testing.T) {
	// The base has a statement without sources (missing-source) and an
	// unknown predicate.
	b := with(base(), "products/taobao.yaml", "id: taobao\ntype: Marketplace\nlabel: Taobao\nstatements:\n  - predicate: usesPaymentPlatform\n    object: alipay\n  - predicate: sellz\n    value: things\n")
	// The head adds two statements above them (every line moves), fixes
	// the unknown predicate and adds a conflict.
	h := with(b, "products/taobao.yaml", "id: taobao\ntype: Marketplace\nlabel: Taobao\nstatements:\n  - predicate: operatedBy\n    object: alibaba-group\n    sources: [src]\n"+
		"  - predicate: operatedBy\n    object: ant-group\n    sources: [src]\n  - predicate: usesPaymentPlatform\n    object: alipay\n")
	d := compare(t, b, h)
	for _, tc := range []struct {
		name string
		fs   finding.List
		want []string
	}{
		{"new", d.Findings.New, []string{"functional-conflict@5"}},
		{"existing", d.Findings.Existing, []string{"missing-source@11"}},
		// The removed statement's missing-source goes with it.
		{"fixed", d.Findings.Fixed, []string{"missing-source@7", "unknown-predicate@7"}},
	} {
		var got []string
		for _, f := range tc.fs {
			got = append(got, fmt.Sprintf("%s@%d", f.Rule, f.Line))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s findings: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestMarkdownCap generates a change far larger than a comment can hold:
// the markdown stays within GitHub's limit, keeps the full totals and
// says what it left out.
func TestMarkdownCap(t *testing.T) {
	head := base()
	for i := range 1500 {
		var b strings.Builder
		fmt.Fprintf(&b, "id: company-%04d\ntype: Company\nlabel: Company number %d with a long enough name\nstatements:\n", i, i)
		for j := range 8 {
			fmt.Fprintf(&b, "  - predicate: industry\n    value: industry %d of company %d, described at some length\n", j, i)
			if j%2 == 0 {
				b.WriteString("    sources: [src]\n") // the others lack sources: new warnings
			}
		}
		head[fmt.Sprintf("organizations/company-%04d.yaml", i)] = b.String()
	}
	d := compare(t, base(), head)
	c := d.Counts()
	if c.EntitiesAdded != 1500 || c.StatementsAdded != 12000 || c.FindingsNew != 6000 {
		t.Fatalf("counts: %+v", c)
	}
	var full bytes.Buffer
	if err := (Markdown{Limit: 1 << 30}).Write(&full, d); err != nil {
		t.Fatal(err)
	}
	if full.Len() <= MaxMarkdown {
		t.Fatalf("the generated change is too small to test the cap: %d bytes", full.Len())
	}
	var out bytes.Buffer
	if err := Formats["markdown"].Write(&out, d); err != nil {
		t.Fatal(err)
	}
	md := out.String()
	if n := len([]rune(md)); n > MaxMarkdown || out.Len() > MaxMarkdown {
		t.Fatalf("markdown is %d characters (%d bytes), over %d", n, out.Len(), MaxMarkdown)
	}
	for _, want := range []string{
		"**Statements:** 12000 added, 0 removed, 0 changed · **Entities:** 1500 added",
		"**Findings:** **6000 new**",
		"#### New findings (6000)",
		"Summary cut to fit GitHub's 65536-character limit",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	// The note counts exactly what is missing.
	shown := strings.Count(md, "- **warning** ")
	m := regexp.MustCompile(`(\d+) entities with (\d+) statement changes and (\d+) findings not shown`).FindStringSubmatch(md)
	if m == nil {
		t.Fatalf("no omission count in the note:\n%s", md[len(md)-400:])
	}
	if m[3] != fmt.Sprint(6000-shown) {
		t.Errorf("note says %s findings not shown, but %d of 6000 are shown", m[3], shown)
	}
}

// TestMarkdownEscaping: text from facts cannot add markup, HTML, links,
// autolinks or mentions to the comment, whether it is a label or quoted
// in a finding's message.
func TestMarkdownEscaping(t *testing.T) {
	hostile := "<img src=x onerror=alert(1)> @octocat [click](javascript:alert(1)) **bold** `tick` $x$"
	// GitHub's extended autolinks need no markup at all: bare URLs of any
	// scheme and case, www. names, e-mail addresses, and mentions of
	// users and teams.
	autolinks := "see https://evil.example/x HTTP://EVIL.EXAMPLE/y ftp://evil.example/z (www.evil.example) WWW.Evil.Example " +
		"mail a.b+c@evil.example or mailto:x@evil.example, ping @octo-org/team and @octocat."
	head := with(base(), "products/alipay.yaml", strings.Replace(alipay, "label: Alipay", "label: \""+strings.ReplaceAll(hostile, `"`, `\"`)+"\"", 1)+
		"  - predicate: category\n    value: \"``` <b>x</b> @octocat\"\n    sources: [src]\n",
		"organizations/ant-group.yaml", strings.Replace(antGroup, "Ant Group", autolinks, 1),
		// An invalid type is quoted in the finding's message.
		"products/evil.yaml", "id: evil\ntype: \""+autolinks+"\"\nlabel: Evil\n")
	d := compare(t, base(), head)
	var out bytes.Buffer
	if err := (Markdown{}).Write(&out, d); err != nil {
		t.Fatal(err)
	}
	md := out.String()
	prose := stripCode(md)
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`(^|[^\\])<img`), regexp.MustCompile(`(^|[^\\])\]\(javascript`),
		regexp.MustCompile(`(^|[^\\])\*\*bold`), regexp.MustCompile(`@octocat`), regexp.MustCompile(`(^|[^\\])\$x`),
	} {
		// Outside code spans, nothing of the input may survive as markup.
		if bad.MatchString(prose) {
			t.Errorf("markdown matches %s outside code spans:\n%s", bad, prose)
		}
	}
	// Backslash escapes do not stop GitHub's autolinks, which see the
	// text after they are resolved.
	unescaped := regexp.MustCompile(`\\([[:punct:]])`).ReplaceAllString(prose, "$1")
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`(?i)[a-z]+://`),              // a bare URL
		regexp.MustCompile(`(?i)(^|[\s*_~(])www\.`),      // a www. name
		regexp.MustCompile(`[\w.+-]+@[\w-]+(\.[\w-]+)+`), // an e-mail address
		regexp.MustCompile(`(^|[^\w])@[\w-]`),            // a mention
	} {
		if bad.MatchString(unescaped) {
			t.Errorf("GitHub would autolink %s in:\n%s", bad, unescaped)
		}
	}
	// Defused, not dropped: the label and the message still show the text.
	for _, want := range []string{
		"**`ant-group`** see https:\u2060//evil.example/x",      // the label
		`: "type": "see https:` + "\u2060" + `//evil.example/x`, // the message
		"\\(www\u2060.evil.example\\)", "a.b+c\\@\u2060evil.example", "\\@\u2060octo-org/team",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	found := false
	for _, f := range d.Findings.New {
		found = found || strings.Contains(f.Message, "https://evil.example/x")
	}
	if !found {
		t.Errorf("no new finding quotes the invalid type, so messages are not tested: %v", d.Findings.New)
	}
	if !strings.Contains(md, "@\u2060octocat") {
		t.Errorf("mention not defused:\n%s", md)
	}
	if !strings.Contains(md, "````alipay category \"``` <b>x</b> @octocat\"````") {
		t.Errorf("backticks in a value need a longer fence:\n%s", md)
	}
}

// stripCode removes inline code spans, whose content markdown shows as
// is, following CommonMark: a run of n backticks not escaped by a
// backslash opens a span that the next run of exactly n closes.
func stripCode(md string) string {
	var b strings.Builder
	run := func(s string, i int) int {
		n := 0
		for i+n < len(s) && s[i+n] == '`' {
			n++
		}
		return n
	}
	for i := 0; i < len(md); {
		switch {
		case md[i] == '\\' && i+1 < len(md):
			b.WriteString(md[i : i+2])
			i += 2
		case md[i] == '`':
			n := run(md, i)
			closed := -1
			for j := i + n; j < len(md); {
				if md[j] == '`' {
					m := run(md, j)
					if m == n {
						closed = j
						break
					}
					j += m
					continue
				}
				j++
			}
			if closed < 0 {
				b.WriteString(md[i : i+n])
				i += n
				continue
			}
			i = closed + n
		default:
			b.WriteByte(md[i])
			i++
		}
	}
	return b.String()
}

// TestDOT checks the drawing: the allowed attribute set, one style per
// status, escaped labels, and the same bytes every time.
func TestDOT(t *testing.T) {
	head := with(base(),
		"products/alipay.yaml", strings.Replace(strings.Replace(alipay, "from: 2014\n", "from: 2015\n", 1), "  - predicate: partnerOf\n    object: alibaba-group\n    sources: [src, src2]\n", "", 1),
		"products/taobao.yaml", "id: taobao\ntype: Marketplace\nlabel: \"Tao & bao \\\\N \\\"q\\\"\"\nstatements:\n  - predicate: usesPaymentPlatform\n    object: alipay\n    sources: [src]\n")
	d := compare(t, base(), head)
	dot, nodes, edges := d.DOT()
	again, _, _ := d.DOT()
	if !bytes.Equal(dot, again) {
		t.Error("DOT is not deterministic")
	}
	s := string(dot)
	allowed := map[string]bool{"label": true, "tooltip": true, "color": true, "fillcolor": true, "fontcolor": true, "style": true,
		"penwidth": true, "shape": true, "rankdir": true, "labelloc": true, "fontsize": true}
	for _, m := range regexp.MustCompile(`([a-z]+)=`).FindAllStringSubmatch(regexp.MustCompile(`"(\\.|[^"\\])*"`).ReplaceAllString(s, `""`), -1) {
		if !allowed[m[1]] {
			t.Errorf("attribute %q is not in the fixed set", m[1])
		}
	}
	if !strings.Contains(s, `Tao &amp; bao \\N \"q\"`) {
		t.Errorf("label not escaped for graphviz:\n%s", s)
	}
	for _, want := range []string{
		`"alipay" -> "ant-group" [label="~ ownedBy\nfrom 2014→2015"`,
		`"taobao" -> "alipay" [label="+ usesPaymentPlatform, undated"`, `color="#1a7f37"`,
		`"alibaba-group" -> "alipay" [label="− partnerOf, undated"`, `style="dashed"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("DOT lacks %s:\n%s", want, s)
		}
	}
	if nodes != strings.Count(s, "tooltip=")-edges || edges != strings.Count(s, " -> ") {
		t.Errorf("counts %d nodes, %d edges do not match the DOT:\n%s", nodes, edges, s)
	}
}

// TestGitRevisions loads revisions of a temporary repository: each side
// with its own schema, paths relative to the root, and hostile revision
// arguments refused.
func TestGitRevisions(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	writeProject(t, dir, base())
	gittest.Run(t, dir, "init", "-q", "-b", "main")
	gittest.Run(t, dir, "add", ".")
	gittest.Run(t, dir, "commit", "-q", "-m", "base")
	// The second commit adds a predicate to its own vocabulary and uses
	// it, and commits a symlink in facts/: the link is recreated, reported
	// by the loader and never followed.
	vocabPath := filepath.Join(dir, "schema", "vocabulary.yaml")
	v, _ := os.ReadFile(vocabPath)
	v = append(v, "  nickname:\n    label: nickname\n    datatype: string\n    cardinality: many\n"...)
	os.WriteFile(vocabPath, v, 0o644)
	os.WriteFile(filepath.Join(dir, "facts", "products", "alipay.yaml"), []byte(alipay+"  - predicate: nickname\n    value: Zhi\n    sources: [src]\n"), 0o644)
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "facts", "evil.yaml")); err != nil {
		t.Fatal(err)
	}
	gittest.Run(t, dir, "add", ".")
	gittest.Run(t, dir, "commit", "-q", "-m", "head")
	t.Chdir(dir)

	b, err := Load(context.Background(), "main~1", opts)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	h, err := Load(context.Background(), "main", opts)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if len(b.Commit) != 40 || b.Root == dir {
		t.Errorf("base: commit %q, root %q", b.Commit, b.Root)
	}
	d := Compare(b, h)
	if got, want := changes(d), []string{`alipay: added alipay nickname "Zhi"`}; !slices.Equal(got, want) {
		t.Errorf("changes: got %q, want %q", got, want)
	}
	var newRules []string
	for _, f := range d.Findings.New {
		newRules = append(newRules, f.File+" "+f.Rule)
	}
	if want := []string{"facts/evil.yaml input"}; !slices.Equal(newRules, want) {
		t.Errorf("new findings: got %q, want %q", newRules, want)
	}
	root := b.Root
	b.Close()
	if _, err := os.Stat(root); !os.IsNotExist(err) {
		t.Errorf("temporary directory %s left behind", root)
	}

	for _, ref := range []string{"-x", "--output=/tmp/x", "main;ls", "main $(id)", "nonexistent", "main:facts", ""} {
		if ref == "" {
			continue
		}
		if _, err := Load(context.Background(), ref, opts); err == nil {
			t.Errorf("Load(%q) succeeded", ref)
		}
	}
}

// TestJSONShape checks the documented top-level shape and that arrays are
// never null.
func TestJSONShape(t *testing.T) {
	d := compare(t, base(), base())
	var out bytes.Buffer
	if err := (JSON{}).Write(&out, d); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"base", "head", "counts", "entities", "findings"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("no %q in %s", k, out.String())
		}
	}
	if doc["entities"] == nil || doc["findings"].(map[string]any)["new"] == nil {
		t.Errorf("null arrays in %s", out.String())
	}
}

// TestRevisionIsNeverADirectory: a pull request can add a directory named
// after the base commit; the base, passed as a revision, must still be
// read from git. A directory is only ever a path with a slash.
func TestRevisionIsNeverADirectory(t *testing.T) {
	testenv.Program(t, "git")
	dir := t.TempDir()
	writeProject(t, dir, base())
	gittest.Run(t, dir, "init", "-q", "-b", "main")
	gittest.Run(t, dir, "add", ".")
	gittest.Run(t, dir, "commit", "-q", "-m", "base")
	sha := gittest.Run(t, dir, "rev-parse", "HEAD")
	// The shadow: a project of its own under the commit's name, full and
	// abbreviated, with a fact the revision does not have.
	for _, name := range []string{sha, sha[:7], "main"} {
		writeProject(t, filepath.Join(dir, name), with(base(), "products/shadow.yaml", "id: shadow\ntype: Company\nlabel: Shadow\n"))
	}
	t.Chdir(dir)
	for _, ref := range []string{sha, sha[:7], "main"} {
		s, err := Load(context.Background(), ref, opts)
		if err != nil {
			t.Fatalf("Load(%q): %v", ref, err)
		}
		if s.Commit != sha || s.entity("shadow") != nil {
			t.Errorf("Load(%q) read commit %q, shadow entity %v: the directory shadowed the revision", ref, s.Commit, s.entity("shadow"))
		}
		s.Close()
		d, err := Load(context.Background(), "./"+ref, opts)
		if err != nil {
			t.Fatalf("Load(./%s): %v", ref, err)
		}
		if d.Commit != "" || d.entity("shadow") == nil {
			t.Errorf("Load(./%s) did not read the directory", ref)
		}
		d.Close()
	}
	// A bare name that is no revision but is a directory says how to
	// write the directory.
	writeProject(t, filepath.Join(dir, "other"), base())
	if _, err := Load(context.Background(), "other", opts); err == nil || !strings.Contains(err.Error(), "./other") {
		t.Errorf("Load(other) = %v, want an error naming ./other", err)
	}
}

// TestUnreadableHeadFile: a head file with a YAML error is shown as
// unreadable, not as the removal of all its statements.
func TestUnreadableHeadFile(t *testing.T) {
	head := with(base(), "products/alipay.yaml", alipay+"  - predicate: [\n")
	d := compare(t, base(), head)
	if got, want := changes(d), []string{"alipay: entity unreadable"}; !slices.Equal(got, want) {
		t.Errorf("changes: got %q, want %q", got, want)
	}
	if len(d.Findings.New) == 0 || d.Findings.New[0].Rule != "yaml-syntax" {
		t.Errorf("new findings %v, want the syntax error", d.Findings.New)
	}
	// The drawing marks the entity instead of failing on it.
	out, _, _ := d.DOT()
	if err := render.CheckDOT(out); err != nil || !strings.Contains(string(out), "? unreadable on one side") {
		t.Errorf("DOT (%v):\n%s", err, out)
	}
}

// TestPartialCloneNeverFetches: in a partial clone, reading a revision
// whose blobs are not present must fail, not fetch them from the remote.
func TestPartialCloneNeverFetches(t *testing.T) {
	testenv.Program(t, "git")
	remote := t.TempDir()
	writeProject(t, remote, base())
	gittest.Run(t, remote, "init", "-q", "-b", "main")
	gittest.Run(t, remote, "add", ".")
	gittest.Run(t, remote, "commit", "-q", "-m", "base")
	gittest.Run(t, remote, "config", "uploadpack.allowFilter", "true")
	clone := filepath.Join(t.TempDir(), "clone")
	gittest.Run(t, t.TempDir(), "clone", "-q", "--filter=blob:none", "--no-checkout", "file://"+remote, clone)
	before := gittest.Run(t, clone, "count-objects", "-v")
	t.Chdir(clone)
	_, err := Load(context.Background(), "main", opts)
	if err == nil {
		t.Fatal("Load of a revision whose blobs are missing succeeded: they were fetched")
	}
	if after := gittest.Run(t, clone, "count-objects", "-v"); after != before {
		t.Errorf("objects were fetched:\nbefore %s\nafter %s", before, after)
	}
}
