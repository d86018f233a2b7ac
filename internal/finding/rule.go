package finding

import "slices"

// Stage says when a rule is checked.
type Stage string

// Stages, in the order they run.
const (
	StageLoad    Stage = "load"    // reading one file: YAML, text, schema
	StageResolve Stage = "resolve" // vocabulary and references across files
	StageGraph   Stage = "graph"   // contradictions in the normalised graph
)

// Rule is one check with the documentation factgraph explain prints. Each
// rule is a value owned by the package that reports it, and reporting
// takes the severity from the rule, so the two can never disagree.
type Rule struct {
	Name     string
	Severity Severity
	Stage    Stage
	Summary  string // one line, for listings
	Doc      string // what it checks and why
	Example  string // a fact file (or two) that fires it
	Fix      string // how to resolve it
	// Acknowledgeable rules can be silenced by an acknowledge entry next
	// to the statement, with a reason.
	Acknowledgeable bool
}

// Catalogue is an explicit list of rules, in the order factgraph rules
// lists them. Formatters that describe rules (SARIF) are handed one.
type Catalogue []*Rule

// Lookup returns the rule called name, or nil.
func (c Catalogue) Lookup(name string) *Rule {
	if i := slices.IndexFunc(c, func(r *Rule) bool { return r.Name == name }); i >= 0 {
		return c[i]
	}
	return nil
}

// Names lists the rules' names in catalogue order.
func (c Catalogue) Names() []string {
	names := make([]string, len(c))
	for i, r := range c {
		names[i] = r.Name
	}
	return names
}
