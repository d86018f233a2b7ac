package diff

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goldenDiff is one fixed change that touches every part of a diff:
// statements added, removed and changed (dates, sources), a changed
// entity field, an added and a removed entity, new findings (one with
// related locations), a fixed finding and one that was already there.
func goldenDiff(t *testing.T) *Diff {
	t.Helper()
	taobao := "id: taobao\ntype: Marketplace\nlabel: Taobao\nstatements:\n" +
		"  - predicate: sellz\n    value: things\n" // unknown-predicate on both sides
	oldCo := "id: old-co\ntype: Company\nlabel: Old Co\nstatements:\n  - predicate: partnerOf\n    object: alipay\n    sources: [src]\n"
	b := with(base(),
		"products/taobao.yaml", taobao+"  - predicate: usesPaymentPlatform\n    object: alipay\n", // missing-source, fixed in head
		"organizations/old-co.yaml", oldCo)
	h := with(b,
		"products/alipay.yaml", strings.Replace(strings.Replace(alipay,
			"from: 2014\n", "from: 2015\n", 1),
			"  - predicate: founded\n    value: 2004\n    sources: [src]\n", "", 1)+
			"  - predicate: category\n    value: digital wallet\n    sources: [src2]\n",
		"organizations/ant-group.yaml", strings.Replace(antGroup, "Ant Group", "Ant Financial", 1),
		"products/taobao.yaml", taobao+"  - predicate: usesPaymentPlatform\n    object: alipay\n    sources: [src]\n"+
			"  - predicate: operatedBy\n    object: alibaba-group\n    sources: [src]\n"+
			"  - predicate: operatedBy\n    object: ant-group\n    sources: [src]\n", // functional-conflict, new
		"organizations/old-co.yaml", "",
		"products/yuebao.yaml", "id: yuebao\ntype: PaymentPlatform\nlabel: Yu'e Bao\nstatements:\n"+
			"  - predicate: ownedBy\n    object: ant-group\n    from: 2013\n", // missing-source, new
	)
	d := compare(t, b, h)
	// The sides are temporary directories; name them as a revision and
	// the working tree would be named, with a fixed commit.
	d.Base.Name, d.Base.Commit = "main", "0123456789abcdef0123456789abcdef01234567"
	d.Head.Name, d.Head.Commit = "working tree", ""
	return d
}

// TestFormatGolden compares every diff format but dot (see
// TestDOTGolden) with a golden file, byte for byte.
func TestFormatGolden(t *testing.T) {
	d := goldenDiff(t)
	c := d.Counts()
	if c.StatementsAdded == 0 || c.StatementsRemoved == 0 || c.StatementsChanged == 0 || c.EntitiesAdded == 0 ||
		c.EntitiesRemoved == 0 || c.EntitiesChanged == 0 || c.FindingsNew == 0 || c.FindingsFixed == 0 || c.FindingsExisting == 0 {
		t.Fatalf("the golden diff does not cover every kind of change: %+v", c)
	}
	for _, tc := range []struct{ format, file string }{
		{"text", "diff.txt"}, {"markdown", "diff.md"}, {"json", "diff.json"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			var out bytes.Buffer
			if err := Formats[tc.format].Write(&out, d); err != nil {
				t.Fatal(err)
			}
			// The projects were written under the temporary directory.
			if tmp := filepath.Clean(os.TempDir()); strings.Contains(out.String(), tmp+string(filepath.Separator)) {
				t.Errorf("%s output holds a path under %s, which depends on the machine and the run", tc.format, tmp)
			}
			golden(t, "golden/"+tc.file, out.Bytes())
		})
	}
}
