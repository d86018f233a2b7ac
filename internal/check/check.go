// Package check runs factgraph's rules over a fact base: it loads the
// vocabulary and the files, resolves them into a graph, runs the
// contradiction rules on the graph and applies acknowledgements. The rule
// catalogue (catalogue.go) lists every rule, including those the loader
// and the resolver report; each rule is a value owned by the package that
// reports it.
package check

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/factgraph/factgraph/internal/cache"

	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/vocab"
)

// Options says what to check.
type Options struct {
	// SchemaDir is the schema directory; SchemaName is how findings name
	// it (relative to Base).
	SchemaDir, SchemaName string
	// Base is the directory every fact file's name is relative to (the
	// repository root); Dirs are the fact base, relative to Base.
	Base   string
	Dirs   []string
	Limits fact.Limits
	// Cache keeps per-file results between runs; nil for none.
	// CacheNamespace names the fact base in it; "" names it by Base and
	// Dirs. A fact base read from a temporary directory (a revision, for
	// diff) needs a name that outlives the directory.
	Cache          *cache.Cache
	CacheNamespace string
}

// Result is everything a check produced.
type Result struct {
	Vocab    *vocab.Vocab
	Set      *fact.Set
	Graph    *graph.Graph
	Findings finding.List // sorted
}

// Counts tallies the findings.
func (r *Result) Counts() finding.Counts { return finding.Count(r.Findings) }

// ConfigError reports a schema directory that cannot be used; Findings
// holds positioned problems inside vocabulary.yaml, if any.
type ConfigError struct {
	Err      error
	Findings finding.List
}

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// Run checks the fact base. The error is a *ConfigError for an unusable
// schema directory, and otherwise an I/O or internal failure; findings
// about the facts themselves are in the Result.
func Run(opts Options) (*Result, error) {
	v, vfs, err := vocab.Load(opts.SchemaDir, opts.SchemaName)
	if err != nil {
		return nil, &ConfigError{Err: err, Findings: vfs}
	}
	return RunWith(v, opts)
}

// RunWith checks with an already loaded vocabulary; opts.SchemaDir is not
// read.
func RunWith(v *vocab.Vocab, opts Options) (*Result, error) {
	tree, fs, err := opts.Limits.Walk(opts.Base, opts.Dirs)
	if err != nil {
		return nil, err
	}
	defer tree.Close()
	fc := fact.NewCache(opts.Cache, v.Hash)
	namespace := cacheNamespace(opts)
	if opts.Cache != nil {
		opts.Cache.Load(namespace)
	}
	set, lfs, err := fact.Load(tree, v.Facts, opts.Limits, fc)
	if err != nil {
		return nil, err
	}
	// A cache that cannot be written costs speed, never a result.
	fc.Commit(namespace)
	fs = append(fs, lfs...)
	g, gfs := graph.Build(v, set)
	suggestBadRefs(g, set, fs)
	fs = append(fs, gfs...)
	fs = append(fs, Analyze(g)...)
	finding.Sort(fs)
	return &Result{Vocab: v, Set: set, Graph: g, Findings: fs}, nil
}

// cacheNamespace names the fact base in the cache: its absolute location,
// so that several repositories (or checkouts) share one cache directory
// without evicting each other's packs.
func cacheNamespace(opts Options) string {
	if opts.CacheNamespace != "" {
		return opts.CacheNamespace
	}
	base, err := filepath.Abs(opts.Base)
	if err != nil {
		base = opts.Base
	}
	return base + "\x00" + strings.Join(opts.Dirs, "\x00")
}

// suggestBadRefs adds a did-you-mean to the schema findings about object
// and sources entries that are not ids: a label written where its id
// belongs ("Alibaba Group" for alibaba-group) is the common case, and
// only the whole graph knows the ids.
func suggestBadRefs(g *graph.Graph, set *fact.Set, fs finding.List) {
	at := map[finding.Pos]string{}
	for _, e := range set.Entities {
		for _, ref := range e.BadRefs {
			if s := g.DidYouMean(ref.Value); s != "" {
				at[e.Pos(ref.Loc)] = s
			}
		}
	}
	if len(at) == 0 {
		return
	}
	for i := range fs {
		if s, ok := at[fs[i].Pos]; ok && fs[i].Rule == "schema" {
			fs[i].Message += s
		}
	}
}

