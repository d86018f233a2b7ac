package cli

import (
	"fmt"
	"os"
	"slices"

	"github.com/factgraph/factgraph/internal/check"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/project"
	"github.com/factgraph/factgraph/internal/report"
)

const checkDoc = `Check reads every fact file of the repository (the strict YAML reader, the JSON Schema gate, the vocabulary) and checks the whole graph: references, types, and contradictions that understand time, precision, rank and sources. With PATH arguments (files or folders, from anywhere inside the repository) it still reads the whole fact base, so references to other files resolve, and reports the findings in those paths and every contradiction that involves them. It exits 1 when there are errors, 2 for a usage or configuration problem (no fact files at a path is one), 3 for an internal error.`

const checkExample = `factgraph check
factgraph check facts/products/alipay.yaml
cd facts/products && factgraph check alipay.yaml
factgraph check --format sarif > results.sarif`

func (c *CLI) check(args []string) error {
	fs := c.flags("check")
	in := addInputs(fs)
	format := fs.String("format", "text", "output `format`: "+fmt.Sprint(report.FormatNames()))
	paths, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if err := oneOf("format", *format, report.FormatNames()); err != nil {
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
	res, err := ws.check(c)
	if err != nil {
		return err
	}
	found, files, err := scope.filter(res)
	if err != nil {
		return err
	}
	if err := report.Formats[*format].Write(c.Stdout, ws.report(c, found, files)); err != nil {
		return usageErr("writing the report: %v", err)
	}
	if finding.Count(found).Error > 0 {
		return errFindings
	}
	return nil
}

// scope is the part of the fact base a command reports on: root-relative
// paths, or everything.
type scope struct {
	ws    *workspace
	paths []string // root-relative; nil for all
	shown []string // as the user wrote them
}

// scope resolves the PATH arguments: each must exist and lie inside the
// root, however it is written.
func (ws *workspace) scope(args []string) (*scope, error) {
	s := &scope{ws: ws}
	for _, a := range args {
		rel, err := ws.root.Rel(a)
		if err != nil {
			return nil, usageErr("%v", err)
		}
		if _, err := os.Lstat(ws.root.Abs(a)); err != nil {
			return nil, usageErr("%s: %v", a, unwrap(err))
		}
		s.paths = append(s.paths, rel)
		s.shown = append(s.shown, a)
	}
	return s, nil
}

// has reports whether a root-relative file is in scope.
func (s *scope) has(file string) bool {
	return s.paths == nil || slices.ContainsFunc(s.paths, func(p string) bool { return project.Under(file, p) })
}

// filter keeps the findings in scope: those located in its paths and
// those with a related location there (a contradiction that involves a
// file in scope, seen from the other side). It counts the fact files in
// scope, and refuses a path that holds none.
func (s *scope) filter(res *check.Result) (finding.List, int, error) {
	if s.paths == nil {
		return res.Findings, res.Set.Files, nil
	}
	var files []string
	for _, e := range res.Set.Entities {
		files = append(files, e.File)
	}
	for _, p := range res.Set.Broken {
		files = append(files, p.File)
	}
	n := 0
	for _, f := range files {
		if s.has(f) {
			n++
		}
	}
	var kept finding.List
	for _, f := range res.Findings {
		if s.has(f.File) || slices.ContainsFunc(f.Related, func(r finding.Related) bool { return s.has(r.File) }) {
			kept = append(kept, f)
		}
	}
	for i, p := range s.paths {
		if !slices.ContainsFunc(files, func(f string) bool { return project.Under(f, p) }) &&
			!slices.ContainsFunc(kept, func(f finding.Finding) bool { return project.Under(f.File, p) }) {
			return nil, 0, usageErr("no fact files at %s (the fact base is %s)", s.shown[i], s.ws.root.Display(s.ws.facts))
		}
	}
	return kept, n, nil
}
