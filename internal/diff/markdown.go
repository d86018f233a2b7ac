package diff

import (
	"fmt"
	"io"
	"strings"

	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/safetext"
)

// MaxMarkdown is the largest comment body or job summary GitHub accepts,
// in characters. The markdown writer counts bytes, which are never fewer.
const MaxMarkdown = 65536

// footerRoom is kept free for the note that says what was left out.
const footerRoom = 1024

// Markdown writes the diff for a pull-request comment or a job summary:
// the totals first, then new findings, the changes grouped by entity,
// fixed findings, and the findings that were already there folded away.
// Once the next line would pass Limit, the rest is summarised in one
// closing note, so the totals and the new findings are always shown.
//
// Fact text is untrusted. Ids, triples, values and paths are written as
// code spans; prose (labels, messages) is escaped by safetext.Markdown,
// so no input can add markup, HTML, links, autolinks or @-mentions.
type Markdown struct {
	Limit int
}

type mdWriter struct {
	b     strings.Builder
	limit int
	full  bool
}

// line adds s and a line break, or reports that it does not fit.
func (m *mdWriter) line(s string) bool {
	if m.full || m.b.Len()+len(s)+1 > m.limit-footerRoom {
		m.full = true
		return false
	}
	m.b.WriteString(s)
	m.b.WriteByte('\n')
	return true
}

// Write implements Writer.
func (md Markdown) Write(w io.Writer, d *Diff) error {
	limit := md.Limit
	if limit <= 0 {
		limit = MaxMarkdown
	}
	m := &mdWriter{limit: limit}
	c := d.Counts()
	m.line(fmt.Sprintf("### factgraph diff: %s → %s", mdSide(d.Base), mdSide(d.Head)))
	m.line("")
	if d.Empty() {
		m.line("No change to the fact graph, and no new or fixed findings.")
	} else {
		m.line(fmt.Sprintf("**Statements:** %d added, %d removed, %d changed · **Entities:** %d added, %d removed, %d changed · **Findings:** %s, %d fixed, %d already there",
			c.StatementsAdded, c.StatementsRemoved, c.StatementsChanged, c.EntitiesAdded, c.EntitiesRemoved, c.EntitiesChanged,
			bold(c.FindingsNew > 0, fmt.Sprintf("%d new", c.FindingsNew)), c.FindingsFixed, c.FindingsExisting))
	}
	var omitted omissions
	m.findings("New findings", d.Findings.New, &omitted.findings)

	if len(d.Entities) > 0 && m.line("") && m.line(fmt.Sprintf("#### Changes by entity (%d)", len(d.Entities))) {
		for i, e := range d.Entities {
			if !m.entity(e) {
				omitted.entities = len(d.Entities) - i
				for _, e := range d.Entities[i:] {
					omitted.statements += len(e.Statements)
				}
				break
			}
		}
	} else if len(d.Entities) > 0 {
		omitted.entities = len(d.Entities)
		omitted.statements = c.StatementsAdded + c.StatementsRemoved + c.StatementsChanged
	}
	m.findings("Fixed findings", d.Findings.Fixed, &omitted.findings)
	if len(d.Findings.Existing) > 0 {
		if m.block([]string{"", fmt.Sprintf("<details><summary>Findings that were already there (%d)</summary>", len(d.Findings.Existing)), ""}) {
			for i, f := range d.Findings.Existing {
				if !m.finding(f) {
					omitted.findings += len(d.Findings.Existing) - i
					break
				}
			}
			// Close the element even when the list was cut; footerRoom
			// keeps space for it.
			m.b.WriteString("\n</details>\n")
		} else {
			omitted.findings += len(d.Findings.Existing)
		}
	}
	if omitted.any() {
		fmt.Fprintf(&m.b, "\n> **Summary cut to fit GitHub's %d-character limit:** %s not shown. Run `factgraph diff --format json` (or `--format text`) for everything.\n",
			limit, omitted)
	}
	_, err := io.WriteString(w, m.b.String())
	return err
}

