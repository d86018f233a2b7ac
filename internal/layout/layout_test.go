package layout

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	udiff "github.com/aymanbagabas/go-udiff"

	"gopkg.in/yaml.v3"

	"github.com/factgraph/factgraph/internal/strictyaml"
)

// The golden pairs: each input and the canonical layout it must get.
var golden = []struct {
	name, in, want string
}{
	{
		name: "already canonical",
		in:   "id: alipay\ntype: PaymentPlatform\nlabel: Alipay\n",
		want: "id: alipay\ntype: PaymentPlatform\nlabel: Alipay\n",
	},
	{
		name: "top-level keys in schema order, unknown keys last",
		in:   "statements: []\nzzz: 1\nlabel: Alipay\npublished: 2004\nid: alipay\naaa: 2\ntype: Source\naliases: [A]\n",
		want: "id: alipay\ntype: Source\nlabel: Alipay\naliases: [A]\npublished: 2004\nstatements: []\nzzz: 1\naaa: 2\n",
	},
	{
		name: "statement keys in schema order, 2-space indentation",
		in: "id: a\nstatements:\n    -   sources: [s]\n        note: a note\n        rank: deprecated\n        reason: r\n        to: 2014\n        from: 2004\n" +
			"        object: b\n        predicate: ownedBy\n        acknowledge:\n            - reason: why\n              rule: functional-conflict\n",
		want: "id: a\nstatements:\n  - predicate: ownedBy\n    object: b\n    from: 2004\n    to: 2014\n    rank: deprecated\n    reason: r\n    sources: [s]\n    note: a note\n" +
			"    acknowledge:\n      - rule: functional-conflict\n        reason: why\n",
	},
	{
		name: "dates written plainly",
		in:   "id: a\npublished: \"2014-10\"\nstatements:\n  - predicate: p\n    object: b\n    from: '2004'\n    to: \"2014-10-16\"\n  - predicate: q\n    object: c\n    at: 2010-05\n",
		want: "id: a\npublished: 2014-10\nstatements:\n  - predicate: p\n    object: b\n    from: 2004\n    to: 2014-10-16\n  - predicate: q\n    object: c\n    at: 2010-05\n",
	},
	{
		name: "a quoted literal value keeps its quotes: it is text, not a number",
		in:   "id: a\nstatements:\n  - predicate: founded\n    value: '2004'\n  - predicate: website\n    value: \"https://example.org/\"\n",
		want: "id: a\nstatements:\n  - predicate: founded\n    value: \"2004\"\n  - predicate: website\n    value: https://example.org/\n",
	},
	{
		name: "quoting: plain when it reads back the same, double quotes otherwise",
		in: "id: a\nlabel: 'Alipay: the app'\ndescription: 'true'\npublisher: \"plain text\"\nurl: 'https://example.org/a#b'\n" +
			"aliases: ['yes', '#tag', 'a, b', \"it's\", '@x', '- x', null]\n",
		want: "id: a\nlabel: \"Alipay: the app\"\naliases: [\"yes\", \"#tag\", \"a, b\", it's, \"@x\", \"- x\", null]\ndescription: \"true\"\n" +
			"url: https://example.org/a#b\npublisher: plain text\n",
	},
	{
		name: "flow lists when they fit in 80 columns, block lists otherwise",
		in: "id: a\naliases:\n  - One\n  - Two\nstatements:\n  - predicate: p\n    object: b\n" +
			"    sources: [a-very-long-source-identifier-one, a-very-long-source-identifier-two, x]\n",
		want: "id: a\naliases: [One, Two]\nstatements:\n  - predicate: p\n    object: b\n    sources:\n" +
			"      - a-very-long-source-identifier-one\n      - a-very-long-source-identifier-two\n      - x\n",
	},
	{
		name: "long text keeps its style: one line stays one line, a folded block is re-wrapped at 80 columns",
		in:   "id: a\nlabel: " + strings.Repeat("word ", 20) + "end\ndescription: |-\n  " + strings.Repeat("lorem ipsum ", 12) + "end\n",
		want: "id: a\nlabel: " + strings.Repeat("word ", 20) + "end\ndescription: >-\n" +
			"  lorem ipsum lorem ipsum lorem ipsum lorem ipsum lorem ipsum lorem ipsum lorem\n  ipsum lorem ipsum lorem ipsum lorem ipsum lorem ipsum lorem ipsum end\n",
	},
	{
		name: "text with line breaks is a literal block; trailing breaks are kept",
		in:   "id: a\ndescription: \"line one\\nline two\\n\"\nstatements:\n  - predicate: p\n    object: b\n    note: \"x\\n\\ny\"\n",
		want: "id: a\ndescription: |\n  line one\n  line two\nstatements:\n  - predicate: p\n    object: b\n    note: |-\n      x\n\n      y\n",
	},
	{
		name: "text a block cannot hold is double-quoted with escapes",
		in:   "id: a\ndescription: \"  leading blanks\\ttab \\\"quote\\\" back\\\\slash\"\nnote: \"trailing \\nblank\"\n",
		want: "id: a\ndescription: \"  leading blanks\\ttab \\\"quote\\\" back\\\\slash\"\nnote: \"trailing \\nblank\"\n",
	},
	{
		name: "comments stay with their keys and items",
		in: "# head of file\nid: a # the id\n# about the type\ntype: T\nstatements:\n  # first statement\n  - predicate: p # why p\n    # before the object\n    object: b\n" +
			"  # second statement\n  - object: c\n    predicate: q\n# end of file\n",
		want: "# head of file\nid: a # the id\n# about the type\ntype: T\nstatements:\n  # first statement\n  - predicate: p # why p\n    # before the object\n    object: b\n" +
			"  # second statement\n  - predicate: q\n    object: c\n# end of file\n",
	},
	{
		name: "document markers, blank lines, CRLF and a BOM go",
		in:   "\ufeff---\r\nid: a\r\n\r\ntype: T\r\n\r\n...\r\n",
		want: "id: a\ntype: T\n",
	},
	{
		name: "numbers and booleans as written, empty values as null",
		in:   "id: a\nstatements:\n  - predicate: holdsStakeIn\n    object: b\n    share: 33.5\n  - predicate: p\n    value: 1e3\nflag: true\nempty:\n",
		want: "id: a\nstatements:\n  - predicate: holdsStakeIn\n    object: b\n    share: 33.5\n  - predicate: p\n    value: 1e3\nflag: true\nempty: null\n",
	},
	{
		name: "nested mappings and empty collections",
		in:   "id: a\nextra: {b: 1, a: [x, {c: d}], e: {}, f: []}\n",
		want: "id: a\nextra:\n  b: 1\n  a:\n    - x\n    - c: d\n  e: {}\n  f: []\n",
	},
}

