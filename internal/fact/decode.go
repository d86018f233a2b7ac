package fact

import (
	"fmt"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/grammar"
	"github.com/factgraph/factgraph/internal/schema"
	"github.com/factgraph/factgraph/internal/strictyaml"
)

// decode builds an Entity straight from the YAML nodes of a document the
// schema has validated; bad holds the instance paths of the violations,
// already reported. Every key that can be read is read: a value with a
// violation is left out (a statement with one is left out whole), and the
// rest of the entity is kept, so a typo in one key never hides the
// findings in the others. Each literal is parsed here, once, into its
// typed form.
//
// The schema is data a pull request can change, so nothing here trusts
// it to have guaranteed a shape: a node of an unexpected kind is reported
// (unless the schema already did) and skipped, never a panic.
func decode(doc *strictyaml.Doc, bad schema.Paths) (*Entity, finding.List) {
	d := &decoder{doc: doc, bad: bad}
	e := &Entity{File: doc.File, Loc: loc(doc.Root)}
	d.e = e
	if doc.Root.Kind != yaml.MappingNode {
		d.wrongShape(doc.Root, nil, "a fact file must be a mapping of keys")
		return nil, d.fs
	}
	eachPair(doc.Root, func(key string, v *yaml.Node) {
		path := []string{key}
		if bad.Within(path...) && key != "statements" && key != "aliases" && key != "acknowledge" {
			return
		}
		switch key {
		case "id":
			e.ID = d.text(v, path)
			if e.ID.Value != "" && !grammar.IsID(e.ID.Value) {
				// A schema a pull request loosened lets it through; ids
				// become IRIs, node names and file names, so the grammar
				// holds whatever the schema says.
				d.fs.Report(d.e.Pos(e.ID.Loc), schema.Rule, "id %q is not a valid id: lower-case letters and digits, in words joined by single hyphens, at most %d characters", e.ID.Value, grammar.MaxIDLength)
			}
		case "type":
			e.Type = d.text(v, path)
		case "label":
			e.Label = d.text(v, path)
		case "description":
			e.Description = d.text(v, path)
		case "url":
			e.URL = d.text(v, path)
			if e.URL.Value != "" {
				// The schema's pattern lets through what is not a URL
				// (a stray %), which the exporters must refuse.
				if msg := grammar.CheckURL(e.URL.Value); msg != "" {
					d.fs.Report(d.e.Pos(e.URL.Loc), schema.Rule, "url %s", msg)
				}
			}
		case "publisher":
			e.Publisher = d.text(v, path)
		case "published":
			e.Published, _ = d.date(v, path)
		case "aliases":
			d.items(v, path, func(n *yaml.Node, p []string) {
				if !bad.Within(p...) {
					if t := d.text(n, p); t.Value != "" {
						e.Aliases = append(e.Aliases, t)
					}
				}
			})
		case "acknowledge":
			e.Acks = d.acks(v, path)
		case "statements":
			d.items(v, path, func(n *yaml.Node, p []string) {
				if s := d.statement(n, p); s != nil {
					e.Statements = append(e.Statements, s)
				}
			})
		}
	})
	return e, d.fs
}

type decoder struct {
	doc *strictyaml.Doc
	bad schema.Paths
	e   *Entity
	fs  finding.List
}

func loc(n *yaml.Node) Loc { return Loc{Line: int32(n.Line), Col: int32(n.Column)} }

// eachPair calls f with each key and value of a mapping.
func eachPair(m *yaml.Node, f func(key string, v *yaml.Node)) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		f(m.Content[i].Value, m.Content[i+1])
	}
}

// wrongShape reports a node the model cannot hold, unless the schema has
// already reported something there.
func (d *decoder) wrongShape(n *yaml.Node, path []string, msg string) {
	if !d.bad.Within(path...) {
		d.fs.Report(d.doc.Pos(n), schema.Rule, "%s", msg)
	}
}

// what names the value at path for a message: "label", "item 2 of
// aliases".
func what(path []string) string {
	last := path[len(path)-1]
	if i, err := strconv.Atoi(last); err == nil && len(path) > 1 {
		return fmt.Sprintf("item %d of %q", i+1, path[len(path)-2])
	}
	return strconv.Quote(last)
}

// scalar is the text of a non-null scalar.
func scalar(n *yaml.Node) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", false
	}
	return n.Value, true
}

func (d *decoder) text(n *yaml.Node, path []string) Text {
	s, ok := scalar(n)
	if !ok {
		d.wrongShape(n, path, what(path)+" must be text")
		return Text{}
	}
	return Text{Value: s, Loc: loc(n)}
}

// items calls f with each item of a sequence and its path.
func (d *decoder) items(n *yaml.Node, path []string, f func(item *yaml.Node, path []string)) {
	if n.Kind != yaml.SequenceNode {
		d.wrongShape(n, path, what(path)+" must be a list")
		return
	}
	for i, item := range n.Content {
		f(item, append(path[:len(path):len(path)], strconv.Itoa(i)))
	}
}

