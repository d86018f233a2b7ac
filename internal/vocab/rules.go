package vocab

import "github.com/factgraph/factgraph/internal/finding"

// The rules this package reports, with their documentation (factgraph
// explain prints it; docs/rules.md is generated from it).
var (
	Rule = &finding.Rule{
		Name: "vocabulary", Severity: finding.Error, Stage: finding.StageLoad,
		Summary: "the vocabulary is inconsistent",
		Doc:     "schema/vocabulary.yaml is checked against its JSON Schema and then for consistency: declared parent, domain and range types, no parent cycles, no predicate both symmetric and asymmetric, lifespan predicates of datatype date. A broken vocabulary stops the check with exit status 2.",
		Example: "predicates:\n  ownedBy:\n    label: owned by\n    range: [Organisation]\n",
		Fix:     "Correct schema/vocabulary.yaml.",
	}
)
