package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/safetext"
)

// MaxPerFile caps the findings the text format prints for one file; a
// broken file must not bury the others.
const MaxPerFile = 50

// Text writes one line per finding, "file:line:col: severity: message
// [rule]", each related location indented below it, and a summary line.
// With a Source (on a terminal), each finding is followed by its source
// line and a caret under the column, as BurntSushi/toml shows its errors.
// Acknowledged findings are not listed but counted in the summary.
type Text struct{}

// Write implements Writer.
func (Text) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	perFile := map[string]int{}
	for _, f := range r.Findings {
		if f.Ack != nil {
			continue
		}
		perFile[f.File]++
		n := perFile[f.File]
		if n > MaxPerFile {
			if n == MaxPerFile+1 {
				fmt.Fprintf(bw, "%s: ... and %d more\n", safetext.Terminal(r.shown(f.Pos).File), count(r.Findings, f.File)-MaxPerFile)
			}
			continue
		}
		fmt.Fprintf(bw, "%s: %s: %s [%s]\n", r.shown(f.Pos), f.Severity, safetext.Terminal(f.Message), f.Rule)
		if r.Source != nil {
			excerpt(bw, r.Source, f.Pos)
		}
		for _, rel := range f.Related {
			fmt.Fprintf(bw, "    %s: %s\n", r.shown(rel.Pos), safetext.Terminal(rel.Message))
		}
	}
	c := finding.Count(r.Findings)
	fmt.Fprintf(bw, "%s checked: %s, %s, %d info", plural(r.Files, "file"), plural(c.Error, "error"), plural(c.Warning, "warning"), c.Info)
	if c.Acknowledged > 0 {
		fmt.Fprintf(bw, ", %d acknowledged", c.Acknowledged)
	}
	fmt.Fprintln(bw)
	return bw.Flush()
}

// excerpt prints the finding's line, indented, and a caret under its
// column (none when the column is unknown). Tabs are kept, so the caret
// lines up in a terminal.
func excerpt(w io.Writer, source func(string, int) (string, bool), p finding.Pos) {
	if p.Line < 1 {
		return
	}
	line, ok := source(p.File, p.Line)
	if !ok {
		return
	}
	line = strings.TrimRight(line, "\r")
	fmt.Fprintf(w, "    %s\n", safetext.Terminal(strings.ReplaceAll(line, "\t", " ")))
	if p.Col < 1 {
		return
	}
	// Columns count characters; the caret goes under the p.Col-th one,
	// as wide as the escaped text before it.
	prefix := line
	for i, n := 0, 1; i < len(line); n++ {
		if n == p.Col {
			prefix = line[:i]
			break
		}
		_, size := utf8.DecodeRuneInString(line[i:])
		i += size
	}
	width := utf8.RuneCountInString(safetext.Terminal(strings.ReplaceAll(prefix, "\t", " ")))
	fmt.Fprintf(w, "    %s^\n", strings.Repeat(" ", width))
}

func count(fs finding.List, file string) int {
	n := 0
	for _, f := range fs {
		if f.File == file && f.Ack == nil {
			n++
		}
	}
	return n
}
