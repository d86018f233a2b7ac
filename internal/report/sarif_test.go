package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/xeipuuv/gojsonschema"

	"github.com/factgraph/factgraph/internal/check"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/fixture"
)

// sarifFindings covers every shape of finding: a contradiction with
// related locations, a syntax error without a column, an unreadable file
// without a line, an info, an absolute path and a path that needs
// escaping in a URI.
var sarifFindings = finding.List{
	{Pos: finding.Pos{File: "facts/products/alipay.yaml", Line: 34, Col: 5}, Rule: "functional-conflict", Severity: finding.Error,
		Message: "alipay ownedBy has two values at once",
		Related: []finding.Related{
			{Pos: finding.Pos{File: "facts/organizations/ant-group.yaml", Line: 19, Col: 5}, Message: "alipay ownedBy ant-group (undated)"},
			{Pos: finding.Pos{File: "facts/products/alipay.yaml", Line: 40, Col: 5}, Message: "alipay ownedBy alibaba-group"},
		}},
	{Pos: finding.Pos{File: "facts/broken.yaml", Line: 3, Col: 0}, Rule: "yaml-syntax", Severity: finding.Error, Message: "did not find expected key"},
	{Pos: finding.Pos{File: "facts/link.yaml"}, Rule: "input", Severity: finding.Error, Message: "symlinks are not followed"},
	{Pos: finding.Pos{File: "facts/a b#c.yaml", Line: 1, Col: 1}, Rule: "duplicate-statement", Severity: finding.Info, Message: "stated twice"},
	{Pos: finding.Pos{File: "/abs/facts/x.yaml", Line: 2, Col: 3}, Rule: "missing-source", Severity: finding.Warning, Message: "cites no sources"},
	{Pos: finding.Pos{File: "facts/x.yaml", Line: 2, Col: 3}, Rule: "not-in-the-catalogue", Severity: finding.Warning, Message: "from a newer checker"},
}

// noNetwork makes every HTTP request fail and counts the attempts, so a
// test can prove that validation never fetched anything.
func noNetwork(t *testing.T) *atomic.Int32 {
	t.Helper()
	var calls atomic.Int32
	refuse := roundTripper(func(*http.Request) (*http.Response, error) {
		calls.Add(1)
		return nil, errors.New("network access in a test")
	})
	oldT, oldC := http.DefaultTransport, http.DefaultClient
	http.DefaultTransport = refuse
	http.DefaultClient = &http.Client{Transport: refuse}
	t.Cleanup(func() { http.DefaultTransport, http.DefaultClient = oldT, oldC })
	return &calls
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func sarifSchema(t *testing.T) *gojsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	loader := gojsonschema.NewSchemaLoader()
	loader.Draft = gojsonschema.Draft7
	loader.AutoDetect = false
	s, err := loader.Compile(gojsonschema.NewBytesLoader(data))
	if err != nil {
		t.Fatalf("compiling the SARIF schema: %v", err)
	}
	return s
}

func validateSARIF(t *testing.T, s *gojsonschema.Schema, out []byte) {
	t.Helper()
	res, err := s.Validate(gojsonschema.NewBytesLoader(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors() {
		t.Errorf("SARIF schema: %s", e)
	}
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	calls := noNetwork(t)
	s := sarifSchema(t)
	var out bytes.Buffer
	if err := (SARIF{}).Write(&out, &Report{Findings: sarifFindings, Files: 5, Rules: check.Rules}); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, s, out.Bytes())

	// The schema does catch what GitHub would refuse: a line 0 region.
	broken := bytes.Replace(out.Bytes(), []byte(`"startLine": 1,`), []byte(`"startLine": 0,`), 1)
	if bytes.Equal(broken, out.Bytes()) {
		t.Fatal("no startLine 1 to break")
	}
	if res, err := s.Validate(gojsonschema.NewBytesLoader(broken)); err != nil || res.Valid() {
		t.Errorf("a region with startLine 0 passed validation (%v)", err)
	}

	// The real thing: the shipped facts with a contradiction injected.
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../facts")); err != nil {
		t.Fatal(err)
	}
	youku := dir + "/products/youku-tudou.yaml"
	data, _ := os.ReadFile(youku)
	os.WriteFile(youku, append(data, "  - predicate: ownedBy\n    object: ant-group\n"...), 0o644)
	res := fixture.Check(t, dir, ".")
	if res.Counts().Error == 0 {
		t.Fatal("the injected conflict was not found")
	}
	out.Reset()
	if err := (SARIF{}).Write(&out, &Report{Findings: res.Findings, Files: res.Set.Files, Rules: check.Rules}); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, s, out.Bytes())
	if n := calls.Load(); n != 0 {
		t.Errorf("validation made %d network requests", n)
	}
}

type sarifDoc struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID                   string
					ShortDescription     struct{ Text string }
					FullDescription      struct{ Text string }
					Help                 struct{ Text, Markdown string }
					DefaultConfiguration struct{ Level string }
				}
			}
		}
		Results []struct {
			RuleID    string
			RuleIndex int
			Level     string
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string
						URIBaseID string `json:"uriBaseId"`
					}
					Region map[string]int
				}
			}
			RelatedLocations []struct {
				ID               int
				PhysicalLocation struct {
					ArtifactLocation struct{ URI string }
					Region           map[string]int
				}
				Message struct{ Text string }
			}
			PartialFingerprints map[string]string
		}
	}
}

