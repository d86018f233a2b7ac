package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/safetext"
)

const showDoc = `Show prints an entity with every statement about it after normalisation (written in its own file or in others), with dates, ranks and reasons, sources and where each is written; for a source, the statements that cite it. NAME is an id, a label or an alias, forgiving case and accents. With --at DATE it keeps what held on that date in every reading of the dates, and lists apart what may have held but whose dates are too imprecise to say; before an entity began (or after it ended) it says so instead.`

const showExample = `factgraph show alipay
factgraph show zhifubao --at 2012
factgraph show "Ant Group" --format json`

// onceDate is a --at flag that may be given at most once.
type onceDate struct {
	d   date.Date
	set bool
}

func (o *onceDate) String() string { return o.d.String() }

func (o *onceDate) Set(s string) error {
	if o.set {
		return fmt.Errorf("given twice; show takes one date")
	}
	d, err := date.Parse(s)
	if err != nil {
		return err
	}
	o.d, o.set = d, true
	return nil
}

var _ flag.Value = (*onceDate)(nil)

func (c *CLI) show(args []string) error {
	fs := c.flags("show")
	in := addInputs(fs)
	var at onceDate
	fs.Var(&at, "at", "show only what held on this `date` (YYYY, YYYY-MM or YYYY-MM-DD)")
	format := fs.String("format", "text", "output `format`: text or json")
	rest, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageErr("show takes one entity: an id, a label or an alias")
	}
	if err := oneOf("format", *format, []string{"text", "json"}); err != nil {
		return err
	}
	ws, err := in.open()
	if err != nil {
		return err
	}
	res, err := ws.check(c)
	if err != nil {
		return err
	}
	g := res.Graph
	found := g.Lookup(rest[0])
	switch len(found) {
	case 0:
		hint := ""
		if near := g.Suggest(rest[0]); len(near) > 0 {
			hint = fmt.Sprintf("; did you mean %s?", names(near))
		}
		return usageErr("no entity is called %q%s (an entity whose file has errors is not shown; run factgraph check)", rest[0], hint)
	case 1:
	default:
		return usageErr("%q is ambiguous: it names %s; show one by its id", rest[0], names(found))
	}
	if n := res.Counts().Error; n > 0 {
		fmt.Fprintf(c.Stderr, "factgraph: warning: the facts have %d errors (see factgraph check); showing what resolved\n", n)
	}
	v := newShowView(g, found[0], at, ws)
	if *format == "json" {
		enc := json.NewEncoder(c.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	v.text(c.Stdout)
	return nil
}

// names lists entities for a message: "alipay (Alipay) or alipay-hk (Alipay HK)".
func names(es []*graph.Entity) string {
	var parts []string
	for _, e := range es {
		parts = append(parts, fmt.Sprintf("%s (%s)", e.ID(), safetext.Terminal(e.Label.Value)))
	}
	return strings.Join(parts, " or ")
}

// showView is what show prints, in text or as JSON.
type showView struct {
	ID          string   `json:"id"`
	Label       string   `json:"label"`
	Type        string   `json:"type"`
	TypeLabel   string   `json:"type_label"`
	Aliases     []string `json:"aliases"`
	Description string   `json:"description,omitempty"`
	File        string   `json:"file"`
	// At is the --at date, "" for the graph as it stands.
	At string `json:"at,omitempty"`
	// Existence says that the entity did not exist yet, or any more, on
	// the date; its statements are then not listed.
	Existence  string      `json:"existence,omitempty"`
	Statements []showClaim `json:"statements"`
	About      []showClaim `json:"about"`
	Possibly   []showClaim `json:"possibly"`
	CitedBy    []showClaim `json:"cited_by"`
}

type showClaim struct {
	Subject   string   `json:"subject"`
	Predicate string   `json:"predicate"`
	Object    string   `json:"object,omitempty"`
	Value     string   `json:"value,omitempty"`
	Share     string   `json:"share,omitempty"`
	When      string   `json:"when"`
	Rank      string   `json:"rank"`
	Reason    string   `json:"reason,omitempty"`
	Sources   []string `json:"sources"`
	File      string   `json:"file"`
	Line      int      `json:"line"`
	Column    int      `json:"column"`
}

func newShowView(g *graph.Graph, e *graph.Entity, at onceDate, ws *workspace) *showView {
	v := &showView{ID: e.ID(), Label: e.Label.Value, Type: e.Type.Name, TypeLabel: e.Type.Label, Aliases: []string{}, Description: e.Description.Value,
		File: ws.root.Display(e.File), Statements: []showClaim{}, About: []showClaim{}, Possibly: []showClaim{}, CitedBy: []showClaim{}}
	for _, a := range e.Aliases {
		v.Aliases = append(v.Aliases, a.Value)
	}
	claim := func(c *graph.Claim) showClaim {
		sc := showClaim{Subject: c.Subject.ID(), Predicate: c.Predicate.Name, When: c.Interval.String(), Rank: c.Rank.String(),
			Reason: c.Stmt.Reason().Value, Sources: c.SourceIDs()}
		if c.Timeless() {
			sc.When = "timeless"
		}
		if c.Object != nil {
			sc.Object = c.Object.ID()
		} else {
			sc.Value = c.Value.Value
		}
		if c.Share != nil {
			sc.Share = c.Share.Value
		}
		p := c.Stmt.Pos()
		sc.File, sc.Line, sc.Column = ws.root.Display(p.File), p.Line, p.Col
		return sc
	}
	held := func(c *graph.Claim) bool { return !at.set || c.HeldDuring(at.d) }
	maybe := func(c *graph.Claim) bool { return at.set && !c.HeldDuring(at.d) && c.Interval.MayHoldDuring(at.d) }
	if at.set {
		v.At = at.d.String()
		v.Existence = existence(e, at.d)
	}
	if v.Existence == "" {
		for _, c := range e.Out {
			if held(c) {
				v.Statements = append(v.Statements, claim(c))
			}
		}
		for _, c := range e.In {
			if held(c) {
				v.About = append(v.About, claim(c))
			}
		}
		for _, c := range append(append([]*graph.Claim(nil), e.Out...), e.In...) {
			if maybe(c) {
				v.Possibly = append(v.Possibly, claim(c))
			}
		}
	}
	for _, c := range g.Claims {
		for _, s := range c.Sources {
			if s == e && held(c) {
				v.CitedBy = append(v.CitedBy, claim(c))
				break
			}
		}
	}
	return v
}

// existence says when d lies wholly before e began or after it ended.
func existence(e *graph.Entity, d date.Date) string {
	l := e.Lifespan()
	switch {
	case l.Start != nil && d.End() <= l.Begin.First():
		return fmt.Sprintf("%s did not exist yet in %s (%s %s)", e.ID(), d, l.Start.Predicate.Name, l.Begin)
	case l.End != nil && d.First() >= l.Finish.End():
		return fmt.Sprintf("%s no longer existed in %s (%s %s)", e.ID(), d, l.End.Predicate.Name, l.Finish)
	}
	return ""
}

func (v *showView) text(w io.Writer) {
	fmt.Fprintf(w, "%s: %s (%s)\n", v.ID, safetext.Terminal(v.Label), v.TypeLabel)
	if len(v.Aliases) > 0 {
		var as []string
		for _, a := range v.Aliases {
			as = append(as, safetext.Terminal(a))
		}
		fmt.Fprintf(w, "also known as: %s\n", strings.Join(as, ", "))
	}
	if v.Description != "" {
		fmt.Fprintf(w, "%s\n", safetext.Terminal(v.Description))
	}
	fmt.Fprintf(w, "file: %s\n", safetext.Terminal(v.File))
	if v.At != "" {
		fmt.Fprintf(w, "\nas of %s:\n", v.At)
	}
	if v.Existence != "" {
		fmt.Fprintf(w, "  %s\n", v.Existence)
	} else {
		section(w, "statements", v.Statements, func(c showClaim) string { return c.Predicate + "\t" + object(c) })
		section(w, "statements about it", v.About, func(c showClaim) string { return c.Subject + " " + c.Predicate + "\t" + v.ID })
		if v.At != "" {
			section(w, "possibly held (the dates are too imprecise to say)", v.Possibly,
				func(c showClaim) string { return c.Subject + " " + c.Predicate + "\t" + object(c) })
		}
	}
	if len(v.CitedBy) > 0 {
		section(w, "statements that cite it", v.CitedBy, func(c showClaim) string { return c.Subject + " " + c.Predicate + "\t" + object(c) })
	}
}

func object(c showClaim) string {
	if c.Object != "" {
		return c.Object
	}
	return safetext.Terminal(c.Value)
}

// section prints claims as a table: what, when, rank, sources, and where
// it is written.
func section(w io.Writer, title string, rows []showClaim, what func(showClaim) string) {
	fmt.Fprintf(w, "\n%s:\n", title)
	if len(rows) == 0 {
		fmt.Fprintln(w, "  (none)")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range rows {
		reason := ""
		if c.Reason != "" {
			reason = "  reason: " + safetext.Terminal(c.Reason)
		}
		extra := ""
		if c.Share != "" {
			extra = " " + c.Share + "%"
		}
		sources := "no sources"
		if len(c.Sources) > 0 {
			sources = "sources: " + strings.Join(c.Sources, ", ")
		}
		at := finding.Pos{File: c.File, Line: c.Line, Col: c.Column}
		fmt.Fprintf(tw, "  %s%s\t%s\t%s\t%s\t%s%s\n", what(c), extra, c.When, c.Rank, sources, at, reason)
	}
	tw.Flush()
}
