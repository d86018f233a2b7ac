package dot

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/factgraph/factgraph/internal/safetext"
	"github.com/factgraph/factgraph/internal/wordwrap"
)

// Just is the justification of a line of a label, or of a cluster's
// label (LabelJust).
type Just int

// Justifications.
const (
	Centre Just = iota + 1
	Left
)

// lineEnd is the escape sequence that ends a line with j's
// justification.
func (j Just) lineEnd() string {
	switch j {
	case Centre:
		return `\n`
	case Left:
		return `\l`
	}
	panic(fmt.Sprintf("dot: justification %d is not one of the constants", j))
}

// Text is the text of a label: plain text, lines with a justification,
// or a sequence of both. The zero Text is empty.
type Text struct {
	segs []segment
}

// segment is text and the line end that follows it ("" for none).
type segment struct {
	text, end string
}

// Plain is text as it is. A line break in it breaks the label's line,
// centred, and the text's last line is not ended: graphviz centres it.
func Plain(s string) Text { return Text{[]segment{{s, ""}}} }

// Lines is a label of lines, each ended with j's justification; a line
// break inside a line ends a line there too.
func Lines(j Just, lines ...string) Text {
	end := j.lineEnd()
	var t Text
	for _, l := range lines {
		for _, part := range strings.Split(l, "\n") {
			t.segs = append(t.segs, segment{part, end})
		}
	}
	return t
}

// Wrap is Lines of each text wrapped at width runes (wordwrap.Lines).
func Wrap(j Just, width int, texts ...string) Text {
	var lines []string
	for _, s := range texts {
		lines = append(lines, wordwrap.Lines(s, width)...)
	}
	return Lines(j, lines...)
}

// Then returns t followed by u.
func (t Text) Then(u Text) Text { return Text{slices.Concat(t.segs, u.segs)} }

// escaped is t as the inside of a double-quoted label.
func (t Text) escaped() string {
	var b strings.Builder
	for _, s := range t.segs {
		b.WriteString(safetext.DOTLabel(visible(s.text)))
		b.WriteString(s.end)
	}
	return b.String()
}

// visible writes what must never reach an SVG as Go escapes, which
// graphviz then shows as text: characters safetext.Unsafe names (C0 and
// C1 controls, DEL, bidirectional controls, ...) but the line break, and
// invalid UTF-8. Graphviz copies control characters into the SVG, where
// they break the XML (and a NUL cuts the label short), and render.CheckDOT
// refuses them. Text that needs none is returned as it is.
func visible(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, mustEscape) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case mustEscape(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func mustEscape(r rune) bool { return r != '\n' && safetext.Unsafe(r) }
