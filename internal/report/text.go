package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/factgraph/factgraph/internal/finding"
)

// MaxPerFile caps the findings the text format prints for one file; a
// broken file must not bury the others.
const MaxPerFile = 50

// Text writes one line per finding, "file:line:col: severity: message
// [rule]", each related location indented below it, and a summary line.
type Text struct{}

// Write implements Writer.
func (Text) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	perFile := map[string]int{}
	for _, f := range r.Findings {
		perFile[f.File]++
		n := perFile[f.File]
		if n > MaxPerFile {
			if n == MaxPerFile+1 {
				fmt.Fprintf(bw, "%s: ... and %d more\n", Clean(f.File), count(r.Findings, f.File)-MaxPerFile)
			}
			continue
		}
		fmt.Fprintf(bw, "%s: %s: %s [%s]\n", pos(f.Pos), f.Severity, Clean(f.Message), f.Rule)
		for _, rel := range f.Related {
			fmt.Fprintf(bw, "    %s: %s\n", pos(rel.Pos), Clean(rel.Message))
		}
	}
	c := finding.Count(r.Findings)
	fmt.Fprintf(bw, "%s checked: %s, %s, %d info\n", plural(r.Files, "file"), plural(c.Error, "error"), plural(c.Warning, "warning"), c.Info)
	return bw.Flush()
}

func pos(p finding.Pos) string {
	return fmt.Sprintf("%s:%d:%d", Clean(p.File), p.Line, p.Col)
}

func count(fs finding.List, file string) int {
	n := 0
	for _, f := range fs {
		if f.File == file {
			n++
		}
	}
	return n
}
