package check

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/vocab"
)

// Every rule below works on groups found through the graph's indexes
// (claims by subject and predicate, claims by object); none compares all
// claims with each other. Deprecated claims are never part of a conflict.

func live(cs []*graph.Claim) []*graph.Claim {
	return slices.DeleteFunc(slices.Clone(cs), func(c *graph.Claim) bool { return c.Rank == fact.Deprecated })
}

// groups calls f with the live claims of each entity for each predicate
// that satisfies keep.
func groups(g *graph.Graph, keep func(*vocab.Predicate) bool, f func([]*graph.Claim)) {
	for _, e := range g.Entities {
		for i := 0; i < len(e.Out); {
			j := i
			for j < len(e.Out) && e.Out[j].Predicate == e.Out[i].Predicate {
				j++
			}
			if keep(e.Out[i].Predicate) {
				if cs := live(e.Out[i:j]); len(cs) > 0 {
					f(cs)
				}
			}
			i = j
		}
	}
}

func functionalConflict(p *Pass) {
	keep := func(pr *vocab.Predicate) bool { return pr.Functional() && pr.EntityValued() }
	groups(p.Graph, keep, func(cs []*graph.Claim) {
		for i, a := range cs {
			for _, b := range cs[i+1:] {
				if a.Object == b.Object {
					continue
				}
				pr := a.Predicate
				if pr.Cardinality == vocab.One {
					p.Report(fmt.Sprintf("%s %s has two values, %s and %s, but takes one whatever the dates; deprecate the one you do not believe, with a reason",
						a.Subject.ID(), pr.Name, brief(a), brief(b)), a, b)
					continue
				}
				if !a.Interval.Overlaps(b.Interval) {
					continue
				}
				p.Report(fmt.Sprintf("%s %s has two values at once, %s and %s, %s; %s",
					a.Subject.ID(), pr.Name, brief(a), brief(b), window(a, b), endFix(a, b)), a, b)
			}
		}
	})
}

// endFix says which claim to end: the one that starts first, unless both
// are undated.
func endFix(a, b *graph.Claim) string {
	first := a
	if b.Interval.MinS < a.Interval.MinS || (b.Interval.MinS == a.Interval.MinS && b.Interval.MaxS < a.Interval.MaxS) {
		first = b
	}
	other := a
	if first == a {
		other = b
	}
	start := cmp.Or(other.Interval.At, other.Interval.From)
	if start.IsZero() {
		return "give one claim an end date (to:) or a start date (from:) that separates them, or deprecate the one you do not believe with a reason"
	}
	return fmt.Sprintf("end the claim for %q with to: %s (or earlier), or deprecate the one you do not believe with a reason", first.ObjectText(), start)
}

// agree reports whether two literal values say the same thing: dates
// that nest (2014 and 2014-10-16), numbers that are equal, or equal text.
func agree(datatype string, a, b *fact.Literal) bool {
	switch datatype {
	case vocab.Date:
		da, errA := date.Parse(a.Value)
		db, errB := date.Parse(b.Value)
		return errA == nil && errB == nil && date.Compatible(da, db)
	case vocab.Number:
		x, errX := strconv.ParseFloat(a.Value, 64)
		y, errY := strconv.ParseFloat(b.Value, 64)
		return errX == nil && errY == nil && x == y
	}
	return a.Value == b.Value
}

func literalConflict(p *Pass) {
	keep := func(pr *vocab.Predicate) bool { return pr.Functional() && !pr.EntityValued() }
	groups(p.Graph, keep, func(cs []*graph.Claim) {
		disagree := func(a, b *graph.Claim) bool {
			if agree(a.Predicate.Datatype, a.Value, b.Value) {
				return false
			}
			return a.Predicate.Cardinality == vocab.One || a.Interval.Overlaps(b.Interval)
		}
		var preferred []*graph.Claim
		for _, c := range cs {
			if c.Rank == fact.Preferred {
				preferred = append(preferred, c)
			}
		}
		if len(preferred) == 1 {
			return // the data says which value it follows
		}
		among := cs
		if len(preferred) > 1 {
			among = preferred
		}
		for i, a := range among {
			for _, b := range among[i+1:] {
				if !disagree(a, b) {
					continue
				}
				if len(preferred) > 1 {
					p.Report(fmt.Sprintf("%s %s has more than one preferred value, %q and %q; prefer one and deprecate the other with a reason",
						a.Subject.ID(), a.Predicate.Name, a.Value.Value, b.Value.Value), a, b)
				} else {
					p.Report(fmt.Sprintf("%s %s has two values, %s and %s; mark the one the data follows rank: preferred, or deprecate the wrong one with a reason",
						a.Subject.ID(), a.Predicate.Name, brief(a), brief(b)), a, b)
				}
			}
		}
	})
}

