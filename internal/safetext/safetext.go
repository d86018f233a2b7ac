// Package safetext is the one place that decides which characters fact
// text may hold and how text is made safe for each place factgraph writes
// it: a terminal or log line, a GitHub workflow command, markdown, SARIF
// and graphviz labels. Fact text has been checked by the strict reader,
// but file and directory names come straight from the file system and
// messages quote both, so every writer escapes what it writes with the
// functions here. HTML is written with html/template, which escapes by
// context on its own.
package safetext

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Unsafe reports whether r must never appear in fact text or names: C0
// controls other than TAB and LF, DEL, C1 controls, the non-characters
// U+FFFE and U+FFFF, the line and paragraph separators yaml.v3 treats as
// line breaks, and the bidirectional controls of Trojan Source
// (CVE-2021-42574).
func Unsafe(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false
	case r < 0x20, r >= 0x7F && r <= 0x9F:
		return true
	case r == 0xFFFE, r == 0xFFFF, r == 0x2028, r == 0x2029:
		return true
	}
	return Bidi(r)
}

// Bidi reports whether r is a bidirectional formatting control: the
// embeddings, overrides and isolates, and the implicit marks (LRM, RLM,
// ALM).
func Bidi(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
}

// Describe names an unsafe character for a message:
// "bidirectional control U+202E", "control character U+001B".
func Describe(r rune) string {
	if Bidi(r) {
		return fmt.Sprintf("bidirectional control U+%04X", r)
	}
	return fmt.Sprintf("control character U+%04X", r)
}

// FirstUnsafe returns the first unsafe character of s (or of a name:
// with tabs and line breaks also unsafe), and whether there is one.
// Invalid UTF-8 is reported as utf8.RuneError.
func FirstUnsafe(s string, name bool) (rune, bool) {
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				return r, true
			}
		case Unsafe(r), name && (r == '\t' || r == '\n'):
			return r, true
		}
	}
	return 0, false
}

// Terminal makes s safe to print on one line of a terminal or log: line
// breaks, tabs, escape sequences, bidirectional controls and other
// non-printing characters are written as Go escapes, and invalid UTF-8 as
// \x escapes. Text that needs none is returned as it is.
func Terminal(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) && r != ' ' || Bidi(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == ' ' || unicode.IsPrint(r) && !Bidi(r):
			b.WriteString(s[i : i+size])
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	return b.String()
}

// Truncate cuts s to at most n bytes on a character boundary, marking the
// cut with "...".
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// GitHubMessage escapes the message of a workflow command as the Actions
// toolkit does (escapeData): the runner would otherwise read a line
// break in it as the start of a command of its own. The text is made
// terminal-safe first, so no escape sequence reaches the log.
func GitHubMessage(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(terminalLines(s))
}

// GitHubProperty escapes a property of a workflow command (file=,
// title=) as the Actions toolkit does (escapeProperty), after making it
// terminal-safe.
func GitHubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(Terminal(s))
}

// terminalLines is Terminal for each line of a multi-line text.
func terminalLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Terminal(l)
	}
	return strings.Join(lines, "\n")
}

// MarkdownCode writes s as an inline code span, whose content markdown
// does not interpret (nor autolink): the fence is one backtick longer
// than the longest run of backticks in s, and padded with spaces when s
// starts or ends with one.
func MarkdownCode(s string) string {
	s = Terminal(s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || s == "" {
		s = " " + s + " "
	}
	return fence + s + fence
}

// wordJoiner is U+2060: invisible, and it breaks the patterns GitHub
// turns into mentions and links.
const wordJoiner = "\u2060"

// Markdown escapes prose for GitHub-flavoured markdown: every ASCII
// punctuation character that can start markup (emphasis, code, links,
// images, HTML, entities, headings, tables, strike-through, math) is
// backslash-escaped, which CommonMark guarantees to show literally; a
// word joiner follows each @ (no mention, no e-mail link), each "www"
// and each "://" is split by one (GitHub's extended autolinks turn bare
// URLs and www. names into links, and escapes do not stop them). Text is
// always placed inside a line, never at its start, so list and heading
// markers need no escape.
func Markdown(s string) string {
	s = Terminal(s)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strings.IndexByte("!#$&()*<>@[\\]_`{|}~", c) >= 0:
			b.WriteByte('\\')
			b.WriteByte(c)
			if c == '@' {
				b.WriteString(wordJoiner)
			}
		case c == ':' && strings.HasPrefix(s[i:], "://"):
			b.WriteString(":" + wordJoiner)
		case (c == 'w' || c == 'W') && len(s) >= i+4 && strings.EqualFold(s[i:i+4], "www."):
			b.WriteString(s[i:i+3] + wordJoiner)
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// SARIF escapes text for a SARIF message: viewers render "[text](id)"
// as an embedded link, and SARIF (§3.11.6) reserves [ ] and \ for it, so
// each is backslash-escaped. The text is made terminal-safe first.
func SARIF(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`).Replace(terminalLines(s))
}

// Graphviz decodes two kinds of escape inside a label: HTML entities
// (&amp; shows as &, &#65; as A) and escStrings (\N is the node name, \G
// the graph name, \n \l \r break lines, any other \x loses its
// backslash). Tooltips go through the escString substitution twice. So
// text is escaped for its destination, & and \ first, and a raw newline
// becomes a centred line break. Both Graphviz 12 (go-graphviz) and
// Debian's dot 2.43 then show exactly the original text.
var (
	labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\n`, `&`, `&amp;`)
	tipEscaper   = strings.NewReplacer(`\`, `\\\\`, `"`, `\"`, "\n", `\n`, "\r", `\n`, `&`, `&amp;`)
)

// DOTLabel escapes text for the inside of a double-quoted graphviz label
// (label, xlabel, graph label) so that graphviz shows exactly the text.
func DOTLabel(s string) string { return labelEscaper.Replace(s) }

// DOTTooltip escapes text for the inside of a double-quoted graphviz
// tooltip.
func DOTTooltip(s string) string { return tipEscaper.Replace(s) }