func TestFormatGolden(t *testing.T) {
	for _, tc := range golden {
		t.Run(tc.name, func(t *testing.T) {
			got, err := format("x.yaml", []byte(tc.in))
			if err != nil {
				t.Fatalf("Format: %v", err)
			}
			if string(got) != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s\ndiff:\n%s", got, tc.want, udiff.Unified("want", "got", tc.want, string(got)))
			}
		})
	}
}

// TestIdempotent formats every golden output and every shipped fact file
// again: the canonical layout of a canonical file is the file itself.
func TestIdempotent(t *testing.T) {
	inputs := map[string][]byte{}
	for _, tc := range golden {
		inputs[tc.name] = []byte(tc.want)
	}
	files, err := filepath.Glob("../../facts/*/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no shipped facts: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = data
	}
	for name, in := range inputs {
		once, err := format(name, in)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		twice, err := format(name, once)
		if err != nil {
			t.Errorf("%s: second pass: %v", name, err)
			continue
		}
		if !bytes.Equal(once, twice) {
			t.Errorf("%s: not idempotent:\n%s", name, udiff.Unified("once", "twice", string(once), string(twice)))
		}
	}
}

// TestShippedFactsAreCanonical keeps facts/ fmt-clean.
func TestShippedFactsAreCanonical(t *testing.T) {
	files, _ := filepath.Glob("../../facts/*/*.yaml")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out, err := format(f, data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !bytes.Equal(out, data) {
			t.Errorf("%s is not in the canonical layout; run factgraph fmt -w facts:\n%s", f, udiff.Unified("a/"+f, "b/"+f, string(data), string(out)))
		}
	}
}

