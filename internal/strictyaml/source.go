package strictyaml

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"
)

// source is a file's text split into lines, for what yaml.v3 does not
// say: where a syntax error is, and whether a node was written with a
// tag (yaml.v3 drops the non-specific tag "!" without a trace).
type source struct {
	lines [][]byte // without their line breaks
}

func newSource(data []byte) *source {
	lines := bytes.Split(data, []byte("\n"))
	if len(lines) > 1 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1] // the final line break ends the last line
	}
	for i, l := range lines {
		lines[i] = bytes.TrimSuffix(l, []byte("\r"))
	}
	return &source{lines: lines}
}

// at returns the character at a 1-based line and column (yaml.v3 counts
// columns in characters), or utf8.RuneError.
func (s *source) at(line, col int) rune {
	if line < 1 || line > len(s.lines) || col < 1 {
		return utf8.RuneError
	}
	l := s.lines[line-1]
	for i := 1; len(l) > 0; i++ {
		r, size := utf8.DecodeRune(l)
		if i == col {
			return r
		}
		l = l[size:]
	}
	return utf8.RuneError
}

// column converts a byte offset in a line to a 1-based character column.
func column(line []byte, off int) int {
	return utf8.RuneCount(line[:off]) + 1
}

// clamp keeps a line number inside the file.
func (s *source) clamp(line int) int {
	return min(max(line, 1), max(len(s.lines), 1))
}

// parserProblems are the messages of yaml.v3's parser (as opposed to its
// scanner), whose line yaml.v3 prints 0-based (decode.go, parser.fail).
var parserProblems = []string{
	"did not find expected ',' or ']'", "did not find expected ',' or '}'",
	"did not find expected '-' indicator", "did not find expected key",
	"did not find expected node content", "found undefined tag handle",
	"did not find expected <stream-start>",
}

// locate finds the position of a syntax error from yaml.v3's message and
// the line it printed (0 for none). The column is 0 when only the line is
// known.
func (s *source) locate(msg string, hint int) (line, col int) {
	if slices.Contains(parserProblems, msg) {
		hint++
	}
	switch {
	case strings.Contains(msg, "tab character"), msg == "found character that cannot start any token":
		if l, c, ok := s.badTokenStart(max(hint-1, 1)); ok {
			return l, c
		}
	case strings.HasPrefix(msg, "unknown anchor "):
		name := strings.TrimSuffix(strings.TrimPrefix(msg, "unknown anchor '"), "' referenced")
		if l, c, ok := s.alias(name); ok {
			return l, c
		}
	case strings.Contains(msg, "did not find expected ',' or"), msg == "did not find expected node content",
		msg == "found unexpected end of stream":
		if l, c, ok := s.unclosed(); ok {
			return l, c
		}
	}
	return s.clamp(hint), 0
}

// badTokenStart finds, from line from on, the first tab in a line's
// indentation, or the first @ or ` that starts a token (both reserved
// indicators).
func (s *source) badTokenStart(from int) (line, col int, ok bool) {
	for i := from - 1; i < len(s.lines); i++ {
		l := s.lines[i]
		indent := len(l) - len(bytes.TrimLeft(l, " \t"))
		if j := bytes.IndexByte(l[:indent], '\t'); j >= 0 {
			return i + 1, column(l, j), true
		}
		for j, c := range l {
			if (c == '@' || c == '`') && (j == 0 || l[j-1] == ' ' || l[j-1] == '\t') {
				return i + 1, column(l, j), true
			}
		}
	}
	return 0, 0, false
}

// alias finds the first "*name" written as an alias: after a blank, a
// flow indicator or at the start of a line, and ended by one.
func (s *source) alias(name string) (line, col int, ok bool) {
	ref := []byte("*" + name)
	for i, l := range s.lines {
		for off := 0; ; {
			j := bytes.Index(l[off:], ref)
			if j < 0 {
				break
			}
			j += off
			end := j + len(ref)
			before := j == 0 || strings.IndexByte(" \t[{,:-?", l[j-1]) >= 0
			after := end == len(l) || strings.IndexByte(" \t]},", l[end]) >= 0
			if before && after {
				return i + 1, column(l, j), true
			}
			off = j + 1
		}
	}
	return 0, 0, false
}

// unclosed finds the innermost flow collection ([ or {) or quoted scalar
// that is still open at the end of the file. It follows YAML's lexical
// structure closely enough for that: comments, both kinds of quotes (with
// ” and \" escapes), and block scalars, whose more-indented lines are
// text.
func (s *source) unclosed() (line, col int, ok bool) {
	type open struct{ line, col int }
	var stack []open
	var quote byte
	var quoteAt open
	block := -1 // indentation of the key that opened a block scalar
	for i, l := range s.lines {
		indent := len(l) - len(bytes.TrimLeft(l, " "))
		if block >= 0 {
			if len(bytes.TrimSpace(l)) == 0 || indent > block {
				continue
			}
			block = -1
		}
		for j := 0; j < len(l); j++ {
			c := l[j]
			if quote != 0 {
				switch {
				case quote == '"' && c == '\\':
					j++
				case c == quote && quote == '\'' && j+1 < len(l) && l[j+1] == '\'':
					j++
				case c == quote:
					quote = 0
				}
				continue
			}
			switch {
			case c == '#' && (j == 0 || l[j-1] == ' ' || l[j-1] == '\t'):
				j = len(l)
			case c == '"' || c == '\'':
				if j == 0 || strings.IndexByte(" \t[{,:-?", l[j-1]) >= 0 {
					quote, quoteAt = c, open{i + 1, column(l, j)}
				}
			case c == '[' || c == '{':
				stack = append(stack, open{i + 1, column(l, j)})
			case (c == ']' || c == '}') && len(stack) > 0:
				stack = stack[:len(stack)-1]
			case (c == '|' || c == '>') && len(stack) == 0 && (j == 0 || l[j-1] == ' ') && blockHeader(l[j+1:]):
				block = indent
				j = len(l)
			}
		}
	}
	switch {
	case quote != 0:
		return quoteAt.line, quoteAt.col, true
	case len(stack) > 0:
		top := stack[len(stack)-1]
		return top.line, top.col, true
	}
	return 0, 0, false
}

// blockHeader reports whether rest, what follows a | or > indicator, is
// the rest of a block scalar's header: chomping and indentation
// indicators and perhaps a comment.
func blockHeader(rest []byte) bool {
	h := string(rest)
	if i := strings.Index(h, " #"); i >= 0 {
		h = h[:i]
	}
	return strings.Trim(strings.TrimSpace(h), "+-0123456789") == ""
}
