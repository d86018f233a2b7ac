// Command fake is a factgraph-render that misbehaves, for tests; see
// package rendertest.
package main

import (
	"os"

	"github.com/factgraph/factgraph/internal/render/rendertest"
)

func main() { os.Exit(rendertest.RunFake()) }