// TestCommentsKept checks that every comment of a file full of them is in
// the output, whatever keys were reordered.
func TestCommentsKept(t *testing.T) {
	in := `# c1 file head
# c2 second line

id: alipay # c3 on id
# c4 before type
type: PaymentPlatform
label: Alipay
statements:
  # c5 before the first item
  - predicate: launchedBy
    object: alibaba-group
    # c6 inside the mapping
    sources: [x] # c7 after a flow list
    # c8 after the last key
  # c9 before the second item
  - sources: [y]
    predicate: x # c10 on the predicate
    value: >-
      folded text # not a comment
    note: y
  # c11 trailing in the list
# c12 end of file
`
	out, err := format("x.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 12; i++ {
		tag := fmt.Sprintf("# c%d ", i)
		if n := strings.Count(string(out), tag); n != 1 {
			t.Errorf("comment %q appears %d times in:\n%s", tag, n, out)
		}
	}
	if !strings.Contains(string(out), "folded text # not a comment") {
		t.Errorf("block scalar content changed:\n%s", out)
	}
}

// TestUnparseable checks that files the strict reader rejects are
// reported at the reader's position and never laid out.
func TestUnparseable(t *testing.T) {
	for _, tc := range []struct {
		name, in, rule string
		line, col      int
	}{
		{"syntax error", "id: a\nlabel: [Alipay\n", strictyaml.Syntax.Name, 2, 8},
		{"alias", "id: &x a\nlabel: *x\n", strictyaml.Alias.Name, 1, 5},
		{"duplicate key", "id: a\nlabel: A\nlabel: B\n", strictyaml.DuplicateKey.Name, 3, 1},
		{"tag", "id: a\nlabel: !!binary QQ==\n", strictyaml.Tag.Name, 2, 8},
		{"two documents", "id: a\n---\nid: b\n", strictyaml.MultiDoc.Name, 2, 1},
		{"control character", "id: a\nlabel: \"a\\u202eb\"\n", strictyaml.ControlChar.Name, 2, 8},
		{"empty", "# nothing\n", strictyaml.Empty.Name, 1, 1},
		{"hexadecimal number", "id: a\nshare: 0x1F\n", strictyaml.Scalar.Name, 2, 8},
		// yaml.v3 drops the non-specific tag, and a layout without it
		// would read "! 5" as the number 5 where YAML says the text "5".
		{"non-specific tag on a value", "id: a\nlabel: ! x\n", strictyaml.Tag.Name, 2, 8},
		{"non-specific tag on a number", "id: a\nshare: ! 5\n", strictyaml.Tag.Name, 2, 8},
		{"non-specific tag on a list", "id: a\naliases: ! [x]\n", strictyaml.Tag.Name, 2, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, fs, err := Format("bad.yaml", []byte(tc.in))
			if err != nil || len(fs) == 0 {
				t.Fatalf("got %q, %v, %v; want findings", out, fs, err)
			}
			if out != nil {
				t.Error("output returned for an unparseable file")
			}
			if f := fs[0]; f.Rule != tc.rule || f.Line != tc.line || f.Col != tc.col || f.File != "bad.yaml" {
				t.Errorf("got %v, want %s at %d:%d", f, tc.rule, tc.line, tc.col)
			}
		})
	}
}

