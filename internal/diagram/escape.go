package diagram

import (
	"strings"
	"unicode/utf8"

	"github.com/factgraph/factgraph/internal/render"
)

// Line ends in a label: a line centred or left-justified.
const (
	centre = `\n`
	left   = `\l`
)

// labelLines builds a label from lines of text, each escaped and wrapped
// at width runes and ended with end.
func labelLines(end string, width int, lines ...string) string {
	var b strings.Builder
	for _, l := range lines {
		for _, w := range wrap(l, width) {
			b.WriteString(render.EscapeLabel(w))
			b.WriteString(end)
		}
	}
	return b.String()
}

// wrap breaks text into lines of at most width runes, at spaces only; a
// word longer than width gets a line of its own. Breaking replaces one
// space, so joining the lines with spaces gives the text back. Newlines
// in the text always break.
func wrap(s string, width int) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		words := strings.Split(para, " ")
		line, n := words[0], utf8.RuneCountInString(words[0])
		for _, w := range words[1:] {
			wn := utf8.RuneCountInString(w)
			if n > 0 && n+1+wn > width {
				lines = append(lines, line)
				line, n = w, wn
				continue
			}
			line += " " + w
			n += 1 + wn
		}
		lines = append(lines, line)
	}
	return lines
}
