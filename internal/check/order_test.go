package check

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
)

// TestOrderIndependence checks that findings do not depend on the order
// files are read in or on the number of workers: every rule case is
// copied with its files scattered over directories named so that they
// sort differently, and checked with one worker and with several. Findings
// must be equal once file paths are reduced to file names.
func TestOrderIndependence(t *testing.T) {
	dirs, err := os.ReadDir("testdata/rules")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if !d.IsDir() || d.Name() == "references" || d.Name() == "yaml" {
			continue // these cases depend on paths on purpose (duplicate ids, file problems)
		}
		t.Run(d.Name(), func(t *testing.T) {
			src := filepath.Join("testdata/rules", d.Name())
			want := normalised(t, src, 0)
			for seed := 1; seed <= 3; seed++ {
				dst := t.TempDir()
				scatter(t, src, dst, seed)
				for _, procs := range []int{1, 8} {
					prev := runtime.GOMAXPROCS(procs)
					got := normalised(t, dst, seed)
					runtime.GOMAXPROCS(prev)
					if !slices.Equal(got, want) {
						t.Fatalf("seed %d, GOMAXPROCS %d: findings differ\ngot:\n%s\nwant:\n%s",
							seed, procs, strings.Join(got, "\n"), strings.Join(want, "\n"))
					}
				}
			}
		})
	}
}

// scatter copies the files of src into subdirectories of dst whose names
// reverse, rotate or keep the original order, depending on seed.
func scatter(t *testing.T, src, dst string, seed int) {
	t.Helper()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range entries {
		var sub string
		switch seed {
		case 1:
			sub = fmt.Sprintf("%03d", len(entries)-i) // reverse order
		case 2:
			sub = fmt.Sprintf("%03d", (i+len(entries)/2)%len(entries)) // rotated
		default:
			sub = fmt.Sprintf("x/%03d/y", i%3) // interleaved, deeper
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(dst, sub, e.Name())
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// normalised runs the check and prints its findings with file paths
// reduced to base names, sorted.
func normalised(t *testing.T, dir string, _ int) []string {
	t.Helper()
	common, err := filepath.Abs("testdata/common")
	if err != nil {
		t.Fatal(err)
	}
	if dir, err = filepath.Abs(dir); err != nil {
		t.Fatal(err)
	}
	res, err := Run(Options{SchemaDir: schemaDir, SchemaName: "schema", Base: "/", Dirs: []string{common, dir}, Limits: fact.DefaultLimits})
	if err != nil {
		t.Fatal(err)
	}
	base := func(p finding.Pos) string { p.File = path.Base(p.File); return p.String() }
	var out []string
	for _, f := range res.Findings {
		s := fmt.Sprintf("%s %s %s %s", base(f.Pos), f.Severity, f.Rule, f.Message)
		for _, r := range f.Related {
			s += fmt.Sprintf(" | %s %s", base(r.Pos), r.Message)
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}
