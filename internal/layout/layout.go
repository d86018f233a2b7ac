package layout

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/factgraph/factgraph/internal/wordwrap"

	"gopkg.in/yaml.v3"

	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/strictyaml"
)

// Width is the line width the layout aims for: flow lists and one-line
// text longer than this are written in block style.
const Width = 80

// Key orders, following schema/fact.schema.json.
var (
	TopOrder       = []string{"id", "type", "label", "aliases", "description", "url", "publisher", "published", "acknowledge", "statements"}
	StatementOrder = []string{"predicate", "object", "value", "from", "to", "at", "share", "rank", "reason", "sources", "note", "acknowledge"}
	AckOrder       = []string{"rule", "reason"}
)

// Meaning is the rule of the finding Format reports when the canonical
// layout would not read back as the same data: a bug in the layout, never
// a reason to write the file.
var Meaning = &finding.Rule{
	Name: "layout", Severity: finding.Error, Stage: finding.StageLoad,
	Summary: "the canonical layout would change the file's meaning",
	Doc:     "factgraph fmt parses its own output again and compares the values and comments with the input before it writes anything; a difference is reported and the file is left as it is.",
	Example: "(a file the layout cannot reproduce)",
	Fix:     "Report the file to the factgraph maintainers; format it by hand meanwhile.",
}

// Format returns src in the canonical layout. When src does not parse
// under the strict reader it returns the reader's findings and no output.
// Otherwise it lays the file out and proves the result before returning
// it: the output must parse, decode to exactly the values of the input,
// hold every comment of the input (found by scanning the text, not only
// the comments yaml.v3 keeps), and lay out to itself. When any of that
// fails, or a comment has no place in the canonical layout, it returns
// one finding of rule Meaning, at the place concerned, and no output. Any
// error is internal.
func Format(file string, src []byte) ([]byte, finding.List, error) {
	orig, fs, err := read(file, src)
	if err != nil || len(fs) > 0 {
		return nil, fs, err
	}
	out, fs := lay(orig)
	if len(fs) > 0 {
		return nil, fs, nil
	}
	// yaml.v3 does not always give a comment back to the node it was
	// printed with (a comment at the end of a file belongs to the
	// document, or to the last item of a list, depending on what is
	// before it), so the layout is applied to its own output until it no
	// longer changes; everything below is then checked against the input.
	var again *parsed
	for round := 0; ; round++ {
		var err error
		again, fs, err = read(file, out)
		if err != nil {
			return nil, nil, err
		}
		if len(fs) > 0 {
			return nil, orig.refuse(1, 1, "the canonical layout of this file does not parse (%s); the file was left as it is", fs[0].Message), nil
		}
		next, fs := lay(again)
		if len(fs) > 0 || round == maxRounds {
			return nil, orig.refuse(1, 1, "the canonical layout of this file is not stable; the file was left as it is"), nil
		}
		if bytes.Equal(next, out) {
			break
		}
		out = next
	}
	// Prove the output means what the input meant before anyone writes it.
	if path, same := equal(normalize(orig.doc.Value, kindTop), normalize(again.doc.Value, kindTop), nil); !same {
		pos := orig.doc.Pos(strictyaml.Lookup(orig.doc.Root, path))
		return nil, orig.refuse(pos.Line, pos.Col, "the canonical layout would change the value at %q; the file was left as it is", strings.Join(path, ".")), nil
	}
	if lost, extra := diffComments(orig.comments, again.comments); lost != nil {
		return nil, orig.refuse(lost.line, lost.col, "the canonical layout would lose or change the comment %q; the file was left as it is", lost.text), nil
	} else if extra != nil {
		return nil, orig.refuse(1, 1, "the canonical layout would add the comment %q; the file was left as it is", extra.text), nil
	}
	return out, nil, nil
}

// maxRounds bounds how often the layout is applied to its own output
// before Format gives up on reaching a fixed point.
const maxRounds = 3

type parsed struct {
	doc *strictyaml.Doc
	top *yaml.Node // the document node, which holds the file's first and last comments
	// comments are every comment of the text, in order.
	comments []comment
}

// refuse returns the one finding of rule Meaning that says why p is not
// laid out.
func (p *parsed) refuse(line, col int, format string, args ...any) finding.List {
	var fs finding.List
	fs.Report(finding.Pos{File: p.doc.File, Line: line, Col: col}, Meaning, format, args...)
	return fs
}

