// Package grammar defines, once, the lexical forms of the names and
// literals in fact files: ids, type and predicate names, rule names,
// numbers, dates and URLs. The loader, the exporters (CSVW datatypes, IRIs),
// the diagrams (node names and links) and the schema all use these; a
// test holds schema/fact.schema.json to the same patterns, so the gate
// and the code cannot drift apart.
package grammar

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

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

// CheckURL accepts absolute https URLs only, with a host, no user info
// and no character that N-Triples forbids in an IRI, and says what is
// wrong otherwise. It rejects rather than repairs. The schema's url
// pattern is a looser first line; this is the rule every stage applies,
// so that what check accepts, build can export.
func CheckURL(s string) string {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return fmt.Sprintf("%q is not a URL", s)
	case u.Scheme != "https" || u.Host == "" || u.User != nil:
		return fmt.Sprintf("%q is not an absolute https:// URL", s)
	case strings.ContainsAny(s, "<>\"{}|^`\\ ") || strings.ContainsFunc(s, func(r rune) bool { return r <= 0x20 || r == 0x7f }):
		return fmt.Sprintf("%q has characters a URL must percent-encode", s)
	}
	return ""
}
