package report

import (
	"encoding/json"
	"io"

	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/safetext"
)

// JSON writes one document:
//
//	{"findings": [{"rule", "severity", "file", "line", "column", "message",
//	  "related": [{"file", "line", "column", "message"}],
//	  "acknowledged": null | {"file", "line", "column", "reason"}}],
//	 "counts": {"error": N, "warning": N, "info": N, "acknowledged": N}}
//
// Findings are sorted by file, line, column and rule; related is always an
// array. File names are relative to the working directory and written as
// the text format writes them: a name that is not valid UTF-8 or holds a
// control character is escaped (\xff), never replaced by U+FFFD, so two
// files never look alike. The shape is part of factgraph's interface.
type JSON struct{}

// JSONFinding is the JSON shape of one finding, shared by every JSON
// document factgraph writes (check --format json, diff --format json).
type JSONFinding struct {
	Rule         string        `json:"rule"`
	Severity     string        `json:"severity"`
	File         string        `json:"file"`
	Line         int           `json:"line"`
	Column       int           `json:"column"`
	Message      string        `json:"message"`
	Related      []JSONRelated `json:"related"`
	Acknowledged *JSONAck      `json:"acknowledged"`
}

// JSONRelated is the JSON shape of a related location.
type JSONRelated struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// JSONAck is the JSON shape of an acknowledgement.
type JSONAck struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Reason string `json:"reason"`
}

// JSONFindings converts findings to their JSON shape, showing each path
// with display (nil: as it is); the result is never nil, so it encodes as
// [] when empty.
func JSONFindings(fs finding.List, display func(string) string) []JSONFinding {
	file := func(p string) string {
		if display != nil && p != "" {
			p = display(p)
		}
		return safetext.Terminal(p)
	}
	out := []JSONFinding{}
	for _, f := range fs {
		jf := JSONFinding{Rule: f.Rule, Severity: f.Severity.String(), File: file(f.File), Line: f.Line, Column: f.Col,
			Message: f.Message, Related: []JSONRelated{}}
		for _, rel := range f.Related {
			jf.Related = append(jf.Related, JSONRelated{File: file(rel.File), Line: rel.Line, Column: rel.Col, Message: rel.Message})
		}
		if f.Ack != nil {
			jf.Acknowledged = &JSONAck{File: file(f.Ack.Pos.File), Line: f.Ack.Pos.Line, Column: f.Ack.Pos.Col, Reason: f.Ack.Reason}
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
	out := jsonReport{Findings: JSONFindings(r.Findings, r.Display), Counts: finding.Count(r.Findings)}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
