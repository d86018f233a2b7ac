package check

import (
	"fmt"
	"io"
	"strings"

	"github.com/factgraph/factgraph/internal/finding"
)

// WriteMarkdown writes the rule reference, docs/rules.md, from the
// catalogue: a table of every rule, then each rule's documentation, its
// example and its fix. The file is generated, never edited; a test fails
// when it drifts from the catalogue.
func WriteMarkdown(w io.Writer, rules finding.Catalogue) error {
	var b strings.Builder
	b.WriteString("# Rules\n\n")
	b.WriteString("<!-- Generated from the rule catalogue by `factgraph rules --format markdown`; do not edit. -->\n\n")
	b.WriteString("Every finding names one of these rules. Names are stable and appear in every output format; ")
	b.WriteString("`factgraph explain RULE` prints the same text. Each rule's test data is under ")
	b.WriteString("`internal/check/testdata/rules`, with the expectation written beside the offending line.\n\n")
	b.WriteString("| rule | severity | stage | acknowledgeable | finds |\n|---|---|---|---|---|\n")
	for _, r := range rules {
		ack := ""
		if r.Acknowledgeable {
			ack = "yes"
		}
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s | %s |\n", r.Name, r.Name, r.Severity, r.Stage, ack, r.Summary)
	}
	for _, r := range rules {
		fmt.Fprintf(&b, "\n## %s\n\n", r.Name)
		fmt.Fprintf(&b, "%s; checked at the %s stage.", strings.ToUpper(r.Severity.String()[:1])+r.Severity.String()[1:], r.Stage)
		if r.Acknowledgeable {
			b.WriteString(" Can be acknowledged with a reason.")
		}
		fmt.Fprintf(&b, "\n\n%s\n\n", r.Doc)
		fence := "```"
		for strings.Contains(r.Example, fence) {
			fence += "`"
		}
		fmt.Fprintf(&b, "Example:\n\n%syaml\n%s\n%s\n\n", fence, strings.TrimRight(r.Example, "\n"), fence)
		fmt.Fprintf(&b, "Fix: %s\n", r.Fix)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
