// Package finding defines what every stage of factgraph reports: a rule
// violation at an exact position in a fact file, with the other places
// involved.
package finding

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Pos is a 1-based position in a file. Line and Col are 0 when unknown
// (yaml.v3 syntax errors carry no column; I/O problems carry neither).
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats p as file:line:col, the form editors and CI annotations
// understand.
func (p Pos) String() string {
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Compare orders positions by file (bytewise), line and column.
func (p Pos) Compare(q Pos) int {
	return cmp.Or(cmp.Compare(p.File, q.File), cmp.Compare(p.Line, q.Line), cmp.Compare(p.Col, q.Col))
}

// Severity ranks findings. Only errors make a check fail.
type Severity int

// Severities, most severe first.
const (
	Error Severity = iota
	Warning
	Info
)

var severityNames = [...]string{Error: "error", Warning: "warning", Info: "info"}

// String returns the lower-case name used in every output format.
func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// Related is another place involved in a finding, such as the other
// statement of a contradiction.
type Related struct {
	Pos
	Message string
}

// Finding is one violation of one rule.
type Finding struct {
	Pos
	Rule     string
	Severity Severity
	Message  string
	Related  []Related
}

// Sort orders findings by file, line, column, rule and message so that
// output never depends on the order in which files were read.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(a.Pos.Compare(b.Pos), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Message, b.Message))
	})
}

// Counts tallies findings by severity.
type Counts struct {
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Info    int `json:"info"`
}

// Count tallies fs.
func Count(fs []Finding) Counts {
	var c Counts
	for _, f := range fs {
		switch f.Severity {
		case Error:
			c.Error++
		case Warning:
			c.Warning++
		default:
			c.Info++
		}
	}
	return c
}

// List collects findings. Stages append to it through Report so that they
// never print.
type List []Finding

// Report appends a finding built from a format string.
func (l *List) Report(pos Pos, rule string, sev Severity, format string, args ...any) {
	*l = append(*l, Finding{Pos: pos, Rule: rule, Severity: sev, Message: fmt.Sprintf(format, args...)})
}

// Add appends f.
func (l *List) Add(f Finding) { *l = append(*l, f) }

// String formats f on one line, as the text report does:
// "file:line:col: severity: message [rule]".
func (f Finding) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", f.Pos, f.Severity, f.Message, f.Rule)
}

// Join lists items for a message: "a", "a or b", "a, b or c" with conj
// "or".
func Join(items []string, conj string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}
