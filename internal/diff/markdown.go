package diff

import (
	"fmt"
	"io"
	"strings"

	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/report"
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
// code spans; prose (labels, messages) has every markup character
// backslash-escaped and each @ followed by a word joiner, so no input can
// add markup, HTML, links or @-mentions.
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
	lines := []string{fmt.Sprintf("- **%s** %s at %s: %s", f.Severity, code(f.Rule), code(posText(f.Pos)), prose(f.Message))}
	for _, r := range f.Related {
		lines = append(lines, fmt.Sprintf("  - %s: %s", code(posText(r.Pos)), prose(r.Message)))
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
	head := fmt.Sprintf("**%s** %s (%s)", code(e.ID), prose(e.Label), prose(e.Type))
	if e.Status != Changed {
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
		l := fmt.Sprintf("- **%s** %s", s.Status, code(s.Triple()))
		if s.Status == Changed {
			var parts []string
			for _, f := range s.Changes {
				parts = append(parts, fmt.Sprintf("%s %s → %s", f.Field, codeOrNone(f.Base), codeOrNone(f.Head)))
			}
			l += ": " + strings.Join(parts, ", ")
		} else {
			l += " — " + prose(qualifiers(s.claim()))
		}
		l += " — " + code(where(s))
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

func posText(p finding.Pos) string {
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

func mdSide(s Side) string {
	out := code(s.Name)
	if s.Commit != "" {
		out += " (" + code(s.Commit[:min(12, len(s.Commit))]) + ")"
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
	return code(s)
}

// code writes s as an inline code span, whose content markdown does not
// interpret: the fence is one backtick longer than the longest run of
// backticks in s, and padded with spaces when s starts or ends with one.
func code(s string) string {
	s = report.Clean(s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || s == "" {
		s = " " + s + " "
	}
	return fence + s + fence
}

// prose escapes text for markdown: every ASCII punctuation character
// that can start markup (emphasis, code, links, images, HTML, entities,
// headings, tables, strike-through, math) is backslash-escaped, which
// CommonMark guarantees to show literally, and each @ is followed by a
// word joiner (U+2060) so it cannot mention anyone. Text is always
// placed inside a line, never at its start, so list and heading markers
// need no escape there.
func prose(s string) string {
	s = report.Clean(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80 && strings.ContainsRune("!#$&()*<>@[\\]_`{|}~", r):
			b.WriteByte('\\')
			b.WriteRune(r)
			if r == '@' {
				b.WriteRune('\u2060')
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
