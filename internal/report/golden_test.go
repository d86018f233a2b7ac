package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/aymanbagabas/go-udiff"

	"github.com/factgraph/factgraph/internal/check"
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
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", name, udiff.Unified("golden", "got", string(want), string(got)))
	}
}
