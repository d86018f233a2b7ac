package fact

import (
	"cmp"
	"fmt"
	"path"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/grammar"
	"github.com/factgraph/factgraph/internal/project"
	"github.com/factgraph/factgraph/internal/schema"
	"github.com/factgraph/factgraph/internal/strictyaml"
)

// Limits bound the work a set of fact files can cause.
type Limits struct {
	File          strictyaml.Limits
	MaxFiles      int
	MaxTotal      int64 // bytes over all files
	MaxStatements int   // statements over all files
}

// DefaultLimits allow a large curated graph and stop runaway input. The
// statement limit is what bounds memory: a statement costs about 600
// bytes of heap once resolved, whatever its length in the file, so bytes
// alone would let short statements take sixteen times their size.
var DefaultLimits = Limits{File: strictyaml.DefaultLimits, MaxFiles: 200_000, MaxTotal: 256 << 20, MaxStatements: 1_200_000}

// Walk lists the fact files under paths (relative to base) within the
// limits.
func (l Limits) Walk(base string, paths []string) (*project.Tree, finding.List, error) {
	return project.Walk(base, paths, project.Limits{MaxFiles: l.MaxFiles, MaxTotal: l.MaxTotal})
}

// Read reads one fact file from its bytes: the strict YAML reader, the
// schema gate and the decoder. It returns the entity, or nil when the
// file holds none that can be read, and the file's findings. An error is
// an internal failure (a panic inside yaml.v3).
func Read(name string, data []byte, sch *schema.Schema, lim strictyaml.Limits) (*Entity, finding.List, error) {
	doc, fs, err := strictyaml.Parse(name, data, lim)
	if err != nil || doc == nil {
		return nil, fs, err
	}
	fs, bad := sch.Validate(doc)
	e, dfs := decode(doc, bad)
	fs = append(fs, dfs...)
	if e != nil && !grammar.IsID(e.ID.Value) {
		// The schema has reported the id; the file name stands in for it
		// (it must equal the id anyway), so the rest of the file is still
		// checked.
		id := FileID(name)
		if !grammar.IsID(id) {
			return nil, fs, nil
		}
		e.ID = Text{Value: id, Loc: e.Loc}
	}
	finding.Sort(fs)
	return e, fs, nil
}

// FileID is the id a file name promises: its base name without .yaml.
func FileID(name string) string {
	return strings.TrimSuffix(path.Base(name), project.Ext)
}

// Load reads every file of tree in parallel, one worker per core, and
// returns the entities in path order with the findings, sorted. A panic
// in a worker is recovered and returned as an error naming the file, as
// is any other internal failure; findings about the files themselves are
// never errors.
func Load(tree *project.Tree, sch *schema.Schema, lim Limits, c *Cache) (*Set, finding.List, error) {
	files := tree.Files
	results := make([]result, len(files))
	var wg sync.WaitGroup
	next := make(chan int, 64)
	// read counts the statements of the files read so far, in any order.
	// Files are handed out in path order, so once read passes the limit,
	// every file handed out later lies past the cut the merge below makes,
	// and is skipped unread: memory stays bounded by the limit.
	var read atomic.Int64
	over := func() bool { return lim.MaxStatements > 0 && read.Load() > int64(lim.MaxStatements) }
	for range min(runtime.GOMAXPROCS(0), max(len(files), 1)) {
		wg.Go(func() {
			for i := range next {
				if over() {
					results[i] = result{skipped: true}
					continue
				}
				results[i] = loadFile(files[i], sch, lim.File, c)
				if e := results[i].entity; e != nil {
					read.Add(int64(len(e.Statements)))
				}
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	set := &Set{Broken: map[string]finding.Pos{}, Files: len(files)}
	var fs finding.List
	var firstErr error
	statements, cut := 0, false
	for i, r := range results {
		if cut || r.skipped {
			// Past the statement limit: not read, but its id is known, so
			// references to it do not dangle.
			r = result{}
		} else if e := r.entity; e != nil && lim.MaxStatements > 0 && statements+len(e.Statements) > lim.MaxStatements {
			keep := lim.MaxStatements - statements
			fs.Report(e.Statements[keep].Pos(), strictyaml.Limit,
				"more than %d statements in all; the rest were not read", lim.MaxStatements)
			e.Statements = e.Statements[:keep]
			cut = true
		}
		firstErr = cmp.Or(firstErr, r.err) // the first file in path order, whatever the scheduling
		fs = append(fs, r.findings...)
		switch {
		case r.entity != nil:
			statements += len(r.entity.Statements)
			set.Entities = append(set.Entities, r.entity)
		default:
			if id := FileID(files[i].Name); grammar.IsID(id) {
				if _, dup := set.Broken[id]; !dup {
					set.Broken[id] = finding.Pos{File: files[i].Name, Line: 1, Col: 1}
				}
			}
		}
	}
	if firstErr != nil {
		return nil, nil, firstErr
	}
	finding.Sort(fs)
	return set, fs, nil
}

type result struct {
	entity   *Entity
	findings finding.List
	err      error
	skipped  bool // past the statement limit
}

// loadFile reads one file. It recovers a panic, which must not take the
// process down from a worker goroutine (only the CLI's own goroutine has
// a recover), and turns it into an internal error.
func loadFile(f project.File, sch *schema.Schema, lim strictyaml.Limits, c *Cache) (r result) {
	defer func() {
		if p := recover(); p != nil {
			r = result{err: fmt.Errorf("internal error reading %s: %v\n%s", f.Name, p, debug.Stack())}
		}
	}()
	data, err := f.ReadFile(lim.MaxBytes)
	if err != nil {
		var fs finding.List
		fs.Report(finding.Pos{File: f.Name}, project.Input, "cannot read: %v", err)
		return result{findings: fs}
	}
	if c == nil {
		e, fs, err := Read(f.Name, data, sch, lim)
		return result{entity: e, findings: fs, err: err}
	}
	cached, k, ok := c.get(f.Name, data)
	if ok {
		return *cached
	}
	e, fs, err := Read(f.Name, data, sch, lim)
	r = result{entity: e, findings: fs, err: err}
	if err == nil {
		c.put(k, f.Name, &r)
	}
	return r
}
