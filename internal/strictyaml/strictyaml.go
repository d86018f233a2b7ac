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
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/factgraph/factgraph/internal/finding"
)

// Rule names reported by this package.
const (
	RuleSyntax       = "yaml-syntax"
	RuleAlias        = "yaml-alias"
	RuleMerge        = "yaml-merge"
	RuleTag          = "yaml-tag"
	RuleMultiDoc     = "yaml-multidoc"
	RuleDuplicateKey = "yaml-duplicate-key"
	RuleKeyType      = "yaml-key-type"
	RuleScalar       = "yaml-scalar"
	RuleEmpty        = "empty-document"
	RuleEncoding     = "encoding"
	RuleControlChar  = "control-char"
	RuleLimit        = "limit"
)

// Rules lists every rule this package reports.
var Rules = []string{RuleSyntax, RuleAlias, RuleMerge, RuleTag, RuleMultiDoc, RuleDuplicateKey,
	RuleKeyType, RuleScalar, RuleEmpty, RuleEncoding, RuleControlChar, RuleLimit}

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
		fs.Report(finding.Pos{File: file, Line: 1, Col: 1}, RuleLimit, finding.Error,
			"file is larger than %d bytes", lim.MaxBytes)
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
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var top yaml.Node
	if err := dec.Decode(&top); err != nil {
		if errors.Is(err, io.EOF) {
			fs.Report(finding.Pos{File: file, Line: 1, Col: 1}, RuleEmpty, finding.Error, "file has no YAML document")
		} else {
			fs = append(fs, syntaxFinding(file, err))
		}
		return nil, fs, nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		fs = append(fs, syntaxFinding(file, err))
	default:
		fs.Report(finding.Pos{File: file, Line: next.Line, Col: next.Column}, RuleMultiDoc, finding.Error,
			"file has more than one YAML document; put one entity in each file")
	}
	if len(top.Content) == 0 || top.Content[0].Kind == yaml.ScalarNode && top.Content[0].Tag == "!!null" && top.Content[0].Value == "" {
		fs.Report(finding.Pos{File: file, Line: 1, Col: 1}, RuleEmpty, finding.Error, "file has no YAML document")
		return nil, fs, nil
	}
	w := walker{file: file, lim: lim, fs: &fs}
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

// parserProblems are the messages of yaml.v3's parser (as opposed to its
// scanner). yaml.v3 prints the 0-based line of a parser error's mark (the
// start of the enclosing construct, or the problem) and the 1-based line
// of a scanner error (decode.go, parser.fail), and omits a 0; we report
// 1-based lines throughout.
var parserProblems = []string{
	"did not find expected ',' or ']'", "did not find expected ',' or '}'",
	"did not find expected '-' indicator", "did not find expected key",
	"did not find expected node content", "found undefined tag handle",
	"did not find expected <stream-start>",
}

// syntaxFinding turns a yaml.v3 error into a finding. yaml.v3 gives no
// column, so the column is 0.
func syntaxFinding(file string, err error) finding.Finding {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if slices.Contains(parserProblems, msg) {
		line++
	}
	line = max(line, 1)
	return finding.Finding{Pos: finding.Pos{File: file, Line: line}, Rule: RuleSyntax, Severity: finding.Error, Message: msg}
}

// scanText checks the raw bytes before yaml.v3 sees them: yaml.v3 reports
// encoding problems without a position, transcodes UTF-16 silently, and
// accepts escaped control characters. Raw bytes let us point at the exact
// line and column.
func scanText(file string, data []byte, fs *finding.List) {
	if bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) {
		fs.Report(finding.Pos{File: file, Line: 1, Col: 1}, RuleEncoding, finding.Error, "file is UTF-16; fact files must be UTF-8")
		return
	}
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		pos := finding.Pos{File: file, Line: line, Col: col}
		switch {
		case r == utf8.RuneError && size <= 1:
			fs.Report(pos, RuleEncoding, finding.Error, "invalid UTF-8 byte 0x%02X", data[i])
			return
		case r == '\r' && (i+1 >= len(data) || data[i+1] != '\n'):
			fs.Report(pos, RuleControlChar, finding.Error, "bare carriage return; use LF or CRLF line endings")
			return
		case r != '\r' && Unsafe(r):
			fs.Report(pos, RuleControlChar, finding.Error, "%s is not allowed in fact files", describe(r))
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

// Unsafe reports whether r must never appear in fact text: C0 controls
// other than TAB and LF, DEL, C1 controls, the non-characters U+FFFE and
// U+FFFF, the line and paragraph separators yaml.v3 treats as line breaks,
// and the bidirectional controls of Trojan Source (CVE-2021-42574).
func Unsafe(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false
	case r < 0x20, r >= 0x7F && r <= 0x9F:
		return true
	case r == 0xFFFE, r == 0xFFFF, r == 0x2028, r == 0x2029:
		return true
	case bidi(r):
		return true
	}
	return false
}

// bidi reports whether r is a bidirectional formatting control: the
// embeddings, overrides and isolates, and the implicit marks.
func bidi(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C
}

