// Package report writes findings in the formats factgraph check offers:
// text for people, json for scripts, github for workflow annotations and
// sarif for code scanning. Each format is one Writer in its own file.
package report

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/factgraph/factgraph/internal/finding"
)

// Report is what a format writes.
type Report struct {
	Findings finding.List // sorted
	Files    int          // fact files read
}

// Writer writes a report in one format.
type Writer interface {
	Write(w io.Writer, r *Report) error
}

// Formats maps format names to writers.
var Formats = map[string]Writer{
	"text":   Text{},
	"json":   JSON{},
	"github": GitHub{},
	"sarif":  SARIF{},
}

// FormatNames lists the format names, sorted.
func FormatNames() []string { return slices.Sorted(maps.Keys(Formats)) }

// Clean makes text safe to print on one line of a terminal or log: line
// breaks, tabs, escape sequences and other controls are written as Go
// escapes, and invalid UTF-8 as \x escapes. Fact text has already been
// checked, but file names come straight from the file system.
func Clean(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || !unicode.IsPrint(r) && r != ' ' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
