package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/factgraph/factgraph/internal/diagram"
	"github.com/factgraph/factgraph/internal/diff"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/publish"
	"github.com/factgraph/factgraph/internal/render"
)

const diffDoc = `Diff compares the fact graph at two git revisions or directories, semantically: statements are matched after normalisation, so a statement moved between files, written from the other side or reformatted is not a change. BASE and HEAD are git revisions of the repository, or directories written as paths with a slash (./other, /tmp/checkout), so a directory can never be mistaken for a revision; HEAD defaults to the working tree. Each side is checked with its own schema; --facts and --schema name the same folders inside each side. Findings are matched across the sides and reported as new, fixed or already there. With --fail-on new it exits 1 when the head has errors the base does not, so a gate can block on what a pull request adds.`

const diffExample = `factgraph diff main
factgraph diff --format markdown --fail-on new "$BASE_SHA" > summary.md
factgraph diff ./old-checkout ./new-checkout`

func (c *CLI) diff(args []string) error {
	fs := c.flags("diff")
	in := addInputs(fs)
	format := fs.String("format", "text", "output `format`: "+fmt.Sprint(diff.FormatNames()))
	failOn := fs.String("fail-on", "none", "exit 1 when the head has errors: `when` is none, new (errors the base does not have) or any")
	dotFile := fs.String("dot", "", "also write the changed neighbourhood as DOT to `file`")
	svgFile := fs.String("svg", "", "also draw the changed neighbourhood as SVG to `file` (needs factgraph-render)")
	rest, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) < 1 || len(rest) > 2 {
		return usageErr("diff takes a base and an optional head: a git revision, or a directory written with a slash (./dir), each; the head defaults to the working tree")
	}
	if err := oneOf("format", *format, diff.FormatNames()); err != nil {
		return err
	}
	if err := oneOf("fail-on", *failOn, []string{"none", "new", "any"}); err != nil {
		return err
	}
	// --facts and --schema name folders inside each side, which need not
	// exist in the working tree.
	ws, err := in.resolve()
	if err != nil {
		return err
	}
	opts := diff.Options{FactsDir: filepath.FromSlash(ws.facts), SchemaDir: filepath.FromSlash(ws.schemaName), Root: ws.root.Dir, Limits: fact.DefaultLimits}
	if !filepath.IsLocal(opts.SchemaDir) {
		return usageErr("--schema must lie inside the repository for diff: each side reads its own")
	}
	opts.Cache = ws.openCache(c)
	ctx := context.Background()
	base, err := diff.Load(ctx, rest[0], opts)
	if err != nil {
		return usageErr("base: %v", err)
	}
	defer base.Close()
	headRef := ""
	if len(rest) == 2 {
		headRef = rest[1]
	}
	head, err := diff.Load(ctx, headRef, opts)
	if err != nil {
		return usageErr("head: %v", err)
	}
	defer head.Close()
	if opts.Cache != nil {
		opts.Cache.Trim()
	}
	d := diff.Compare(base, head)
	dot, nodes, edges := d.DOT()
	if *svgFile != "" {
		// Render before writing anything, so a failed render leaves no
		// files behind.
		r, err := c.renderer()
		if err != nil {
			return usageErr("--svg: %v", err)
		}
		svg, err := diagram.Draw(ctx, r, render.Job{Name: filepath.Base(*svgFile), DOT: dot, Nodes: nodes, Edges: edges})
		if err != nil {
			return internalErr("%v", err)
		}
		if err := writeNew(*svgFile, svg); err != nil {
			return usageErr("%v", err)
		}
	}
	if *dotFile != "" {
		if err := writeNew(*dotFile, dot); err != nil {
			return usageErr("%v", err)
		}
	}
	if err := diff.Formats[*format].Write(c.Stdout, d); err != nil {
		return usageErr("writing the diff: %v", err)
	}
	switch {
	case *failOn == "new" && finding.Count(d.Findings.New).Error > 0:
		return usageErrCode(ExitFindings, "the head has %d new errors", finding.Count(d.Findings.New).Error)
	case *failOn == "any" && head.Result.Counts().Error > 0:
		return usageErrCode(ExitFindings, "the head has %d errors", head.Result.Counts().Error)
	}
	return nil
}

// writeNew writes an output file: atomically when it exists, so that a
// reader never sees half of it.
func writeNew(path string, data []byte) error {
	if _, err := os.Lstat(path); err == nil {
		return publish.WriteFile(path, data)
	}
	return os.WriteFile(path, data, 0o644)
}
