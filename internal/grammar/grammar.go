// Package grammar defines, once, the lexical forms of the names and
// literals in fact files: ids, type and predicate names, rule names,
// numbers and dates. The loader, the exporters (CSVW datatypes, IRIs),
// the diagrams (node names and links) and the schema all use these; a
// test holds schema/fact.schema.json to the same patterns, so the gate
// and the code cannot drift apart.
package grammar

import "regexp"

// Patterns, as regular expressions anchored at both ends.
const (
	// IDPattern is an entity id: lower-case letters and digits, in words
	// joined by single hyphens. The schema adds a length limit of
	// MaxIDLength.
	IDPattern = `^[a-z0-9]+(-[a-z0-9]+)*$`
	// TypeNamePattern is a type declared in the vocabulary (Company).
	TypeNamePattern = `^[A-Z][A-Za-z0-9]*$`
	// PredicateNamePattern is a predicate or an inverse name (ownedBy).
	PredicateNamePattern = `^[a-z][A-Za-z0-9]*$`
	// NamePattern is either of the two: a vocabulary name, as the
	// exporters write it into IRIs and tables.
	NamePattern = `^[A-Za-z][A-Za-z0-9]*$`
	// RuleNamePattern is a rule name (functional-conflict).
	RuleNamePattern = `^[a-z]+(-[a-z]+)*$`
	// IntegerPattern is an integer in plain decimal: no sign but minus,
	// no leading zeros, no underscores, no base prefix.
	IntegerPattern = `^-?(0|[1-9][0-9]*)$`
	// DecimalPattern is a finite number in plain decimal, with an
	// optional fraction and exponent.
	DecimalPattern = `^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$`
	// DatePattern is a date at year, month or day precision; package
	// date checks the calendar.
	DatePattern = `^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`
)

// MaxIDLength is the longest id, in bytes.
const MaxIDLength = 64

// Compiled forms of the patterns.
var (
	ID            = regexp.MustCompile(IDPattern)
	TypeName      = regexp.MustCompile(TypeNamePattern)
	PredicateName = regexp.MustCompile(PredicateNamePattern)
	Name          = regexp.MustCompile(NamePattern)
	RuleName      = regexp.MustCompile(RuleNamePattern)
	Integer       = regexp.MustCompile(IntegerPattern)
	Decimal       = regexp.MustCompile(DecimalPattern)
	Date          = regexp.MustCompile(DatePattern)
)

// IsID reports whether s is a valid id, length included.
func IsID(s string) bool { return len(s) <= MaxIDLength && ID.MatchString(s) }
