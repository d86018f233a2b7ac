// Package report writes findings in the formats factgraph check offers:
// text for people, json for scripts, github for workflow annotations and
// sarif for code scanning. Each format is one Writer in its own file.
// Writers are handed everything they need in the Report, the rule
// catalogue included (as staticcheck hands its formatters the checks),
// so this package depends on no stage of the check.
package report

import (
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/factgraph/factgraph/internal/finding"
)

// Report is what a format writes.
type Report struct {
	Findings finding.List // sorted
	Files    int          // fact files read
	// Rules is the catalogue the findings come from.
	Rules finding.Catalogue
	// Version is the tool's version, for formats that record it.
	Version string
	// Display shows a root-relative path as the user should read it:
	// relative to the working directory (text and json). nil shows paths
	// as they are. github and sarif always name files from the root, as
	// GitHub resolves them.
	Display func(string) string
	// Source returns a line of a file (root-relative path, 1-based line),
	// for the text format's excerpt with a caret; nil for no excerpts.
	Source func(file string, line int) (string, bool)
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

// shown applies r.Display to a position.
func (r *Report) shown(p finding.Pos) finding.Pos {
	if r.Display != nil && p.File != "" {
		p.File = r.Display(p.File)
	}
	return p
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
