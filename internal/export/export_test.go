package export

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/factgraph/factgraph/internal/check"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/fixture"
	"github.com/factgraph/factgraph/internal/graph"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// pkgDir is the package directory, where go test starts; tests that load
// facts move to the repository root so that file paths in the output are
// the ones a build from the root writes.
var pkgDir, _ = os.Getwd()

// factSet is a set of fact files, loaded with the repository's schema.
type factSet struct {
	name  string
	paths []string // relative to the repository root
}

var (
	shipped  = factSet{"shipped", []string{"facts"}}
	hostile  = factSet{"hostile", []string{"internal/export/testdata/hostile"}}
	fixtures = []factSet{shipped, hostile}
)

// load checks the fixture with the repository's schema directory and
// fails on any error finding, since build only exports clean facts.
func load(t testing.TB, fx factSet) *graph.Graph {
	t.Helper()
	root := filepath.Join(pkgDir, "..", "..")
	res, err := check.Run(check.Options{SchemaDir: filepath.Join(root, "schema"), SchemaName: "schema", Base: root, Dirs: fx.paths, Limits: fact.DefaultLimits})
	if err != nil {
		t.Fatalf("loading %s: %v", fx.name, err)
	}
	for _, f := range res.Findings {
		if f.Severity == finding.Error {
			t.Errorf("%s: %s: %s [%s]", fx.name, f.Pos, f.Message, f.Rule)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	return res.Graph
}

// exportAll runs both exporters and returns their files by path.
func exportAll(t testing.TB, g *graph.Graph) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	tables, err := Tables(g)
	if err != nil {
		t.Fatalf("Tables: %v", err)
	}
	rdf, err := RDF(g)
	if err != nil {
		t.Fatalf("RDF: %v", err)
	}
	for _, f := range append(tables, rdf...) {
		if _, dup := out[f.Path]; dup {
			t.Fatalf("two files named %s", f.Path)
		}
		out[f.Path] = f.Data
	}
	return out
}

var outputFiles = []string{CSVMetadata, EntitiesCSV, StatementsCSV, NTriplesFile, TurtleFile}

func TestGolden(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			files := exportAll(t, load(t, fx))
			got := slices.Sorted(func(yield func(string) bool) {
				for p := range files {
					if !yield(p) {
						return
					}
				}
			})
			if want := slices.Sorted(slices.Values(outputFiles)); !slices.Equal(got, want) {
				t.Fatalf("files = %q, want %q", got, want)
			}
			for _, name := range outputFiles {
				golden := filepath.Join(pkgDir, "testdata", "golden", fx.name, name)
				fixture.Golden(t, golden, files[name], *update)
			}
		})
	}
}

// TestFileFormat checks what every output file promises: UTF-8 without a
// byte order mark, LF line endings only, a final newline.
func TestFileFormat(t *testing.T) {
	for _, fx := range fixtures {
		for name, data := range exportAll(t, load(t, fx)) {
			switch {
			case len(data) == 0:
				t.Errorf("%s/%s is empty", fx.name, name)
			case !utf8.Valid(data):
				t.Errorf("%s/%s is not valid UTF-8", fx.name, name)
			case bytes.HasPrefix(data, []byte("\ufeff")):
				t.Errorf("%s/%s starts with a byte order mark", fx.name, name)
			case bytes.ContainsRune(data, '\r'):
				t.Errorf("%s/%s contains CR", fx.name, name)
			case !bytes.HasSuffix(data, []byte("\n")) || bytes.HasSuffix(data, []byte("\n\n")):
				t.Errorf("%s/%s does not end in exactly one newline", fx.name, name)
			}
		}
	}
}

// TestSameBytesEverywhere exports twice in one process and compares, then
// reruns the golden test in a child process with another time zone,
// locale and core count: the golden files are the reference for every
// machine.
func TestSameBytesEverywhere(t *testing.T) {
	for _, fx := range fixtures {
		a, b := exportAll(t, load(t, fx)), exportAll(t, load(t, fx))
		for name := range a {
			if !bytes.Equal(a[name], b[name]) {
				t.Errorf("%s/%s differs between two runs", fx.name, name)
			}
		}
	}
	if os.Getenv("FACTGRAPH_EXPORT_CHILD") != "" || *update {
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestGolden$", "-test.count=1")
	cmd.Dir = pkgDir
	cmd.Env = append(os.Environ(), "FACTGRAPH_EXPORT_CHILD=1", "TZ=Pacific/Chatham", "LANG=tr_TR.UTF-8",
		"LC_ALL=tr_TR.UTF-8", "GOMAXPROCS=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("golden test under TZ=Pacific/Chatham LC_ALL=tr_TR.UTF-8 GOMAXPROCS=1: %v\n%s", err, out)
	}
}
