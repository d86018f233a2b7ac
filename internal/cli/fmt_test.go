package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run runs the CLI in process with injected streams.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	c := &CLI{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb}
	code = c.Run(args)
	return code, out.String(), errb.String()
}

const (
	messy = "type: Company\nid: acme\nlabel: 'Acme'\naliases:\n  - ACME\nstatements:\n  - sources: [src]\n    object: other\n    predicate: ownedBy\n    from: \"2004\"\n"
	tidy  = "id: acme\ntype: Company\nlabel: Acme\naliases: [ACME]\nstatements:\n  - predicate: ownedBy\n    object: other\n    from: 2004\n    sources: [src]\n"
)

func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestFmt(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, "facts/orgs/acme.yaml", messy, 0o600)
	writeFile(t, "facts/orgs/tidy.yaml", tidy, 0o644)
	writeFile(t, "facts/.hidden/skipped.yaml", messy, 0o644)
	writeFile(t, "facts/notes.txt", messy, 0o644)

	t.Run("no flag prints the canonical layout", func(t *testing.T) {
		code, out, errs := run(t, "fmt", "facts/orgs/acme.yaml")
		if code != ExitOK || out != tidy || errs != "" {
			t.Errorf("code %d, stdout %q, stderr %q", code, out, errs)
		}
	})
	t.Run("-l lists the files that differ, PATH defaults to facts", func(t *testing.T) {
		code, out, errs := run(t, "fmt", "-l")
		if code != ExitOK || out != "facts/orgs/acme.yaml\n" || errs != "" {
			t.Errorf("code %d, stdout %q, stderr %q", code, out, errs)
		}
	})
	t.Run("-d prints a unified diff", func(t *testing.T) {
		code, out, _ := run(t, "fmt", "-d", "facts")
		if code != ExitOK || !strings.HasPrefix(out, "--- a/facts/orgs/acme.yaml\n+++ b/facts/orgs/acme.yaml\n@@ -1,10 +1,9 @@\n") ||
			!strings.Contains(out, "\n-  - ACME\n") || !strings.Contains(out, "\n+aliases: [ACME]\n") {
			t.Errorf("code %d, diff:\n%s", code, out)
		}
		if readFile(t, "facts/orgs/acme.yaml") != messy {
			t.Error("-d changed the file")
		}
	})
	t.Run("-w rewrites, keeps the mode, and is idempotent", func(t *testing.T) {
		code, out, errs := run(t, "fmt", "-w", "-l", "facts")
		if code != ExitOK || out != "facts/orgs/acme.yaml\n" || errs != "" {
			t.Fatalf("code %d, stdout %q, stderr %q", code, out, errs)
		}
		if got := readFile(t, "facts/orgs/acme.yaml"); got != tidy {
			t.Errorf("rewritten to %q", got)
		}
		if info, _ := os.Stat("facts/orgs/acme.yaml"); info.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want 0600", info.Mode().Perm())
		}
		if readFile(t, "facts/.hidden/skipped.yaml") != messy {
			t.Error("a hidden directory was formatted")
		}
		entries, _ := os.ReadDir("facts/orgs")
		if len(entries) != 2 {
			t.Errorf("temporary files left behind: %v", entries)
		}
		code, out, _ = run(t, "fmt", "-l", "facts")
		if code != ExitOK || out != "" {
			t.Errorf("second -l: code %d, stdout %q", code, out)
		}
	})
}

// TestFmtNeverRewritesBrokenFiles: a file that does not parse is reported
// at its position with exit 1 and left byte for byte as it was, while the
// other files are still formatted.
func TestFmtNeverRewritesBrokenFiles(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	broken := map[string]string{
		"facts/dup.yaml":    "id: a\nlabel: A\nlabel: B\n",
		"facts/alias.yaml":  "id: &x a\nlabel: *x\n",
		"facts/syntax.yaml": "id: a\nlabel: [A\n",
	}
	for p, c := range broken {
		writeFile(t, p, c, 0o644)
	}
	writeFile(t, "facts/ok.yaml", messy, 0o644)
	code, _, errs := run(t, "fmt", "-w", "facts")
	if code != ExitFindings {
		t.Errorf("exit %d, want %d", code, ExitFindings)
	}
	for _, want := range []string{
		`facts/alias.yaml:1:5: cannot format: anchor "x": anchors and aliases are not allowed (and 1 more) [yaml-alias]`,
		`facts/dup.yaml:3:1: cannot format: duplicate key "label" [yaml-duplicate-key]`,
		`facts/syntax.yaml:2:0: cannot format:`,
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	for p, c := range broken {
		if readFile(t, p) != c {
			t.Errorf("%s was rewritten", p)
		}
	}
	if readFile(t, "facts/ok.yaml") != tidy {
		t.Error("the good file was not formatted")
	}
}

func TestFmtSymlinksAndUsage(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, "outside.yaml", messy, 0o644)
	os.MkdirAll("facts", 0o755)
	if err := os.Symlink("../outside.yaml", "facts/link.yaml"); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, "fmt", "-w", "facts")
	if code != ExitFindings || !strings.Contains(errs, "facts/link.yaml: symlinks are not followed") {
		t.Errorf("code %d, stderr %q", code, errs)
	}
	if readFile(t, "outside.yaml") != messy {
		t.Error("the symlink's target was rewritten")
	}
	if code, _, _ := run(t, "fmt", "no-such-dir"); code != ExitUsage {
		t.Errorf("missing path: exit %d, want %d", code, ExitUsage)
	}
	if code, _, _ := run(t, "fmt", "-x"); code != ExitUsage {
		t.Errorf("bad flag: exit %d, want %d", code, ExitUsage)
	}
}

// TestShippedFactsFmtClean runs fmt -l on the shipped facts through the
// CLI.
func TestShippedFactsFmtClean(t *testing.T) {
	code, out, errs := run(t, "fmt", "-l", "../../facts")
	if code != ExitOK || out != "" || errs != "" {
		t.Errorf("fmt -l facts: code %d, stdout %q, stderr %q", code, out, errs)
	}
}
