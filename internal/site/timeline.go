package site

import (
	"fmt"
	"slices"
	"strconv"

	"cmp"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/graph"
)

// A timeline draws an entity's dated statements as bars on one time axis,
// in the page itself (inline SVG rectangles, no script): a dark bar where
// the statement held in every reading of its dates, a light one where it
// may have held (its dates are granules: "from 2014" began on some day of
// 2014), an open end for one that still holds.

// timelineWidth is the width of a bar's drawing, in its own units.
const timelineWidth = 1000

type timeline struct {
	Rows  []timelineRow
	Ticks []string
	Grid  []int // x of the ticks
	More  int
}

type timelineRow struct {
	Label, When, Rank string
	// Maybe is the span where it may have held, Core where it held in
	// every reading; Open marks a bar that runs on to the present.
	MaybeX, MaybeW int
	CoreX, CoreW   int
	Open           bool
}

func (s *site) timeline(e *graph.Entity) *timeline {
	var cs []*graph.Claim
	for _, c := range append(slices.Clone(e.Out), e.In...) {
		if !c.Interval.Undated() {
			cs = append(cs, c)
		}
	}
	if len(cs) == 0 {
		return nil
	}
	slices.SortStableFunc(cs, func(a, b *graph.Claim) int {
		return cmp.Or(cmp.Compare(first(a.Interval), first(b.Interval)), cmp.Compare(a.Interval.MinE, b.Interval.MinE))
	})
	t := &timeline{}
	if len(cs) > MaxTimeline {
		t.More = len(cs) - MaxTimeline
		cs = cs[:MaxTimeline]
	}
	// The axis runs from the first written year to the year after the
	// last; one more year stands for the present when a bar is open.
	lo, hi, open := 1<<30, -(1 << 30), false
	for _, c := range cs {
		for _, d := range []date.Date{c.Interval.From, c.Interval.To, c.Interval.At} {
			if !d.IsZero() {
				lo, hi = min(lo, int(d.Year)), max(hi, int(d.Year)+1)
			}
		}
		if c.Interval.MaxE == graph.Open {
			open = true
		}
	}
	if open {
		hi++
	}
	start, end := yearDay(lo), yearDay(hi)
	x := func(d date.Daynum) int {
		d = max(start, min(end, d))
		return int(int64(d-start) * timelineWidth / int64(end-start))
	}
	for i := range 5 {
		y := lo + (hi-lo)*i/4
		label := strconv.Itoa(y)
		if i == 4 && open {
			label = "now"
		}
		t.Ticks = append(t.Ticks, label)
		t.Grid = append(t.Grid, timelineWidth*i/4)
	}
	for _, c := range cs {
		iv := c.Interval
		r := timelineRow{When: whenWords(iv), Rank: c.Rank.String(), Open: iv.MaxE == graph.Open}
		view := viewOut
		if c.Subject != e {
			view = viewIn
		}
		rw := s.row("", c, view)
		r.Label = rw.Pred + " "
		switch {
		case rw.Subject != nil:
			r.Label = rw.Subject.Text + " " + rw.Pred + " " + rw.Object.Text
		case rw.Object != nil:
			r.Label += rw.Object.Text
		default:
			r.Label += rw.Value
		}
		minS, maxE := iv.MinS, iv.MaxE
		if minS == graph.Before {
			minS = start
		}
		if maxE >= graph.Now {
			maxE = end
		}
		r.MaybeX, r.MaybeW = x(minS), max(4, x(maxE)-x(minS))
		if iv.MaxS < iv.MinE {
			coreEnd := iv.MinE
			if coreEnd >= graph.Now {
				coreEnd = end
			}
			r.CoreX, r.CoreW = x(iv.MaxS), x(coreEnd)-x(iv.MaxS)
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

func first(iv graph.Interval) date.Daynum {
	if iv.MinS == graph.Before {
		return iv.MinE
	}
	return iv.MinS
}

func yearDay(y int) date.Daynum {
	d, err := date.Parse(fmt.Sprintf("%04d", max(0, min(9999, y))))
	if err != nil {
		return 0
	}
	return d.First()
}
