// Package fact holds the fact-file model and its loader. Every value keeps
// the position of the YAML node it came from, so each later finding can
// point at the exact line and column.
package fact

import (
	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/finding"
)

// Text is a string from a fact file with its position.
type Text struct {
	Value string
	Pos   finding.Pos
}

// Date is a date from a fact file with its position; Prec is 0 when the
// key is absent.
type Date struct {
	date.Date
	Pos finding.Pos
}

// Rank orders claims about the same thing, as in Wikidata.
type Rank int8

// Ranks, lowest first.
const (
	Deprecated Rank = -1
	Normal     Rank = 0
	Preferred  Rank = 1
)

// String returns the rank as written in fact files.
func (r Rank) String() string {
	switch r {
	case Deprecated:
		return "deprecated"
	case Preferred:
		return "preferred"
	}
	return "normal"
}

// Entity is one fact file.
type Entity struct {
	File        string      // slash-separated path as shown in findings
	Pos         finding.Pos // the top-level mapping
	ID          Text
	Type        Text
	Label       Text
	Aliases     []Text
	Description Text
	URL         Text
	Publisher   Text
	Published   Date
	Statements  []*Statement
	Acks        []Ack
}

// Statement is one item of an entity's statements list, as written.
type Statement struct {
	Subject   *Entity
	Index     int         // position in the subject's list, from 0
	Pos       finding.Pos // the statement's mapping
	Predicate Text
	Object    Text     // entity id; empty Value for literal statements
	Value     *Literal // nil for entity-valued statements
	From      Date
	To        Date
	At        Date
	Share     *Share
	Rank      Rank
	RankPos   finding.Pos
	Reason    Text
	Sources   []Text
	Note      Text
	Acks      []Ack
}

// Literal is a statement's value, kept as its source text.
type Literal struct {
	Text
	// Number is true when the YAML scalar was an unquoted number.
	Number bool
}

// Share is a percentage stake.
type Share struct {
	Text            // source text, as written
	Percent float64 // the same, parsed
}

// Ack acknowledges a finding of Rule on the statement or entity it sits
// on, for the stated Reason.
type Ack struct {
	Rule   Text
	Reason Text
	Pos    finding.Pos
}

// Set is the result of loading fact files.
type Set struct {
	// Entities are the files that passed the YAML and schema gates, in
	// path order. Statements that failed the gate are left out.
	Entities []*Entity
	// Broken maps the ids of files that failed the gates to their
	// position. Their ids come from the file name, which must equal the
	// id, so references to a broken file are not reported as dangling.
	Broken map[string]finding.Pos
	// Files counts the fact files read.
	Files int
}
