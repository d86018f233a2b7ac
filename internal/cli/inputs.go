package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"

	"github.com/factgraph/factgraph/internal/cache"
	"github.com/factgraph/factgraph/internal/check"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/project"
	"github.com/factgraph/factgraph/internal/report"
	"github.com/factgraph/factgraph/internal/safetext"
)

// inputs are the flags every command that reads facts takes, the same
// way: where the repository root is, and where its schema and facts are.
// By default the root is found by walking up from the working directory,
// and the schema and facts are its schema/ and facts/.
type inputs struct {
	root, schema, facts *string
	cacheDir            *string
	noCache             *bool
}

func addInputs(fs *flag.FlagSet) *inputs {
	return &inputs{
		root:     fs.String("root", "", "repository `directory` (default: the nearest folder above the working directory that holds schema/vocabulary.yaml)"),
		schema:   fs.String("schema", "", "schema `directory` with fact.schema.json and vocabulary.yaml (default: ROOT/schema)"),
		facts:    fs.String("facts", "", "fact `directory` (default: ROOT/facts)"),
		cacheDir: fs.String("cache-dir", "", "`directory` of the cache of per-file results (default: $FACTGRAPH_CACHE, else the user cache directory's factgraph/)"),
		noCache:  fs.Bool("no-cache", false, "read every file afresh and write no cache"),
	}
}

// workspace is a resolved set of inputs.
type workspace struct {
	root *project.Root
	// schemaDir is the schema directory (absolute), schemaName how
	// findings name it.
	schemaDir, schemaName string
	// facts is the fact directory, relative to the root.
	facts string
	// cacheDir is the cache directory, "" for no cache; store is the
	// cache, once opened.
	cacheDir string
	store    *cache.Cache
	opened   bool
}

// open resolves the inputs and requires the fact directory to exist.
func (in *inputs) open() (*workspace, error) {
	ws, err := in.resolve()
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(ws.root.Join(ws.facts))
	switch {
	case err != nil:
		return nil, usageErr("no fact directory %s: %v", ws.root.Display(ws.facts), unwrap(err))
	case !info.IsDir():
		return nil, usageErr("%s is not a directory", ws.root.Display(ws.facts))
	}
	return ws, nil
}

// resolve resolves the inputs. Paths given by the user are relative to
// the working directory; the fact directory must lie inside the root.
func (in *inputs) resolve() (*workspace, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, usageErr("%v", err)
	}
	root, err := project.Find(wd, *in.root)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	ws := &workspace{root: root, schemaDir: root.Join(project.SchemaDir), schemaName: project.SchemaDir, facts: project.FactsDir}
	if *in.schema != "" {
		ws.schemaDir = root.Abs(*in.schema)
		if rel, err := root.Rel(*in.schema); err == nil {
			ws.schemaName = rel
		} else {
			ws.schemaName = ws.schemaDir
		}
	}
	if *in.facts != "" {
		if ws.facts, err = root.Rel(*in.facts); err != nil {
			return nil, usageErr("--facts: %v", err)
		}
	}
	switch {
	case *in.noCache:
	case *in.cacheDir != "":
		ws.cacheDir = root.Abs(*in.cacheDir)
	default:
		ws.cacheDir, _ = cache.DefaultDir() // none found: no cache
	}
	return ws, nil
}

// check loads and checks the whole fact base. An empty fact base is an
// error: a gate pointed at the wrong folder must not pass.
func (ws *workspace) check(c *CLI) (*check.Result, error) {
	store := ws.openCache(c)
	res, err := check.Run(check.Options{SchemaDir: ws.schemaDir, SchemaName: ws.schemaName, Base: ws.root.Dir,
		Dirs: []string{ws.facts}, Limits: fact.DefaultLimits, Cache: store})
	if store != nil {
		store.Trim() // eviction is best effort: the next run trims again
	}
	if cfg, ok := err.(*check.ConfigError); ok {
		if len(cfg.Findings) > 0 {
			report.Text{}.Write(c.Stderr, ws.report(c, cfg.Findings, 1))
		}
		return nil, usageErr("%v", err)
	}
	if err != nil {
		return nil, usageErr("%v", err)
	}
	if res.Set.Files == 0 && !hasInputFindings(res) {
		return nil, usageErr("no fact files in %s", ws.root.Display(ws.facts))
	}
	return res, nil
}

// openCache opens the cache, or returns nil for none. A cache that
// cannot be written is used for reading, with a notice: it costs speed,
// never a result.
func (ws *workspace) openCache(c *CLI) *cache.Cache {
	if ws.opened || ws.cacheDir == "" {
		return ws.store
	}
	ws.opened = true
	store, err := cache.Open(ws.cacheDir, cache.Options{})
	if err != nil {
		fmt.Fprintf(c.Stderr, "factgraph: notice: the cache is not written: %v\n", safetext.Terminal(err.Error()))
	}
	ws.store = store
	return store
}

func hasInputFindings(res *check.Result) bool {
	for _, f := range res.Findings {
		if f.Rule == project.Input.Name {
			return true
		}
	}
	return false
}

// report wraps findings for a formatter, with paths shown relative to the
// working directory.
func (ws *workspace) report(c *CLI, found finding.List, files int) *report.Report {
	r := &report.Report{Findings: found, Files: files, Rules: check.Rules, Version: version(), Display: ws.root.Display}
	if c.Terminal {
		r.Source = ws.sourceLine
	}
	return r
}

// sourceLine reads one line of a file of the root, for the caret excerpt.
func (ws *workspace) sourceLine(file string, line int) (string, bool) {
	data, err := os.ReadFile(ws.root.Join(file))
	if err != nil {
		return "", false
	}
	for i := 1; ; i++ {
		nl := bytes.IndexByte(data, '\n')
		if i == line {
			if nl < 0 {
				return string(data), true
			}
			return string(data[:nl]), true
		}
		if nl < 0 {
			return "", false
		}
		data = data[nl+1:]
	}
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