func describe(r rune) string {
	if bidi(r) {
		return fmt.Sprintf("bidirectional control U+%04X", r)
	}
	return fmt.Sprintf("control character U+%04X", r)
}

type walker struct {
	file string
	lim  Limits
	fs   *finding.List
}

func (w *walker) pos(n *yaml.Node) finding.Pos {
	return finding.Pos{File: w.file, Line: n.Line, Col: n.Column}
}

func (w *walker) report(n *yaml.Node, rule, format string, args ...any) {
	w.fs.Report(w.pos(n), rule, finding.Error, format, args...)
}

// walk converts n to JSON-shaped data, reporting every forbidden
// construct. It never follows an alias, so alias bombs cost nothing.
func (w *walker) walk(n *yaml.Node, depth int) any {
	if n.Anchor != "" {
		w.report(n, RuleAlias, "anchor %q: anchors and aliases are not allowed", n.Anchor)
	}
	if n.Kind == yaml.AliasNode {
		w.report(n, RuleAlias, "alias %q: anchors and aliases are not allowed", n.Value)
		return nil
	}
	if n.Style&yaml.TaggedStyle != 0 {
		w.report(n, RuleTag, "explicit tag %q is not allowed", n.Tag)
		return nil
	}
	if depth > w.lim.MaxDepth && n.Kind != yaml.ScalarNode {
		w.report(n, RuleLimit, "nesting is deeper than %d levels", w.lim.MaxDepth)
		return nil
	}
	switch n.Kind {
	case yaml.MappingNode:
		return w.mapping(n, depth)
	case yaml.SequenceNode:
		if len(n.Content) > w.lim.MaxItems {
			w.report(n, RuleLimit, "sequence has more than %d items", w.lim.MaxItems)
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
	w.report(n, RuleSyntax, "unexpected YAML node")
	return nil
}

func (w *walker) mapping(n *yaml.Node, depth int) any {
	if len(n.Content)/2 > w.lim.MaxKeys {
		w.report(n, RuleLimit, "mapping has more than %d keys", w.lim.MaxKeys)
		return nil
	}
	m := make(map[string]any, len(n.Content)/2)
	seen := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind == yaml.ScalarNode && k.Tag == "!!merge":
			w.report(k, RuleMerge, "merge key %q is not allowed", k.Value)
			continue
		case k.Kind == yaml.AliasNode || k.Anchor != "":
			w.report(k, RuleAlias, "anchors and aliases are not allowed")
			continue
		case k.Style&yaml.TaggedStyle != 0:
			w.report(k, RuleTag, "explicit tag %q is not allowed", k.Tag)
			continue
		case k.Kind != yaml.ScalarNode || k.Tag != "!!str":
			w.report(k, RuleKeyType, "key %s is not a string; quote it or rename it", keyText(k))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			w.fs.Add(finding.Finding{
				Pos: w.pos(k), Rule: RuleDuplicateKey, Severity: finding.Error,
				Message: fmt.Sprintf("duplicate key %q", k.Value),
				Related: []finding.Related{{Pos: w.pos(first), Message: "first defined here"}},
			})
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

var (
	intRE   = regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)
	floatRE = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)
)

// scalar keeps the source text of every scalar. Numbers must be written
// as plain decimals (no 0x, 0o, 1_000, .inf or .nan) so that what the
// author reads is what every consumer gets.
func (w *walker) scalar(n *yaml.Node) any {
	switch n.Tag {
	case "!!str", "!!timestamp":
		w.checkString(n)
		return n.Value
	case "!!int":
		if !intRE.MatchString(n.Value) {
			w.report(n, RuleScalar, "integer %q must be written in plain decimal", n.Value)
			return nil
		}
		return json.Number(n.Value)
	case "!!float":
		if !floatRE.MatchString(n.Value) {
			w.report(n, RuleScalar, "number %q must be a finite plain decimal", n.Value)
			return nil
		}
		return json.Number(n.Value)
	case "!!bool":
		if n.Value != "true" && n.Value != "false" {
			w.report(n, RuleScalar, "boolean %q must be written true or false", n.Value)
			return nil
		}
		return n.Value == "true"
	case "!!null":
		return nil
	}
	w.report(n, RuleScalar, "scalar of type %q is not allowed", n.Tag)
	return nil
}

// checkString rejects escaped control characters (a double-quoted "\x1b"
// passes the raw-byte scan) and over-long strings.
func (w *walker) checkString(n *yaml.Node) {
	if len(n.Value) > w.lim.MaxString {
		w.report(n, RuleLimit, "string is longer than %d bytes", w.lim.MaxString)
		return
	}
	if !utf8.ValidString(n.Value) {
		w.report(n, RuleEncoding, "string is not valid UTF-8")
		return
	}
	for _, r := range n.Value {
		if r == '\r' || Unsafe(r) {
			w.report(n, RuleControlChar, "%s is not allowed in fact text", describe(r))
			return
		}
	}
}