// byObject calls f with the live claims of each object for predicate
// that satisfies keep, grouped by predicate.
func byObject(g *graph.Graph, keep func(*vocab.Predicate) bool, f func([]*graph.Claim)) {
	for _, e := range g.Entities {
		var cs []*graph.Claim
		for _, c := range live(e.In) {
			if keep(c.Predicate) {
				cs = append(cs, c)
			}
		}
		slices.SortStableFunc(cs, func(a, b *graph.Claim) int { return strings.Compare(a.Predicate.Name, b.Predicate.Name) })
		for i := 0; i < len(cs); {
			j := i
			for j < len(cs) && cs[j].Predicate == cs[i].Predicate {
				j++
			}
			f(cs[i:j])
			i = j
		}
	}
}

func shareConflict(p *Pass) {
	groups(p.Graph, func(pr *vocab.Predicate) bool { return pr.Share }, func(cs []*graph.Claim) {
		for i, a := range cs {
			for _, b := range cs[i+1:] {
				if a.Object != b.Object || a.Share == nil || b.Share == nil || a.Share.Percent == b.Share.Percent {
					continue
				}
				if a.Interval.Overlaps(b.Interval) {
					p.Report(fmt.Sprintf("%s %s %s with two different shares at once, %s%% and %s%%, %s; end the older stake with to:, or deprecate the wrong figure with a reason",
						a.Subject.ID(), a.Predicate.Name, a.Object.ID(), a.Share.Value, b.Share.Value, window(a, b)), a, b)
				}
			}
		}
	})
}

// shareSum sweeps the days on which each stake definitely holds and
// reports each set of stakes whose shares together exceed the limit.
func shareSum(p *Pass) {
	keep := func(pr *vocab.Predicate) bool { return pr.Share && pr.ShareLimit > 0 }
	byObject(p.Graph, keep, func(cs []*graph.Claim) {
		limit := cs[0].Predicate.ShareLimit
		type event struct {
			day   date.Daynum
			start bool
			c     *graph.Claim
		}
		var events []event
		for _, c := range cs {
			lo, hi := c.Interval.Core()
			if c.Share == nil || lo >= hi {
				continue
			}
			events = append(events, event{lo, true, c}, event{hi, false, c})
		}
		// Ends sort before starts on the same day: intervals are half-open.
		slices.SortFunc(events, func(a, b event) int {
			if a.day != b.day {
				return cmp.Compare(a.day, b.day)
			}
			if a.start != b.start {
				if a.start {
					return 1
				}
				return -1
			}
			return graph.Compare(a.c, b.c)
		})
		var active []*graph.Claim
		reported := map[string]bool{}
		for i, ev := range events {
			if ev.start {
				active = append(active, ev.c)
			} else {
				active = slices.DeleteFunc(active, func(c *graph.Claim) bool { return c == ev.c })
			}
			if i+1 < len(events) && events[i+1].day == ev.day {
				continue // settle every change on this day first
			}
			total, counted := sumByHolder(active)
			if total <= limit+0.5 {
				continue
			}
			key := claimKey(counted)
			if reported[key] {
				continue
			}
			reported[key] = true
			parts := make([]string, len(counted))
			for k, c := range counted {
				parts[k] = fmt.Sprintf("%s %s%%", c.Subject.ID(), c.Share.Value)
			}
			p.Report(fmt.Sprintf("shares held in %s add up to %s%%, more than %s%%, %s: %s; correct a figure, end the older stakes, or deprecate one with a reason",
				counted[0].Object.ID(), strconv.FormatFloat(total, 'f', -1, 64), strconv.FormatFloat(limit, 'f', -1, 64),
				window(counted...), strings.Join(parts, ", ")), counted...)
		}
	})
}

