// Package wordwrap breaks text into lines for people: explain's paragraphs,
// diagram labels and the folded blocks of factgraph fmt all wrap the same
// way.
package wordwrap

import (
	"strings"
	"unicode/utf8"
)

// Lines breaks s into lines of at most width runes, greedily, at spaces
// only; a word longer than width gets a line of its own. Each break
// replaces one space, so joining a paragraph's lines with spaces gives it
// back exactly. Newlines in s always break.
func Lines(s string, width int) []string {
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
