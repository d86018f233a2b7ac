package workflow

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/testenv"
)

// readme is the repository's README.
func readme(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestPackageMap: the README's package map names every package that go
// list finds, once each, and nothing else.
func TestPackageMap(t *testing.T) {
	text := readme(t)
	_, rest, ok := strings.Cut(text, "\n## Packages\n")
	if !ok {
		t.Fatal(`README.md has no "## Packages" section`)
	}
	_, block, _ := strings.Cut(rest, "```\n")
	block, _, _ = strings.Cut(block, "```")
	var mapped []string
	for line := range strings.Lines(block) {
		if f := strings.Fields(line); len(f) > 1 {
			mapped = append(mapped, f[0])
		}
	}

	cmd := exec.Command(testenv.Program(t, "go"), "list", "-f", "{{.ImportPath}}", "./...")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	module := modulePath(t)
	var listed []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		listed = append(listed, strings.TrimPrefix(strings.TrimPrefix(sc.Text(), module), "/"))
	}
	for _, p := range listed {
		if !slices.Contains(mapped, p) {
			t.Errorf("package %s is missing from the README's package map", p)
		}
	}
	seen := map[string]bool{}
	for _, p := range mapped {
		if !slices.Contains(listed, p) {
			t.Errorf("the README's package map names %s, which go list does not find", p)
		}
		if seen[p] {
			t.Errorf("the README's package map names %s twice", p)
		}
		seen[p] = true
	}
}

func modulePath(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(data)) {
		if m, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.TrimSpace(m)
		}
	}
	t.Fatal("go.mod has no module line")
	return ""
}

// TestReadmeFirstScreen: a newcomer finds what factgraph is, a picture,
// the two commands and the walkthrough before any reference material,
// and the README stays short; the reference is in docs/.
func TestReadmeFirstScreen(t *testing.T) {
	text := readme(t)
	if len(text) > 10<<10 {
		t.Errorf("README.md is %d bytes; keep it under 10 KiB and move reference to docs/", len(text))
	}
	order := []string{"# factgraph\n", "![", "## Two commands", "make test", "## Add a fact", "fmt -w", "check", "## Documentation"}
	at := 0
	for _, s := range order {
		i := strings.Index(text[at:], s)
		if i < 0 {
			t.Fatalf("README.md: %q missing, or not after what comes before it", s)
		}
		at += i + len(s)
	}
}

// mdLink matches a markdown link or image target; mdCode, code, where
// link syntax is text.
var (
	mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	mdCode = regexp.MustCompile("(?s)```.*?```|`[^`\n]*`")
)

// TestLinksStayInside: every relative link in the README and docs/ names
// a file of the repository, and nothing refers to material outside it.
func TestLinksStayInside(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	files = append(files, filepath.Join(root, "README.md"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mdLink.FindAllStringSubmatch(mdCode.ReplaceAllString(string(data), ""), -1) {
			target, _, _ := strings.Cut(m[1], "#")
			if target == "" || strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			p := filepath.Join(filepath.Dir(f), filepath.FromSlash(target))
			rel, err := filepath.Rel(root, p)
			if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				t.Errorf("%s links to %s, outside the repository", f, m[1])
				continue
			}
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%s links to %s, which does not exist", f, m[1])
			}
		}
	}
}
