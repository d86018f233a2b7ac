// Command factgraph-render lays out DOT graphs as SVG for factgraph
// build. It is started by factgraph as a child process and speaks the
// protocol of package render on stdin and stdout; it is not meant to be
// run by hand.
package main

import (
	"os"

	"github.com/factgraph/factgraph/internal/graphviz"
)

func main() { os.Exit(graphviz.Main()) }