// Analyze runs every rule that works on the resolved graph and applies
// the acknowledgements written in the facts.
//
// The rules read the graph and write only their own findings, so they run
// at once, one per core. A panic in one is carried to the caller's
// goroutine, where the CLI turns it into exit code 3: a panic in another
// goroutine would kill the process with no message of ours.
func Analyze(g *graph.Graph) finding.List {
	acks := newAcks(g)
	out := make([]finding.List, len(Analyzers))
	panics := make([]error, len(Analyzers))
	var wg sync.WaitGroup
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, a := range Analyzers {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			defer func() {
				if r := recover(); r != nil {
					panics[i] = fmt.Errorf("rule %s: %v\n%s", a.Rule.Name, r, debug.Stack())
				}
			}()
			a.Run(&Pass{Graph: g, rule: a.Rule, acks: acks, out: &out[i], described: map[*graph.Claim]string{}})
		})
	}
	wg.Wait()
	if err := errors.Join(panics...); err != nil {
		panic(err)
	}
	var fs finding.List
	for _, l := range out {
		fs = append(fs, l...)
	}
	fs = append(fs, acks.unused()...)
	return fs
}

// Pass is what a rule's Run function works with.
type Pass struct {
	Graph *graph.Graph
	rule  *finding.Rule
	acks  *ackIndex
	out   *finding.List
	// described caches Describe: the same claims head the related lists
	// of many findings when one claim holds during many conflicts.
	described map[*graph.Claim]string
}

func (p *Pass) describe(c *graph.Claim) string {
	s, ok := p.described[c]
	if !ok {
		s = Describe(c)
		p.described[c] = s
	}
	return s
}

// MaxRelated caps the related locations of one finding: a conflict among
// ten thousand statements names the first ones and counts the rest, so a
// finding's size never grows with the input.
const MaxRelated = 20

// Report records a finding about claims: it is placed at the first
// claim's statement, and the others become related locations (at most
// MaxRelated, then a count of the rest). An acknowledgement on any of the
// statements accepts it.
func (p *Pass) Report(msg string, claims ...*graph.Claim) {
	p.reportGroup(msg, group{first: claims[:min(len(claims), MaxRelated+1)], size: len(claims), acked: claims})
}

// reportGroup records a finding about a group of claims known by its
// first members, its size and its acknowledging members: the group rules
// report groups too large to pass as a list. The first acknowledgement
// (in the order given) accepts the finding, and every acknowledgement of
// the rule on a member is marked used: each matches this finding, and
// calling the others unused would depend on which member sorts first.
func (p *Pass) reportGroup(msg string, g group) {
	f := finding.Finding{Pos: g.first[0].Stmt.Pos(), Rule: p.rule.Name, Severity: p.rule.Severity, Message: msg}
	for _, c := range g.acked {
		if a := p.acks.use(p.rule.Name, c.Stmt.Subject, c.Stmt.Acks()); a != nil && f.Ack == nil {
			f.Ack = a
		}
	}
	for _, c := range g.first[1:min(len(g.first), MaxRelated+1)] {
		f.Related = append(f.Related, finding.Related{Pos: c.Stmt.Pos(), Message: p.describe(c)})
	}
	if g.size > MaxRelated+1 {
		f.Message += fmt.Sprintf(" (and %d more statements, not listed)", g.size-1-MaxRelated)
	}
	*p.out = append(*p.out, f)
}

// ReportEntities records a finding about entities, placed at the first
// entity's name (at); an acknowledgement on any of them accepts it, and
// each of theirs is marked used, as reportGroup does for claims.
func (p *Pass) ReportEntities(msg string, at []finding.Pos, entities ...*graph.Entity) {
	f := finding.Finding{Pos: at[0], Rule: p.rule.Name, Severity: p.rule.Severity, Message: msg}
	for _, e := range entities {
		if a := p.acks.use(p.rule.Name, e.Entity, e.Acks); a != nil && f.Ack == nil {
			f.Ack = a
		}
	}
	for i, e := range entities[1:] {
		if i == MaxRelated {
			f.Message += fmt.Sprintf(" (and %d more entities, not listed)", len(entities)-1-MaxRelated)
			break
		}
		f.Related = append(f.Related, finding.Related{Pos: at[i+1], Message: fmt.Sprintf("%s %q", e.Type.Label, e.ID())})
	}
	*p.out = append(*p.out, f)
}
