// Package check runs factgraph's rules over a set of fact files: it loads
// the vocabulary and the files, resolves them into a graph, runs the
// contradiction rules on the graph and applies acknowledgements. The rule
// catalogue (rules.go) documents every rule, including those the loader
// and the resolver report.
package check

import (
	"fmt"

	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/vocab"
)

// Options says what to check.
type Options struct {
	SchemaDir string
	Paths     []string
	Limits    fact.Limits
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

// Run checks the fact files in opts.Paths. The error is a *ConfigError
// for an unusable schema directory, and otherwise an I/O or internal
// failure; findings about the facts themselves are in the Result.
func Run(opts Options) (*Result, error) {
	v, vfs, err := vocab.Load(opts.SchemaDir)
	if err != nil {
		return nil, &ConfigError{Err: err, Findings: vfs}
	}
	return RunWith(v, opts.Paths, opts.Limits)
}

// RunWith checks with an already loaded vocabulary.
func RunWith(v *vocab.Vocab, paths []string, lim fact.Limits) (*Result, error) {
	set, fs, err := fact.Load(paths, v.Facts, lim)
	if err != nil {
		return nil, err
	}
	g, gfs := graph.Build(v, set)
	fs = append(fs, gfs...)
	fs = append(fs, Analyze(g)...)
	finding.Sort(fs)
	return &Result{Vocab: v, Set: set, Graph: g, Findings: fs}, nil
}

// Analyze runs every rule that works on the resolved graph and applies
// the acknowledgements written in the facts.
func Analyze(g *graph.Graph) finding.List {
	acks := newAcks(g)
	var fs finding.List
	for _, r := range Rules {
		if r.Run == nil {
			continue
		}
		pass := &Pass{Graph: g, rule: r, acks: acks, out: &fs}
		r.Run(pass)
	}
	fs = append(fs, acks.unused()...)
	return fs
}

// Pass is what a rule's Run function works with.
type Pass struct {
	Graph *graph.Graph
	rule  *Rule
	acks  *ackIndex
	out   *finding.List
}

// Report records a finding about claims: it is placed at the first
// claim's statement, and the others become related locations. An
// acknowledgement on any of the statements silences it.
func (p *Pass) Report(msg string, claims ...*graph.Claim) {
	for _, c := range claims {
		if p.acks.use(p.rule.Name, c.Stmt.Acks) {
			return
		}
	}
	f := finding.Finding{Pos: claims[0].Stmt.Pos, Rule: p.rule.Name, Severity: p.rule.Severity, Message: msg}
	for _, c := range claims[1:] {
		f.Related = append(f.Related, finding.Related{Pos: c.Stmt.Pos, Message: Describe(c)})
	}
	p.out.Add(f)
}

// ReportEntities records a finding about entities, placed at the first
// entity's label; an acknowledgement on any of them silences it.
func (p *Pass) ReportEntities(msg string, at []finding.Pos, entities ...*graph.Entity) {
	for _, e := range entities {
		if p.acks.use(p.rule.Name, e.Acks) {
			return
		}
	}
	f := finding.Finding{Pos: at[0], Rule: p.rule.Name, Severity: p.rule.Severity, Message: msg}
	for i, e := range entities[1:] {
		f.Related = append(f.Related, finding.Related{Pos: at[i+1], Message: fmt.Sprintf("%s %q", e.Type.Label, e.ID())})
	}
	p.out.Add(f)
}
