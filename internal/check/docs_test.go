package check

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/rules.md from the catalogue")

// TestRulesDoc keeps docs/rules.md in step with the catalogue; go test
// ./internal/check -run TestRulesDoc -update regenerates it.
func TestRulesDoc(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMarkdown(&b, Rules); err != nil {
		t.Fatal(err)
	}
	const file = "../../docs/rules.md"
	if *update {
		if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	have, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, b.Bytes()) {
		t.Errorf("docs/rules.md is not what the catalogue gives; run go test ./internal/check -run TestRulesDoc -update")
	}
}
