// Package finding defines what every stage of factgraph reports: a rule
// violation at an exact position in a fact file, with the other places
// involved. Rules are values (rule.go) owned by the packages that report
// them; a finding carries the rule's name and severity.
package finding

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/factgraph/factgraph/internal/safetext"
)

// Pos is a 1-based position in a file. Line and Col are 0 when unknown
// (I/O problems carry neither). File is slash-separated and relative to
// the repository root.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats p as file:line:col, the form editors and CI annotations
// understand, with the file name made safe for a terminal. It is the only
// place that formats a position.
func (p Pos) String() string {
	return safetext.Terminal(p.File) + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
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
	// Ack is the acknowledgement that accepts the finding, or nil. An
	// acknowledged finding is kept and counted, but never fails a check.
	Ack *Ack
}

// Ack is an acknowledgement written in a fact file: its position and
// the reason it gives.
type Ack struct {
	Pos    Pos
	Reason string
}

// Sort orders findings by file, line, column, rule and message so that
// output never depends on the order in which files were read.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(a.Pos.Compare(b.Pos), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Message, b.Message))
	})
}

// Counts tallies findings by severity; acknowledged findings are counted
// apart, whatever their severity.
type Counts struct {
	Error        int `json:"error"`
	Warning      int `json:"warning"`
	Info         int `json:"info"`
	Acknowledged int `json:"acknowledged"`
}

// Count tallies fs.
func Count(fs []Finding) Counts {
	var c Counts
	for _, f := range fs {
		switch {
		case f.Ack != nil:
			c.Acknowledged++
		case f.Severity == Error:
			c.Error++
		case f.Severity == Warning:
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

// Report appends a finding of rule at pos, with the rule's severity and
// a message built from a format string.
func (l *List) Report(pos Pos, rule *Rule, format string, args ...any) {
	*l = append(*l, Finding{Pos: pos, Rule: rule.Name, Severity: rule.Severity, Message: fmt.Sprintf(format, args...)})
}

// ReportRelated is Report with related locations.
func (l *List) ReportRelated(pos Pos, rule *Rule, related []Related, format string, args ...any) {
	l.Report(pos, rule, format, args...)
	(*l)[len(*l)-1].Related = related
}

// String formats f on one line, as the text report does:
// "file:line:col: severity: message [rule]".
func (f Finding) String() string {
	return fmt.Sprintf("%s: %s: %s [%s]", f.Pos, f.Severity, safetext.Terminal(f.Message), f.Rule)
}

// Join lists items for a message: "a", "a or b", "a, b or c" with conj
// "or".
func Join(items []string, conj string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}
