package strictyaml

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/factgraph/factgraph/internal/finding"
)

// TestHostile feeds the inputs of security.md §1 and checks each gets one
// positioned finding, quickly, without a panic.
func TestHostile(t *testing.T) {
	laughs := "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	for i, prev := 'b', 'a'; i <= 'i'; i, prev = i+1, i {
		laughs += fmt.Sprintf("%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n", i, i, prev, prev, prev, prev, prev, prev, prev, prev, prev)
	}
	manyKeys := new(strings.Builder)
	for i := range 5000 {
		fmt.Fprintf(manyKeys, "k%d: v\n", i)
	}
	tests := []struct {
		name string
		in   string
		rule string
		line int
		col  int
	}{
		{name: "billion laughs", in: laughs, rule: Alias.Name, line: 1, col: 4},
		{name: "self-referential anchor", in: "a: &a [*a]\n", rule: Alias.Name, line: 1, col: 4},
		{name: "too large", in: strings.Repeat("#", DefaultLimits.MaxBytes+1), rule: Limit.Name, line: 1, col: 1},
		{name: "yaml.v3 depth limit", in: strings.Repeat("[", 10001), rule: Syntax.Name, line: 1},
		{name: "our depth limit", in: "a: " + strings.Repeat("[", 40) + strings.Repeat("]", 40), rule: Limit.Name, line: 1, col: 35},
		{name: "too many keys", in: manyKeys.String(), rule: Limit.Name, line: 1, col: 1},
		{name: "long string", in: "a: " + strings.Repeat("x", DefaultLimits.MaxString+1), rule: Limit.Name, line: 1, col: 4},
		{name: "too many items", in: "a: [" + strings.Repeat("1,", DefaultLimits.MaxItems) + "1]", rule: Limit.Name, line: 1, col: 4},
		{name: "utf-16", in: "\xff\xfei\x00d\x00", rule: Encoding.Name, line: 1, col: 1},
		{name: "go-yaml#666 (CVE-2022-28948)", in: "0: [:!00 \xef", rule: Encoding.Name, line: 1, col: 10},
		{name: "custom tag through a %TAG directive", in: "%TAG !e! tag:example.com,2000:\n---\na: !e!x b\n", rule: Tag.Name, line: 3, col: 4},
		{name: "binary tag", in: "a: !!binary /w==\n", rule: Tag.Name, line: 1, col: 4},
		{name: "escaped NUL", in: "a: \"x\\0y\"\n", rule: ControlChar.Name, line: 1, col: 4},
		{name: "escaped line separator", in: "a: \"x\\Ly\"\n", rule: ControlChar.Name, line: 1, col: 4},
		{name: "raw C1", in: "a: x\u0085y\n", rule: ControlChar.Name, line: 1, col: 5},
		{name: "non-character", in: "a: x\uFFFEy\n", rule: ControlChar.Name, line: 1, col: 5},
		{name: "anchor in one document, alias in the next", in: "a: &x 1\n---\nb: *x\n", rule: Alias.Name, line: 1, col: 4},
		{name: "null key", in: "~: a\n", rule: KeyType.Name, line: 1, col: 1},
		{name: "mapping as key", in: "? {a: 1}\n: b\n", rule: KeyType.Name, line: 1, col: 3},
		{name: "error on the first line", in: "a: b: c\n", rule: Syntax.Name, line: 1},
		{name: "document with only a document marker", in: "---\n", rule: Empty.Name, line: 1, col: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, fs, err := Parse("f.yaml", []byte(tc.in), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) == 0 {
				t.Fatalf("no findings, want %s", tc.rule)
			}
			f := fs[0]
			if f.Rule != tc.rule || f.Line != tc.line || f.Col != tc.col {
				t.Errorf("first finding = %s, want %s at %d:%d", f, tc.rule, tc.line, tc.col)
			}
		})
	}
}

