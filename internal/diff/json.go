package diff

import (
	"encoding/json"
	"io"
	"maps"
	"slices"

	"github.com/factgraph/factgraph/internal/report"
)

// Writer writes a diff in one format.
type Writer interface {
	Write(w io.Writer, d *Diff) error
}

// Formats maps format names to writers.
var Formats = map[string]Writer{
	"text":     Text{},
	"markdown": Markdown{Limit: MaxMarkdown},
	"json":     JSON{},
}

// FormatNames lists the format names, sorted.
func FormatNames() []string { return slices.Sorted(maps.Keys(Formats)) }

// JSON writes the document described in the package documentation.
type JSON struct{}

type jsonFindings struct {
	New      []report.JSONFinding `json:"new"`
	Fixed    []report.JSONFinding `json:"fixed"`
	Existing []report.JSONFinding `json:"existing"`
}

type jsonDiff struct {
	Base     Side         `json:"base"`
	Head     Side         `json:"head"`
	Counts   Counts       `json:"counts"`
	Entities []*Entity    `json:"entities"`
	Findings jsonFindings `json:"findings"`
}

// Write implements Writer.
func (JSON) Write(w io.Writer, d *Diff) error {
	out := jsonDiff{Base: d.Base, Head: d.Head, Counts: d.Counts(), Entities: d.Entities,
		Findings: jsonFindings{New: report.JSONFindings(d.Findings.New, nil), Fixed: report.JSONFindings(d.Findings.Fixed, nil), Existing: report.JSONFindings(d.Findings.Existing, nil)}}
	if out.Entities == nil {
		out.Entities = []*Entity{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
