package workflow

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/factgraph/factgraph/internal/gittest"
	"github.com/factgraph/factgraph/internal/testenv"
)

// buildFactgraph builds the tool once for the hook tests.
func buildFactgraph(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "factgraph")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/factgraph/factgraph/cmd/factgraph").CombinedOutput()
	if err != nil {
		t.Fatalf("building factgraph: %v\n%s", err, out)
	}
	return bin
}

// TestPreCommitHook runs .githooks/pre-commit in a repository of the
// shipped facts: it passes on clean facts, and stops a commit with a
// badly laid out fact file or a dangling reference.
func TestPreCommitHook(t *testing.T) {
	testenv.Program(t, "git")
	testenv.Program(t, "bash")
	bin := buildFactgraph(t)
	dir := t.TempDir()
	for _, d := range []string{"facts", "schema", ".githooks"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join(root, d))); err != nil {
			t.Fatal(err)
		}
	}
	gittest.Run(t, dir, "init", "-q", "-b", "main")
	gittest.Run(t, dir, "add", ".")
	gittest.Run(t, dir, "commit", "-q", "-m", "start")
	hook := func() (int, string) {
		cmd := exec.Command("bash", filepath.Join(dir, ".githooks", "pre-commit"))
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "FACTGRAPH="+bin)
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		} else if err != nil {
			t.Fatal(err)
		}
		return 0, string(out)
	}
	alipay := filepath.Join(dir, "facts", "products", "alipay.yaml")
	orig, _ := os.ReadFile(alipay)

	if code, out := hook(); code != 0 {
		t.Fatalf("nothing staged: exit %d\n%s", code, out)
	}
	os.WriteFile(alipay, []byte(strings.Replace(string(orig), "label: Alipay", "label: 'Alipay'", 1)), 0o644)
	gittest.Run(t, dir, "add", ".")
	if code, out := hook(); code == 0 || !strings.Contains(out, "facts/products/alipay.yaml") {
		t.Errorf("unformatted file: exit %d\n%s", code, out)
	}
	os.WriteFile(alipay, []byte(strings.Replace(string(orig), "object: ant-group", "object: ant-groop", 1)), 0o644)
	gittest.Run(t, dir, "add", ".")
	if code, out := hook(); code == 0 || !strings.Contains(out, `no entity has id "ant-groop"`) {
		t.Errorf("dangling reference: exit %d\n%s", code, out)
	}
	os.WriteFile(alipay, orig, 0o644)
	gittest.Run(t, dir, "add", ".")
	if code, out := hook(); code != 0 {
		t.Errorf("clean again: exit %d\n%s", code, out)
	}
}

// TestPreCommitHooksDefinition checks .pre-commit-hooks.yaml: the two
// hooks exist, and their entries are commands the tool accepts on the
// shipped facts.
func TestPreCommitHooksDefinition(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID, Entry, Language, Files string
		PassFilenames              *bool `yaml:"pass_filenames"`
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range hooks {
		ids = append(ids, h.ID)
	}
	if !slices.Equal(ids, []string{"factgraph-fmt", "factgraph-check"}) {
		t.Fatalf("hook ids %v", ids)
	}
	bin := buildFactgraph(t)
	for _, h := range hooks {
		f := strings.Fields(h.Entry)
		if f[0] != "factgraph" || h.Language != "golang" || h.Files == "" || h.PassFilenames == nil {
			t.Errorf("hook %s: %+v", h.ID, h)
			continue
		}
		args := f[1:]
		if *h.PassFilenames {
			args = append(args, filepath.Join("facts", "products", "alipay.yaml"))
		}
		cmd := exec.Command(bin, args...)
		cmd.Dir = root
		if h.ID == "factgraph-fmt" {
			// -w must not touch the shipped facts: check with -l instead.
			cmd = exec.Command(bin, append([]string{"fmt", "-l"}, args[2:]...)...)
			cmd.Dir = root
		}
		if out, err := cmd.CombinedOutput(); err != nil || (h.ID == "factgraph-fmt" && len(out) > 0) {
			t.Errorf("hook %s: %v\n%s", h.ID, err, out)
		}
	}
}