type omissions struct{ entities, statements, findings int }

func (o omissions) any() bool { return o.entities+o.statements+o.findings > 0 }

func (o omissions) String() string {
	var parts []string
	if o.entities > 0 {
		parts = append(parts, fmt.Sprintf("%d entities with %d statement changes", o.entities, o.statements))
	}
	if o.findings > 0 {
		parts = append(parts, fmt.Sprintf("%d findings", o.findings))
	}
	return strings.Join(parts, " and ")
}

func (m *mdWriter) findings(title string, fs finding.List, omitted *int) {
	if len(fs) == 0 {
		return
	}
	if !m.line("") || !m.line(fmt.Sprintf("#### %s (%d)", title, len(fs))) {
		*omitted += len(fs)
		return
	}
	for i, f := range fs {
		if !m.finding(f) {
			*omitted += len(fs) - i
			return
		}
	}
}

func (m *mdWriter) finding(f finding.Finding) bool {
	lines := []string{fmt.Sprintf("- **%s** %s at %s: %s", f.Severity, safetext.MarkdownCode(f.Rule), safetext.MarkdownCode(f.Pos.String()), safetext.Markdown(f.Message))}
	for _, r := range f.Related {
		lines = append(lines, fmt.Sprintf("  - %s: %s", safetext.MarkdownCode(r.Pos.String()), safetext.Markdown(r.Message)))
	}
	return m.block(lines)
}

// block adds lines that belong together, all or none.
func (m *mdWriter) block(lines []string) bool {
	n := 0
	for _, l := range lines {
		n += len(l) + 1
	}
	if m.full || m.b.Len()+n > m.limit-footerRoom {
		m.full = true
		return false
	}
	for _, l := range lines {
		m.line(l)
	}
	return true
}

func (m *mdWriter) entity(e *Entity) bool {
	head := fmt.Sprintf("**%s** %s (%s)", safetext.MarkdownCode(e.ID), safetext.Markdown(e.Label), safetext.Markdown(e.Type))
	switch e.Status {
	case Changed:
	case Unreadable:
		head += " — **unreadable**: its file does not load on one side, so its statements are not compared (see the findings)"
	default:
		head += " — **" + string(e.Status) + "**"
	}
	var lines []string
	lines = append(lines, "", head, "")
	for _, f := range e.Fields {
		lines = append(lines, fmt.Sprintf("- **changed** %s: %s → %s", f.Field, codeOrNone(f.Base), codeOrNone(f.Head)))
	}
	// The heading and the first change go together; later changes are
	// added one by one.
	first := len(lines)
	for i, s := range e.Statements {
		l := fmt.Sprintf("- **%s** %s", s.Status, safetext.MarkdownCode(s.Triple()))
		if s.Status == Changed {
			var parts []string
			for _, f := range s.Changes {
				parts = append(parts, fmt.Sprintf("%s %s → %s", f.Field, codeOrNone(f.Base), codeOrNone(f.Head)))
			}
			l += ": " + strings.Join(parts, ", ")
		} else {
			l += " — " + safetext.Markdown(qualifiers(s.claim()))
		}
		l += " — " + safetext.MarkdownCode(where(s))
		lines = append(lines, l)
		if i == 0 && len(e.Fields) == 0 {
			first = len(lines)
		}
	}
	if !m.block(lines[:first]) {
		return false
	}
	for _, l := range lines[first:] {
		if !m.line(l) {
			return false
		}
	}
	return true
}

func mdSide(s Side) string {
	out := safetext.MarkdownCode(s.Name)
	if s.Commit != "" {
		out += " (" + safetext.MarkdownCode(s.Commit[:min(12, len(s.Commit))]) + ")"
	}
	return out
}

func bold(on bool, s string) string {
	if on {
		return "**" + s + "**"
	}
	return s
}

func codeOrNone(s string) string {
	if s == "" {
		return "*none*"
	}
	return safetext.MarkdownCode(s)
}
