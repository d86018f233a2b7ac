package dot

import (
	"testing"

	"github.com/factgraph/factgraph/internal/fact"
)

// TestIDPattern holds the id grammar to the fact model's.
func TestIDPattern(t *testing.T) {
	if idPattern.String() != fact.IDPattern.String() {
		t.Errorf("dot's id pattern %s is not fact.IDPattern %s", idPattern, fact.IDPattern)
	}
}
