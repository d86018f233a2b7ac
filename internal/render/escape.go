package render

import "strings"

// Graphviz decodes two kinds of escape inside a label: HTML entities
// (&amp; shows as &, &#65; as A) and escStrings (\N is the node name, \G
// the graph name, \n \l \r break lines, any other \x loses its
// backslash). Tooltips go through the escString substitution twice. So
// text is escaped for its destination, & and \ first, and a raw newline
// becomes a centred line break. Both Graphviz 12 (go-graphviz) and
// Debian's dot 2.43 then show exactly the original text; the diagram
// tests check this on hostile strings. Every package that writes DOT for
// the renderer escapes fact text with these two functions.
var (
	labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\n`, `&`, `&amp;`)
	tipEscaper   = strings.NewReplacer(`\`, `\\\\`, `"`, `\"`, "\n", `\n`, "\r", `\n`, `&`, `&amp;`)
)

// EscapeLabel escapes text for the inside of a double-quoted label
// (label, xlabel, graph label) so that graphviz shows exactly the text.
func EscapeLabel(s string) string { return labelEscaper.Replace(s) }

// EscapeTooltip escapes text for the inside of a double-quoted tooltip.
func EscapeTooltip(s string) string { return tipEscaper.Replace(s) }
