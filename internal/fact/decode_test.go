package fact

import (
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/schema"
	"github.com/factgraph/factgraph/internal/strictyaml"
)

// TestDecodeAnyShape: the schema is data a pull request can change, and
// one that lets anything through must not make the decoder panic. Every
// shape the model cannot hold is a positioned finding, and the rest of
// the entity is still read.
func TestDecodeAnyShape(t *testing.T) {
	anything, err := schema.Compile("any.json", []byte(`{"$schema": "http://json-schema.org/draft-07/schema#"}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, in string
		want     string // a message every finding list must hold; "" for none
		line     int
	}{
		{"statements as text", "id: a\ntype: Company\nlabel: A\nstatements: x\n", `"statements" must be a list`, 4},
		{"a statement as text", "id: a\ntype: Company\nlabel: A\nstatements:\n  - ownedBy b\n", "a statement must be a mapping", 5},
		{"a statement as a list", "id: a\ntype: Company\nlabel: A\nstatements:\n  - [1, 2]\n", "a statement must be a mapping", 5},
		{"label as a mapping", "id: a\ntype: Company\nlabel: {x: 1}\n", `"label" must be text`, 3},
		{"aliases as a number", "id: a\ntype: Company\nlabel: A\naliases: 5\n", `"aliases" must be a list`, 4},
		{"an alias as a list", "id: a\ntype: Company\nlabel: A\naliases: [[x]]\n", `item 1 of "aliases" must be text`, 4},
		{"acknowledge as a mapping", "id: a\ntype: Company\nlabel: A\nacknowledge: {rule: x}\n", `"acknowledge" must be a list`, 4},
		{"an acknowledgement as text", "id: a\ntype: Company\nlabel: A\nacknowledge: [x]\n", "an acknowledgement must be a mapping", 4},
		{"share as text", "id: a\ntype: Company\nlabel: A\nstatements:\n  - predicate: holdsStakeIn\n    object: b\n    share: lots\n", `"share" must be a number`, 7},
		{"sources as text", "id: a\ntype: Company\nlabel: A\nstatements:\n  - predicate: ownedBy\n    object: b\n    sources: src\n", `"sources" must be a list`, 7},
		{"the file as a list", "- a\n- b\n", "a fact file must be a mapping", 1},
		{"the file as text", "just text\n", "a fact file must be a mapping", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, fs, err := Read("f.yaml", []byte(tc.in), anything, strictyaml.DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, f := range fs {
				if strings.Contains(f.Message, tc.want) && f.Line == tc.line && f.Rule == schema.Rule.Name {
					found = true
				}
			}
			if !found {
				t.Errorf("findings %v, want %q at line %d", fs, tc.want, tc.line)
			}
			if e != nil && e.Label.Value == "" && !strings.Contains(tc.in, "label: {") {
				t.Errorf("the rest of the entity was not read: %+v", e)
			}
		})
	}
}

// TestDecodeReadsEveryKey: a misspelt entity-level key is one finding,
// and every other key is still read (the entity, its statements and its
// references reach the later checks).
func TestDecodeReadsEveryKey(t *testing.T) {
	in := "id: lazada-group\ntype: Company\nlable: Lazada Group\ndescripton: x\nstatements:\n  - predicate: ownedBy\n    object: alibaba-grop\n    sources: [lazada-acquisiton]\n"
	e, fs, err := Read("lazada-group.yaml", []byte(in), factSchema(t), strictyaml.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 || !strings.Contains(fs[0].Message, `unknown key "lable"; did you mean "label"?`) ||
		!strings.Contains(fs[1].Message, `unknown key "descripton"; did you mean "description"?`) {
		t.Errorf("findings = %v, want the two misspelt keys only", fs)
	}
	if e == nil || e.ID.Value != "lazada-group" || len(e.Statements) != 1 || e.Statements[0].Object.Value != "alibaba-grop" {
		t.Errorf("entity = %+v, want it read with its statement", e)
	}
}
