package fact

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/factgraph/factgraph/internal/strictyaml"
)

// TestCodecRoundTrip: every shipped fact file, and files with findings,
// decode from the cache form to exactly what reading them gives.
func TestCodecRoundTrip(t *testing.T) {
	sch := factSchema(t)
	inputs := map[string][]byte{
		"facts/broken.yaml": []byte("id: a\nlabel: [A\n"),
		"facts/dup.yaml":    []byte("id: dup\nlabel: A\nlabel: B\n"),
		"facts/typo.yaml":   []byte("id: typo\ntype: Company\nlable: T\nstatements:\n  - predicate: ownedBy\n    object: Alibaba Group\n    sources: [x]\n"),
		"facts/everything.yaml": []byte("id: everything\ntype: Source\nlabel: E\naliases: [\"Ëve\", e]\ndescription: d\nurl: https://example.org/\npublisher: P\npublished: 2014-10\n" +
			"acknowledge:\n  - rule: alias-collision\n    reason: r\nstatements:\n  - predicate: holdsStakeIn\n    object: o\n    share: 33.5\n    from: 2001\n    to: 2002-03-04\n" +
			"    rank: deprecated\n    reason: old\n    sources: [s1, s2]\n    note: n\n    acknowledge:\n      - rule: share-sum\n        reason: r2\n  - predicate: founded\n    value: 2004\n    at: 2004\n  - predicate: category\n    value: \"2004-10\"\n"),
	}
	filepath.WalkDir("../../facts", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			inputs[p] = data
		}
		return err
	})
	for name, data := range inputs {
		e, fs, err := Read(name, data, sch, strictyaml.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		got, gotFs, err := decodeResult(name, encodeResult(name, e, fs))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, e) || !reflect.DeepEqual(gotFs, fs) {
			t.Errorf("%s: round trip differs:\n got %+v %v\nwant %+v %v", name, got, gotFs, e, fs)
		}
	}
}

// FuzzDecodeResult: no payload, however broken, makes the decoder panic
// or return something with a different encoding.
func FuzzDecodeResult(f *testing.F) {
	data, _ := os.ReadFile("../../facts/products/alipay.yaml")
	e, fs, _ := Read("a.yaml", data, mustSchema(f), strictyaml.DefaultLimits)
	f.Add(encodeResult("a.yaml", e, fs))
	f.Add([]byte{codecVersion, 0, 0})
	f.Fuzz(func(t *testing.T, payload []byte) {
		e, fs, err := decodeResult("a.yaml", payload)
		if err != nil {
			return
		}
		if again := encodeResult("a.yaml", e, fs); string(again) != string(payload) {
			// Not every payload is canonical (varints can be padded), but
			// a decoded result must encode and decode to itself.
			e2, fs2, err := decodeResult("a.yaml", again)
			if err != nil || !reflect.DeepEqual(e2, e) || !reflect.DeepEqual(fs2, fs) {
				t.Fatalf("decoded result does not round-trip: %v", err)
			}
		}
	})
}
