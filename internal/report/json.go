package report

import (
	"encoding/json"
	"io"

	"github.com/factgraph/factgraph/internal/finding"
)

// JSON writes one document:
//
//	{"findings": [{"rule", "severity", "file", "line", "column", "message",
//	  "related": [{"file", "line", "column", "message"}]}],
//	 "counts": {"error": N, "warning": N, "info": N}}
//
// Findings are sorted by file, line, column and rule; related is always an
// array. The shape is part of factgraph's interface.
type JSON struct{}

type jsonFinding struct {
	Rule     string        `json:"rule"`
	Severity string        `json:"severity"`
	File     string        `json:"file"`
	Line     int           `json:"line"`
	Column   int           `json:"column"`
	Message  string        `json:"message"`
	Related  []jsonRelated `json:"related"`
}

type jsonRelated struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

type jsonReport struct {
	Findings []jsonFinding  `json:"findings"`
	Counts   finding.Counts `json:"counts"`
}

// Write implements Writer.
func (JSON) Write(w io.Writer, r *Report) error {
	out := jsonReport{Findings: []jsonFinding{}, Counts: finding.Count(r.Findings)}
	for _, f := range r.Findings {
		jf := jsonFinding{Rule: f.Rule, Severity: f.Severity.String(), File: f.File, Line: f.Line, Column: f.Col,
			Message: f.Message, Related: []jsonRelated{}}
		for _, rel := range f.Related {
			jf.Related = append(jf.Related, jsonRelated{File: rel.File, Line: rel.Line, Column: rel.Col, Message: rel.Message})
		}
		out.Findings = append(out.Findings, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