// date reads a date, reporting one the calendar does not have; ok is
// false when it was written but is not a date.
func (d *decoder) date(n *yaml.Node, path []string) (Date, bool) {
	t := d.text(n, path)
	if t.Value == "" {
		return Date{}, true
	}
	v, err := date.Parse(t.Value)
	if err != nil {
		d.fs.Report(d.e.Pos(t.Loc), Calendar, "%v", err)
		return Date{}, false
	}
	return Date{Date: v, Loc: t.Loc}, true
}

// statement decodes one item of statements, or returns nil when it has a
// violation (reported by the schema) or cannot be read.
func (d *decoder) statement(n *yaml.Node, path []string) *Statement {
	if d.bad.Within(path...) {
		d.badRefs(n, path)
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.wrongShape(n, path, "a statement must be a mapping of keys")
		return nil
	}
	i, _ := strconv.Atoi(path[len(path)-1])
	s := &Statement{Subject: d.e, Index: int32(i), Loc: loc(n)}
	valid := true
	eachPair(n, func(key string, v *yaml.Node) {
		p := append(path[:len(path):len(path)], key)
		switch key {
		case "predicate":
			s.Predicate = d.text(v, p)
		case "object":
			s.Object = d.text(v, p)
		case "value":
			s.Value = d.literal(v, p)
		case "from", "to", "at":
			dt, ok := d.date(v, p)
			valid = valid && ok
			switch key {
			case "from":
				s.From = dt
			case "to":
				s.To = dt
			default:
				if dt.Prec != 0 {
					s.setRare().at = dt
				}
			}
		case "share":
			s.Share = d.share(v, p)
		case "rank":
			t := d.text(v, p)
			s.setRare().rankLoc = t.Loc
			s.Rank = map[string]Rank{"preferred": Preferred, "deprecated": Deprecated}[t.Value]
		case "reason":
			s.setRare().reason = d.text(v, p)
		case "note":
			s.setRare().note = d.text(v, p)
		case "sources":
			if v.Kind == yaml.SequenceNode {
				s.Sources = make([]Text, 0, len(v.Content))
			}
			d.items(v, p, func(item *yaml.Node, ip []string) { s.Sources = append(s.Sources, d.text(item, ip)) })
		case "acknowledge":
			if acks := d.acks(v, p); acks != nil {
				s.setRare().acks = acks
			}
		}
	})
	if !valid || s.Predicate.Value == "" || (s.Object.Value == "") == (s.Value == nil) {
		return nil
	}
	return s
}

// badRefs keeps the object and sources entries of a statement that
// failed the schema at exactly those entries, for the check to suggest
// the id that was meant.
func (d *decoder) badRefs(n *yaml.Node, path []string) {
	if n.Kind != yaml.MappingNode {
		return
	}
	eachPair(n, func(key string, v *yaml.Node) {
		p := append(path[:len(path):len(path)], key)
		switch key {
		case "object":
			if s, ok := scalar(v); ok && d.bad.At(p...) {
				d.e.BadRefs = append(d.e.BadRefs, Text{Value: s, Loc: loc(v)})
			}
		case "sources":
			if v.Kind != yaml.SequenceNode {
				return
			}
			for j, item := range v.Content {
				if s, ok := scalar(item); ok && d.bad.At(append(p, strconv.Itoa(j))...) {
					d.e.BadRefs = append(d.e.BadRefs, Text{Value: s, Loc: loc(item)})
				}
			}
		}
	})
}

// literal reads a statement's value, once, into every form a datatype
// may want: its text, its number if it was written as one, its date if
// it reads as one.
func (d *decoder) literal(n *yaml.Node, path []string) *Literal {
	t := d.text(n, path)
	if t.Value == "" {
		return nil
	}
	l := &Literal{Text: t}
	if n.Tag == "!!int" || n.Tag == "!!float" {
		if f, err := strconv.ParseFloat(t.Value, 64); err == nil {
			l.Number, l.Num = true, f
		}
	}
	if grammar.Date.MatchString(t.Value) {
		l.Date, _ = date.Parse(t.Value)
	}
	return l
}

func (d *decoder) share(n *yaml.Node, path []string) *Share {
	t := d.text(n, path)
	pct, err := strconv.ParseFloat(t.Value, 64)
	if t.Value == "" || err != nil {
		d.wrongShape(n, path, "\"share\" must be a number")
		return nil
	}
	return &Share{Text: t, Percent: pct}
}

func (d *decoder) acks(n *yaml.Node, path []string) []Ack {
	var out []Ack
	d.items(n, path, func(item *yaml.Node, p []string) {
		if d.bad.Within(p...) {
			return
		}
		if item.Kind != yaml.MappingNode {
			d.wrongShape(item, p, "an acknowledgement must be a mapping of rule and reason")
			return
		}
		a := Ack{Loc: loc(item)}
		eachPair(item, func(key string, v *yaml.Node) {
			switch key {
			case "rule":
				a.Rule = d.text(v, append(p[:len(p):len(p)], key))
			case "reason":
				a.Reason = d.text(v, append(p[:len(p):len(p)], key))
			}
		})
		if a.Rule.Value != "" {
			out = append(out, a)
		}
	})
	return out
}
