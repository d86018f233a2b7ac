package check

import (
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/factgraph/factgraph/internal/cache"
	"github.com/factgraph/factgraph/internal/corpus"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/vocab"
)

// TestCacheNeverChangesFindings: whatever state the cache is in (cold,
// warm, corrupted, written by another codec or for another schema, or
// filled by two runs at once), the findings are those of a run without
// it.
func TestCacheNeverChangesFindings(t *testing.T) {
	base := t.TempDir()
	size := corpus.ForStatements(3_000, 5)
	if err := corpus.Write(filepath.Join(base, "facts"), size); err != nil {
		t.Fatal(err)
	}
	// A few files with findings of every stage, so cached findings are
	// compared too.
	broken := map[string]string{
		"facts/x/syntax.yaml":   "id: syntax\nlabel: [A\n",
		"facts/x/typo.yaml":     "id: typo\ntype: Company\nlable: T\nstatements:\n  - predicate: ownedBy\n    object: Some Label\n    sources: [source-1]\n",
		"facts/x/dangling.yaml": "id: dangling\ntype: Company\nlabel: D\nstatements:\n  - predicate: ownedBy\n    object: nobody\n",
	}
	for name, text := range broken {
		p := filepath.Join(base, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(text), 0o644)
	}
	run := func(c *cache.Cache) finding.List {
		t.Helper()
		res, err := Run(Options{SchemaDir: schemaDir, SchemaName: "schema", Base: base, Dirs: []string{"facts"}, Limits: fact.DefaultLimits, Cache: c})
		if err != nil {
			t.Fatal(err)
		}
		return res.Findings
	}
	want := run(nil)
	if len(want) < size.Conflicts+3 {
		t.Fatalf("only %d findings", len(want))
	}
	dir := t.TempDir()
	open := func() *cache.Cache {
		c, err := cache.Open(dir, cache.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	same := func(what string, got finding.List) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: findings differ from a run without the cache (%d vs %d)", what, len(got), len(want))
		}
	}

	cold := open()
	same("cold", run(cold))
	if s := cold.Stats(); s.PackHits+s.LooseHits != 0 || s.Puts == 0 {
		t.Errorf("cold run: %v", s)
	}
	warm := open()
	same("warm", run(warm))
	if s := warm.Stats(); s.PackHits == 0 || s.Misses != 0 {
		t.Errorf("warm run: %v", s)
	}

	// Corrupt every pack and loose entry in many places.
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		for i := 7; i < len(data); i += 97 {
			data[i] ^= 0x5a
		}
		return os.WriteFile(p, data, 0o600)
	})
	corrupted := open()
	same("corrupted", run(corrupted))
	if s := corrupted.Stats(); s.PackHits != 0 {
		t.Errorf("corrupted pack served %d hits", s.PackHits)
	}

	// Entries under the right keys whose payload is another version of
	// the codec: each is a miss, never decoded as this version.
	foreign := t.TempDir()
	fc, _ := cache.Open(foreign, cache.Options{})
	v, _, err := vocab.Load(schemaDir, "schema")
	if err != nil {
		t.Fatal(err)
	}
	keyOf := fact.NewCache(fc, v.Hash)
	var keys []cache.Key
	filepath.WalkDir(filepath.Join(base, "facts"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(base, p)
		keys = append(keys, keyOf.Key(filepath.ToSlash(rel), data))
		return nil
	})
	for _, k := range keys {
		fc.Put(k, []byte{0xff, 1, 2, 3})
	}
	fc2, _ := cache.Open(foreign, cache.Options{})
	before := fc2.Stats()
	res, err := Run(Options{SchemaDir: schemaDir, SchemaName: "schema", Base: base, Dirs: []string{"facts"}, Limits: fact.DefaultLimits, Cache: fc2})
	if err != nil {
		t.Fatal(err)
	}
	same("another codec version", res.Findings)
	if s := fc2.Stats(); s.LooseHits-before.LooseHits != int64(len(keys)) {
		t.Errorf("the foreign entries were not read (%v), so the test proves nothing", s)
	}

	// Two runs at once on one cache, then a warm run after them.
	shared := t.TempDir()
	var wg sync.WaitGroup
	results := make([]finding.List, 2)
	for i := range results {
		wg.Go(func() {
			c, _ := cache.Open(shared, cache.Options{})
			res, err := Run(Options{SchemaDir: schemaDir, SchemaName: "schema", Base: base, Dirs: []string{"facts"}, Limits: fact.DefaultLimits, Cache: c})
			if err == nil {
				results[i] = res.Findings
			}
		})
	}
	wg.Wait()
	for i, r := range results {
		same("concurrent run "+string(rune('A'+i)), r)
	}
	after, _ := cache.Open(shared, cache.Options{})
	same("after concurrent runs", run(after))
}
