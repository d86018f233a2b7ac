package fact

import "github.com/factgraph/factgraph/internal/finding"

// The rules this package reports, with their documentation (factgraph
// explain prints it; docs/rules.md is generated from it).
var (
	Calendar = &finding.Rule{
		Name: "date", Severity: finding.Error, Stage: finding.StageLoad,
		Summary: "a date the calendar does not have",
		Doc:     "Dates are YYYY, YYYY-MM or YYYY-MM-DD. The schema checks the shape; this rule checks the calendar, so 2021-02-30 and 2014-13 are rejected.",
		Example: "statements:\n  - predicate: ownedBy\n    object: ant-group\n    from: 2021-02-30\n",
		Fix:     "Correct the date, or write it at a coarser precision (2021-02) if the day is unknown.",
	}
)
