package diff

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/safetext"
)

// Text writes the diff for a terminal: one block per entity with a line
// per change ("+" added, "-" removed, "~" changed), then the findings and
// a summary line.
type Text struct{}

var marks = map[Status]string{Added: "+", Removed: "-", Changed: "~"}

// Write implements Writer.
func (Text) Write(w io.Writer, d *Diff) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "factgraph diff: %s -> %s\n", sideName(d.Base), sideName(d.Head))
	for _, e := range d.Entities {
		fmt.Fprintf(bw, "\n%s: %s (%s)%s\n", e.ID, safetext.Terminal(e.Label), safetext.Terminal(e.Type), entityStatus(e))
		for _, f := range e.Fields {
			fmt.Fprintf(bw, "  ~ %s: %s -> %s\n", f.Field, quoteOrNone(f.Base), quoteOrNone(f.Head))
		}
		for _, s := range e.Statements {
			fmt.Fprintf(bw, "  %s %s", marks[s.Status], safetext.Terminal(s.Triple()))
			if s.Status == Changed {
				fmt.Fprintf(bw, ": %s", changesText(s.Changes, func(v string) string { return quoteOrNone(v) }))
			} else {
				fmt.Fprintf(bw, " (%s)", qualifiers(s.claim()))
			}
			fmt.Fprintf(bw, "  %s\n", where(s))
		}
	}
	section := func(title string, fs finding.List) {
		if len(fs) == 0 {
			return
		}
		fmt.Fprintf(bw, "\n%s (%d):\n", title, len(fs))
		for _, f := range fs {
			fmt.Fprintf(bw, "  %s\n", f)
			for _, r := range f.Related {
				fmt.Fprintf(bw, "      %s: %s\n", r.Pos, safetext.Terminal(r.Message))
			}
		}
	}
	section("new findings", d.Findings.New)
	section("fixed findings", d.Findings.Fixed)
	fmt.Fprintf(bw, "\n%s\n", summary(d))
	return bw.Flush()
}

func sideName(s Side) string {
	name := safetext.Terminal(s.Name)
	if s.Commit != "" {
		name += " (" + s.Commit[:min(12, len(s.Commit))] + ")"
	}
	return name
}

func entityStatus(e *Entity) string {
	switch e.Status {
	case Changed:
		return ""
	case Unreadable:
		return ", unreadable: its file does not load on one side, so its statements are not compared (see the findings)"
	}
	return ", " + string(e.Status)
}

func quoteOrNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return safetext.Terminal(fmt.Sprintf("%q", s))
}

// claim is the side of the statement that exists (head if both).
func (s *Statement) claim() *Claim {
	if s.Head != nil {
		return s.Head
	}
	return s.Base
}

func where(s *Statement) string {
	c := s.claim()
	return finding.Pos{File: c.File, Line: c.Line, Col: c.Column}.String()
}

// qualifiers describes a claim's dates, rank, share and sources.
func qualifiers(c *Claim) string {
	parts := []string{c.graph.Interval.String()}
	if c.Rank != "normal" {
		parts = append(parts, c.Rank)
	}
	if c.Share != "" {
		parts = append(parts, "share "+c.Share+"%")
	}
	if len(c.Sources) > 0 {
		parts = append(parts, "sources: "+strings.Join(c.Sources, ", "))
	} else {
		parts = append(parts, "no sources")
	}
	return safetext.Terminal(strings.Join(parts, "; "))
}

func changesText(fs []Field, val func(string) string) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprintf("%s %s -> %s", f.Field, val(f.Base), val(f.Head))
	}
	return strings.Join(parts, ", ")
}

func summary(d *Diff) string {
	c := d.Counts()
	return fmt.Sprintf("statements: %d added, %d removed, %d changed; entities: %d added, %d removed, %d changed; findings: %d new, %d fixed, %d already there",
		c.StatementsAdded, c.StatementsRemoved, c.StatementsChanged, c.EntitiesAdded, c.EntitiesRemoved, c.EntitiesChanged,
		c.FindingsNew, c.FindingsFixed, c.FindingsExisting)
}
