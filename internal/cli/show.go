package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/report"
)

func (c *CLI) show(args []string) int {
	fs := c.flagSet("show", "ID")
	schemaDir := fs.String("schema", "schema", "schema `directory`")
	factsDir := fs.String("facts", "facts", "fact `directory`")
	atFlag := fs.String("at", "", "show only what held on this `date` (YYYY, YYYY-MM or YYYY-MM-DD)")
	rest, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(rest) != 1 {
		return c.usageError("show takes one entity id")
	}
	var at date.Date
	if *atFlag != "" {
		if at, err = date.Parse(*atFlag); err != nil {
			return c.usageError("--at: %v", err)
		}
	}
	res, code := c.runCheck(*schemaDir, []string{*factsDir})
	if res == nil {
		return code
	}
	e := res.Graph.Entity(rest[0])
	if e == nil {
		return c.usageError("no entity %q in %s (or its file has errors; run factgraph check)", rest[0], *factsDir)
	}
	if n := res.Counts().Error; n > 0 {
		fmt.Fprintf(c.Stderr, "factgraph: warning: the facts have %d errors (see factgraph check); showing what resolved\n", n)
	}
	w := c.Stdout
	fmt.Fprintf(w, "%s: %s (%s)\n", e.ID(), report.Clean(e.Label.Value), e.Type.Label)
	if len(e.Aliases) > 0 {
		var names []string
		for _, a := range e.Aliases {
			names = append(names, report.Clean(a.Value))
		}
		fmt.Fprintf(w, "also known as: %s\n", strings.Join(names, ", "))
	}
	if e.Description.Value != "" {
		fmt.Fprintf(w, "%s\n", report.Clean(e.Description.Value))
	}
	fmt.Fprintf(w, "file: %s\n", e.File)

	held := func(cl *graph.Claim) bool { return at.IsZero() || cl.HeldDuring(at) }
	maybe := func(cl *graph.Claim) bool { return !at.IsZero() && !cl.HeldDuring(at) && cl.Interval.MayHoldDuring(at) }
	if !at.IsZero() {
		fmt.Fprintf(w, "\nas of %s:\n", at)
	}
	section(w, "statements", e.Out, held, func(cl *graph.Claim) string { return cl.Predicate.Name + "\t" + object(cl) })
	section(w, "statements about it", e.In, held, func(cl *graph.Claim) string { return cl.Subject.ID() + " " + cl.Predicate.Name + "\t" + e.ID() })
	if !at.IsZero() {
		section(w, "possibly held (the dates are too imprecise to say)", append(append([]*graph.Claim(nil), e.Out...), e.In...), maybe,
			func(cl *graph.Claim) string { return cl.Subject.ID() + " " + cl.Predicate.Name + "\t" + object(cl) })
	}
	return ExitOK
}

func object(cl *graph.Claim) string {
	if cl.Object != nil {
		return cl.Object.ID()
	}
	return report.Clean(cl.Value.Value)
}

// section prints the claims that pass keep as a table: what, when, rank,
// sources, and where it is written.
func section(w io.Writer, title string, claims []*graph.Claim, keep func(*graph.Claim) bool, what func(*graph.Claim) string) {
	var rows []*graph.Claim
	for _, cl := range claims {
		if keep(cl) {
			rows = append(rows, cl)
		}
	}
	fmt.Fprintf(w, "\n%s:\n", title)
	if len(rows) == 0 {
		fmt.Fprintln(w, "  (none)")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, cl := range rows {
		reason := ""
		if cl.Stmt.Reason.Value != "" {
			reason = "  reason: " + report.Clean(cl.Stmt.Reason.Value)
		}
		extra := ""
		if cl.Share != nil {
			extra = " " + cl.Share.Value + "%"
		}
		sources := "no sources"
		if len(cl.Sources) > 0 {
			sources = "sources: " + strings.Join(cl.SourceIDs(), ", ")
		}
		when := cl.Interval.String()
		if cl.Timeless() {
			when = "timeless"
		}
		fmt.Fprintf(tw, "  %s%s\t%s\t%s\t%s\t%s%s\n", what(cl), extra, when, cl.Rank, sources, cl.Stmt.Pos, reason)
	}
	tw.Flush()
}
