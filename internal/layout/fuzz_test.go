package layout

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/factgraph/factgraph/internal/strictyaml"
)

// hostile are inputs that fmt once got wrong, or nearly: comments that
// yaml.v3 drops or moves, text that YAML 1.1 reads as another type, tags.
// They seed FuzzFormat and are tested one by one elsewhere.
var hostile = []string{
	"id: a\naliases: [\n  # none known yet\n]\n",
	"id: a\naliases: [x, # after x\n  y]\n",
	"id: a\naliases: [x,#tight\n  y]\n",
	"id: a\naliases: # between\n  [x, y]\n",
	"id: a\naliases: [ # first\n  x]\n",
	"id: a\naliases: [x, y\n  # after last\n]\n",
	"id: a\nextra: {a: [ # inner\n ], b: {\n # inner2\n }}\n",
	"{ # root\n id: a}\n",
	"--- # doc\nid: a\n... # end\n",
	"id: a\nlabel: \"x\"#tight\ndescription: |-#tight\n  text # not a comment\n# after\n",
	"id: a\naliases: [\"yes\", \"no\", \"on\", \"off\", \"y\", \"n\", \"Yes\", \"TRUE\", \"~\", \"null\", \"Null\", \".inf\", \"0x1F\", \"1_000\", \"010\", \"1e3\", \"2001-12-14 21:59:43.10 -5\"]\n",
	"id: a\nlabel: \"1:20\"\ndescription: \"=\"\nnote: \"<<\"\n",
	"id: a\nlabel: ! x\n",
	"id: a\nstatements:\n  - predicate: p\n    note: |+\n      kept\n\n    # after the blank lines\n",
	// Text that holds "#" and quotes in every style, and comments
	// everywhere around it.
	"# head\n\nid: a # on id\nlabel: 'it''s # not' # after\ndescription: \"a \\\" # not\n  still # not\" # c\n" +
		"url: a#b # c\npublisher: multi\n  line # ends\naliases: [\"#x\", 'y #', z#] # flow\n" +
		"statements:\n  # before\n  - predicate: p # p\n    note: >2-\n       indented # not\n      text\n    # foot\n" +
		"  - {predicate: q, value: 1} # q\n  -   # dash\n    predicate: r\n# tail\n",
	"- |\n  a # not\n # comment\n- >1\n  b\n- ? |\n    k # not\n  : v # c\n",
	"%YAML 1.1 # directive\n--- # doc\n{a: [b, {c: d}], e: \"f\"} # line\n...\n",
}

// FuzzFormat checks fmt's promise on any input: Format either refuses
// (findings, every one positioned in the file, and no output) or returns
// output that
//
//   - lays out to itself (formatting is idempotent),
//   - decodes under the strict reader to exactly the input's values, but
//     for a date under published, from, to or at, which the layout writes
//     plainly however it was quoted (2004 for "2004"),
//   - holds every comment of the input, as found by scanning the text, and
//     no other,
//
// and it never panics. The comment scanner the guard relies on is checked
// too, against the strict reader: changing the text after a "#" keeps
// the file's values exactly when the scanner calls it a comment.
func FuzzFormat(f *testing.F) {
	err := filepath.WalkDir("../../facts", func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".yaml") {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			f.Add(data)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range hostile {
		f.Add([]byte(s))
	}
	for _, tc := range golden {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		out, fs, err := Format("f.yaml", src)
		if err != nil {
			t.Fatalf("internal error: %v", err)
		}
		doc, rfs, _ := strictyaml.Parse("f.yaml", src, strictyaml.DefaultLimits)
		if len(fs) > 0 {
			if out != nil {
				t.Fatalf("output with findings %v", fs)
			}
			for _, fd := range fs {
				if fd.File != "f.yaml" || fd.Line < 1 {
					t.Fatalf("finding not positioned in the file: %s", fd)
				}
			}
			if len(rfs) == 0 && !acceptedRefusal(fs[0].Message) {
				t.Fatalf("the strict reader accepts the file, the layout refuses it: %s", fs[0])
			}
			return
		}
		if doc == nil {
			t.Fatalf("formatted a file the strict reader refuses: %v", rfs)
		}
		checkScanner(t, src, doc.Value)
		twice, fs2, err := Format("f.yaml", out)
		if err != nil || len(fs2) > 0 || !bytes.Equal(twice, out) {
			t.Fatalf("not idempotent: %v %v\nonce:\n%s\ntwice:\n%s", err, fs2, out, twice)
		}
		again, afs, err := strictyaml.Parse("f.yaml", out, strictyaml.DefaultLimits)
		if err != nil || len(afs) > 0 {
			t.Fatalf("output does not parse: %v %v\n%s", err, afs, out)
		}
		if a, b := plainDates(doc.Value, true), plainDates(again.Value, true); !reflect.DeepEqual(a, b) {
			t.Fatalf("values changed:\n%#v\n%#v\noutput:\n%s", a, b, out)
		}
		in, got := scannedComments(t, src), scannedComments(t, out)
		if lost := subtract(in, got); len(lost) > 0 {
			t.Fatalf("comments lost: %q\noutput:\n%s", lost, out)
		}
		if extra := subtract(got, in); len(extra) > 0 {
			t.Fatalf("comments added: %q\noutput:\n%s", extra, out)
		}
	})
}