func TestSARIFMapping(t *testing.T) {
	var out bytes.Buffer
	if err := (SARIF{}).Write(&out, &Report{Findings: sarifFindings, Rules: check.Rules}); err != nil {
		t.Fatal(err)
	}
	var doc sarifDoc
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	run := doc.Runs[0]
	rules := run.Tool.Driver.Rules
	if doc.Version != "2.1.0" || run.Tool.Driver.Name != "factgraph" || len(rules) != len(check.Rules)+1 {
		t.Fatalf("version %q, driver %q, %d rules", doc.Version, run.Tool.Driver.Name, len(rules))
	}
	for i, r := range check.Rules {
		got := rules[i]
		wantLevel := map[finding.Severity]string{finding.Error: "error", finding.Warning: "warning", finding.Info: "note"}[r.Severity]
		if got.ID != r.Name || got.ShortDescription.Text != r.Summary || got.FullDescription.Text != r.Doc ||
			got.DefaultConfiguration.Level != wantLevel ||
			!strings.Contains(got.Help.Text, r.Fix) || !strings.Contains(got.Help.Markdown, "**Fix:** "+r.Fix) ||
			!strings.Contains(got.Help.Markdown, strings.TrimRight(r.Example, "\n")) {
			t.Errorf("rule %s: %+v", r.Name, got)
		}
	}
	if len(run.Results) != len(sarifFindings) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(sarifFindings))
	}
	for i, res := range run.Results {
		f := sarifFindings[i]
		if rules[res.RuleIndex].ID != f.Rule || res.RuleID != f.Rule || res.Message.Text != f.Message {
			t.Errorf("result %d: %+v", i, res)
		}
		if len(res.Locations) != 1 || res.Locations[0].PhysicalLocation.Region["startLine"] < 1 {
			t.Errorf("result %d: locations %+v", i, res.Locations)
		}
		if len(res.RelatedLocations) != len(f.Related) {
			t.Errorf("result %d: %d related locations, want %d", i, len(res.RelatedLocations), len(f.Related))
		}
		if res.PartialFingerprints["factgraph/v1"] == "" {
			t.Errorf("result %d: no fingerprint", i)
		}
	}
	loc := func(i int) (string, string, map[string]int) {
		l := run.Results[i].Locations[0].PhysicalLocation
		return l.ArtifactLocation.URI, l.ArtifactLocation.URIBaseID, l.Region
	}
	for _, tc := range []struct {
		i            int
		uri, base    string
		line, column int
	}{
		{0, "facts/products/alipay.yaml", "%SRCROOT%", 34, 5},
		{1, "facts/broken.yaml", "%SRCROOT%", 3, 0}, // no column: startColumn left out
		{2, "facts/link.yaml", "%SRCROOT%", 1, 0},   // no line: line 1
		{3, "facts/a%20b%23c.yaml", "%SRCROOT%", 1, 1},
		{4, "file:///abs/facts/x.yaml", "", 2, 3},
	} {
		uri, base, region := loc(tc.i)
		if uri != tc.uri || base != tc.base || region["startLine"] != tc.line || region["startColumn"] != tc.column {
			t.Errorf("result %d: %s %s %v; want %s %s line %d column %d", tc.i, uri, base, region, tc.uri, tc.base, tc.line, tc.column)
		}
	}
	rel := run.Results[0].RelatedLocations
	if rel[0].ID != 1 || rel[0].PhysicalLocation.ArtifactLocation.URI != "facts/organizations/ant-group.yaml" ||
		rel[0].PhysicalLocation.Region["startLine"] != 19 || rel[1].Message.Text != "alipay ownedBy alibaba-group" {
		t.Errorf("related locations: %+v", rel)
	}
	if levels := []string{run.Results[0].Level, run.Results[3].Level, run.Results[4].Level}; strings.Join(levels, ",") != "error,note,warning" {
		t.Errorf("levels %v", levels)
	}
}

// TestSARIFDeterministic: the same findings give the same bytes, and a
// finding keeps its fingerprint when its line moves.
func TestSARIFDeterministic(t *testing.T) {
	write := func(fs finding.List) (string, sarifDoc) {
		var out bytes.Buffer
		if err := (SARIF{}).Write(&out, &Report{Findings: fs, Rules: check.Rules}); err != nil {
			t.Fatal(err)
		}
		var doc sarifDoc
		json.Unmarshal(out.Bytes(), &doc)
		return out.String(), doc
	}
	a, docA := write(sarifFindings)
	b, _ := write(sarifFindings)
	if a != b {
		t.Error("two writes differ")
	}
	moved := append(finding.List(nil), sarifFindings...)
	moved[0].Line += 10
	_, docM := write(moved)
	if docA.Runs[0].Results[0].PartialFingerprints["factgraph/v1"] != docM.Runs[0].Results[0].PartialFingerprints["factgraph/v1"] {
		t.Error("the fingerprint changed when the finding's line moved")
	}
	twice := append(finding.List{sarifFindings[1]}, sarifFindings[1])
	_, docT := write(twice)
	if docT.Runs[0].Results[0].PartialFingerprints["factgraph/v1"] == docT.Runs[0].Results[1].PartialFingerprints["factgraph/v1"] {
		t.Error("two identical findings share a fingerprint")
	}
	if _, ok := Formats["sarif"]; !ok {
		t.Error("sarif is not registered in Formats")
	}
}
