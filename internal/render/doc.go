// Package render turns DOT into verified SVG: DOT in, SVG out, nothing
// else. The layout runs in a child process, factgraph-render (package
// graphviz, the only importer of go-graphviz), so that:
//
//   - the main binary never pays go-graphviz's 0.65 s WebAssembly
//     compilation, and never reads or writes its compilation cache in a
//     shared $TMPDIR: each run gives the child a fresh private TMPDIR and
//     removes it afterwards;
//   - a render can never hang the caller: go-graphviz ignores context
//     cancellation, so the parent kills the child when one SVG takes longer
//     than JobTimeout or the run longer than Timeout, and when the child's
//     resident memory passes MemoryLimit (Linux);
//   - a crash of the layout engine is a clean error, never a crash of the
//     build.
//
// Before anything reaches the child, CheckDOT holds the DOT to a fixed,
// safe subset of the language (an allowlist of attributes and values,
// links only to entity pages, no HTML-like labels). After the child
// answers, Verify parses every SVG strictly and rejects scripts, event
// handlers, foreign elements and attributes, foreign link schemes and a
// node or edge count other than the one expected. go-graphviz drops
// malformed labels and copies control characters without an error, so
// the verification is what makes its output trustworthy.
//
// One child renders all of a run's jobs, one after the other (go-graphviz
// is not safe for concurrent renders). The protocol on its stdin and
// stdout is described in wire.go.
package render
