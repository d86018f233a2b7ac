package report

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/factgraph/factgraph/internal/check"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/safetext"
)

// rawHostile reports the first character of out that must never reach a
// log or a document raw: a C0 control other than the line feed, DEL, a
// C1 control, a line or paragraph separator, a bidirectional control or
// a byte that is not UTF-8.
func rawHostile(out string) (string, bool) {
	for i, r := range out {
		switch {
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(out[i:]); size <= 1 {
				return "invalid UTF-8", true
			}
		case r == '\n':
		case r < 0x20, r >= 0x7F && r <= 0x9F, r == 0x2028, r == 0x2029, safetext.Bidi(r):
			return safetext.Describe(r), true
		}
	}
	return "", false
}

// TestGitHubEscaping: a file name and a message holding controls, bidi
// overrides, line breaks, the workflow-command separators and invalid
// UTF-8 can neither forge a command nor reach the log raw. Each is shown
// visibly escaped, then escaped as the Actions toolkit does, so the
// runner's unescaping gives back the terminal-safe text.
func TestGitHubEscaping(t *testing.T) {
	for _, tc := range []struct {
		name, piece string
		property    string // the piece in file=
		message     string // the piece in the message
	}{
		{"ESC and a CSI sequence", "\x1b[31m", `\x1b[31m`, `\x1b[31m`},
		{"BEL", "\a", `\a`, `\a`},
		{"NUL", "\x00", `\x00`, `\x00`},
		{"DEL", "\x7f", `\x7f`, `\x7f`},
		{"C1 NEL", "\u0085", `\u0085`, `\u0085`},
		{"C1 CSI", "\u009b", `\u009b`, `\u009b`},
		{"bidi override U+202E", "\u202e", `\u202e`, `\u202e`},
		{"bidi isolate U+2066", "\u2066", `\u2066`, `\u2066`},
		{"right-to-left mark", "\u200f", `\u200f`, `\u200f`},
		{"line separator", "\u2028", `\u2028`, `\u2028`},
		// A line break in a name is escaped visibly; in a message it is a
		// line break, which the toolkit writes %0A.
		{"newline", "\n::warning::pwned", `\n%3A%3Awarning%3A%3Apwned`, `%0A::warning::pwned`},
		{"carriage return", "\r::warning::pwned", `\r%3A%3Awarning%3A%3Apwned`, `\r::warning::pwned`},
		{"percent", "%0A%25", `%250A%2525`, `%250A%2525`},
		{"colon", "a::b", `a%3A%3Ab`, `a::b`},
		{"comma", ",line=99,title=x", `%2Cline=99%2Ctitle=x`, `,line=99,title=x`},
		{"invalid byte", "\xff", `\xff`, `\xff`},
		{"truncated sequence", "\xe2\x80", `\xe2\x80`, `\xe2\x80`},
		{"encoded surrogate", "\xed\xa0\x80", `\xed\xa0\x80`, `\xed\xa0\x80`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := "facts/x" + tc.piece + "y.yaml"
			f := finding.Finding{Pos: finding.Pos{File: file, Line: 3, Col: 7}, Rule: "schema", Severity: finding.Error,
				Message: "bad " + tc.piece + " end",
				Related: []finding.Related{{Pos: finding.Pos{File: file, Line: 9, Col: 1}, Message: "also " + tc.piece}}}
			var out bytes.Buffer
			if err := (GitHub{}).Write(&out, &Report{Findings: finding.List{f}, Rules: check.Rules}); err != nil {
				t.Fatal(err)
			}
			s := out.String()
			if what, bad := rawHostile(s); bad {
				t.Errorf("the output holds a raw %s: %q", what, s)
			}
			if strings.Count(s, "\n") != 1 || !strings.HasSuffix(s, "\n") {
				t.Fatalf("one finding gave more than one line: %q", s)
			}
			line := strings.TrimSuffix(s, "\n")
			rest, ok := strings.CutPrefix(line, "::error ")
			if !ok {
				t.Fatalf("not an error command: %q", line)
			}
			props, msg, ok := strings.Cut(rest, "::")
			if !ok {
				t.Fatalf("no message separator: %q", line)
			}
			// The runner splits properties at commas and each at its first =.
			got := map[string]string{}
			for _, kv := range strings.Split(props, ",") {
				k, v, _ := strings.Cut(kv, "=")
				got[k] = v
			}
			want := map[string]string{"file": "facts/x" + tc.property + "y.yaml", "line": "3", "col": "7", "title": "factgraph schema"}
			if len(got) != len(want) {
				t.Errorf("properties %q, want file, line, col and title", props)
			}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s=%q, want %q", k, got[k], v)
				}
			}
			if unescapeProperty(got["file"]) != safetext.Terminal(file) {
				t.Errorf("file= unescapes to %q, want the terminal-safe %q", unescapeProperty(got["file"]), safetext.Terminal(file))
			}
			if wantMsg := "bad " + tc.message + " end%0A"; !strings.HasPrefix(msg, wantMsg) {
				t.Errorf("message %q, want it to start %q", msg, wantMsg)
			}
			if strings.ContainsAny(msg, "\r\n") {
				t.Errorf("raw line break in the message %q", msg)
			}
		})
	}
}

