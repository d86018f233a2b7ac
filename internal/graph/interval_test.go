package graph

import (
	"testing"

	"github.com/factgraph/factgraph/internal/date"
)

func iv(t *testing.T, from, to, at string) Interval {
	t.Helper()
	parse := func(s string) date.Date {
		if s == "" {
			return date.Date{}
		}
		d, err := date.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	return NewInterval(parse(from), parse(to), parse(at))
}

// TestOverlaps covers the semantics the contradiction rules rest on,
// including every example in the issue.
func TestOverlaps(t *testing.T) {
	tests := []struct {
		name string
		a, b [3]string // from, to, at
		want bool
	}{
		{name: "2004-2011 then from 2014", a: [3]string{"2004", "2011", ""}, b: [3]string{"2014", "", ""}, want: false},
		{name: "to 2011 and from 2011-03 may meet inside 2011", a: [3]string{"", "2011", ""}, b: [3]string{"2011-03", "", ""}, want: false},
		{name: "to 2011-06 and from 2011-03", a: [3]string{"", "2011-06", ""}, b: [3]string{"2011-03", "", ""}, want: true},
		{name: "undated and from 2014 both true now", a: [3]string{"", "", ""}, b: [3]string{"2014", "", ""}, want: true},
		{name: "undated and an ended claim", a: [3]string{"", "", ""}, b: [3]string{"2014", "2016", ""}, want: false},
		{name: "handover inside a year", a: [3]string{"2004", "2014", ""}, b: [3]string{"2014", "", ""}, want: false},
		{name: "handover on a day", a: [3]string{"2004", "2014-10-16", ""}, b: [3]string{"2014-10-16", "", ""}, want: false},
		{name: "one day of overlap", a: [3]string{"2004", "2014-10-17", ""}, b: [3]string{"2014-10-16", "", ""}, want: true},
		{name: "mixed precision, month inside year end", a: [3]string{"2004", "2014", ""}, b: [3]string{"2013-06", "", ""}, want: true},
		{name: "two years apart", a: [3]string{"", "", "2004"}, b: [3]string{"", "", "2004"}, want: false},
		{name: "same day", a: [3]string{"", "", "2004-05-01"}, b: [3]string{"", "", "2004-05-01"}, want: true},
		{name: "point inside a core", a: [3]string{"", "", "2008"}, b: [3]string{"2004", "2011", ""}, want: true},
		{name: "point at the edge of a granule", a: [3]string{"", "", "2004"}, b: [3]string{"2004", "2011", ""}, want: false},
		{name: "both undated", a: [3]string{"", "", ""}, b: [3]string{"", "", ""}, want: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := iv(t, tc.a[0], tc.a[1], tc.a[2]), iv(t, tc.b[0], tc.b[1], tc.b[2])
			if got := a.Overlaps(b); got != tc.want {
				t.Errorf("%v overlaps %v = %v, want %v", a, b, got, tc.want)
			}
			if got := b.Overlaps(a); got != tc.want {
				t.Errorf("not symmetric: %v overlaps %v = %v", b, a, got)
			}
		})
	}
}

func TestReversed(t *testing.T) {
	tests := []struct {
		from, to string
		want     bool
	}{
		{"2012", "2011", true},
		{"2011", "2011", false},
		{"2011-06", "2011", false},
		{"2011-12-31", "2011-12-31", true},
		{"2011-12", "2011-12-31", false},
		{"2012-01", "2011", true},
	}
	for _, tc := range tests {
		if got := iv(t, tc.from, tc.to, "").Reversed(); got != tc.want {
			t.Errorf("from %s to %s: Reversed() = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestHeldDuring(t *testing.T) {
	d2012, _ := date.Parse("2012")
	d2014, _ := date.Parse("2014")
	tests := []struct {
		name      string
		iv        [3]string
		at        date.Date
		held, may bool
	}{
		{name: "2004-2014 in 2012", iv: [3]string{"2004", "2014", ""}, at: d2012, held: true, may: true},
		{name: "from 2014 in 2012", iv: [3]string{"2014", "", ""}, at: d2012, held: false, may: false},
		{name: "undated in 2012", iv: [3]string{"", "", ""}, at: d2012, held: false, may: true},
		{name: "2004-2014 in 2014", iv: [3]string{"2004", "2014", ""}, at: d2014, held: false, may: true},
		{name: "from 2014 in 2014", iv: [3]string{"2014", "", ""}, at: d2014, held: true, may: true},
	}
	for _, tc := range tests {
		x := iv(t, tc.iv[0], tc.iv[1], tc.iv[2])
		if got := x.HeldDuring(tc.at); got != tc.held {
			t.Errorf("%s: HeldDuring = %v, want %v", tc.name, got, tc.held)
		}
		if got := x.MayHoldDuring(tc.at); got != tc.may {
			t.Errorf("%s: MayHoldDuring = %v, want %v", tc.name, got, tc.may)
		}
	}
}
