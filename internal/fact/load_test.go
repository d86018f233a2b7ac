package fact

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/project"
	"github.com/factgraph/factgraph/internal/schema"
)

func factSchema(t *testing.T) *schema.Schema { return mustSchema(t) }

func mustSchema(t testing.TB) *schema.Schema {
	t.Helper()
	data, err := os.ReadFile("../../schema/fact.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := schema.Compile("fact.schema.json", data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// load walks dir and loads its fact files.
func load(t *testing.T, dir string, lim Limits) (*Set, finding.List, error) {
	t.Helper()
	tree, fs, err := lim.Walk(dir, []string{"."})
	if err != nil {
		return nil, nil, err
	}
	defer tree.Close()
	set, lfs, err := Load(tree, factSchema(t), lim, nil)
	return set, append(fs, lfs...), err
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func hasFinding(fs finding.List, file, rule, msg string) bool {
	for _, f := range fs {
		if strings.HasSuffix(f.File, file) && f.Rule == rule && strings.Contains(f.Message, msg) {
			return true
		}
	}
	return false
}

// TestInputFiles covers what the loader refuses before reading: links,
// special files and wrong extensions. None of them is followed or read.
func TestInputFiles(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write(t, filepath.Join(outside, "secret.yaml"), "id: secret\ntype: Company\nlabel: Secret\n")
	write(t, filepath.Join(dir, "good.yaml"), "id: good\ntype: Company\nlabel: Good\n")
	write(t, filepath.Join(dir, "old.yml"), "id: old\ntype: Company\nlabel: Old\n")
	write(t, filepath.Join(dir, "README.md"), "not a fact file\n")
	write(t, filepath.Join(dir, ".git", "x.yaml"), "ignored: true\n")
	if err := os.Symlink(filepath.Join(outside, "secret.yaml"), filepath.Join(dir, "leak.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("good.yaml", filepath.Join(dir, "dup.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "more")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}

	set, fs, err := load(t, dir, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct{ file, msg string }{
		{"leak.yaml", "symlinks are not followed"},
		{"dup.yaml", "symlinks are not followed"},
		{"more", "symlinks are not followed"},
		{"pipe.yaml", "not a regular file"},
		{"old.yml", "must end in .yaml"},
	} {
		if !hasFinding(fs, want.file, project.Input.Name, want.msg) {
			t.Errorf("no %s finding for %s; findings: %v", project.Input.Name, want.file, fs)
		}
	}
	if len(fs) != 5 {
		t.Errorf("got %d findings, want 5: %v", len(fs), fs)
	}
	if set.Files != 1 || len(set.Entities) != 1 || set.Entities[0].ID.Value != "good" {
		t.Errorf("loaded %d files, entities %v; want only good.yaml", set.Files, set.Entities)
	}
}

func TestMissingPath(t *testing.T) {
	_, _, err := load(t, filepath.Join(t.TempDir(), "nope"), DefaultLimits)
	if err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("Load of a missing path: err = %v", err)
	}
}

// TestLimits checks that the total-size and file-count limits stop the
// load with a finding rather than reading on.
func TestLimits(t *testing.T) {
	dir := t.TempDir()
	for _, id := range []string{"a", "b", "c"} {
		write(t, filepath.Join(dir, id+".yaml"), "id: "+id+"\ntype: Company\nlabel: "+id+"\n")
	}
	lim := DefaultLimits
	lim.MaxFiles = 2
	_, fs, err := load(t, dir, lim)
	if err != nil {
		t.Fatal(err)
	}
	if !hasFinding(fs, "c.yaml", "limit", "more than 2 fact files") {
		t.Errorf("no file-count limit finding: %v", fs)
	}
	lim = DefaultLimits
	lim.MaxTotal = 50 // each file is 29 bytes
	_, fs, err = load(t, dir, lim)
	if err != nil {
		t.Fatal(err)
	}
	if !hasFinding(fs, "b.yaml", "limit", "total more than 50 bytes") {
		t.Errorf("no total-size limit finding: %v", fs)
	}
}

// TestStatementLimit: past the statement limit the rest is not read, the
// cut falls at the same statement whatever the number of workers, and
// the ids of the files not read still count as known.
func TestStatementLimit(t *testing.T) {
	dir := t.TempDir()
	for _, id := range []string{"a", "b", "c", "d"} {
		st := "statements:\n" + strings.Repeat("  - predicate: ownedBy\n    object: a\n", 3)
		write(t, filepath.Join(dir, id+".yaml"), "id: "+id+"\ntype: Company\nlabel: "+id+"\n"+st)
	}
	lim := DefaultLimits
	lim.MaxStatements = 7
	for _, procs := range []int{1, 2, 8} {
		prev := runtime.GOMAXPROCS(procs)
		set, fs, err := load(t, dir, lim)
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != 1 || !hasFinding(fs, "c.yaml", "limit", "more than 7 statements in all") || fs[0].Line != 7 {
			t.Fatalf("GOMAXPROCS=%d: findings %v, want one limit finding at c.yaml:7, c's second statement", procs, fs)
		}
		n := 0
		for _, e := range set.Entities {
			n += len(e.Statements)
		}
		if len(set.Entities) != 3 || n != 7 {
			t.Errorf("GOMAXPROCS=%d: %d entities with %d statements, want 3 with 7", procs, len(set.Entities), n)
		}
		if _, ok := set.Broken["d"]; !ok {
			t.Errorf("GOMAXPROCS=%d: d, not read, is not known: %v", procs, set.Broken)
		}
	}
}

// TestDatesStayText proves an unquoted YAML date is never turned into a
// timestamp: the value keeps its source text through decoding.
func TestDatesStayText(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "d.yaml"), "id: d\ntype: Company\nlabel: D\nstatements:\n  - predicate: founded\n    value: 2014-10-16\n  - predicate: ownedBy\n    object: x\n    from: 2014-10-16\n")
	set, fs, err := load(t, dir, DefaultLimits)
	if err != nil || len(fs) > 0 {
		t.Fatal(err, fs)
	}
	st := set.Entities[0].Statements
	if st[0].Value.Value != "2014-10-16" || st[0].Value.Number {
		t.Errorf("value = %+v, want the text 2014-10-16", st[0].Value)
	}
	if got := st[1].From.String(); got != "2014-10-16" {
		t.Errorf("from = %q", got)
	}
}
