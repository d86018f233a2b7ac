package check

import (
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/graph"
)

// RuleUnusedAck is reported for an acknowledgement that silences nothing,
// so that stale acknowledgements do not pile up.
const RuleUnusedAck = "unused-acknowledgement"

// ackIndex tracks which acknowledgements silenced a finding.
type ackIndex struct {
	all  []fact.Ack
	used map[finding.Pos]bool
}

func newAcks(g *graph.Graph) *ackIndex {
	ai := &ackIndex{used: map[finding.Pos]bool{}}
	for _, e := range g.Entities {
		ai.all = append(ai.all, e.Acks...)
		for _, s := range e.Statements {
			ai.all = append(ai.all, s.Acks...)
		}
	}
	return ai
}

// use reports whether acks acknowledge rule, marking the match used.
func (ai *ackIndex) use(rule string, acks []fact.Ack) bool {
	for _, a := range acks {
		if a.Rule.Value == rule {
			ai.used[a.Pos] = true
			return true
		}
	}
	return false
}

func (ai *ackIndex) unused() finding.List {
	var fs finding.List
	for _, a := range ai.all {
		if ai.used[a.Pos] {
			continue
		}
		r := Lookup(a.Rule.Value)
		switch {
		case r == nil:
			fs.Report(a.Rule.Pos, RuleUnusedAck, finding.Warning, "no rule is named %q; see factgraph rules", a.Rule.Value)
		case !r.Acknowledgeable:
			fs.Report(a.Rule.Pos, RuleUnusedAck, finding.Warning, "rule %q cannot be acknowledged: fix the data instead", a.Rule.Value)
		default:
			fs.Report(a.Pos, RuleUnusedAck, finding.Warning, "acknowledgement of %q matches no finding here; remove it", a.Rule.Value)
		}
	}
	return fs
}
