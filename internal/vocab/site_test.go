package vocab_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/fixture"
	"github.com/factgraph/factgraph/internal/vocab"
)

func TestShippedSite(t *testing.T) {
	v, fs, err := vocab.Load(fixture.Schema(), "schema")
	if err != nil {
		t.Fatalf("%v %v", err, fs)
	}
	if v.Site.Title == "" || v.Site.Description == "" || v.Site.Repository != "" || v.Site.Branch != "main" {
		t.Errorf("site = %+v", v.Site)
	}
}

// TestSiteSection: the site section is optional, and its values are
// checked by vocabulary.schema.json.
func TestSiteSection(t *testing.T) {
	shipped, err := os.ReadFile(filepath.Join(fixture.Schema(), vocab.VocabularyFile))
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(shipped), "\nsite:\n")
	end := strings.Index(string(shipped), "\ntypes:\n")
	if start < 0 || end < start {
		t.Fatal("no site section in the shipped vocabulary")
	}
	without := string(shipped[:start]) + string(shipped[end:])
	for _, tc := range []struct {
		name, site string
		want       vocab.Site // zero: refused
	}{
		{name: "absent", want: vocab.DefaultSite},
		{name: "repository", site: "site:\n  title: T\n  description: D\n  repository: https://github.com/org/facts\n  branch: release/1\n",
			want: vocab.Site{Title: "T", Description: "D", Repository: "https://github.com/org/facts", Branch: "release/1"}},
		{name: "http repository", site: "site:\n  title: T\n  description: D\n  repository: http://github.com/org/facts\n"},
		{name: "script repository", site: "site:\n  title: T\n  description: D\n  repository: \"javascript:alert(1)\"\n"},
		{name: "no title", site: "site:\n  description: D\n"},
		{name: "unknown key", site: "site:\n  title: T\n  description: D\n  logo: x.png\n"},
		{name: "title with a line break", site: "site:\n  title: \"a\\nb\"\n  description: D\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			fixture.CopyTree(t, fixture.Schema(), dir)
			if err := os.WriteFile(filepath.Join(dir, vocab.VocabularyFile), []byte(tc.site+without), 0o644); err != nil {
				t.Fatal(err)
			}
			v, fs, err := vocab.Load(dir, "schema")
			if tc.want == (vocab.Site{}) {
				if !errors.Is(err, vocab.ErrInvalid) || len(fs) == 0 {
					t.Errorf("accepted (err %v)", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v %v", err, fs)
			}
			if v.Site != tc.want {
				t.Errorf("site = %+v, want %+v", v.Site, tc.want)
			}
		})
	}
}
