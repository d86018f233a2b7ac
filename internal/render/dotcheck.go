package render

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/factgraph/factgraph/internal/safetext"
)

// CheckDOT accepts only a safe subset of DOT: every attribute is one of a
// fixed set, with values of a fixed form; links only to entity pages
// (LinkPattern); no HTML-like labels; valid UTF-8 with no control
// characters other than LF and TAB. Text attributes (label, tooltip, ...)
// may hold any text; escaping it is the writer's job (see package
// diagram). go-graphviz writes fontname, URL and stylesheet into the SVG
// unescaped and passes javascript: links through, so an attribute outside
// this set could turn data into markup.
func CheckDOT(dot []byte) error {
	if !utf8.Valid(dot) {
		return fmt.Errorf("DOT is not valid UTF-8")
	}
	toks, err := lexDOT(string(dot))
	if err != nil {
		return err
	}
	for i, t := range toks {
		if t.kind != tokPunct || t.text != "=" {
			continue
		}
		if i == 0 || i+1 >= len(toks) || toks[i-1].kind == tokPunct || toks[i+1].kind == tokPunct {
			return fmt.Errorf("line %d: malformed attribute", t.line)
		}
		name, value := toks[i-1], toks[i+1]
		if err := checkAttr(name.text, value.text); err != nil {
			return fmt.Errorf("line %d: %w", name.line, err)
		}
	}
	return nil
}

type valueRule func(string) bool

var (
	anyText   valueRule = func(string) bool { return true }
	number              = oneOfPattern(`^-?[0-9]+(\.[0-9]+)?$`)
	boolean             = oneOf("true", "false")
	colour              = oneOfPattern(`^(#[0-9a-f]{6}|[a-z]+[0-9]{0,3}|transparent)$`)
	link      valueRule = LinkPattern.MatchString
	fonts               = oneOf("Helvetica", "Helvetica-Bold", "Times", "Courier")
	shapes              = oneOf("box", "rect", "rectangle", "ellipse", "oval", "circle", "note", "plaintext", "plain", "none", "point", "folder", "tab", "component", "cylinder")
	styleWord           = oneOf("filled", "rounded", "dashed", "dotted", "bold", "solid", "invis")
	arrows              = oneOf("normal", "none", "empty", "open", "vee", "dot", "odot", "inv", "diamond", "odiamond", "box", "obox", "tee", "halfopen")
)

// dotAttrs is the allowed attribute set.
var dotAttrs = map[string]valueRule{
	"label": anyText, "tooltip": anyText, "labeltooltip": anyText, "xlabel": anyText,
	"headlabel": anyText, "taillabel": anyText,
	"URL":       link,
	"fontname":  fonts,
	"shape":     shapes,
	"style":     styleList,
	"arrowhead": arrows, "arrowtail": arrows,
	"color": colour, "fillcolor": colour, "fontcolor": colour, "bgcolor": colour,
	"fontsize": number, "penwidth": number, "arrowsize": number, "width": number, "height": number,
	"nodesep": number, "ranksep": number, "margin": marginValue, "pad": number, "minlen": number,
	"weight": number, "mclimit": number, "nslimit": number, "nslimit1": number, "searchsize": number,
	"rankdir":     oneOf("TB", "BT", "LR", "RL"),
	"splines":     oneOf("true", "false", "line", "polyline", "ortho", "curved", "spline", "none"),
	"dir":         oneOf("forward", "back", "both", "none"),
	"labelloc":    oneOf("t", "b", "c"),
	"labeljust":   oneOf("l", "r", "c"),
	"rank":        oneOf("same", "min", "max", "source", "sink"),
	"ordering":    oneOf("in", "out"),
	"outputorder": oneOf("breadthfirst", "nodesfirst", "edgesfirst"),
	"constraint":  boolean, "newrank": boolean, "compound": boolean, "concentrate": boolean,
	"fixedsize": boolean, "nojustify": boolean, "decorate": boolean, "labelfloat": boolean,
	"peripheries": number,
}

