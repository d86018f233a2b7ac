// Package workflow holds the tests of the contributor workflow around
// factgraph that lives outside Go code: the GitHub Actions gate in
// .github/workflows (linted with actionlint and held to its hardening
// rules), the code owners of the gate, and the pre-commit hooks
// (.githooks/pre-commit and .pre-commit-hooks.yaml). It has no code of its
// own.
package workflow