// TestMeaningGuard replaces the printer with broken ones and checks that
// Format refuses their output, pointing at what would have changed.
func TestMeaningGuard(t *testing.T) {
	in := "id: alipay\nlabel: Alipay # name\nstatements:\n  - predicate: ownedBy\n    object: ant-group\n    from: 2014\n"
	for _, tc := range []struct {
		name      string
		broken    func(string) string
		line, col int
		msg       string
	}{
		{"changes a value", func(s string) string { return strings.Replace(s, "ant-group", "alibaba-group", 1) }, 5, 13, "statements.0.object"},
		{"turns a date into another date", func(s string) string { return strings.Replace(s, "from: 2014", "from: 2015", 1) }, 6, 11, "statements.0.from"},
		{"drops a key", func(s string) string { return strings.Replace(s, "    from: 2014\n", "", 1) }, 4, 5, "statements.0"},
		{"turns text into a number", func(s string) string { return strings.Replace(s, "label: Alipay", "label: 1", 1) }, 2, 8, "label"},
		{"drops a comment", func(s string) string { return strings.Replace(s, " # name", "", 1) }, 2, 15, "comment \"# name\""},
		{"changes a comment", func(s string) string { return strings.Replace(s, " # name", " # nom", 1) }, 2, 15, "comment \"# name\""},
		{"adds a comment", func(s string) string { return s + "# new\n" }, 1, 1, "add the comment \"# new\""},
		{"writes something that does not parse", func(s string) string { return s + "  - : :\n" }, 1, 1, "does not parse"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func(p func(*yaml.Node) []byte) { printTree = p }(printTree)
			// The first layout is broken; Format then lays out its output
			// again, with the printer working, until it is stable.
			calls := 0
			printTree = func(n *yaml.Node) []byte {
				if calls++; calls > 1 {
					return print(n)
				}
				return []byte(tc.broken(string(print(n))))
			}
			out, fs, err := Format("f.yaml", []byte(in))
			if err != nil || len(fs) != 1 || fs[0].Rule != Meaning.Name {
				t.Fatalf("got %q, %v, %v; want a %s finding", out, fs, err, Meaning.Name)
			}
			if f := fs[0]; f.Line != tc.line || f.Col != tc.col || !strings.Contains(f.Message, tc.msg) {
				t.Errorf("got %v; want %d:%d mentioning %q", f, tc.line, tc.col, tc.msg)
			}
		})
	}
	// A printer that never settles (different output on its own output,
	// every time) is caught.
	defer func(p func(*yaml.Node) []byte) { printTree = p }(printTree)
	calls := 0
	printTree = func(n *yaml.Node) []byte {
		calls++
		out := print(n)
		if calls%2 == 0 {
			out = bytes.Replace(out, []byte("label: Alipay"), []byte("label: \"Alipay\""), 1)
		}
		return out
	}
	if _, fs, _ := Format("f.yaml", []byte(in)); len(fs) != 1 || !strings.Contains(fs[0].Message, "not stable") {
		t.Errorf("unstable printer: got %v", fs)
	}
}

// TestTrickyText puts awkward strings everywhere text can go and checks
// that each survives (Format's guard would refuse a lossy layout, so an
// error here is a printer bug) and that formatting is stable.
func TestTrickyText(t *testing.T) {
	pieces := []string{"a", "Ali pay", ":", ": ", " #", "#", "-", "- ", "?", "[", "]", "{", "}", ",", "'", "\"", "\\", "&", "*", "!", "|", ">",
		"%", "@", "`", "true", "null", "~", "1", "0x1F", "1e3", "2004", "2004-10-16", "yes", "\t", "é", "漢字", "  ", "\n", "=", "<<"}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 400 {
		var b strings.Builder
		for range 1 + rng.IntN(5) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		for _, key := range []string{"label", "description", "aliases", "note"} {
			var src string
			switch key {
			case "aliases":
				src = "id: a\naliases: [" + strconv.Quote(s) + ", x]\n"
			case "note":
				src = "id: a\nstatements:\n  - predicate: p\n    note: " + strconv.Quote(s) + "\n"
			default:
				src = "id: a\n" + key + ": " + strconv.Quote(s) + "\n"
			}
			// strconv.Quote may write escapes YAML does not know (\a); skip
			// those inputs, they are not fact files.
			doc, fs, err := strictyaml.Parse("t.yaml", []byte(src), strictyaml.DefaultLimits)
			if err != nil || len(fs) > 0 {
				continue
			}
			out, err := format("t.yaml", []byte(src))
			if err != nil {
				t.Fatalf("case %d, %s %q: %v", i, key, s, err)
			}
			again, _, _ := strictyaml.Parse("t.yaml", out, strictyaml.DefaultLimits)
			if again == nil || !reflect.DeepEqual(doc.Value, again.Value) {
				t.Fatalf("case %d, %s %q: value changed:\n%s", i, key, s, out)
			}
			if twice, err := format("t.yaml", out); err != nil || !bytes.Equal(twice, out) {
				t.Fatalf("case %d, %s %q: not stable: %v\n%s\n%s", i, key, s, err, out, twice)
			}
		}
	}
}

