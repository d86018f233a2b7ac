// Package suggest finds the name a user most likely meant, for the
// "did you mean" hints of every message that reports an unknown name:
// keys, types, predicates, entity ids, rules and command-line names.
package suggest

import (
	"fmt"

	"github.com/agnivade/levenshtein"
)

// DidYouMean returns "; did you mean X?" for the candidate nearest to
// name, when it is close enough to be a likely typo, and "" otherwise.
func DidYouMean(name string, candidates []string) string {
	if best := Nearest(name, candidates); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return ""
}

// Nearest returns the candidate within about a third of name's length in
// edit distance (at least 1, at most 3; a transposition costs 2),
// preferring the closest and then the first in the order given; "" if
// none is that close.
func Nearest(name string, candidates []string) string {
	limit := min(max((len(name)+2)/3, 1), 3)
	best, bestDist := "", limit+1
	for _, c := range candidates {
		// The distance is at least the difference in length, so most
		// candidates are passed over without computing it.
		if abs(len(c)-len(name)) >= bestDist {
			continue
		}
		if d := levenshtein.ComputeDistance(name, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
