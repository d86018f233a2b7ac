package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// GitHub writes workflow commands that annotate the pull request:
// "::error file=F,line=L,col=C,title=RULE::MESSAGE". The runner executes
// any output line starting with "::", so every piece of user text is
// escaped as the Actions toolkit does (% CR LF, and : , in properties):
// no fact file or file name can produce a command of its own.
type GitHub struct{}

var levels = map[string]string{"error": "error", "warning": "warning", "info": "notice"}

// Write implements Writer.
func (GitHub) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings {
		msg := Clean(f.Message)
		for _, rel := range f.Related {
			msg += fmt.Sprintf("\n%s: %s", pos(rel.Pos), Clean(rel.Message))
		}
		props := fmt.Sprintf("file=%s,line=%d", escapeProperty(f.File), max(f.Line, 1))
		if f.Col > 0 {
			props += fmt.Sprintf(",col=%d", f.Col)
		}
		props += ",title=" + escapeProperty("factgraph "+f.Rule)
		fmt.Fprintf(bw, "::%s %s::%s\n", levels[f.Severity.String()], props, escapeData(msg))
	}
	return bw.Flush()
}

// escapeData escapes a command's message (actions/toolkit escapeData).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a command property (actions/toolkit
// escapeProperty).
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
