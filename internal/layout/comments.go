package layout

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// A comment is one "#" comment of a file, found in the text itself
// rather than taken from yaml.v3's nodes: yaml.v3 drops some comments
// without a trace (every comment of an empty flow collection, the one
// after "[" of a list), and a comment fmt does not know of is one it can
// lose.
type comment struct {
	line, col int    // 1-based; the column counts characters, as yaml.v3 does
	text      string // from "#" to the end of the line, trailing blanks trimmed
	// flow is the innermost flow collection ([...] or {...}) the comment
	// is written in, or nil.
	flow *yaml.Node
	// end is set for a comment after the document end marker "...",
	// directive for one on a directive's line (%YAML 1.1).
	end, directive bool
}

// errScan reports a text the comment scanner cannot follow. It would be a
// bug (the text passed the strict reader, and the scanner follows
// yaml.v3), so Format refuses the file rather than trust a guard that
// might miss a comment.
var errScan = errors.New("cannot find the comments")

// scanComments lists the comments of src, whose parsed tree is root.
//
// A "#" is a comment when it is not inside a scalar: in YAML, a "#" after
// a blank always starts a comment (a plain scalar ends there), and so
// does one right after a token ("x"#c, [a,#c]); only scalars hold a "#"
// as text. So the scanner follows yaml.v3's scalars and nothing else. The
// tree says where each scalar starts and in which style; from there a
// quoted scalar runs to its closing quote, a plain one over as many
// non-blank characters as its value has (plain text has no escapes, and
// a plain scalar never holds a comment), and a block scalar over the
// lines yaml.v3's scanner gives it, which depend on the indentation of
// the collection around it. Flow collections are followed too, so that a
// comment yaml.v3 drops can be put back next to its collection.
func scanComments(src []byte, root *yaml.Node) ([]comment, error) {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	s := &scanner{scalars: map[[2]int]scalarHint{}, flows: map[[2]int]*yaml.Node{}}
	s.hints(root, -1)
	lines := bytes.Split(src, []byte("\n"))
	for i, l := range lines {
		lines[i] = bytes.TrimSuffix(l, []byte("\r"))
	}
	for s.line = 1; s.line <= len(lines); s.line++ {
		s.l, s.j, s.col = lines[s.line-1], 0, 1
		if err := s.scanLine(); err != nil {
			return nil, fmt.Errorf("%w at line %d: %v", errScan, s.line, err)
		}
	}
	switch {
	case s.quote != 0:
		return nil, fmt.Errorf("%w: quoted scalar not closed", errScan)
	case s.plain != nil:
		return nil, fmt.Errorf("%w: plain scalar ends early", errScan)
	case len(s.stack) > 0:
		return nil, fmt.Errorf("%w: flow collection not closed", errScan)
	}
	return s.out, nil
}

type scalarHint struct {
	n *yaml.Node
	// indent is the indentation of the block collection around the
	// scalar (yaml.v3's parser.indent; -1 at the top), which decides a
	// block scalar's lines.
	indent int
}

type scanner struct {
	scalars map[[2]int]scalarHint // by line and column
	flows   map[[2]int]*yaml.Node
	out     []comment

	line, col int    // position of l[j]
	l         []byte // the current line
	j         int

	quote byte         // '"' or '\'' inside a quoted scalar
	plain []rune       // inside a plain scalar: the non-blank characters still to come
	block *blockScalar // inside a block scalar's lines
	stack []*yaml.Node // open flow collections
	end   bool         // after the document end marker
}

type blockScalar struct {
	indent    int // content indentation; 0 while not yet known
	parent    int // indentation of the collection around it
	maxIndent int // of the leading empty lines, while indent is 0
}

// hints records where every scalar and flow collection starts.
func (s *scanner) hints(n *yaml.Node, indent int) {
	switch n.Kind {
	case yaml.ScalarNode:
		// An empty plain scalar (a missing value) takes no text and may
		// share its position with the next node.
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 || n.Value != "" {
			s.scalars[[2]int{n.Line, n.Column}] = scalarHint{n, indent}
		}
	case yaml.MappingNode, yaml.SequenceNode:
		if n.Style&yaml.FlowStyle != 0 {
			s.flows[[2]int{n.Line, n.Column}] = n
		} else {
			indent = n.Column - 1
		}
		for _, c := range n.Content {
			s.hints(c, indent)
		}
	case yaml.DocumentNode:
		for _, c := range n.Content {
			s.hints(c, indent)
		}
	}
}

func (s *scanner) next() {
	_, size := utf8.DecodeRune(s.l[s.j:])
	s.j += size
	s.col++
}

