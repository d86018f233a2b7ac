package render

import "github.com/factgraph/factgraph/internal/safetext"

// EscapeLabel escapes text for the inside of a double-quoted label
// (label, xlabel, graph label) so that graphviz shows exactly the text.
// It is safetext.DOTLabel, kept here for the DOT writers that reach the
// renderer through this package; the diagram tests check it on hostile
// strings.
func EscapeLabel(s string) string { return safetext.DOTLabel(s) }

// EscapeTooltip escapes text for the inside of a double-quoted tooltip:
// safetext.DOTTooltip.
func EscapeTooltip(s string) string { return safetext.DOTTooltip(s) }
