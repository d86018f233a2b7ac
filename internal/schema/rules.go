package schema

import "github.com/factgraph/factgraph/internal/finding"

// The rules this package reports, with their documentation (factgraph
// explain prints it; docs/rules.md is generated from it).
var (
	Rule = &finding.Rule{
		Name: "schema", Severity: finding.Error, Stage: finding.StageLoad,
		Summary: "the file does not match the fact-file JSON Schema",
		Doc:     "Each file is validated against schema/fact.schema.json: required keys, allowed keys, types, id and date patterns, share between 0 and 100, exactly one of object or value. The finding points at the offending value, the unknown key, or the mapping that lacks a required key. A misspelt key is one finding with its did-you-mean (not also a missing required key), and an id-valued entry that is not an id (a label written for the id) gets the id it most likely means. A statement with a schema error is left out of the later checks; every other key of the file is still read and checked.",
		Example: "id: alipay\ntype: PaymentPlatform\nstatements:\n  - predicate: ownedBy\n    object: ant-group\n    from: May 2014\n",
		Fix:     "Follow the message: add the missing key, rename the unknown one, or correct the value.",
	}
)