func (s *scanner) scanLine() error {
	if s.block != nil && !s.blockLine() {
		return nil
	}
	if s.j == 0 && bytes.HasPrefix(s.l, []byte("%")) && s.quote == 0 && s.plain == nil {
		// A directive (%YAML 1.2). yaml.v3 treats what follows its
		// parameters as a comment; any "#" counts here, so that nothing
		// is missed (fmt writes no directives, so a "#" that was part of
		// one makes fmt refuse the file, never lose text).
		if k := bytes.IndexByte(s.l, '#'); k >= 0 {
			s.add(k)
			s.out[len(s.out)-1].directive = true
		}
		return nil
	}
	for s.j < len(s.l) {
		c := s.l[s.j]
		switch {
		case s.quote != 0:
			s.inQuote(c)
		case s.plain != nil:
			if err := s.inPlain(); err != nil {
				return err
			}
		case c == ' ' || c == '\t':
			s.next()
		case c == '#':
			s.add(s.j)
			return nil
		default:
			if h, ok := s.scalars[[2]int{s.line, s.col}]; ok {
				if h.n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
					return s.blockHeader(h.indent)
				}
				s.startScalar(h.n)
				continue
			}
			if s.j == 0 && bytes.HasPrefix(s.l, []byte("...")) && (len(s.l) == 3 || s.l[3] == ' ' || s.l[3] == '\t') {
				s.end = true
			}
			// A single pair in a flow list ([a: b], [? a]) is a flow
			// mapping without braces: it opens nothing.
			if f, ok := s.flows[[2]int{s.line, s.col}]; ok && (c == '[' || c == '{') {
				s.stack = append(s.stack, f)
			} else if (c == ']' || c == '}') && len(s.stack) > 0 {
				s.stack = s.stack[:len(s.stack)-1]
			}
			s.next()
		}
	}
	return nil
}

// startScalar enters a quoted or plain scalar that starts at the current
// character.
func (s *scanner) startScalar(n *yaml.Node) {
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		s.quote = '"'
		s.next()
	case n.Style&yaml.SingleQuotedStyle != 0:
		s.quote = '\''
		s.next()
	default:
		s.plain = []rune(strings.Map(dropBlank, n.Value))
		if len(s.plain) == 0 {
			s.plain = nil
		}
	}
}

// add records the comment that starts at byte k of the current line.
func (s *scanner) add(k int) {
	c := comment{line: s.line, col: utf8.RuneCount(s.l[:k]) + 1, text: strings.TrimRight(string(s.l[k:]), " \t"), end: s.end}
	if len(s.stack) > 0 {
		c.flow = s.stack[len(s.stack)-1]
	}
	s.out = append(s.out, c)
}

func dropBlank(r rune) rune {
	if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
		return -1
	}
	return r
}

// inQuote steps over one character of a quoted scalar: "" closes a
// double-quoted one unless escaped, a single ' closes a single-quoted one
// (” is an escaped quote).
func (s *scanner) inQuote(c byte) {
	switch {
	case s.quote == '"' && c == '\\':
		s.next()
		if s.j < len(s.l) {
			s.next()
		}
		return
	case s.quote == '\'' && c == '\'' && s.j+1 < len(s.l) && s.l[s.j+1] == '\'':
		s.next()
	case c == s.quote:
		s.quote = 0
	}
	s.next()
}

// inPlain steps over the characters of a plain scalar: blanks and line
// breaks fold, every other character is in the value as written.
func (s *scanner) inPlain() error {
	r, _ := utf8.DecodeRune(s.l[s.j:])
	if dropBlank(r) != -1 {
		if r != s.plain[0] {
			return fmt.Errorf("plain scalar reads %q where its value has %q", r, s.plain[0])
		}
		s.plain = s.plain[1:]
	}
	s.next()
	if len(s.plain) == 0 {
		s.plain = nil
	}
	return nil
}

// blockHeader reads a block scalar's header (| or >, then chomping and
// indentation indicators, then perhaps a comment); the scalar's text
// starts on the next line.
func (s *scanner) blockHeader(parent int) error {
	s.next()
	b := &blockScalar{parent: parent}
	for s.j < len(s.l) && strings.IndexByte("+-123456789", s.l[s.j]) >= 0 {
		if d := int(s.l[s.j] - '0'); d >= 1 && d <= 9 {
			b.indent = d
			if parent >= 0 {
				b.indent += parent
			}
		}
		s.next()
	}
	for s.j < len(s.l) && (s.l[s.j] == ' ' || s.l[s.j] == '\t') {
		s.next()
	}
	switch {
	case s.j == len(s.l):
	case s.l[s.j] == '#':
		s.add(s.j)
	default:
		return fmt.Errorf("block scalar header followed by %q", s.l[s.j:])
	}
	s.block = b
	return nil
}

// blockLine decides whether the current line belongs to the block scalar
// being read, as yaml.v3's scanner does (scan_block_scalar and
// scan_block_scalar_breaks): while the content indentation is unknown,
// leading empty lines are the scalar's and set its least indentation;
// the first non-empty line fixes it; then every line that is empty or
// indented that far is the scalar's. It reports whether the line must be
// scanned as YAML, with s.j at its first non-blank character.
func (s *scanner) blockLine() bool {
	b := s.block
	spaces := len(s.l) - len(bytes.TrimLeft(s.l, " "))
	if b.indent == 0 {
		if spaces == len(s.l) {
			b.maxIndent = max(b.maxIndent, spaces)
			return false
		}
		b.indent = max(b.maxIndent, spaces, b.parent+1, 1)
	}
	if spaces >= b.indent || spaces == len(s.l) {
		return false // text, or an empty line
	}
	s.block = nil
	s.j, s.col = spaces, spaces+1
	return true
}
