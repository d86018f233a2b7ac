// Package strictyaml reads the restricted YAML that fact and vocabulary
// files are written in. It decodes only into yaml.Node and walks the tree
// itself, because yaml.v3's Node API silently accepts duplicate keys,
// aliases, merge keys, custom tags and extra documents, and decoding into
// interface values turns unquoted dates into timestamps. Every rejected
// construct becomes a finding at the line and column of its node.
package strictyaml

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/grammar"
	"github.com/factgraph/factgraph/internal/safetext"
)

// Limits bound the work one file can cause.
type Limits struct {
	MaxBytes  int // size of the file
	MaxDepth  int // nesting of mappings and sequences
	MaxKeys   int // keys in one mapping
	MaxItems  int // items in one sequence
	MaxString int // bytes in one string scalar
}

// DefaultLimits are generous for hand-written fact files and small enough
// that no single file can exhaust memory or time.
var DefaultLimits = Limits{MaxBytes: 1 << 20, MaxDepth: 32, MaxKeys: 1000, MaxItems: 10000, MaxString: 64 << 10}

// Doc is a parsed, checked YAML document.
type Doc struct {
	File string
	// Root is the document's top-level node (not the DocumentNode).
	Root *yaml.Node
	// Value is Root as JSON-shaped data: map[string]any, []any, string,
	// json.Number, bool or nil. Timestamps and numbers keep their source
	// text, so nothing is reinterpreted on the way to the schema.
	Value any
}

// Pos returns the position of n in d.
func (d *Doc) Pos(n *yaml.Node) finding.Pos {
	return finding.Pos{File: d.File, Line: n.Line, Col: n.Column}
}

// Parse reads one document from data. It returns the document only when
// there are no findings; a nil Doc with no findings cannot happen. A panic
// inside yaml.v3 is returned as an error, for the caller to treat as an
// internal failure.
func Parse(file string, data []byte, lim Limits) (doc *Doc, fs finding.List, err error) {
	if len(data) > lim.MaxBytes {
		fs.Report(finding.Pos{File: file, Line: 1, Col: 1}, Limit, "file is larger than %d bytes", lim.MaxBytes)
		return nil, fs, nil
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if scanText(file, data, &fs); len(fs) > 0 {
		return nil, fs, nil
	}
	defer func() {
		if r := recover(); r != nil {
			doc, fs, err = nil, nil, fmt.Errorf("%s: yaml parser panicked: %v", file, r)
		}
	}()
	src := newSource(data)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var top yaml.Node
	if err := dec.Decode(&top); err != nil {
		if errors.Is(err, io.EOF) {
			fs.Report(finding.Pos{File: file, Line: 1, Col: 1}, Empty, "file has no YAML document")
		} else {
			fs = append(fs, syntaxFinding(file, src, err))
		}
		return nil, fs, nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		fs = append(fs, syntaxFinding(file, src, err))
	default:
		fs.Report(finding.Pos{File: file, Line: next.Line, Col: next.Column}, MultiDoc,
			"file has more than one YAML document; put one entity in each file")
	}
	if len(top.Content) == 0 || top.Content[0].Kind == yaml.ScalarNode && top.Content[0].Tag == "!!null" && top.Content[0].Value == "" {
		fs.Report(finding.Pos{File: file, Line: 1, Col: 1}, Empty, "file has no YAML document")
		return nil, fs, nil
	}
	w := walker{file: file, src: src, lim: lim, fs: &fs}
	root := top.Content[0]
	value := w.walk(root, 1)
	if len(fs) > 0 {
		finding.Sort(fs)
		return nil, fs, nil
	}
	return &Doc{File: file, Root: root, Value: value}, nil, nil
}

// Lookup follows path from root through mappings and sequences, returning
// the deepest node reached.
func Lookup(root *yaml.Node, path []string) *yaml.Node {
	n := root
	for _, seg := range path {
		next := Child(n, seg)
		if next == nil {
			return n
		}
		n = next
	}
	return n
}

// Child returns the value under key seg of a mapping, or item seg of a
// sequence, or nil.
func Child(n *yaml.Node, seg string) *yaml.Node {
	switch n.Kind {
	case yaml.MappingNode:
		if k := KeyNode(n, seg); k != nil {
			return n.Content[slices.Index(n.Content, k)+1]
		}
	case yaml.SequenceNode:
		if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i]
		}
	}
	return nil
}

