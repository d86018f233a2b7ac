package check

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/factgraph/factgraph/internal/graph"
)

// Describe writes a claim for people: the normalised triple, its dates,
// rank and sources, and how it was written when that differs.
func Describe(c *graph.Claim) string {
	var b strings.Builder
	b.WriteString(c.Triple())
	fmt.Fprintf(&b, " (%s, %s", c.Interval, c.Rank)
	if c.Share != nil {
		fmt.Fprintf(&b, ", share %s%%", c.Share.Value)
	}
	if len(c.Sources) > 0 {
		fmt.Fprintf(&b, ", sources: %s", strings.Join(c.SourceIDs(), ", "))
	} else {
		b.WriteString(", no sources")
	}
	b.WriteString(")")
	if c.Reversed && c.Object != nil && c.Predicate.Inverse != "" {
		fmt.Fprintf(&b, ", written as %s %s %s", c.Object.ID(), c.Predicate.Inverse, c.Subject.ID())
	}
	return b.String()
}

// brief names a claim's object with its dates, rank and sources, for
// messages that weigh two claims against each other.
func brief(c *graph.Claim) string {
	sources := "no sources"
	if len(c.Sources) > 0 {
		sources = "sources: " + strings.Join(c.SourceIDs(), ", ")
	}
	return fmt.Sprintf("%q (%s, %s, %s)", c.ObjectText(), c.Interval, c.Rank, sources)
}

// window says where a set of claims overlap: somewhere between the
// latest written start and the earliest written end, each at the
// precision it was written ("between 2011-03 and 2011-06", "between 2014
// and now").
func window(claims ...*graph.Claim) string {
	var start, end *graph.Claim
	for _, c := range claims {
		iv := c.Interval
		if (!iv.From.IsZero() || !iv.At.IsZero()) && (start == nil || iv.MinS > start.Interval.MinS) {
			start = c
		}
		if (!iv.To.IsZero() || !iv.At.IsZero()) && (end == nil || iv.MaxE < end.Interval.MaxE) {
			end = c
		}
	}
	return windowText(start, end)
}

// windowText says "between" start's written start and end's written end;
// a nil start is no known start, a nil end no known end (now).
func windowText(start, end *graph.Claim) string {
	from, until := "", "now"
	if start != nil {
		from = cmp.Or(start.Interval.At, start.Interval.From).String()
	}
	if end != nil {
		until = cmp.Or(end.Interval.At, end.Interval.To).String()
	}
	switch {
	case from == "" && until == "now":
		return "now (an undated claim is a claim about the present)"
	case from == "":
		return "before " + until
	case from == until:
		return "in " + from
	}
	return "between " + from + " and " + until
}