// acceptedRefusal tells the refusals fmt makes by design from those that
// would be a bug of the layout: a comment yaml.v3 drops where the layout
// knows no place for it.
func acceptedRefusal(msg string) bool {
	return strings.Contains(msg, "has no place for the comment")
}

// plainDates turns the dates the layout unquotes into text, as the fact
// decoder reads them either way.
func plainDates(v any, top bool) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			date := top && k == "published" || !top && (k == "from" || k == "to" || k == "at")
			if n, ok := x.(json.Number); ok && date {
				x = n.String()
			}
			if l, ok := x.([]any); ok && top && k == "statements" {
				items := make([]any, len(l))
				for i, s := range l {
					items[i] = plainDates(s, false)
				}
				x = items
			}
			out[k] = x
		}
		return out
	}
	return v
}

func scannedComments(t *testing.T, src []byte) []string {
	var top yaml.Node
	if err := yaml.Unmarshal(src, &top); err != nil {
		t.Fatalf("yaml.v3: %v", err)
	}
	cs, err := scanComments(src, &top)
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	return texts(cs)
}

// checkScanner tries every "#" of src (of a small src): changing the
// text after it must keep the values exactly when the scanner found a
// comment there.
func checkScanner(t *testing.T, src []byte, want any) {
	t.Helper()
	if len(src) > 4096 || bytes.Count(src, []byte("#")) > 32 {
		return
	}
	var top yaml.Node
	if err := yaml.Unmarshal(src, &top); err != nil {
		t.Fatalf("yaml.v3: %v", err)
	}
	cs, err := scanComments(src, &top)
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	body := bytes.TrimPrefix(src, []byte("\ufeff"))
	found := map[[2]int]bool{}
	inComment := map[int]int{} // line: column where its comment starts
	for _, c := range cs {
		found[[2]int{c.line, c.col}] = true
		inComment[c.line] = c.col
	}
	line, col := 1, 1
	for i, r := range string(body) {
		if c, ok := inComment[line]; r == '#' && (!ok || col <= c) {
			// Change the text after the "#": that keeps the values of
			// a comment and changes those of a scalar. (Removing the
			// comment would be the obvious test, but a comment line
			// changes how yaml.v3 reads a tab at the start of the next
			// one, and an empty line is text in a block scalar kept
			// with |+.)
			same := keeps(slices.Concat(body[:i+1], []byte("x"), body[i+1:]), want)
			if same != found[[2]int{line, col}] {
				t.Fatalf("scanner says comment=%v for the # at %d:%d, changing its text says %v:\n%s", found[[2]int{line, col}], line, col, same, src)
			}
		}
		if r == '\n' {
			line, col = line+1, 1
		} else if r != '\r' {
			col++
		}
	}
}

// keeps reports whether src decodes to want under the strict reader.
func keeps(src []byte, want any) bool {
	doc, fs, _ := strictyaml.Parse("f.yaml", src, strictyaml.DefaultLimits)
	return len(fs) == 0 && doc != nil && reflect.DeepEqual(doc.Value, want)
}
