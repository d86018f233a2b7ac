// Package testenv is what tests ask of their environment: whether they
// run in CI, and the programs they need. A test that needs a program
// that is missing is skipped on a developer's machine but fails under
// CI=true, where .ci/run has installed everything, so a green CI run
// never hides a check that did not run.
package testenv

import (
	"os"
	"os/exec"
	"testing"
)

// CI reports whether the tests run in CI (CI=true).
func CI() bool { return os.Getenv("CI") == "true" }

// Missing skips t, or fails it under CI, because what is not available.
func Missing(t testing.TB, what string) {
	t.Helper()
	if CI() {
		t.Fatalf("this test needs %s, which is not available (CI=true makes this a failure)", what)
	}
	t.Skipf("skipping: %s is not available", what)
}

// Program returns the path of the program name, or calls Missing.
func Program(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, name)
	}
	return p
}
