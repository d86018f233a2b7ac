package schema

import (
	"fmt"

	"github.com/agnivade/levenshtein"
)

// Suggest returns "; did you mean X?" for the candidate nearest to name,
// when it is close enough to be a likely typo, and "" otherwise.
func Suggest(name string, candidates []string) string {
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
		if d := levenshtein.ComputeDistance(name, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}
