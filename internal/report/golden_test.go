package report

import (
	"bytes"
	"flag"
	"path/filepath"
	"testing"

	"github.com/factgraph/factgraph/internal/check"
	"github.com/factgraph/factgraph/internal/fixture"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenSource gives two lines of the findings' files, so that the text
// format shows an excerpt with a caret and one without a column.
func goldenSource(file string, line int) (string, bool) {
	switch {
	case file == "facts/products/alipay.yaml" && line == 34:
		return "  - predicate: ownedBy", true
	case file == "facts/broken.yaml" && line == 3:
		return "statements: [", true
	}
	return "", false
}

// TestGolden writes sarifFindings, every shape of finding, in each
// format and compares the bytes with a golden file. The version is fixed
// here; the CLI passes the build's.
func TestGolden(t *testing.T) {
	for _, tc := range []struct{ format, file string }{
		{"text", "findings.txt"}, {"json", "findings.json"}, {"github", "findings.github"}, {"sarif", "findings.sarif"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			r := &Report{Findings: sarifFindings, Files: 6, Rules: check.Rules, Version: "v1.2.3"}
			if tc.format == "text" {
				r.Source = goldenSource
			}
			var out bytes.Buffer
			if err := Formats[tc.format].Write(&out, r); err != nil {
				t.Fatal(err)
			}
			if tc.format == "sarif" {
				noNetwork(t)
				validateSARIF(t, sarifSchema(t), out.Bytes())
			}
			golden(t, filepath.Join("golden", tc.file), out.Bytes())
		})
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	fixture.Golden(t, filepath.Join("testdata", name), got, *update)
}
