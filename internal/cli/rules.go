package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/factgraph/factgraph/internal/wordwrap"

	"github.com/factgraph/factgraph/internal/check"
	"github.com/factgraph/factgraph/internal/schema"
)

func (c *CLI) rules(args []string) int {
	fs := c.flagSet("rules", "")
	rest, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(rest) > 0 {
		return c.usageError("rules takes no arguments")
	}
	tw := tabwriter.NewWriter(c.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tSTAGE\tSUMMARY")
	for _, r := range check.Rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Name, r.Severity, r.Stage, r.Summary)
	}
	tw.Flush()
	return ExitOK
}

func (c *CLI) explain(args []string) int {
	fs := c.flagSet("explain", "RULE")
	rest, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(rest) != 1 {
		return c.usageError("explain takes one rule name; see factgraph rules")
	}
	r := check.Lookup(rest[0])
	if r == nil {
		names := make([]string, len(check.Rules))
		for i, r := range check.Rules {
			names[i] = r.Name
		}
		return c.usageError("no rule is named %q%s", rest[0], schema.Suggest(rest[0], names))
	}
	w := c.Stdout
	fmt.Fprintf(w, "%s (%s, checked at the %s stage)\n\n", r.Name, r.Severity, r.Stage)
	fmt.Fprintf(w, "%s.\n\n", capitalize(r.Summary))
	fmt.Fprintln(w, paragraph(r.Doc))
	fmt.Fprintln(w, "\nExample:")
	for _, line := range strings.Split(strings.TrimRight(r.Example, "\n"), "\n") {
		fmt.Fprintf(w, "    %s\n", line)
	}
	fmt.Fprintln(w, "\nFix:")
	fmt.Fprintln(w, paragraph(r.Fix))
	if r.Acknowledgeable {
		fmt.Fprintf(w, "\nIf the finding is known and accepted, acknowledge it next to the statement:\n    acknowledge:\n      - rule: %s\n        reason: why it is accepted\n", r.Name)
	}
	return ExitOK
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// paragraph fills a documentation text into lines of at most 78 columns.
func paragraph(text string) string {
	return strings.Join(wordwrap.Lines(strings.Join(strings.Fields(text), " "), 78), "\n")
}