// sumByHolder adds the active shares, counting each holder once (a stake
// stated from both sides is one stake) at its largest figure.
func sumByHolder(active []*graph.Claim) (float64, []*graph.Claim) {
	best := map[*graph.Entity]*graph.Claim{}
	for _, c := range active {
		if b := best[c.Subject]; b == nil || c.Share.Percent > b.Share.Percent {
			best[c.Subject] = c
		}
	}
	var counted []*graph.Claim
	total := 0.0
	for _, c := range active {
		if best[c.Subject] == c {
			counted = append(counted, c)
			total += c.Share.Percent
		}
	}
	slices.SortFunc(counted, graph.Compare)
	return total, counted
}

func claimKey(cs []*graph.Claim) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Stmt.Pos().String()
	}
	return strings.Join(parts, ";")
}

func asymmetric(p *Pass) {
	for _, a := range p.Graph.Claims {
		if !a.Predicate.Asymmetric || a.Rank == fact.Deprecated || a.Object == nil || a.Object == a.Subject {
			continue
		}
		if a.Subject.ID() > a.Object.ID() {
			continue // each pair is examined from its smaller id
		}
		for _, b := range live(a.Object.Values(a.Predicate)) {
			if b.Object == a.Subject && a.Interval.Overlaps(b.Interval) {
				p.Report(fmt.Sprintf("%s %s %s and %s %s %s both hold %s, but %s is asymmetric; remove or deprecate the claim in the wrong direction",
					a.Subject.ID(), a.Predicate.Name, a.Object.ID(), b.Subject.ID(), b.Predicate.Name, b.Object.ID(),
					window(a, b), a.Predicate.Name), a, b)
			}
		}
	}
}

func irreflexive(p *Pass) {
	for _, c := range p.Graph.Claims {
		if c.Predicate.Irreflexive && c.Object == c.Subject && c.Rank != fact.Deprecated {
			p.Report(fmt.Sprintf("%s %s itself; nothing is %s itself", c.Subject.ID(), c.Predicate.Name, c.Predicate.Label), c)
		}
	}
}

func intervalOrder(p *Pass) {
	for _, c := range p.Graph.Claims {
		if iv := c.Interval; iv.Reversed() {
			p.Report(fmt.Sprintf("%s starts (from %s) after it ends (to %s): to is exclusive, so the claim never holds; correct or swap the dates",
				c.Triple(), iv.From, iv.To), c)
		}
	}
}

func intervalMismatch(p *Pass) { sameClaims(p, false) }

func duplicateStatement(p *Pass) { sameClaims(p, true) }

// sameClaims finds the same claim (triple and share) stated twice. With
// compatible dates it is a duplicate; with different dates that overlap
// in every reading, a mismatch; otherwise two separate periods (owned
// 2000-2005 and again from 2010, or periods that only touch inside one
// granule).
func sameClaims(p *Pass, duplicates bool) {
	groups(p.Graph, func(*vocab.Predicate) bool { return true }, func(cs []*graph.Claim) {
		for i, a := range cs {
			for _, b := range cs[i+1:] {
				if a.ObjectText() != b.ObjectText() {
					break // claims are sorted by object within a group
				}
				if !sameShare(a.Share, b.Share) {
					continue // a changed stake, not the same claim
				}
				compatible := a.Interval.Compatible(b.Interval)
				switch {
				case duplicates && compatible:
					p.Report(fmt.Sprintf("%s is stated twice (%s and %s); keep one statement and merge their sources",
						a.Triple(), a.Interval, b.Interval), a, b)
				case !duplicates && !compatible && a.Interval.Overlaps(b.Interval):
					p.Report(fmt.Sprintf("%s is stated twice with different dates, %s and %s; make them agree, or keep the edge in one file only",
						a.Triple(), a.Interval, b.Interval), a, b)
				}
			}
		}
	})
}

func sameShare(a, b *fact.Share) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Percent == b.Percent
}