// TestLineCommentOnBlockScalar keeps a comment after a block scalar's
// indicator out of the scalar's text.
func TestLineCommentOnBlockScalar(t *testing.T) {
	in := "id: a\ndescription: >- # folded on purpose\n  some words that are folded\n  over two lines\nlabel: A\n"
	want := "id: a\nlabel: A\ndescription: >- # folded on purpose\n  some words that are folded over two lines\n"
	got, err := format("x.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// format is Format with its findings as an error, for tests of files
// that must format.
func format(name string, src []byte) ([]byte, error) {
	out, fs, err := Format(name, src)
	if err == nil && len(fs) > 0 {
		err = fmt.Errorf("findings: %v", fs)
	}
	return out, err
}

// TestCommentsYAMLv3Drops covers the comments yaml.v3 drops or moves:
// inside flow collections, empty or not, between a key and its flow
// value, after the last item, on a directive's line, after the document
// end marker. Each must be in the output; the ones yaml.v3 drops go
// above their collection, or at the start or end of the file.
func TestCommentsYAMLv3Drops(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{
			name: "empty flow list",
			in:   "id: a\naliases: [\n  # none known yet\n]\n",
			want: "id: a\n# none known yet\naliases: []\n",
		},
		{
			name: "empty flow mapping",
			in:   "id: a\nextra: {\n  # nothing yet\n}\n",
			want: "id: a\n# nothing yet\nextra: {}\n",
		},
		{
			name: "after the opening bracket",
			in:   "id: a\naliases: [ # first\n  x]\n",
			want: "id: a\n# first\naliases: [x]\n",
		},
		{
			name: "after an item",
			in:   "id: a\naliases: [x, # after x\n  z]\n",
			want: "id: a\naliases:\n  - x # after x\n  - z\n",
		},
		{
			name: "right after a comma",
			in:   "id: a\naliases: [x,#tight\n  z]\n",
			want: "id: a\naliases:\n  - x #tight\n  - z\n",
		},
		{
			name: "after the last item",
			in:   "id: a\naliases: [x, z # after z\n]\n",
			want: "id: a\naliases:\n  - x\n  - z # after z\n",
		},
		{
			name: "on a line after the last item",
			in:   "id: a\naliases: [x, z,\n  # after the last item\n]\n",
			want: "id: a\naliases:\n  - x\n  - z\n    # after the last item\n",
		},
		{
			name: "between a key and its flow value",
			in:   "id: a\naliases: # between\n  [x, z]\n",
			want: "id: a\naliases: [x, z] # between\n",
		},
		{
			name: "nested empty collections",
			in:   "id: a\nextra: {a: [ # inner\n ], b: {\n # inner2\n }}\n",
			want: "id: a\nextra:\n  # inner\n  a: []\n  # inner2\n  b: {}\n",
		},
		{
			name: "flow mapping at the top",
			in:   "{ # top\n id: a}\n",
			want: "# top\nid: a\n",
		},
		{
			name: "flow list of statements",
			in:   "id: a\nstatements: [ # all\n {predicate: p, # why\n object: o}]\n",
			want: "id: a\n# all\nstatements:\n  - predicate: p # why\n    object: o\n",
		},
		{
			name: "after a closing quote",
			in:   "id: a\nlabel: \"x\"#tight\n",
			want: "id: a\nlabel: x #tight\n",
		},
		{
			name: "on directive lines",
			in:   "%YAML 1.1 # version\n%TAG !e! tag:example.org,2000: # unused\n--- # doc\nid: a\n",
			want: "# version\n# unused\n# doc\nid: a\n",
		},
		{
			name: "after the document end marker",
			in:   "--- # doc\nid: a\n... # end\n",
			want: "# doc\nid: a\n# end\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := format("x.yaml", []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestCommentGuardScansText checks that the guard finds a lost comment
// yaml.v3 never reports: a printer that drops the comment of an empty
// flow list is refused, at the comment.
func TestCommentGuardScansText(t *testing.T) {
	defer func(p func(*yaml.Node) []byte) { printTree = p }(printTree)
	printTree = func(n *yaml.Node) []byte {
		return bytes.Replace(print(n), []byte("# none known yet\n"), nil, 1)
	}
	out, fs, err := Format("f.yaml", []byte("id: a\naliases: [\n  # none known yet\n]\n"))
	if err != nil || len(fs) != 1 || fs[0].Rule != Meaning.Name {
		t.Fatalf("got %q, %v, %v; want a %s finding", out, fs, err, Meaning.Name)
	}
	if f := fs[0]; f.Line != 3 || f.Col != 3 || !strings.Contains(f.Message, `"# none known yet"`) {
		t.Errorf("got %v; want 3:3 naming the comment", f)
	}
}

// TestImplicitTypesStayQuoted: text that some YAML reader (1.1 or 1.2
// core) reads as a boolean, null, number, timestamp, merge or value key
// when plain keeps its quotes, in values, flow lists and keys.
func TestImplicitTypesStayQuoted(t *testing.T) {
	for _, s := range []string{
		"yes", "no", "on", "off", "y", "n", "Y", "N", "Yes", "NO", "On", "OFF", "TRUE", "False",
		"~", "null", "Null", "NULL",
		".inf", "-.Inf", "+.INF", ".nan", ".NaN", "1.", ".5", "+1.5", "1.2.3", "1_0e5", "1_000.5", "1.5e+3", "1e3", "6.8523015e+5",
		"0x1F", "0x_1F", "0b101", "-0b1", "0o17", "010", "+12", "1_000", "1:20", "190:20:30", "190:20:30.15",
		"2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2001-1-1 1:00:00", "2002-12-14 21:59:43Z",
		"<<", "=",
	} {
		t.Run(s, func(t *testing.T) {
			in := "id: a\nlabel: " + strconv.Quote(s) + "\naliases: [" + strconv.Quote(s) + ", x]\nextra: {" + strconv.Quote(s) + ": 1}\n"
			want := "id: a\nlabel: " + strconv.Quote(s) + "\naliases: [" + strconv.Quote(s) + ", x]\nextra:\n  " + strconv.Quote(s) + ": 1\n"
			got, err := format("x.yaml", []byte(in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
	// What no reader takes for another type stays plain.
	for _, s := range []string{"yess", "nope", "onward", "1.2.3a", "1688.com", "v1", "2001-12-14x", "0x", "a:b", "=a"} {
		if !plain(s, false) || !plain(s, true) {
			t.Errorf("%q: quoted, but every reader reads it as text", s)
		}
	}
}

// TestFuzzFinds keeps what FuzzFormat found as named cases (the inputs
// are also in testdata/fuzz/FuzzFormat).
func TestFuzzFinds(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"an empty list as the document", "[]", "[]\n"},
		{"an empty mapping as the document", "{}", "{}\n"},
		{"a null item in a flow list", "id: a\naliases:\n-\n", "id: a\naliases: [null]\n"},
		{"the head comment of a scalar item, once", "#\n [0]", "#\n- 0\n"},
		{"a comment the document holds, before a list", "#\n-", "- null\n  #\n"},
		{"a document that is text like a marker", " ---", "\"---\"\n"},
		{"a key too long to be written before its colon", "? " + strings.Repeat("v", 1100) + "\nk: [a, {? " + strings.Repeat("w", 1100) + ": [x]}]\n",
			"? " + strings.Repeat("v", 1100) + "\n: null\nk:\n  - a\n  - ? " + strings.Repeat("w", 1100) + "\n    :\n      - x\n"},
		{"a single pair in a flow list opens no mapping", "[?1\"]", "- \"1\\\"\": null\n"},
		{"a document that is text like an end marker", " ... a", "\"... a\"\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := format("x.yaml", []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestCommentAnywhere puts a comment after every line of every shipped
// fact file, and on a line of its own before it, at the line's own
// indentation and at none. Where that is still a valid file, fmt must
// lay it out, not refuse it; Format's own guard proves that the comment
// (or the text, inside a block scalar) is kept.
func TestCommentAnywhere(t *testing.T) {
	files, err := filepath.Glob("../../facts/*/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no shipped facts: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(string(data), "\n")
		for i, l := range lines {
			indent := strings.Repeat(" ", len(l)-len(strings.TrimLeft(l, " ")))
			for _, v := range []struct{ where, text string }{
				{"after", strings.Join(lines[:i], "") + strings.TrimSuffix(l, "\n") + " # c\n" + strings.Join(lines[i+1:], "")},
				{"above", strings.Join(lines[:i], "") + indent + "# c\n" + strings.Join(lines[i:], "")},
				{"above, at column 1", strings.Join(lines[:i], "") + "# c\n" + strings.Join(lines[i:], "")},
			} {
				if _, fs, _ := strictyaml.Parse(f, []byte(v.text), strictyaml.DefaultLimits); len(fs) > 0 {
					continue
				}
				if _, err := format(f, []byte(v.text)); err != nil {
					t.Errorf("%s, comment %s line %d: %v", f, v.where, i+1, err)
				}
			}
		}
	}
}
