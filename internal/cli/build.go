package cli

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/diagram"
	"github.com/factgraph/factgraph/internal/export"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/publish"
	"github.com/factgraph/factgraph/internal/render"
	"github.com/factgraph/factgraph/internal/report"
)

// producer makes some of the files of out/ from the checked graph.
type producer struct {
	name string
	make func(g *graph.Graph) ([]export.File, error)
}

// newRenderer finds and configures the SVG renderer; tests replace it to
// shorten the time limits.
var newRenderer = render.New

func (c *CLI) build(args []string) int {
	fs := c.flagSet("build", "[PATH...]")
	schemaDir := fs.String("schema", "schema", "schema `directory` with fact.schema.json and vocabulary.yaml")
	outDir := fs.String("out", "out", "output `directory`, replaced as a whole")
	var at dateList
	fs.Var(&at, "at", "also draw the graph as it stood on this `date` (YYYY, YYYY-MM or YYYY-MM-DD) as graph-DATE.dot/.svg; repeatable")
	paths, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	inputs := append([]string{*schemaDir}, paths...)
	if len(paths) == 0 {
		inputs = append(inputs, "facts") // runCheck's default
	}
	if err := outsideInputs(*outDir, inputs); err != nil {
		return c.usageError("--out: %v", err)
	}
	if err := publish.Check(*outDir); err != nil {
		return c.usageError("--out: %v", err)
	}
	res, code := c.runCheck(*schemaDir, paths)
	if res == nil {
		return code
	}
	if len(res.Findings) > 0 {
		report.Text{}.Write(c.Stdout, &report.Report{Findings: res.Findings, Files: res.Set.Files})
	}
	if res.Counts().Error > 0 {
		fmt.Fprintf(c.Stderr, "factgraph: the facts have errors; nothing was written to %s\n", *outDir)
		return ExitFindings
	}
	// out/ names each statement's file; facts outside the working
	// directory are shown with absolute paths, which would put this
	// machine's layout into out/.
	for _, e := range res.Set.Entities {
		if path.IsAbs(e.File) {
			return c.usageError("%s is outside the working directory: run factgraph build from the repository root, so that out/ holds no machine paths", e.File)
		}
	}

	r, err := newRenderer()
	if err != nil {
		return c.usageError("%v", err)
	}
	dopts := diagram.Options{
		At:       at,
		Renderer: r,
		Notice:   func(msg string) { fmt.Fprintf(c.Stderr, "factgraph: notice: %s\n", msg) },
	}
	// The files of out/, from each producer in turn.
	producers := []producer{
		{"diagrams", func(g *graph.Graph) ([]export.File, error) { return diagram.Files(context.Background(), g, dopts) }},
		{"tables", export.Tables},
		{"rdf", export.RDF},
	}
	var files []export.File
	for _, p := range producers {
		made, err := p.make(res.Graph)
		if err != nil {
			// The facts passed the check, so a producer's failure (a
			// crashed or timed-out renderer, an SVG that failed
			// verification) is ours.
			fmt.Fprintf(c.Stderr, "factgraph: internal error: %s: %v; nothing was written to %s\n", p.name, err, *outDir)
			return ExitInternal
		}
		files = append(files, made...)
	}
	slices.SortFunc(files, func(a, b export.File) int { return strings.Compare(a.Path, b.Path) })
	if err := publish.Publish(*outDir, files); err != nil {
		if errors.Is(err, publish.ErrUnsafe) {
			return c.usageError("--out: %v", err)
		}
		return c.usageError("writing %s: %v", *outDir, err)
	}
	fmt.Fprintf(c.Stdout, "wrote %s: %d files\n", filepath.ToSlash(*outDir), len(files)+1)
	return ExitOK
}

// outsideInputs refuses an output directory that is, or contains, one of
// the input paths: replacing it would delete them.
func outsideInputs(out string, inputs []string) error {
	absOut, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	for _, in := range inputs {
		absIn, err := filepath.Abs(in)
		if err != nil {
			return err
		}
		if rel, err := filepath.Rel(absOut, absIn); err == nil && filepath.IsLocal(rel) || absIn == absOut {
			return fmt.Errorf("%s would replace the input %s", out, in)
		}
	}
	return nil
}

// dateList is a repeatable --at flag.
type dateList []date.Date

func (l *dateList) String() string {
	if l == nil {
		return ""
	}
	s := make([]string, len(*l))
	for i, d := range *l {
		s[i] = d.String()
	}
	return strings.Join(s, ",")
}

func (l *dateList) Set(s string) error {
	d, err := date.Parse(s)
	if err != nil {
		return err
	}
	*l = append(*l, d)
	return nil
}
