package diff

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/fixture"
	"github.com/factgraph/factgraph/internal/render"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestDOTGolden compares the drawing of a few diffs with golden files, so
// that a change to how the DOT is written shows as a change of bytes.
func TestDOTGolden(t *testing.T) {
	// An edge that does not change, between entities that do: drawn grey.
	stake := with(base(), "organizations/alibaba-group.yaml", alibaba+"statements:\n  - predicate: holdsStakeIn\n    object: ant-group\n    share: 33\n    sources: [src]\n")
	tests := []struct {
		name       string
		base, head map[string]string
	}{
		{"changes.dot", stake, with(stake,
			// Changed dates, a removed symmetric edge and a removed
			// literal.
			"products/alipay.yaml", strings.Replace(strings.Replace(strings.Replace(alipay,
				"from: 2014\n", "from: 2015\n", 1),
				"  - predicate: partnerOf\n    object: alibaba-group\n    sources: [src, src2]\n", "", 1),
				"  - predicate: founded\n    value: 2004\n    sources: [src]\n", "", 1),
			// An added entity whose label graphviz would read as markup and
			// escapes, with an added edge and an added literal.
			"products/taobao.yaml", "id: taobao\ntype: Marketplace\nlabel: \"Tao & bao \\\\N \\\"q\\\" <b>&amp;</b>\"\n"+
				"statements:\n  - predicate: usesPaymentPlatform\n    object: alipay\n    sources: [src]\n"+
				"  - predicate: category\n    value: \"C2C \\\"market\\\" \\\\G\"\n    sources: [src]\n",
			// A changed label.
			"organizations/ant-group.yaml", strings.Replace(antGroup, "Ant Group", "Ant \"Financial\"", 1),
		)},
		{"removed-entity.dot", base(), with(base(), "organizations/alibaba-group.yaml", "",
			"products/alipay.yaml", strings.Replace(alipay, "  - predicate: partnerOf\n    object: alibaba-group\n    sources: [src, src2]\n", "", 1))},
		{"cut.dot", base(), cutHead()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "cut.dot" && testing.Short() {
				t.Skip("checks 190 fact files")
			}
			d := compare(t, tc.base, tc.head)
			dot, nodes, edges := d.DOT()
			if err := render.CheckDOT(dot); err != nil {
				t.Errorf("outside the safe subset: %v", err)
			}
			if got := strings.Count(string(dot), " -> "); got != edges {
				t.Errorf("%d edges counted, %d in the DOT", edges, got)
			}
			if got := strings.Count(string(dot), "\n  \"") - edges; got != nodes {
				t.Errorf("%d nodes counted, %d in the DOT", nodes, got)
			}
			golden(t, tc.name, dot)
		})
	}
}

// cutHead adds more entities and edges than the drawing takes, so that
// it has to leave some out and say so.
func cutHead() map[string]string {
	var kv []string
	for i := range 180 {
		kv = append(kv, fmt.Sprintf("products/m%03d.yaml", i), fmt.Sprintf(
			"id: m%03d\ntype: Marketplace\nlabel: Market %d\nstatements:\n"+
				"  - predicate: usesPaymentPlatform\n    object: alipay\n    sources: [src]\n", i, i))
		for j := 1; j <= 3; j++ {
			kv[len(kv)-1] += fmt.Sprintf("  - predicate: competesWith\n    object: m%03d\n    sources: [src]\n", (i+j)%180)
		}
	}
	return with(base(), kv...)
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	fixture.Golden(t, filepath.Join("testdata", name), got, *update)
}

// TestDOTInvalidID: a revision's own schema may allow ids that no IRI,
// node name or file name can carry. The loader refuses them whatever the
// schema says, with a finding, so they never reach the drawing.
func TestDOTInvalidID(t *testing.T) {
	head := project(t, with(base(), "products/Evil_Id.yaml",
		"id: Evil_Id\ntype: Marketplace\nlabel: Evil\nstatements:\n  - predicate: usesPaymentPlatform\n    object: alipay\n    sources: [src]\n"))
	p := filepath.Join(head, "schema", "fact.schema.json")
	schema, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	loose := bytes.Replace(schema, []byte(`"^[a-z0-9]+(-[a-z0-9]+)*$"`), []byte(`"^.+$"`), 1)
	if bytes.Equal(loose, schema) {
		t.Fatal("the schema's id pattern was not found")
	}
	if err := os.WriteFile(p, loose, 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Load(context.Background(), project(t, base()), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	h, err := Load(context.Background(), head, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	d := Compare(b, h)
	found := false
	for _, f := range d.Findings.New {
		found = found || strings.Contains(f.Message, `id "Evil_Id" is not a valid id`)
	}
	if !found {
		t.Fatalf("no finding refuses the id whatever the schema says; new findings: %v", d.Findings.New)
	}
	out, _, _ := d.DOT()
	if err := render.CheckDOT(out); err != nil {
		t.Errorf("outside the safe subset: %v", err)
	}
	if strings.Contains(string(out), "Evil_Id") {
		t.Errorf("the entity with an invalid id is drawn:\n%s", out)
	}
}