// TestAccepted covers inputs that are fine and must keep their text.
func TestAccepted(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // fmt of the value
	}{
		{name: "utf-8 BOM", in: "\ufeffa: b\n", want: "map[a:b]"},
		{name: "crlf", in: "a: b\r\nc: d\r\n", want: "map[a:b c:d]"},
		{name: "dates stay text", in: "a: 2014-10-16\nb: 2014-10\n", want: "map[a:2014-10-16 b:2014-10]"},
		{name: "numbers keep their text", in: "a: 1.50\nb: -3\n", want: "map[a:1.50 b:-3]"},
		{name: "yes is a string", in: "a: yes\n", want: "map[a:yes]"},
		{name: "quoted key", in: "\"1\": a\n", want: "map[1:a]"},
		{name: "tab in a string", in: "a: \"x\\ty\"\n", want: "map[a:x\ty]"},
		{name: "block scalar", in: "a: |\n  two\n  lines\n", want: "map[a:two\nlines\n]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, fs, err := Parse("f.yaml", []byte(tc.in), DefaultLimits)
			if err != nil || len(fs) > 0 {
				t.Fatalf("Parse: %v %v", err, fs)
			}
			if got := fmt.Sprint(doc.Value); got != tc.want {
				t.Errorf("value = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPositionsAfterBOM(t *testing.T) {
	_, fs, _ := Parse("f.yaml", []byte("\ufeffa: &x b\n"), DefaultLimits)
	if len(fs) != 1 || fs[0].Line != 1 || fs[0].Col != 4 {
		t.Fatalf("findings = %v, want one at 1:4", fs)
	}
}

// FuzzParse checks that no input panics or yields a finding without a
// file, and that a document is returned exactly when there are no
// findings. Seeds include the yaml.v3 crashers.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"id: a\ntype: Company\nlabel: A\n", "0: [:!00 \xef", "a: &a [*a]", "- [[[", "{a: b, a: c}",
		"a:\n  b: 1\n c: 2\n", "? [a, b]\n: c\n", "%TAG ! tag:x,2000:\n--- !x\na: b\n", "\xfe\xff",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, fs, err := Parse("f.yaml", data, DefaultLimits)
		if err != nil {
			return // a recovered yaml.v3 panic is reported, not a crash
		}
		if (doc == nil) == (len(fs) == 0) {
			t.Fatalf("doc = %v with %d findings", doc != nil, len(fs))
		}
		for _, fd := range fs {
			if fd.File != "f.yaml" || fd.Line < 1 || !utf8.ValidString(fd.Message) {
				t.Fatalf("bad finding %s", fd)
			}
		}
	})
}

var _ = bytes.Equal
var _ finding.Pos

// TestSyntaxPositions: yaml.v3's own line is often off (0-based parser
// lines, none on line 1, none for an unknown alias); each case has the
// position of the construct at fault.
func TestSyntaxPositions(t *testing.T) {
	for _, tc := range []struct {
		name      string
		in        string
		line, col int
	}{
		{"tab in the indentation of a key", "id: t1\ntype: Company\nlabel: T\n\tdescription: x\n", 4, 1},
		{"tab before a list item", "id: t2\ntype: Company\nstatements:\n\t- predicate: founded\n", 4, 1},
		{"unknown alias", "id: t3\ntype: Company\nlabel: T\ndescription: *x\n", 4, 14},
		{"unclosed flow list on a one-line file", "x: [", 1, 4},
		{"unclosed flow mapping", "id: t6\nlabel: {a: 1\n", 2, 8},
		{"unclosed flow list before another key", "id: t7\nlabel: [a, b\ntype: x\n", 2, 8},
		{"unclosed quote", "id: t5\nlabel: \"T\n", 2, 8},
		{"bracket inside a quoted string is text", "a: \"[\"\nb: [1\n", 2, 4},
		{"bracket inside a block scalar is text", "a: |\n  [not flow\nb: {c: 1\n", 3, 4},
		{"wrong indentation, parser line corrected", "a:\n  b: 1\n c: 2\n", 3, 0},
		{"reserved indicator", "a: 1\nb: @x\n", 2, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, fs, err := Parse("f.yaml", []byte(tc.in), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) != 1 || fs[0].Rule != Syntax.Name || fs[0].Line != tc.line || fs[0].Col != tc.col {
				t.Errorf("findings = %v, want one %s at %d:%d", fs, Syntax.Name, tc.line, tc.col)
			}
		})
	}
}

// TestTagsAndNumbers covers what yaml.v3 reinterprets silently: the
// non-specific tag "!" (which it drops, reading "! 5" as the integer 5)
// and a number too large for a float64 (which it reads as text).
func TestTagsAndNumbers(t *testing.T) {
	for _, tc := range []struct {
		name, in, rule string
		line, col      int
	}{
		{"non-specific tag on a scalar", "a: ! 5\n", Tag.Name, 1, 4},
		{"non-specific tag on a list", "a:\n  ! [1]\n", Tag.Name, 2, 3},
		{"non-specific tag on a key", "? ! k\n: v\n", Tag.Name, 1, 3},
		{"overflowing float", "share: 1e400\n", Scalar.Name, 1, 8},
		{"overflowing negative float", "share: -1.5e999\n", Scalar.Name, 1, 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, fs, err := Parse("f.yaml", []byte(tc.in), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) == 0 || fs[0].Rule != tc.rule || fs[0].Line != tc.line || fs[0].Col != tc.col {
				t.Errorf("findings = %v, want %s at %d:%d", fs, tc.rule, tc.line, tc.col)
			}
		})
	}
	// Text that merely looks like a tag or a number is fine when quoted.
	if _, fs, _ := Parse("f.yaml", []byte("a: \"! 5\"\nb: \"1e400\"\n"), DefaultLimits); len(fs) != 0 {
		t.Errorf("quoted text: %v", fs)
	}
}
