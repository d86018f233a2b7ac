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

// JSONFinding is the JSON shape of one finding, shared by every JSON
// document factgraph writes (check --format json, diff --format json).
type JSONFinding struct {
	Rule     string        `json:"rule"`
	Severity string        `json:"severity"`
	File     string        `json:"file"`
	Line     int           `json:"line"`
	Column   int           `json:"column"`
	Message  string        `json:"message"`
	Related  []JSONRelated `json:"related"`
}

// JSONRelated is the JSON shape of a related location.
type JSONRelated struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// JSONFindings converts findings to their JSON shape; the result is never
// nil, so it encodes as [] when empty.
func JSONFindings(fs finding.List) []JSONFinding {
	out := []JSONFinding{}
	for _, f := range fs {
		jf := JSONFinding{Rule: f.Rule, Severity: f.Severity.String(), File: f.File, Line: f.Line, Column: f.Col,
			Message: f.Message, Related: []JSONRelated{}}
		for _, rel := range f.Related {
			jf.Related = append(jf.Related, JSONRelated{File: rel.File, Line: rel.Line, Column: rel.Col, Message: rel.Message})
		}
		out = append(out, jf)
	}
	return out
}

type jsonReport struct {
	Findings []JSONFinding  `json:"findings"`
	Counts   finding.Counts `json:"counts"`
}

// Write implements Writer.
func (JSON) Write(w io.Writer, r *Report) error {
	out := jsonReport{Findings: JSONFindings(r.Findings), Counts: finding.Count(r.Findings)}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
