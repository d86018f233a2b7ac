// Package dot builds the subset of graphviz's DOT language that factgraph
// draws with, and writes it: one digraph with default graph, node and edge
// attributes, nodes, edges and clusters, in the order they were added.
//
// Nothing a caller passes reaches the output unquoted or unescaped,
// because no attribute takes a raw string:
//
//   - text attributes (label, xlabel, headlabel, taillabel) take a Text,
//     plain or in lines each centred or left-justified, and tooltips
//     (tooltip, labeltooltip) take plain text; the writer escapes both
//     with safetext.DOTLabel and safetext.DOTTooltip, after writing
//     characters that must not reach an SVG (controls, bidirectional
//     controls, invalid UTF-8) as visible Go escapes;
//   - a link (URL) is only ever a validated entity id (ID) with a fixed
//     prefix and the suffix .svg, so it always matches render.LinkPattern;
//   - colours are parsed (#rrggbb or a colour name), numbers are float64,
//     and keywords (shape, style, rankdir, ...) are enumerations;
//   - node names are entity ids or names of the writer's own (Own), which
//     start with an upper-case letter and so never clash with an id.
//
// So render.CheckDOT, the renderer's second line of defence, never has
// to reject what this package writes. The builder also counts the node
// and edge groups the SVG will contain (render.Job's Nodes and Edges): it
// refuses a node added twice and an edge to a node it does not have,
// either of which would make graphviz draw another number.
//
// A bug in the caller, such as an edge to a missing node or a keyword
// outside its enumeration, panics: the CLI turns a panic into exit code 3
// with nothing written. Text from fact files never panics: it is escaped.
package dot
