// Package layout gives fact files their one canonical layout, the way
// gofmt does for Go source. Format reads a file with the strict YAML
// reader, writes it again in the canonical layout, and refuses to return
// anything whose meaning differs from the input: the output is parsed
// again and its decoded values and comments are compared with the input's
// before it is handed back.
//
// The canonical layout:
//
//   - Keys in schema order. At the top: id, type, label, aliases,
//     description, url, publisher, published, acknowledge, statements. In a
//     statement: predicate, object, value, from, to, at, share, rank,
//     reason, sources, note, acknowledge. In an acknowledgement: rule,
//     reason. Keys the format does not know (the schema reports them) follow
//     in the order written.
//   - Two spaces of indentation; sequence items indented under their key.
//   - aliases and sources in flow style ([a, b]) when the line fits in 80
//     columns and no item carries a comment; every other list in block style.
//   - One-line text is plain when YAML reads the plain text back as the
//     same string, and double-quoted otherwise (so "true", "2004", "a: b"
//     and " x" are quoted). Text written as a block (>- or |) without line
//     breaks stays a folded block (>-), re-wrapped at 80 columns; text with
//     line breaks is a literal block (|, |- or |+ keeping its trailing line
//     breaks). Numbers and booleans are written as they were.
//   - Dates under from, to, at and published are written plainly: 2014,
//     2014-10, 2014-10-16, never quoted.
//   - No document markers, no blank lines, LF line endings, one final
//     newline. Comments stay with the key or item they precede or follow.
package layout