// read parses src with the strict reader (which rejects everything the
// format does not allow), then once more with yaml.v3 alone for the
// document node's comments, which strictyaml.Doc does not keep, and scans
// the text for its comments. The second parse is safe: the first one
// proved the text small and alias-free. The comments yaml.v3 keeps must
// all be among those scanned, or the scanner has gone wrong and the file
// is refused rather than laid out by a guard that could miss a comment.
func read(file string, src []byte) (*parsed, finding.List, error) {
	doc, fs, err := strictyaml.Parse(file, src, strictyaml.DefaultLimits)
	if err != nil || len(fs) > 0 {
		return nil, fs, err
	}
	var top yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(src)).Decode(&top); err != nil {
		return nil, nil, fmt.Errorf("%s: yaml parser disagrees with itself: %w", file, err)
	}
	if top.Kind != yaml.DocumentNode || len(top.Content) != 1 {
		return nil, nil, fmt.Errorf("%s: unexpected document structure", file)
	}
	p := &parsed{doc: doc, top: &top}
	p.comments, err = scanComments(src, &top)
	if err != nil {
		return nil, p.refuse(1, 1, "%v; the file was left as it is", err), nil
	}
	if kept := nodeComments(&top); len(subtract(kept, texts(p.comments))) > 0 {
		return nil, p.refuse(1, 1, "%v: yaml.v3 sees a comment the scan does not; the file was left as it is", errScan), nil
	}
	return p, nil, nil
}

// lay writes p in the canonical layout. It first places the comments
// yaml.v3 dropped: one inside a flow collection goes above the
// collection, one on a directive's line at the start of the file, one
// after the document end marker (...) at its end. A dropped comment
// anywhere else has no known place, and the file is refused.
func lay(p *parsed) ([]byte, finding.List) {
	// The comments that may be placed, by text, in source order.
	placeable := map[string][]int{}
	for i, c := range p.comments {
		if c.flow != nil || c.end || c.directive {
			placeable[c.text] = append(placeable[c.text], i)
		}
	}
	var placed []int
	for _, text := range subtract(texts(p.comments), nodeComments(p.top)) {
		q := placeable[text]
		if len(q) == 0 {
			i := slices.IndexFunc(p.comments, func(c comment) bool { return c.text == text })
			c := p.comments[i]
			return nil, p.refuse(c.line, c.col, "the canonical layout has no place for the comment %q; the file was left as it is", c.text)
		}
		placed, placeable[text] = append(placed, q[0]), q[1:]
	}
	slices.Sort(placed) // in the order written
	var heads, feet []string
	above := map[*yaml.Node][]string{}
	for _, i := range placed {
		switch c := p.comments[i]; {
		case c.flow != nil:
			above[c.flow] = append(above[c.flow], c.text)
		case c.directive:
			heads = append(heads, c.text)
		default:
			feet = append(feet, c.text)
		}
	}
	for n, cs := range above {
		n.HeadComment = strings.Trim(n.HeadComment+"\n"+strings.Join(cs, "\n"), "\n")
	}
	// Directive comments come before the file's own first comment, those
	// after "..." after its last.
	p.top.HeadComment = strings.Trim(strings.Join(heads, "\n")+"\n"+p.top.HeadComment, "\n")
	p.top.FootComment = strings.Trim(p.top.FootComment+"\n"+strings.Join(feet, "\n"), "\n")
	return printTree(p.top), nil
}

// diffComments returns the first comment of a (in source order) missing
// from b, or else the first comment of b that a does not have; comments
// compare by text, so one may move to another line but never change.
func diffComments(a, b []comment) (lost, extra *comment) {
	if l := subtract(texts(a), texts(b)); len(l) > 0 {
		missing := map[string]bool{}
		for _, t := range l {
			missing[t] = true
		}
		for i := range a {
			if missing[a[i].text] {
				return &a[i], nil
			}
		}
	}
	if e := subtract(texts(b), texts(a)); len(e) > 0 {
		return nil, &comment{text: e[0]}
	}
	return nil, nil
}

func texts(cs []comment) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.text
	}
	return out
}

