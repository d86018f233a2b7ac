package cli

import (
	"fmt"
	"runtime/debug"
	"strings"
	"text/tabwriter"

	"github.com/factgraph/factgraph/internal/check"
	"github.com/factgraph/factgraph/internal/suggest"
	"github.com/factgraph/factgraph/internal/wordwrap"
)

const rulesDoc = `Rules lists every rule factgraph reports, with its severity, the stage that checks it and a summary. Rule names are stable and appear in every output format.`

const explainDoc = `Explain prints what a rule checks and why, a fact file that fires it, the fix, and whether it can be acknowledged.`

const versionDoc = `Version prints factgraph's module version and the VCS revision it was built from, as SARIF output records them.`

func (c *CLI) rules(args []string) error {
	fs := c.flags("rules")
	format := fs.String("format", "text", "output `format`: text, or markdown (docs/rules.md)")
	rest, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErr("rules takes no arguments")
	}
	if err := oneOf("format", *format, []string{"text", "markdown"}); err != nil {
		return err
	}
	if *format == "markdown" {
		return check.WriteMarkdown(c.Stdout, check.Rules)
	}
	tw := tabwriter.NewWriter(c.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tSTAGE\tSUMMARY")
	for _, r := range check.Rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Name, r.Severity, r.Stage, r.Summary)
	}
	return tw.Flush()
}

func (c *CLI) explain(args []string) error {
	rest, err := c.parse(c.flags("explain"), args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageErr("explain takes one rule name; see factgraph rules")
	}
	r := check.Rules.Lookup(rest[0])
	if r == nil {
		return usageErr("no rule is named %q%s", rest[0], suggest.DidYouMean(rest[0], check.Rules.Names()))
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
	return nil
}

func (c *CLI) version(args []string) error {
	rest, err := c.parse(c.flags("version"), args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErr("version takes no arguments")
	}
	fmt.Fprintf(c.Stdout, "factgraph %s\n", version())
	return nil
}

// version is the module version and VCS revision of this build, from
// the build information the go command records: "v1.2.0", "(devel)
// 5ba5be9c1e2f" for a build from a checkout, with "+modified" when the
// checkout had uncommitted changes.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev != "" && !strings.Contains(v, rev[:min(12, len(rev))]) {
		v += " " + rev[:min(12, len(rev))]
		if modified {
			v += "+modified"
		}
	}
	return v
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
