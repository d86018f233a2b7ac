// Package fact holds the fact-file model, its decoder and its loader.
// Every value keeps the line and column of the YAML node it came from,
// so each later finding can point at the exact place; the file name is
// kept once per entity, not in every position, because a large fact base
// holds millions of positions.
package fact

import (
	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/finding"
)

// Loc is a 1-based line and column in an entity's file; 0 when unknown.
type Loc struct{ Line, Col int32 }

// Text is a string from a fact file with its location.
type Text struct {
	Value string
	Loc   Loc
}

// Date is a date from a fact file with its location; Prec is 0 when the
// key is absent.
type Date struct {
	date.Date
	Loc Loc
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

// Entity is one fact file. Fields the file lacks, or that failed the
// schema, are left empty: the rest of the entity is still resolved and
// checked, so one typo does not hide every other finding in the file.
type Entity struct {
	File        string // slash-separated path relative to the repository root
	Loc         Loc    // the top-level mapping
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
	// BadRefs are object and sources entries that failed the schema
	// (most often a label written where an id belongs); the check
	// suggests the entity they meant.
	BadRefs []Text
}

// Pos is the position of l in e's file.
func (e *Entity) Pos(l Loc) finding.Pos {
	return finding.Pos{File: e.File, Line: int(l.Line), Col: int(l.Col)}
}

// Statement is one item of an entity's statements list, as written.
// The keys few statements have (at, rank's position, reason, note,
// acknowledge) live behind a pointer: a common statement then takes 160
// bytes instead of 256, a tenth of the heap at a million statements.
type Statement struct {
	Subject   *Entity
	Predicate Text
	Object    Text     // entity id; empty Value for literal statements
	Value     *Literal // nil for entity-valued statements
	Share     *Share
	Sources   []Text
	From      Date
	To        Date
	Loc       Loc   // the statement's mapping
	Index     int32 // position in the subject's list, from 0
	Rank      Rank
	rare      *rareKeys
}

type rareKeys struct {
	at      Date
	rankLoc Loc
	reason  Text
	note    Text
	acks    []Ack
}

// none is what a statement without rare keys reads as.
var none rareKeys

func (s *Statement) rareKeys() *rareKeys {
	if s.rare == nil {
		return &none
	}
	return s.rare
}

// setRare returns the statement's rare keys for writing.
func (s *Statement) setRare() *rareKeys {
	if s.rare == nil {
		s.rare = &rareKeys{}
	}
	return s.rare
}

// At is the one point in time at which the statement holds, if written.
func (s *Statement) At() Date { return s.rareKeys().at }

// RankLoc is the position of the rank key, if written.
func (s *Statement) RankLoc() Loc { return s.rareKeys().rankLoc }

// Reason says why a deprecated statement is kept.
func (s *Statement) Reason() Text { return s.rareKeys().reason }

// Note is free text about the statement.
func (s *Statement) Note() Text { return s.rareKeys().note }

// Acks are the findings acknowledged on the statement.
func (s *Statement) Acks() []Ack { return s.rareKeys().acks }

// SetReason replaces the statement's reason.
func (s *Statement) SetReason(t Text) { s.setRare().reason = t }

// Pos is the statement's position.
func (s *Statement) Pos() finding.Pos { return s.Subject.Pos(s.Loc) }

// PosOf is the position of l in the statement's file.
func (s *Statement) PosOf(l Loc) finding.Pos { return s.Subject.Pos(l) }

// Literal is a statement's value, kept as its source text and read once
// into the forms a datatype may need.
type Literal struct {
	Text
	// Number is true when the YAML scalar was an unquoted number; Num is
	// its value.
	Number bool
	Num    float64
	// Date is the text read as a date, when it is one (Prec 0 if not).
	Date date.Date
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
	Loc    Loc
}

// Set is the result of loading fact files.
type Set struct {
	// Entities are the files that decoded to an entity with an id, in
	// path order. Statements that failed the gate are left out.
	Entities []*Entity
	// Broken maps the ids of files that could not be read as an entity
	// (a YAML error, no valid id) to their position. Their ids come from
	// the file name, which must equal the id, so references to a broken
	// file are not reported as dangling.
	Broken map[string]finding.Pos
	// Files counts the fact files read.
	Files int
}