// subtract returns the multiset difference a - b, sorted.
func subtract(a, b []string) []string {
	count := map[string]int{}
	for _, s := range b {
		count[s]++
	}
	var out []string
	for _, s := range a {
		if count[s] > 0 {
			count[s]--
			continue
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// kind says which part of a fact file a mapping is, for key order, dates
// and flow lists.
type kind int

const (
	kindOther kind = iota
	kindTop
	kindStatement
	kindAck
)

func (k kind) order() []string {
	switch k {
	case kindTop:
		return TopOrder
	case kindStatement:
		return StatementOrder
	case kindAck:
		return AckOrder
	}
	return nil
}

// child is the kind of the items of the list under key in a mapping of
// kind k.
func (k kind) child(key string) kind {
	switch {
	case k == kindTop && key == "statements":
		return kindStatement
	case (k == kindTop || k == kindStatement) && key == "acknowledge":
		return kindAck
	}
	return kindOther
}

func (k kind) isDate(key string) bool {
	return k == kindTop && key == "published" || k == kindStatement && (key == "from" || key == "to" || key == "at")
}

func (k kind) isFlow(key string) bool {
	return k == kindTop && key == "aliases" || k == kindStatement && key == "sources"
}

var dateRE = regexp.MustCompile(`^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`)

// normalize prepares decoded values for comparison: a date means the same
// quoted or not, so dates compare as text.
func normalize(v any, k kind) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for key, val := range v {
			if k.isDate(key) {
				if n, ok := val.(json.Number); ok {
					val = n.String()
				}
			}
			if l, ok := val.([]any); ok {
				ck := k.child(key)
				items := make([]any, len(l))
				for i, item := range l {
					items[i] = normalize(item, ck)
				}
				val = items
			} else {
				val = normalize(val, kindOther)
			}
			out[key] = val
		}
		return out
	case []any:
		items := make([]any, len(v))
		for i, item := range v {
			items[i] = normalize(item, kindOther)
		}
		return items
	}
	return v
}

// equal compares decoded values exactly (types included) and returns the
// path of the first difference.
func equal(a, b any, path []string) ([]string, bool) {
	switch a := a.(type) {
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return path, false
		}
		keys := make([]string, 0, len(a))
		for k := range a {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			bv, ok := bm[k]
			if !ok {
				return append(path, k), false
			}
			if p, same := equal(a[k], bv, append(path, k)); !same {
				return p, false
			}
		}
		return nil, true
	case []any:
		bl, ok := b.([]any)
		if !ok || len(a) != len(bl) {
			return path, false
		}
		for i := range a {
			if p, same := equal(a[i], bl[i], append(path, strconv.Itoa(i))); !same {
				return p, false
			}
		}
		return nil, true
	}
	if a != b {
		return path, false
	}
	return nil, true
}

// nodeComments lists every comment line yaml.v3 attached to the tree,
// trimmed and sorted.
func nodeComments(n *yaml.Node) []string {
	var out []string
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
			out = append(out, commentLines(c)...)
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	slices.Sort(out)
	return out
}

