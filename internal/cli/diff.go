package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/factgraph/factgraph/internal/diff"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/layout"
	"github.com/factgraph/factgraph/internal/render"
)

// diff compares the fact graph at two revisions or directories. It exits
// 0 whatever the changes are (the report is the result), and 2 when a side
// cannot be read or its schema is unusable.
func (c *CLI) diff(args []string) int {
	fs := c.flagSet("diff", "BASE [HEAD]")
	format := fs.String("format", "text", "output `format`: "+fmt.Sprint(diff.FormatNames()))
	factsDir := fs.String("facts", "facts", "fact `directory`, relative to each side's root")
	schemaDir := fs.String("schema", "schema", "schema `directory`, relative to each side's root")
	dotFile := fs.String("dot", "", "also write the changed neighbourhood as DOT to `file`")
	svgFile := fs.String("svg", "", "also draw the changed neighbourhood as SVG to `file` (needs factgraph-render)")
	rest, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(rest) < 1 || len(rest) > 2 {
		return c.usageError("diff takes a base and an optional head: a git revision or a directory each (the head defaults to the working tree)")
	}
	if err := oneOf("format", *format, diff.FormatNames()); err != nil {
		return c.usageError("%v", err)
	}
	opts := diff.Options{FactsDir: *factsDir, SchemaDir: *schemaDir, Limits: fact.DefaultLimits}
	ctx := context.Background()
	base, err := diff.Load(ctx, rest[0], opts)
	if err != nil {
		return c.usageError("base: %v", err)
	}
	defer base.Close()
	headRef := ""
	if len(rest) == 2 {
		headRef = rest[1]
	}
	head, err := diff.Load(ctx, headRef, opts)
	if err != nil {
		return c.usageError("head: %v", err)
	}
	defer head.Close()
	d := diff.Compare(base, head)
	dot, nodes, edges := d.DOT()
	if *svgFile != "" {
		// Render before writing anything, so a failed render leaves no
		// files behind.
		r, err := render.New()
		if err != nil {
			return c.usageError("--svg: %v", err)
		}
		svgs, err := r.Render(ctx, []render.Job{{Name: filepath.Base(*svgFile), DOT: dot, Nodes: nodes, Edges: edges}})
		if err != nil {
			fmt.Fprintf(c.Stderr, "factgraph: %v\n", err)
			return ExitInternal
		}
		if err := writeNew(*svgFile, svgs[0]); err != nil {
			return c.usageError("%v", err)
		}
	}
	if *dotFile != "" {
		if err := writeNew(*dotFile, dot); err != nil {
			return c.usageError("%v", err)
		}
	}
	if err := diff.Formats[*format].Write(c.Stdout, d); err != nil {
		return c.usageError("writing the diff: %v", err)
	}
	return ExitOK
}

// writeNew writes an output file: atomically when it exists, so that a
// reader never sees half of it.
func writeNew(path string, data []byte) error {
	if _, err := os.Lstat(path); err == nil {
		return layout.WriteFile(path, data)
	}
	return os.WriteFile(path, data, 0o644)
}