// unescapeProperty undoes the toolkit's escapeProperty, as the runner does.
func unescapeProperty(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(s)
}

// TestJSONDistinctPaths: paths that differ only in bytes that are not
// UTF-8 stay different in the JSON, for the finding, its related
// locations and its acknowledgement; encoding/json alone would write
// U+FFFD for each.
func TestJSONDistinctPaths(t *testing.T) {
	for _, pair := range [][2]string{
		{"a\xff.yaml", "a\xfe.yaml"},
		{"a\xc3.yaml", "a\xe2\x80.yaml"},             // truncated sequences
		{"a\xed\xa0\x80.yaml", "a\xed\xa0\x81.yaml"}, // encoded surrogates
		{"a\xc0\xaf.yaml", "a\xc1\xbf.yaml"},         // overlong encodings
	} {
		var fs finding.List
		for _, p := range pair {
			pos := finding.Pos{File: p, Line: 1, Col: 1}
			fs = append(fs, finding.Finding{Pos: pos, Rule: "input", Severity: finding.Error, Message: "same message",
				Related: []finding.Related{{Pos: pos, Message: "same"}}, Ack: &finding.Ack{Pos: pos, Reason: "same"}})
		}
		var out bytes.Buffer
		if err := (JSON{}).Write(&out, &Report{Findings: fs, Rules: check.Rules}); err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(out.Bytes()) || strings.ContainsRune(out.String(), utf8.RuneError) || bytes.Contains(out.Bytes(), []byte(`\ufffd`)) {
			t.Errorf("%q: the JSON replaced bytes by U+FFFD:\n%s", pair, out.String())
		}
		var doc jsonReport
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		a, b := doc.Findings[0], doc.Findings[1]
		for _, tc := range []struct{ what, a, b string }{
			{"file", a.File, b.File},
			{"related file", a.Related[0].File, b.Related[0].File},
			{"acknowledgement file", a.Acknowledged.File, b.Acknowledged.File},
		} {
			if tc.a == tc.b {
				t.Errorf("%q: both %ss are %q", pair, tc.what, tc.a)
			}
		}
		// Visibly escaped, as the text format shows them.
		if a.File != safetext.Terminal(pair[0]) || !strings.Contains(a.File, `\x`) {
			t.Errorf("file %q, want %q", a.File, safetext.Terminal(pair[0]))
		}
	}
}

// liveLink finds SARIF embedded-link syntax (§3.11.6) in a message: a [
// or ] that no backslash escapes.
func liveLink(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[', ']':
			return true
		}
	}
	return false
}

// sarifUnescape undoes SARIF's message escapes.
func sarifUnescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// TestSARIFLinkEscaping: link syntax in a message is shown as written and
// links nowhere, in results and in related locations; a backslash in the
// text cannot undo the escape of the bracket after it.
func TestSARIFLinkEscaping(t *testing.T) {
	for _, msg := range []string{
		"see [x](https://evil.example)",
		"![img](https://evil.example/a.png)",
		"[x](0) points at a location",
		"reference [x][1] and [1]: https://evil.example",
		`escaped \[x](https://evil.example) and \\[y](https://evil.example)`,
		"unbalanced ] then [",
	} {
		f := finding.Finding{Pos: finding.Pos{File: "facts/x.yaml", Line: 1, Col: 1}, Rule: "schema", Severity: finding.Error, Message: msg,
			Related: []finding.Related{{Pos: finding.Pos{File: "facts/y.yaml", Line: 2, Col: 1}, Message: msg}}}
		var out bytes.Buffer
		if err := (SARIF{}).Write(&out, &Report{Findings: finding.List{f}, Rules: check.Rules}); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Runs []struct {
				Results []struct {
					Message          struct{ Text, Markdown string }
					RelatedLocations []struct {
						Message struct{ Text, Markdown string }
					}
				}
			}
		}
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		res := doc.Runs[0].Results[0]
		for _, m := range []struct{ where, text, markdown string }{
			{"result", res.Message.Text, res.Message.Markdown},
			{"related location", res.RelatedLocations[0].Message.Text, res.RelatedLocations[0].Message.Markdown},
		} {
			if liveLink(m.text) {
				t.Errorf("%s message.text %q keeps link syntax", m.where, m.text)
			}
			if sarifUnescape(m.text) != msg {
				t.Errorf("%s message.text %q does not show %q", m.where, m.text, msg)
			}
			// No markdown message is written today; one would need its own
			// escaping.
			if m.markdown != "" && regexp.MustCompile(`(^|[^\\])[\[\]]`).MatchString(m.markdown) {
				t.Errorf("%s message.markdown %q keeps link syntax", m.where, m.markdown)
			}
		}
	}
}
