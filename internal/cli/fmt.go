package cli

import (
	"bytes"
	"fmt"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/layout"
	"github.com/factgraph/factgraph/internal/project"
	"github.com/factgraph/factgraph/internal/publish"
	"github.com/factgraph/factgraph/internal/safetext"
	"github.com/factgraph/factgraph/internal/strictyaml"
)

const fmtDoc = `Fmt lays fact files out canonically, in the manner of gofmt: key order from the schema, two-space indentation, comments kept. With no flag it prints the formatted files; -l lists the files whose layout differs, -w rewrites them (atomically, keeping the mode), -d prints a unified diff. PATH defaults to the fact directory. A file that fails the strict reader, or whose layout would change its meaning, is reported and never written (exit 1).`

const fmtExample = `factgraph fmt -l
factgraph fmt -w facts/products/alipay.yaml`

func (c *CLI) fmtCmd(args []string) error {
	fs := c.flags("fmt")
	in := addInputs(fs)
	list := fs.Bool("l", false, "list files whose layout differs from the canonical one")
	write := fs.Bool("w", false, "rewrite files whose layout differs")
	diff := fs.Bool("d", false, "print a unified diff of the changes")
	paths, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	ws, err := in.open()
	if err != nil {
		return err
	}
	scope, err := ws.scope(paths)
	if err != nil {
		return err
	}
	if scope.paths == nil {
		scope.paths = []string{ws.facts}
	}
	tree, problems, err := fact.DefaultLimits.Walk(ws.root.Dir, scope.paths)
	if err != nil {
		return usageErr("%v", err)
	}
	defer tree.Close()
	if len(tree.Files) == 0 && len(problems) == 0 {
		shown := strings.Join(scope.shown, ", ")
		if shown == "" {
			shown = ws.root.Display(ws.facts)
		}
		return usageErr("no fact files at %s", shown)
	}
	failed := false
	for _, f := range tree.Files {
		name := ws.root.Display(f.Name)
		src, err := f.ReadFile(strictyaml.DefaultLimits.MaxBytes)
		if err != nil {
			problems.Report(finding.Pos{File: f.Name}, project.Input, "cannot read: %v", err)
			continue
		}
		out, fs, err := layout.Format(f.Name, src)
		if err != nil {
			return internalErr("%s: %v", safetext.Terminal(name), err)
		}
		if len(fs) > 0 {
			for i := range fs {
				fs[i].Message = "cannot format: " + fs[i].Message
			}
			problems = append(problems, fs...)
			continue
		}
		if !*list && !*write && !*diff {
			c.Stdout.Write(out)
			continue
		}
		if bytes.Equal(src, out) {
			continue
		}
		if *list {
			fmt.Fprintln(c.Stdout, safetext.Terminal(name))
		}
		if *diff {
			fmt.Fprint(c.Stdout, udiff.Unified("a/"+name, "b/"+name, string(src), string(out)))
		}
		if *write {
			if err := publish.WriteFile(ws.root.Join(f.Name), out); err != nil {
				return usageErr("%v", err)
			}
		}
	}
	finding.Sort(problems)
	for _, p := range problems {
		p.Pos.File = ws.root.Display(p.Pos.File)
		fmt.Fprintln(c.Stderr, p)
		failed = failed || p.Severity == finding.Error
	}
	if failed {
		return errFindings
	}
	return nil
}
