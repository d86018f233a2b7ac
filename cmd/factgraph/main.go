// Command factgraph checks a knowledge graph kept as YAML fact files and
// exports it. See README.md and docs/.
package main

import (
	"os"

	"github.com/factgraph/factgraph/internal/cli"
)

func main() { os.Exit(cli.Main()) }
