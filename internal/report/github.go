package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/factgraph/factgraph/internal/safetext"
)

// GitHub writes workflow commands that annotate the pull request:
// "::error file=F,line=L,col=C,title=RULE::MESSAGE". The runner executes
// any output line starting with "::", so every piece of user text is
// escaped as the Actions toolkit does (% CR LF, and : , in properties),
// after being made terminal-safe (no escape sequence, no invalid UTF-8
// reaches the log): no fact file or file name can produce a command of
// its own. Acknowledged findings are not annotated.
type GitHub struct{}

var levels = map[string]string{"error": "error", "warning": "warning", "info": "notice"}

// Write implements Writer.
func (GitHub) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings {
		if f.Ack != nil {
			continue
		}
		msg := f.Message
		for _, rel := range f.Related {
			msg += fmt.Sprintf("\n%s: %s", rel.Pos, rel.Message)
		}
		props := fmt.Sprintf("file=%s,line=%d", safetext.GitHubProperty(f.File), max(f.Line, 1))
		if f.Col > 0 {
			props += fmt.Sprintf(",col=%d", f.Col)
		}
		props += ",title=" + safetext.GitHubProperty("factgraph "+f.Rule)
		fmt.Fprintf(bw, "::%s %s::%s\n", levels[f.Severity.String()], props, safetext.GitHubMessage(msg))
	}
	return bw.Flush()
}