// commentLines splits a yaml.v3 comment into its lines, without the
// blanks around them. Only ASCII blanks are trimmed: they are what YAML
// separates a comment with; any other character is the comment's text.
func commentLines(c string) []string {
	var out []string
	for _, l := range strings.Split(c, "\n") {
		if l = strings.Trim(l, " \t\r"); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// line is one output line: indentation and text.
type line struct {
	indent   int
	text     string
	comment  bool // a whole-line comment
	trailing bool // the text ends with a comment
	body     bool // a line of a block scalar's text, which a comment would join
	// above are comment lines written just above this line, at its
	// indentation: the line comments that do not fit after it.
	above []string
}

type printer struct{ lines []line }

// printTree is the printer Format uses; tests replace it with broken ones
// to prove that the guards catch them.
var printTree = print

func print(top *yaml.Node) []byte {
	var p printer
	p.comment(0, top.HeadComment)
	root := top.Content[0]
	switch {
	case root.Kind == yaml.MappingNode && len(root.Content) > 0:
		p.comment(0, root.HeadComment)
		p.mapping(root, 0, kindTop)
		p.lineComment(0, root.LineComment)
		p.comment(0, root.FootComment)
	case root.Kind == yaml.SequenceNode && len(root.Content) > 0:
		p.comment(0, root.HeadComment)
		p.sequence(root, 0, kindOther)
		p.lineComment(0, root.LineComment)
		p.comment(0, root.FootComment)
	default:
		p.pair(nil, root, 0, kindOther, "")
	}
	p.comment(0, top.LineComment)
	p.comment(0, top.FootComment)
	var b bytes.Buffer
	for _, l := range p.lines {
		for _, c := range l.above {
			b.WriteString(strings.Repeat(" ", l.indent))
			b.WriteString(c)
			b.WriteByte('\n')
		}
		if l.text != "" {
			b.WriteString(strings.Repeat(" ", l.indent))
			b.WriteString(l.text)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func (p *printer) add(indent int, text string) {
	p.lines = append(p.lines, line{indent: indent, text: text})
}

// comment writes a head or foot comment, one line per comment line.
func (p *printer) comment(indent int, c string) {
	for _, l := range commentLines(c) {
		p.lines = append(p.lines, line{indent: indent, text: l, comment: true})
	}
}

// lineCommentAt appends a comment to line i, which starts a pair or an
// item. A line takes one comment at its end, or a second would become
// part of the first; the others go just above it.
func (p *printer) lineCommentAt(i int, c string) {
	for _, l := range commentLines(c) {
		if p.lines[i].trailing {
			p.lines[i].above = append(p.lines[i].above, l)
			continue
		}
		p.lines[i].text += " " + l
		p.lines[i].trailing = true
	}
}

// lineComment appends a comment to the last content line, or writes it on
// a line of its own at indent when that line is taken or belongs to a
// block scalar, whose text it would join.
func (p *printer) lineComment(indent int, c string) {
	for _, l := range commentLines(c) {
		i := len(p.lines) - 1
		for i >= 0 && p.lines[i].comment {
			i--
		}
		if i < 0 || p.lines[i].trailing || p.lines[i].body {
			p.lines = append(p.lines, line{indent: indent, text: l, comment: true})
			continue
		}
		p.lines[i].text += " " + l
		p.lines[i].trailing = true
	}
}

func (p *printer) mapping(m *yaml.Node, indent int, k kind) {
	type pair struct{ key, value *yaml.Node }
	pairs := make([]pair, 0, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		pairs = append(pairs, pair{m.Content[i], m.Content[i+1]})
	}
	order := k.order()
	rank := func(key string) int {
		if i := slices.Index(order, key); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return rank(a.key.Value) - rank(b.key.Value) })
	for _, pr := range pairs {
		p.comment(indent, pr.key.HeadComment)
		p.pair(pr.key, pr.value, indent, k, pr.key.Value)
		p.comment(indent, pr.key.FootComment)
	}
}

// pair writes "key: value" (or a bare value when key is nil) at indent.
func (p *printer) pair(key, v *yaml.Node, indent int, k kind, name string) {
	prefix := ""
	p.comment(indent, v.HeadComment)
	if key != nil {
		prefix = keyText(key.Value) + ":"
		if len(prefix) > maxImplicitKey {
			// YAML reads a key written before ":" only up to 1024
			// characters; a longer one needs the explicit "? key".
			p.add(indent, "? "+keyText(key.Value))
			prefix = ":"
		}
	}
	trailing := ""
	if key != nil {
		trailing = key.LineComment
	}
	first := len(p.lines)
	switch v.Kind {
	case yaml.MappingNode:
		if len(v.Content) == 0 {
			p.add(indent, join(prefix, "{}"))
			break
		}
		p.add(indent, prefix)
		p.mapping(v, indent+2, kindOther)
	case yaml.SequenceNode:
		if len(v.Content) == 0 {
			p.add(indent, join(prefix, "[]"))
			break
		}
		if flow, ok := flowList(v); ok && k.isFlow(name) && indent+len(prefix)+1+utf8.RuneCountInString(flow) <= Width {
			p.add(indent, join(prefix, flow))
			break
		}
		p.add(indent, prefix)
		p.sequence(v, indent+2, k.child(name))
	default:
		p.scalar(v, indent, prefix, k.isDate(name))
	}
	// Line comments go on the pair's first line: after a block scalar's
	// last line they would become part of its text.
	p.lineCommentAt(first, trailing)
	p.lineCommentAt(first, v.LineComment)
	p.comment(indent, v.FootComment)
}

// maxImplicitKey is the longest key, in bytes with its quotes and ":",
// written the usual way: YAML allows 1024 characters.
const maxImplicitKey = 1000

func join(prefix, text string) string {
	if prefix == "" {
		return text
	}
	return prefix + " " + text
}

// sequence writes a block sequence at indent; each item starts with "- "
// and its lines continue two columns further in.
func (p *printer) sequence(s *yaml.Node, indent int, k kind) {
	for _, item := range s.Content {
		var sub printer
		switch item.Kind {
		case yaml.MappingNode:
			sub.comment(indent+2, item.HeadComment)
			if len(item.Content) == 0 {
				sub.add(indent+2, "{}")
			} else {
				sub.mapping(item, indent+2, k)
			}
			sub.lineComment(indent+2, item.LineComment)
			sub.comment(indent+2, item.FootComment)
		case yaml.SequenceNode:
			sub.comment(indent+2, item.HeadComment)
			if len(item.Content) == 0 {
				sub.add(indent+2, "[]")
			} else {
				sub.sequence(item, indent+2, kindOther)
			}
			sub.lineComment(indent+2, item.LineComment)
			sub.comment(indent+2, item.FootComment)
		default:
			sub.pair(nil, item, indent+2, kindOther, "") // with the item's head comment
		}
		// Comments before the item's first line go above the dash.
		first := slices.IndexFunc(sub.lines, func(l line) bool { return !l.comment })
		for _, l := range sub.lines[:first] {
			p.lines = append(p.lines, line{indent: indent, text: l.text, comment: true})
		}
		fl := sub.lines[first]
		fl.indent, fl.text = indent, "- "+fl.text
		p.lines = append(p.lines, fl)
		p.lines = append(p.lines, sub.lines[first+1:]...)
	}
}

// scalar writes a scalar after prefix ("key:" or "" for list items).
func (p *printer) scalar(v *yaml.Node, indent int, prefix string, isDate bool) {
	if v.Tag != "!!str" || isDate && dateRE.MatchString(v.Value) {
		text := v.Value
		if v.Tag == "!!null" {
			text = "null"
		}
		p.add(indent, join(prefix, text))
		return
	}
	s := v.Value
	if strings.Contains(s, "\n") {
		if header, body, ok := literal(s); ok {
			p.add(indent, join(prefix, header))
			for _, l := range body {
				p.lines = append(p.lines, line{indent: indent + 2, text: l, body: true})
			}
			return
		}
		p.add(indent, join(prefix, quote(s)))
		return
	}
	// Text stays in the style its author chose between one line and a
	// block: a long description reads better folded, a long label does
	// not, and only the author knows which is which.
	if v.Style&(yaml.FoldedStyle|yaml.LiteralStyle) == 0 || !foldable(s) {
		one := quote(s)
		// At the start of a line, plain "---" or "..." would be a
		// document marker: only a document that is one scalar puts text
		// there.
		if plain(s, false) && !(prefix == "" && indent == 0 && (strings.HasPrefix(s, "---") || strings.HasPrefix(s, "..."))) {
			one = s
		}
		p.add(indent, join(prefix, one))
		return
	}
	p.add(indent, join(prefix, ">-"))
	for _, l := range wordwrap.Lines(s, Width-indent-2) {
		p.lines = append(p.lines, line{indent: indent + 2, text: l, body: true})
	}
}

// flowList writes a list of scalars in flow style, or reports that the
// list needs block style (an item is not a scalar, or carries a comment).
func flowList(s *yaml.Node) (string, bool) {
	items := make([]string, len(s.Content))
	for i, item := range s.Content {
		if item.Kind != yaml.ScalarNode || item.HeadComment != "" || item.LineComment != "" || item.FootComment != "" {
			return "", false
		}
		switch {
		case item.Tag == "!!null":
			items[i] = "null" // as written, it may be "~" or nothing
		case item.Tag != "!!str":
			items[i] = item.Value
		case strings.Contains(item.Value, "\n"):
			return "", false
		case plain(item.Value, true):
			items[i] = item.Value
		default:
			items[i] = quote(item.Value)
		}
	}
	return "[" + strings.Join(items, ", ") + "]", true
}

var keyRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

func keyText(k string) string {
	if keyRE.MatchString(k) && plain(k, false) {
		return k
	}
	return quote(k)
}

// plain reports whether s, written without quotes (in a flow list when
// flow is set), reads back as the same string in every common YAML
// reader. YAML's rules for plain scalars are intricate (indicators, ": ",
// " #", implicit types such as true, 2004 or null), so the YAML parser
// itself decides what yaml.v3 reads; but yaml.v3 follows YAML 1.2, and
// readers of YAML 1.1 (PyYAML, Ruby's Psych, yaml.v2, SnakeYAML) turn
// more plain text into other types, so implicit11 is asked as well.
func plain(s string, flow bool) bool {
	if s == "" || strings.ContainsAny(s, "\n\t") || strings.TrimSpace(s) != s {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	if implicit11(s) {
		return false
	}
	doc := "k: " + s
	if flow {
		doc = "k: [" + s + "]"
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(doc), &n); err != nil || len(n.Content) != 1 {
		return false
	}
	m := n.Content[0]
	if m.Kind != yaml.MappingNode || len(m.Content) != 2 {
		return false
	}
	v := m.Content[1]
	if flow {
		if v.Kind != yaml.SequenceNode || len(v.Content) != 1 {
			return false
		}
		v = v.Content[0]
	}
	return v.Kind == yaml.ScalarNode && v.Tag == "!!str" && v.Style == 0 && v.Value == s && v.LineComment == ""
}

// The plain scalars that a YAML 1.1 reader, or a YAML 1.2 reader with the
// core schema, resolves to something other than a string: the regular
// expressions of the YAML 1.1 type repository (yaml.org/type: bool, null,
// int, float, timestamp, merge, value) in their spec and PyYAML forms,
// and those of the YAML 1.2 core schema. Matching more than one reader
// needs is harmless: the text is only quoted.
var implicitRE = regexp.MustCompile(`^(?:` + strings.Join([]string{
	// bool (1.1)
	`y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF`,
	// null
	`~|null|Null|NULL`,
	// int (1.1: binary, octal, decimal, hexadecimal, base 60; 1.2 core: 0o)
	`[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+`,
	`[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+`,
	// float: the 1.1 spec (which allows 1.2.3), PyYAML, base 60, and
	// SnakeYAML's, which covers the 1.2 core schema's
	`[-+]?(?:[0-9][0-9_]*)?\.[0-9.]*(?:[eE][-+][0-9]+)?`,
	`[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?`,
	`[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*`,
	`[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?`,
	`[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)`,
	// timestamp (1.1)
	`[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?`,
	// merge and value (1.1)
	`<<|=`,
}, "|") + `)$`)

// implicit11 reports whether some common YAML reader reads the plain
// scalar s as something other than the string s.
func implicit11(s string) bool {
	return implicitRE.MatchString(s)
}

// quote writes s as a double-quoted scalar.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == ' ' || unicode.IsPrint(r):
			b.WriteRune(r)
		case r <= 0xFFFF:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			fmt.Fprintf(&b, `\U%08X`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// foldable reports whether s can be written as a folded block scalar
// that reads back as s: words separated by single spaces.
func foldable(s string) bool {
	if !strings.Contains(s, " ") || strings.Contains(s, "  ") || strings.TrimSpace(s) != s || strings.ContainsAny(s, "\t\n") {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// literal writes text with line breaks as a literal block scalar, when
// one reads back exactly: the chomping indicator keeps the trailing line
// breaks, and lines with trailing blanks or a first line that starts with
// a blank (which would need an indentation indicator) are quoted instead.
func literal(s string) (header string, body []string, ok bool) {
	content := strings.TrimRight(s, "\n")
	switch n := len(s) - len(content); {
	case content == "":
		return "", nil, false
	case n == 0:
		header = "|-"
	case n == 1:
		header = "|"
	default:
		header = "|+"
	}
	body = strings.Split(content, "\n")
	for _, l := range body {
		if strings.TrimRight(l, " \t") != l {
			return "", nil, false
		}
		for _, r := range l {
			if r != '\t' && r != ' ' && !unicode.IsPrint(r) {
				return "", nil, false
			}
		}
	}
	for _, l := range body {
		if l != "" {
			if l[0] == ' ' || l[0] == '\t' {
				return "", nil, false
			}
			break
		}
	}
	for i := 1; i < len(s)-len(content); i++ {
		body = append(body, "")
	}
	return header, body, true
}
