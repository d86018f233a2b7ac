package workflow

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/factgraph/factgraph/internal/testenv"
)

const root = "../.."

func workflows(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, ".github", "workflows", "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflow files: %v", err)
	}
	return files
}

// TestActionlint runs actionlint (a tool directive in go.mod: go tool
// actionlint) on every workflow file.
func TestActionlint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds actionlint")
	}
	version := exec.Command(testenv.Program(t, "go"), "tool", "actionlint", "-version")
	version.Dir = root
	if out, err := version.CombinedOutput(); err != nil {
		testenv.Missing(t, "go tool actionlint ("+strings.TrimSpace(string(out))+")")
	}

	rel := []string{}
	for _, f := range workflows(t) {
		r, _ := filepath.Rel(root, f)
		rel = append(rel, r)
	}
	cmd := exec.Command("go", append([]string{"tool", "actionlint", "-no-color"}, rel...)...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("actionlint: %v\n%s", err, out)
	}
}

type step struct {
	Name string            `yaml:"name"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
	Dir  string            `yaml:"working-directory"`
}

type job struct {
	Permissions map[string]string `yaml:"permissions"`
	Timeout     int               `yaml:"timeout-minutes"`
	RunsOn      string            `yaml:"runs-on"`
	Steps       []step            `yaml:"steps"`
}

type workflow struct {
	On          map[string]any    `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Jobs        map[string]job    `yaml:"jobs"`
}

var pinned = regexp.MustCompile(`^[a-z0-9-]+/[a-z0-9._/-]+@[0-9a-f]{40}$`)

// TestHardening holds every workflow to the rules of a gate that
// strangers' pull requests run (docs/gate.md, "Protecting the gate").
func TestHardening(t *testing.T) {
	for _, f := range workflows(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var w workflow
		if err := yaml.Unmarshal(data, &w); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		name := filepath.Base(f)
		for _, ev := range []string{"pull_request_target", "workflow_run", "issue_comment"} {
			if _, ok := w.On[ev]; ok {
				t.Errorf("%s: triggered by %s, which runs with the base repository's privileges", name, ev)
			}
		}
		if len(w.Permissions) != 1 || w.Permissions["contents"] != "read" {
			t.Errorf("%s: top-level permissions %v, want contents: read only", name, w.Permissions)
		}
		if bytes.Contains(data, []byte("secrets.")) {
			t.Errorf("%s: uses secrets", name)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if _, uses, ok := strings.Cut(line, "uses: "); ok {
				ref, comment, _ := strings.Cut(uses, " # ")
				if !pinned.MatchString(strings.TrimSpace(ref)) || !regexp.MustCompile(`^v\d+(\.\d+)*$`).MatchString(strings.TrimSpace(comment)) {
					t.Errorf("%s: %q is not pinned to a full commit SHA with its version in a comment", name, strings.TrimSpace(line))
				}
			}
		}
		for id, j := range w.Jobs {
			if j.Timeout <= 0 || j.Timeout > 60 {
				t.Errorf("%s: job %s: timeout-minutes %d", name, id, j.Timeout)
			}
			if strings.Contains(j.RunsOn, "self-hosted") {
				t.Errorf("%s: job %s runs on a self-hosted runner", name, id)
			}
			uses := func(action string) bool {
				return slices.ContainsFunc(j.Steps, func(s step) bool { return strings.HasPrefix(s.Uses, action+"@") })
			}
			for perm, level := range j.Permissions {
				switch {
				case level == "read" || level == "none":
				case perm == "security-events" && uses("github/codeql-action/upload-sarif"):
				case (perm == "pages" || perm == "id-token") && uses("actions/deploy-pages"):
				default:
					t.Errorf("%s: job %s has %s: %s without needing it", name, id, perm, level)
				}
			}
			for _, s := range j.Steps {
				if strings.Contains(s.Run, "${{") {
					t.Errorf("%s: job %s, step %q: ${{ }} inside run: (pass it through env:)", name, id, s.Name)
				}
				if strings.HasPrefix(s.Uses, "actions/checkout@") && s.With["persist-credentials"] != "false" {
					t.Errorf("%s: job %s: checkout without persist-credentials: false", name, id)
				}
				if strings.HasPrefix(s.Uses, "actions/setup-go@") && s.With["cache"] != "false" {
					t.Errorf("%s: job %s: setup-go with a cache a pull request could seed", name, id)
				}
			}
		}
	}
}

// TestGateUsesTrustedChecker: the job that judges the facts builds the
// checker from the trusted commit and takes the schema from there too.
func TestGateUsesTrustedChecker(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, ".github", "workflows", "gate.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(data, &w); err != nil {
		t.Fatal(err)
	}
	j, ok := w.Jobs["facts"]
	if !ok {
		t.Fatal("no facts job")
	}
	var script strings.Builder
	built := false
	for _, s := range j.Steps {
		script.WriteString(s.Run + "\n")
		if strings.Contains(s.Run, "go build") {
			built = s.Dir == "${{ runner.temp }}/trusted"
		}
	}
	all := script.String()
	for _, want := range []string{
		`git worktree add --detach "$RUNNER_TEMP/trusted" "$trusted"`,
		`fmt -l facts`,
		`check --schema "$RUNNER_TEMP/trusted/schema" --format sarif`,
		`check --schema "$RUNNER_TEMP/trusted/schema" --format github`,
		`diff --format markdown`,
		`>> "$GITHUB_STEP_SUMMARY"`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the facts job does not run %q", want)
		}
	}
	if !built {
		t.Error("the checker is not built in the trusted worktree")
	}
	for _, s := range j.Steps {
		if strings.Contains(s.Run, "factgraph\" ") && strings.Contains(s.Run, "go run") {
			t.Errorf("step %q runs the pull request's code", s.Name)
		}
	}
	// Any output with fact text in it is printed between stop-commands.
	if n := strings.Count(string(data), `echo "::stop-commands::$token"`); n == 0 || n != strings.Count(string(data), `echo "::$token::"`) {
		t.Error("unbalanced stop-commands")
	}
}

// TestCodeOwners: the gate's own files need a code owner's review.
func TestCodeOwners(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, ".github", "CODEOWNERS"))
	if err != nil {
		t.Fatal(err)
	}
	owned := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && !strings.HasPrefix(f[0], "#") {
			owned[f[0]] = true
		}
	}
	for _, p := range []string{"/.github/", "/schema/", "/cmd/", "/internal/", "/go.mod", "/Makefile"} {
		if !owned[p] {
			t.Errorf("CODEOWNERS does not cover %s", p)
		}
	}
}
