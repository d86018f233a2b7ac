package site

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/graph"
)

var months = [...]string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// dateWords writes a date at its precision as people read it: "2014",
// "October 2014", "16 October 2014".
func dateWords(d date.Date) string {
	switch d.Prec {
	case date.Year:
		return fmt.Sprintf("%d", d.Year)
	case date.Month:
		return fmt.Sprintf("%s %d", months[d.Month-1], d.Year)
	case date.Day:
		return fmt.Sprintf("%d %s %d", d.Day, months[d.Month-1], d.Year)
	}
	return ""
}

// whenWords writes when a claim holds, in the shape of Interval.String
// ("from 2014", "2004–2014", "in 2004", "until June 2011") with dates in
// words; "" for an undated claim.
func whenWords(iv graph.Interval) string {
	switch {
	case !iv.At.IsZero():
		return "in " + dateWords(iv.At)
	case !iv.From.IsZero() && !iv.To.IsZero():
		return dateWords(iv.From) + "–" + dateWords(iv.To)
	case !iv.From.IsZero():
		return "from " + dateWords(iv.From)
	case !iv.To.IsZero():
		return "until " + dateWords(iv.To)
	}
	return ""
}

// count writes n with thousands separators: 100,000.
func count(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + count(-n)
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// plural writes n and the noun: "1 statement", "2,000 statements".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return count(n) + " " + many
}

// size writes a byte count for people: "812 bytes", "11.2 KB", "3.4 MB".
func size(n int) string {
	switch {
	case n < 1000:
		return plural(n, "byte", "bytes")
	case n < 1000*1000:
		return fmt.Sprintf("%.1f KB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1000/1000)
}

// clip shortens s to at most n runes, marking the cut with an ellipsis.
func clip(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j] + "…"
		}
		i++
	}
	return s
}