// KeyNode returns the key node for key in mapping m, or nil.
func KeyNode(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return nil
}

// At returns the position of the node at path (or of the deepest node on
// the way to it).
func (d *Doc) At(path ...string) finding.Pos {
	return d.Pos(Lookup(d.Root, path))
}

var lineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxFinding turns a yaml.v3 error into a finding. yaml.v3 gives no
// column, and its line is not always the problem's: parser errors carry a
// 0-based line, scanner errors a 1-based one, an error on the first line
// none, and some (an unknown alias) never one. So the line it gives is
// only a hint: locate looks in the text for the construct the message
// names (a tab in the indentation, the alias, the bracket or quote never
// closed) and reports its exact line and column; otherwise the hint is
// kept, within the file.
func syntaxFinding(file string, src *source, err error) finding.Finding {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	hint := 0
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		hint, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	line, col := src.locate(msg, hint)
	return finding.Finding{Pos: finding.Pos{File: file, Line: line, Col: col}, Rule: Syntax.Name, Severity: Syntax.Severity, Message: msg}
}

// scanText checks the raw bytes before yaml.v3 sees them: yaml.v3 reports
// encoding problems without a position, transcodes UTF-16 silently, and
// accepts escaped control characters. Raw bytes let us point at the exact
// line and column.
func scanText(file string, data []byte, fs *finding.List) {
	if bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) {
		fs.Report(finding.Pos{File: file, Line: 1, Col: 1}, Encoding, "file is UTF-16; fact files must be UTF-8")
		return
	}
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		pos := finding.Pos{File: file, Line: line, Col: col}
		switch {
		case r == utf8.RuneError && size <= 1:
			fs.Report(pos, Encoding, "invalid UTF-8 byte 0x%02X", data[i])
			return
		case r == '\r' && (i+1 >= len(data) || data[i+1] != '\n'):
			fs.Report(pos, ControlChar, "bare carriage return; use LF or CRLF line endings")
			return
		case r != '\r' && safetext.Unsafe(r):
			fs.Report(pos, ControlChar, "%s is not allowed in fact files", safetext.Describe(r))
			return
		}
		i += size
		if r == '\n' {
			line, col = line+1, 1
		} else if r != '\r' {
			col++
		}
	}
}

type walker struct {
	file string
	src  *source
	lim  Limits
	fs   *finding.List
}

func (w *walker) pos(n *yaml.Node) finding.Pos {
	return finding.Pos{File: w.file, Line: n.Line, Col: n.Column}
}

func (w *walker) report(n *yaml.Node, rule *finding.Rule, format string, args ...any) {
	w.fs.Report(w.pos(n), rule, format, args...)
}

// walk converts n to JSON-shaped data, reporting every forbidden
// construct. It never follows an alias, so alias bombs cost nothing.
func (w *walker) walk(n *yaml.Node, depth int) any {
	if n.Anchor != "" {
		w.report(n, Alias, "anchor %q: anchors and aliases are not allowed", n.Anchor)
	}
	if n.Kind == yaml.AliasNode {
		w.report(n, Alias, "alias %q: anchors and aliases are not allowed", n.Value)
		return nil
	}
	if w.tagged(n) {
		w.report(n, Tag, "explicit tag %q is not allowed", w.tagText(n))
		return nil
	}
	if depth > w.lim.MaxDepth && n.Kind != yaml.ScalarNode {
		w.report(n, Limit, "nesting is deeper than %d levels", w.lim.MaxDepth)
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		return w.mapping(n, depth)
	case yaml.SequenceNode:
		if len(n.Content) > w.lim.MaxItems {
			w.report(n, Limit, "sequence has more than %d items", w.lim.MaxItems)
			return nil
		}
		items := make([]any, len(n.Content))
		for i, c := range n.Content {
			items[i] = w.walk(c, depth+1)
		}
		return items
	case yaml.ScalarNode:
		return w.scalar(n)
	}
	w.report(n, Syntax, "unexpected YAML node")
	return nil
}