func checkAttr(name, value string) error {
	rule, ok := dotAttrs[name]
	switch {
	case !ok:
		return fmt.Errorf("attribute %q is not allowed", safetext.Truncate(name, 40))
	case !rule(value):
		return fmt.Errorf("value %q is not allowed for %s", safetext.Truncate(value, 60), name)
	}
	return nil
}

func oneOf(values ...string) valueRule {
	return func(s string) bool {
		for _, v := range values {
			if s == v {
				return true
			}
		}
		return false
	}
}

func oneOfPattern(p string) valueRule { return regexp.MustCompile(p).MatchString }

func styleList(s string) bool {
	for _, w := range strings.Split(s, ",") {
		if !styleWord(strings.TrimSpace(w)) {
			return false
		}
	}
	return true
}

func marginValue(s string) bool {
	a, b, two := strings.Cut(s, ",")
	return number(a) && (!two || number(b))
}

type tokKind int

const (
	tokID    tokKind = iota // identifier, numeral or quoted string (unquoted text)
	tokPunct                // { } [ ] = ; , : -> --
)

type token struct {
	kind tokKind
	text string
	line int
}

// lexDOT splits DOT into tokens. Quoted strings are returned with the
// DOT-level escape \" resolved, and concatenations ("a" + "b") joined.
func lexDOT(s string) ([]token, error) {
	var toks []token
	line := 1
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '#' && (i == 0 || s[i-1] == '\n'):
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case strings.HasPrefix(s[i:], "//"):
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case strings.HasPrefix(s[i:], "/*"):
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return nil, fmt.Errorf("line %d: unterminated comment", line)
			}
			line += strings.Count(s[i:i+2+end], "\n")
			i += end + 4
		case c == '<':
			return nil, fmt.Errorf("line %d: HTML-like labels are not allowed", line)
		case strings.HasPrefix(s[i:], "->") || strings.HasPrefix(s[i:], "--"):
			toks = append(toks, token{tokPunct, s[i : i+2], line})
			i += 2
		case strings.IndexByte("{}[]=;,:", c) >= 0:
			toks = append(toks, token{tokPunct, s[i : i+1], line})
			i++
		case c == '"':
			var b strings.Builder
			start := line
			i++
			closed := false
			for i < len(s) {
				switch {
				case s[i] == '"':
					closed = true
				case s[i] == '\\' && i+1 < len(s) && s[i+1] == '"':
					b.WriteByte('"')
					i += 2
					continue
				case s[i] == '\\' && i+1 < len(s) && s[i+1] == '\\':
					b.WriteString(`\\`)
					i += 2
					continue
				case s[i] == '\\' && i+1 < len(s) && s[i+1] == '\n':
					line++
					i += 2
					continue
				case s[i] == '\n':
					line++
				}
				if closed {
					i++
					break
				}
				b.WriteByte(s[i])
				i++
			}
			if !closed {
				return nil, fmt.Errorf("line %d: unterminated string", start)
			}
			if n := len(toks); n >= 2 && toks[n-1].kind == tokPunct && toks[n-1].text == "+" && toks[n-2].kind == tokID {
				toks[n-2].text += b.String()
				toks = toks[:n-1]
				continue
			}
			toks = append(toks, token{tokID, b.String(), start})
		case c == '+':
			toks = append(toks, token{tokPunct, "+", line})
			i++
		case isIDByte(c) || c == '-' || c == '.':
			j := i + 1
			for j < len(s) && (isIDByte(s[j]) || s[j] == '.') {
				j++
			}
			toks = append(toks, token{tokID, s[i:j], line})
			i = j
		default:
			return nil, fmt.Errorf("line %d: unexpected character %q", line, c)
		}
	}
	for _, t := range toks {
		if t.kind == tokPunct && t.text == "+" {
			return nil, fmt.Errorf("line %d: misplaced +", t.line)
		}
		if strings.ContainsFunc(t.text, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f }) {
			return nil, fmt.Errorf("line %d: control character in %q", t.line, safetext.Truncate(t.text, 40))
		}
	}
	return toks, nil
}

func isIDByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
