// Package layout gives fact files their one canonical layout, the way
// gofmt does for Go source. Format reads a file with the strict YAML
// reader, writes it again in the canonical layout, and refuses to return
// anything it cannot prove means the same as the input.
//
// What fmt guarantees, for any input:
//
//   - It never writes a file the strict reader rejects: such a file gets
//     the reader's findings and no output.
//   - The output decodes, under the strict reader, to exactly the values
//     of the input, types included. The one change allowed is the one the
//     layout makes on purpose: a date under published, from, to or at is
//     written plainly ("2004" becomes 2004), and the fact decoder reads
//     both as the same date.
//   - No comment is lost, changed or added. Comments are found by scanning
//     the text, not only from yaml.v3's nodes, because yaml.v3 drops some
//     (those inside flow collections, on a directive's line, after "...").
//     Such a comment is put above its flow collection, or at the start or
//     end of the file; a comment the layout has no place for makes Format
//     refuse the file with a finding at the comment, never drop it.
//   - Formatting the output again gives the same bytes.
//   - Text stays text for every common YAML reader: it is quoted whenever
//     a YAML 1.1 reader (PyYAML, Psych, SnakeYAML, yaml.v2) or a YAML 1.2
//     core-schema reader would read the plain form as something else
//     ("yes", "n", "~", "1:20", "0x1F", "1_000", "2001-12-14 21:59:43 -5").
//
// Format checks all of this on its own output before it returns it; a
// check that fails is a finding of rule Meaning and the file is left as it
// is. FuzzFormat checks the same promises from outside.
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
//   - One-line text is plain when every common YAML reader reads the plain
//     text back as the same string, and double-quoted otherwise (so "true",
//     "yes", "2004", "a: b" and " x" are quoted). Text written as a block
//     (>- or |) without line breaks stays a folded block (>-), re-wrapped
//     at 80 columns; text with line breaks is a literal block (|, |- or |+
//     keeping its trailing line breaks). Numbers and booleans are written
//     as they were, nulls as null.
//   - Dates under from, to, at and published are written plainly: 2014,
//     2014-10, 2014-10-16, never quoted.
//   - No document markers or directives, no blank lines, LF line endings,
//     one final newline. Comments stay with the key or item they precede
//     or follow; a line takes one comment at its end, and further ones go
//     on lines of their own above it.
package layout
