package diagram

import (
	"strings"

	"github.com/factgraph/factgraph/internal/wordwrap"

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
		for _, w := range wordwrap.Lines(l, width) {
			b.WriteString(render.EscapeLabel(w))
			b.WriteString(end)
		}
	}
	return b.String()
}
