package grammar

import (
	"encoding/json"
	"os"
	"testing"
)

// TestSchemaAgrees holds schema/fact.schema.json to the grammars the code
// uses: the gate and the loader, exporters and diagrams must accept the
// same ids, names and dates.
func TestSchemaAgrees(t *testing.T) {
	data, err := os.ReadFile("../../schema/fact.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Properties struct {
			Type struct {
				Pattern string `json:"pattern"`
			} `json:"type"`
		} `json:"properties"`
		Definitions struct {
			ID struct {
				Pattern   string `json:"pattern"`
				MaxLength int    `json:"maxLength"`
			} `json:"id"`
			Date struct {
				Pattern string `json:"pattern"`
			} `json:"date"`
			Statement struct {
				Properties struct {
					Predicate struct {
						Pattern string `json:"pattern"`
					} `json:"predicate"`
				} `json:"properties"`
			} `json:"statement"`
			Acknowledgements struct {
				Items struct {
					Properties struct {
						Rule struct {
							Pattern string `json:"pattern"`
						} `json:"rule"`
					} `json:"properties"`
				} `json:"items"`
			} `json:"acknowledgements"`
		} `json:"definitions"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ what, schema, code string }{
		{"id", s.Definitions.ID.Pattern, IDPattern},
		{"type name", s.Properties.Type.Pattern, TypeNamePattern},
		{"predicate name", s.Definitions.Statement.Properties.Predicate.Pattern, PredicateNamePattern},
		{"rule name", s.Definitions.Acknowledgements.Items.Properties.Rule.Pattern, RuleNamePattern},
		{"date", s.Definitions.Date.Pattern, DatePattern},
	} {
		if tc.schema != tc.code {
			t.Errorf("%s: the schema says %s, the code %s", tc.what, tc.schema, tc.code)
		}
	}
	if s.Definitions.ID.MaxLength != MaxIDLength {
		t.Errorf("id length: the schema says %d, the code %d", s.Definitions.ID.MaxLength, MaxIDLength)
	}
}

func TestNameCoversBoth(t *testing.T) {
	for _, s := range []string{"Company", "ownedBy", "PaymentPlatform", "holdsStakeIn"} {
		if !Name.MatchString(s) || !(TypeName.MatchString(s) || PredicateName.MatchString(s)) {
			t.Errorf("%q", s)
		}
	}
}
