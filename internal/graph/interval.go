package graph

import (
	"github.com/factgraph/factgraph/internal/date"
)

// Day numbers two points later than every written date. Now is the
// present: an undated claim is a claim about Now. Open is the end of a
// claim that has not ended. Using symbols rather than the wall clock keeps
// every result independent of the day the check runs.
const (
	Now    date.Daynum = 1 << 40
	Open   date.Daynum = 1<<40 + 1
	Before date.Daynum = -(1 << 40) // earlier than every written date
)

// Interval is when a claim holds, read from its from, to and at dates.
// A claim holds on the days [s, e); every date is a granule, so s and e
// are only known to lie within bounds:
//
//	MinS <= s <= MaxS      first day the claim holds
//	MinE <= e <= MaxE      first day it no longer holds (Open: ongoing)
//
// Two claims overlap in every reading when each starts before the other
// can have ended; that is the only kind of overlap the checks report.
type Interval struct {
	From, To, At date.Date // as written; zero when absent

	MinS, MaxS date.Daynum
	MinE, MaxE date.Daynum
}

// NewInterval reads a claim's dates:
//   - from F: it began on some day of F; to T: it ended on some day of T.
//   - no to: it has not ended. No from: it began at an unknown time before
//     its end. Neither: an undated claim, true now.
//   - at D: it held on one day of D.
func NewInterval(from, to, at date.Date) Interval {
	iv := Interval{From: from, To: to, At: at}
	switch {
	case !at.IsZero():
		iv.MinS, iv.MaxS = at.First(), at.End()-1
		iv.MinE, iv.MaxE = at.First()+1, at.End()
		return iv
	case !to.IsZero():
		iv.MinE, iv.MaxE = to.First(), to.End()-1
	default:
		iv.MinE, iv.MaxE = Open, Open
	}
	switch {
	case !from.IsZero():
		iv.MinS, iv.MaxS = from.First(), from.End()-1
	case !to.IsZero():
		iv.MinS, iv.MaxS = Before, iv.MaxE-1
	default:
		iv.MinS, iv.MaxS = Before, Now
	}
	return iv
}

// Undated reports whether no date was written.
func (iv Interval) Undated() bool { return iv.From.IsZero() && iv.To.IsZero() && iv.At.IsZero() }

// Overlaps reports whether a and b share a day in every reading of their
// dates.
func (a Interval) Overlaps(b Interval) bool {
	return a.MaxS < b.MinE && b.MaxS < a.MinE
}

// Reversed reports whether the claim starts after it ends in every
// reading.
func (iv Interval) Reversed() bool { return iv.MinS >= iv.MaxE }

// Core is the span of days on which the claim holds in every reading,
// [lo, hi); it is empty when lo >= hi.
func (iv Interval) Core() (lo, hi date.Daynum) { return iv.MaxS, iv.MinE }

// HoldsNow reports whether the claim holds at present in every reading.
func (iv Interval) HoldsNow() bool { return iv.MaxS <= Now && Now < iv.MinE }

// HeldDuring reports whether the claim held on some day of d in every
// reading.
func (iv Interval) HeldDuring(d date.Date) bool {
	return iv.MaxS < d.End() && iv.MinE > d.First()
}

// MayHoldDuring reports whether the claim held on some day of d in some
// reading.
func (iv Interval) MayHoldDuring(d date.Date) bool {
	return iv.MinS < d.End() && iv.MaxE > d.First()
}

// Compatible reports whether a and b may be the same interval written at
// different precisions: each bound present in both or neither, and the
// granules nested.
func (a Interval) Compatible(b Interval) bool {
	same := func(x, y date.Date) bool {
		if x.IsZero() || y.IsZero() {
			return x.IsZero() && y.IsZero()
		}
		return date.Compatible(x, y)
	}
	return same(a.From, b.From) && same(a.To, b.To) && same(a.At, b.At)
}

// String writes the interval as people read it: "2004–2014",
// "from 2014", "until 2011-06", "in 2004", or "undated".
func (iv Interval) String() string {
	switch {
	case !iv.At.IsZero():
		return "in " + iv.At.String()
	case !iv.From.IsZero() && !iv.To.IsZero():
		return iv.From.String() + "–" + iv.To.String()
	case !iv.From.IsZero():
		return "from " + iv.From.String()
	case !iv.To.IsZero():
		return "until " + iv.To.String()
	}
	return "undated"
}
