package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path"
	"strings"

	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/safetext"
)

// SARIF writes a SARIF 2.1.0 log for GitHub code scanning
// (github/codeql-action/upload-sarif) and other SARIF viewers:
//
//   - tool.driver carries the tool's version and the whole rule catalogue
//     (Report.Rules):
//     id, shortDescription (the summary), fullDescription (the doc), help as
//     text and markdown with the example and the fix, and
//     defaultConfiguration.level;
//   - each finding is a result with ruleId and ruleIndex, level (error,
//     warning, note for info), the message, and one physical location: the
//     file relative to the repository root under uriBaseId %SRCROOT%, and a
//     region whose startLine is at least 1 (findings without a line, such as
//     unreadable files, point at line 1) and whose startColumn is left out
//     when the column is unknown (yaml-syntax findings have none);
//   - the other statements of a contradiction are relatedLocations, each
//     with its own message;
//   - message texts are escaped for SARIF's embedded-link syntax, so fact
//     text such as "[x](https://...)" shows as written and links nowhere;
//   - an acknowledged finding is a result with an inSource suppression
//     whose justification is the acknowledgement's reason;
//   - partialFingerprints["factgraph/v1"] identifies a finding by rule,
//     file, message and related messages but not by line, so code scanning
//     keeps tracking an alert when lines above it move.
//
// The output has no time stamps or machine paths: the same findings give
// the same bytes.
type SARIF struct{}

// SARIFSchemaURI is the schema the log declares.
const SARIFSchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	RelatedLocations    []sarifLocation    `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
}

type sarifSuppression struct {
	Kind          string         `json:"kind"`
	Justification string         `json:"justification"`
	Location      *sarifLocation `json:"location,omitempty"`
}

type sarifLocation struct {
	ID               *int          `json:"id,omitempty"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	Message          *sarifText    `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

var sarifLevels = map[finding.Severity]string{finding.Error: "error", finding.Warning: "warning", finding.Info: "note"}

// Write implements Writer.
func (SARIF) Write(w io.Writer, r *Report) error {
	driver := sarifDriver{Name: "factgraph", Version: r.Version, Rules: []sarifRule{}}
	index := map[string]int{}
	for _, rule := range r.Rules {
		index[rule.Name] = len(driver.Rules)
		driver.Rules = append(driver.Rules, sarifRuleOf(rule))
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, ColumnKind: "unicodeCodePoints", Results: []sarifResult{}}
	seen := map[string]int{}
	for _, f := range r.Findings {
		i, known := index[f.Rule]
		if !known {
			// Every rule should be in the catalogue; a finding must never
			// be dropped because one is not.
			i = len(run.Tool.Driver.Rules)
			index[f.Rule] = i
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(&finding.Rule{
				Name: f.Rule, Severity: f.Severity, Summary: f.Rule, Doc: f.Rule, Fix: "See factgraph explain."}))
		}
		res := sarifResult{
			RuleID: f.Rule, RuleIndex: i, Level: sarifLevels[f.Severity],
			Message:   sarifText{Text: safetext.SARIF(f.Message)},
			Locations: []sarifLocation{{PhysicalLocation: physical(f.Pos)}},
		}
		for j, rel := range f.Related {
			id := j + 1
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID: &id, PhysicalLocation: physical(rel.Pos), Message: &sarifText{Text: safetext.SARIF(rel.Message)}})
		}
		if f.Ack != nil {
			res.Suppressions = []sarifSuppression{{Kind: "inSource", Justification: f.Ack.Reason,
				Location: &sarifLocation{PhysicalLocation: physical(f.Ack.Pos)}}}
		}
		fp := fingerprint(f)
		seen[fp]++
		if n := seen[fp]; n > 1 {
			fp = fmt.Sprintf("%s:%d", fp, n)
		}
		res.PartialFingerprints = map[string]string{"factgraph/v1": fp}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: SARIFSchemaURI, Version: "2.1.0", Runs: []sarifRun{run}})
}

func sarifRuleOf(rule *finding.Rule) sarifRule {
	text := rule.Doc + "\n\nExample:\n" + rule.Example + "\n\nFix: " + rule.Fix
	fence := "```"
	for strings.Contains(rule.Example, fence) {
		fence += "`"
	}
	md := fmt.Sprintf("%s\n\n**Example**\n\n%syaml\n%s\n%s\n\n**Fix:** %s", rule.Doc, fence, strings.TrimRight(rule.Example, "\n"), fence, rule.Fix)
	if rule.Acknowledgeable {
		ack := "acknowledge:\n  - rule: " + rule.Name + "\n    reason: why it is accepted"
		text += "\n\nIf the finding is known and accepted, acknowledge it next to the statement:\n" + ack
		md += "\n\nIf the finding is known and accepted, acknowledge it next to the statement:\n\n" + fence + "yaml\n" + ack + "\n" + fence
	}
	return sarifRule{
		ID:                   rule.Name,
		ShortDescription:     sarifText{Text: rule.Summary},
		FullDescription:      sarifText{Text: rule.Doc},
		Help:                 sarifText{Text: text, Markdown: md},
		DefaultConfiguration: sarifConfig{Level: sarifLevels[rule.Severity]},
		Properties:           map[string]any{"tags": []string{"factgraph", string(rule.Stage)}},
	}
}

// physical locates a position. Paths relative to the working directory
// (the repository root in CI) are given relative to %SRCROOT%; absolute
// ones as file: URIs. Line 0 (unknown) becomes line 1, the smallest line
// SARIF allows, and column 0 is left out.
func physical(p finding.Pos) sarifPhysical {
	loc := sarifPhysical{Region: sarifRegion{StartLine: max(p.Line, 1)}}
	if p.Col > 0 && p.Line > 0 {
		loc.Region.StartColumn = p.Col
	}
	file := p.File
	if strings.HasPrefix(file, "/") {
		loc.ArtifactLocation.URI = (&url.URL{Scheme: "file", Path: path.Clean(file)}).String()
		return loc
	}
	u := &url.URL{Path: strings.TrimPrefix(path.Clean(file), "./")}
	loc.ArtifactLocation = sarifArtifact{URI: u.String(), URIBaseID: "%SRCROOT%"}
	return loc
}

// fingerprint identifies a finding independently of its line.
func fingerprint(f finding.Finding) string {
	h := sha256.New()
	parts := []string{f.Rule, f.File, f.Message}
	for _, rel := range f.Related {
		parts = append(parts, rel.File, rel.Message)
	}
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s;", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}
