package check

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeListsEveryRule keeps the README's rule table in step with the
// catalogue: every rule has a row, with its severity.
func TestReadmeListsEveryRule(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	for _, r := range Rules {
		row := "| `" + r.Name + "` | " + r.Severity.String() + " |"
		if !strings.Contains(readme, row) {
			t.Errorf("README.md has no rule table row starting %q", row)
		}
	}
}
