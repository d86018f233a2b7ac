package check

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/vocab"
)

// TestVocabulary checks each testdata/vocab/*.yaml as the vocabulary of a
// schema directory: every problem is a positioned finding and the run
// stops with a ConfigError, before any fact file is read.
func TestVocabulary(t *testing.T) {
	cases, err := filepath.Glob("testdata/vocab/*.yaml")
	if err != nil || len(cases) == 0 {
		t.Fatal("no vocabulary cases", err)
	}
	for _, file := range cases {
		t.Run(filepath.Base(file), func(t *testing.T) {
			dir := t.TempDir()
			for _, name := range []string{vocab.FactSchema, vocab.VocabularySchema} {
				copyFile(t, filepath.Join(schemaDir, name), filepath.Join(dir, name))
			}
			copyFile(t, file, filepath.Join(dir, vocab.VocabularyFile))
			_, err := Run(Options{SchemaDir: dir, SchemaName: dir, Base: ".", Dirs: []string{"testdata/common"}, Limits: fact.DefaultLimits})
			var cfg *ConfigError
			if !errors.As(err, &cfg) || !errors.Is(err, vocab.ErrInvalid) {
				t.Fatalf("Run error = %v, want a ConfigError wrapping vocab.ErrInvalid", err)
			}
			wants, _ := parseExpectations(t, file)
			used := make([]bool, len(wants))
			for _, f := range cfg.Findings {
				f.File = filepath.ToSlash(file) // findings name the copy
				i := indexUnused(wants, used, f)
				if i < 0 {
					t.Errorf("unexpected finding: %s", f)
					continue
				}
				used[i] = true
			}
			for i, w := range wants {
				if !used[i] {
					t.Errorf("%s:%d: missing finding %s %q", w.file, w.line, w.rule, w.re)
				}
			}
		})
	}
}

func indexUnused(wants []expectation, used []bool, f finding.Finding) int {
	for i, w := range wants {
		if !used[i] && w.matches(f) {
			return i
		}
	}
	return -1
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

var _ = strings.TrimSpace