func (w *walker) mapping(n *yaml.Node, depth int) any {
	if len(n.Content)/2 > w.lim.MaxKeys {
		w.report(n, Limit, "mapping has more than %d keys", w.lim.MaxKeys)
		return nil
	}
	m := make(map[string]any, len(n.Content)/2)
	seen := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind == yaml.ScalarNode && k.Tag == "!!merge":
			w.report(k, Merge, "merge key %q is not allowed", k.Value)
			continue
		case k.Kind == yaml.AliasNode || k.Anchor != "":
			w.report(k, Alias, "anchors and aliases are not allowed")
			continue
		case w.tagged(k):
			w.report(k, Tag, "explicit tag %q is not allowed", w.tagText(k))
			continue
		case k.Kind != yaml.ScalarNode || k.Tag != "!!str":
			w.report(k, KeyType, "key %s is not a string; quote it or rename it", keyText(k))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			w.fs.ReportRelated(w.pos(k), DuplicateKey, []finding.Related{{Pos: w.pos(first), Message: "first defined here"}},
				"duplicate key %q", k.Value)
			continue
		}
		w.checkString(k)
		seen[k.Value] = k
		m[k.Value] = w.walk(v, depth+1)
	}
	return m
}

func keyText(k *yaml.Node) string {
	if k.Kind == yaml.ScalarNode {
		return strconv.Quote(k.Value)
	}
	return "of kind " + kindName(k.Kind)
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "sequence"
	case yaml.AliasNode:
		return "alias"
	}
	return "scalar"
}

// tagged reports whether n was written with a tag. yaml.v3 marks
// explicit tags with TaggedStyle, but resolves the non-specific tag "!"
// silently (so that "! 5" becomes the integer 5, where YAML says the
// string "5"); a node's position is where its tag starts, so the source
// text tells.
func (w *walker) tagged(n *yaml.Node) bool {
	return n.Style&yaml.TaggedStyle != 0 || w.src.at(n.Line, n.Column) == '!'
}

// tagText is the tag as written, for messages.
func (w *walker) tagText(n *yaml.Node) string {
	if n.Style&yaml.TaggedStyle != 0 {
		return n.Tag
	}
	return "!"
}

// scalar keeps the source text of every scalar. Numbers must be written
// as plain decimals (no 0x, 0o, 1_000, .inf or .nan) so that what the
// author reads is what every consumer gets.
func (w *walker) scalar(n *yaml.Node) any {
	switch n.Tag {
	case "!!str", "!!timestamp":
		if n.Style == 0 && grammar.Decimal.MatchString(n.Value) {
			// A plain number yaml.v3 could not represent (1e400): it
			// would reach the schema as text.
			w.report(n, Scalar, "number %q is out of range", n.Value)
			return nil
		}
		w.checkString(n)
		return n.Value
	case "!!int":
		if !grammar.Integer.MatchString(n.Value) {
			w.report(n, Scalar, "integer %q must be written in plain decimal", n.Value)
			return nil
		}
		return json.Number(n.Value)
	case "!!float":
		if !grammar.Decimal.MatchString(n.Value) {
			w.report(n, Scalar, "number %q must be a finite plain decimal", n.Value)
			return nil
		}
		if f, err := strconv.ParseFloat(n.Value, 64); err != nil || math.IsInf(f, 0) {
			w.report(n, Scalar, "number %q is out of range", n.Value)
			return nil
		}
		return json.Number(n.Value)
	case "!!bool":
		if n.Value != "true" && n.Value != "false" {
			w.report(n, Scalar, "boolean %q must be written true or false", n.Value)
			return nil
		}
		return n.Value == "true"
	case "!!null":
		return nil
	}
	w.report(n, Scalar, "scalar of type %q is not allowed", n.Tag)
	return nil
}

// checkString rejects escaped control characters (a double-quoted "\x1b"
// passes the raw-byte scan) and over-long strings.
func (w *walker) checkString(n *yaml.Node) {
	if len(n.Value) > w.lim.MaxString {
		w.report(n, Limit, "string is longer than %d bytes", w.lim.MaxString)
		return
	}
	if !utf8.ValidString(n.Value) {
		w.report(n, Encoding, "string is not valid UTF-8")
		return
	}
	for _, r := range n.Value {
		if r == '\r' || safetext.Unsafe(r) {
			w.report(n, ControlChar, "%s is not allowed in fact text", safetext.Describe(r))
			return
		}
	}
}
