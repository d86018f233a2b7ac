package check

import (
	"sync"

	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/suggest"
)

// ackIndex tracks which acknowledgements accepted a finding.
type ackIndex struct {
	all  []placed
	mu   sync.Mutex // the rules run at once
	used map[finding.Pos]bool
}

type placed struct {
	e *fact.Entity
	a fact.Ack
}

func newAcks(g *graph.Graph) *ackIndex {
	ai := &ackIndex{used: map[finding.Pos]bool{}}
	for _, e := range g.Entities {
		for _, a := range e.Acks {
			ai.all = append(ai.all, placed{e.Entity, a})
		}
		for _, s := range e.Statements {
			for _, a := range s.Acks() {
				ai.all = append(ai.all, placed{e.Entity, a})
			}
		}
	}
	return ai
}

// use returns the acknowledgement among acks (written in e) that accepts
// rule's findings, marking it used, or nil.
func (ai *ackIndex) use(rule string, e *fact.Entity, acks []fact.Ack) *finding.Ack {
	for _, a := range acks {
		if a.Rule.Value == rule {
			pos := e.Pos(a.Loc)
			ai.mu.Lock()
			ai.used[pos] = true
			ai.mu.Unlock()
			return &finding.Ack{Pos: pos, Reason: a.Reason.Value}
		}
	}
	return nil
}

func (ai *ackIndex) unused() finding.List {
	var fs finding.List
	for _, p := range ai.all {
		a, e := p.a, p.e
		if ai.used[e.Pos(a.Loc)] {
			continue
		}
		r := Rules.Lookup(a.Rule.Value)
		switch {
		case r == nil:
			fs.Report(e.Pos(a.Rule.Loc), UnusedAck, "no rule is named %q%s", a.Rule.Value, ruleSuggestion(a.Rule.Value))
		case !r.Acknowledgeable:
			fs.Report(e.Pos(a.Rule.Loc), UnusedAck, "rule %q cannot be acknowledged: fix the data instead", a.Rule.Value)
		default:
			fs.Report(e.Pos(a.Loc), UnusedAck, "acknowledgement of %q matches no finding here; remove it", a.Rule.Value)
		}
	}
	return fs
}

// ruleSuggestion is the did-you-mean for a misspelt rule, among the
// rules that can be acknowledged.
func ruleSuggestion(name string) string {
	var names []string
	for _, r := range Rules {
		if r.Acknowledgeable {
			names = append(names, r.Name)
		}
	}
	if s := suggest.DidYouMean(name, names); s != "" {
		return s
	}
	return "; see factgraph rules"
}
