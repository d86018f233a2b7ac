// Package project knows the layout of a factgraph repository: where its
// root is, how a path given on the command line relates to it, and which
// files are its fact files. Every command finds the root the same way
// (walking up from the working directory to the folder that holds
// schema/vocabulary.yaml), names files relative to the root in
// everything it writes (out/, SARIF), and relative to the working
// directory in what it prints, as go vet does. One walker lists the fact
// files for check, build, fmt and diff, so they all see the same fact
// base.
package project

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/factgraph/factgraph/internal/safetext"
)

// Default directories inside a root.
const (
	SchemaDir = "schema"
	FactsDir  = "facts"
	// Marker is the file whose presence makes a directory a root.
	Marker = "schema/vocabulary.yaml"
)

// Root is a repository root and the working directory the command runs
// in, both absolute.
type Root struct {
	Dir  string
	Work string
}

// ErrNoRoot is wrapped by Find's error when no root is found.
var ErrNoRoot = errors.New("not inside a factgraph repository")

// Find returns the root that holds work (an absolute working directory):
// dir if it is given, else the nearest directory at or above work that
// holds Marker.
func Find(work, dir string) (*Root, error) {
	// $PWD may hold "..": walking up from an unclean path would climb
	// into the folder it names.
	work = filepath.Clean(work)
	if dir != "" {
		abs := absolute(work, dir)
		if info, err := os.Stat(abs); err != nil || !info.IsDir() {
			return nil, fmt.Errorf("--root %s is not a directory", safetext.Terminal(dir))
		}
		return &Root{Dir: abs, Work: work}, nil
	}
	for d := work; ; d = filepath.Dir(d) {
		if info, err := os.Stat(filepath.Join(d, filepath.FromSlash(Marker))); err == nil && info.Mode().IsRegular() {
			return &Root{Dir: d, Work: work}, nil
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return nil, fmt.Errorf("%w: no %s in %s or any folder above it; run factgraph inside a repository, or pass --root", ErrNoRoot, Marker, safetext.Terminal(work))
}

// absolute resolves p against the working directory.
func absolute(work, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(work, p)
}

// Abs resolves a path as the user wrote it (relative to the working
// directory, or absolute).
func (r *Root) Abs(p string) string { return absolute(r.Work, p) }

// Rel turns a path as the user wrote it into a slash-separated path
// relative to the root. A path outside the root is refused, however it is
// written (absolute, or climbing out with ..).
func (r *Root) Rel(p string) (string, error) {
	rel, err := filepath.Rel(r.Dir, r.Abs(p))
	if err != nil || !filepath.IsLocal(rel) && rel != "." {
		return "", fmt.Errorf("%s is outside the repository %s", safetext.Terminal(p), safetext.Terminal(r.Display(".")))
	}
	return filepath.ToSlash(rel), nil
}

// Join returns the absolute path of a slash-separated path relative to
// the root.
func (r *Root) Join(rel string) string { return filepath.Join(r.Dir, filepath.FromSlash(rel)) }

// Display shows a root-relative path relative to the working directory,
// slash-separated, as go vet does: "alipay.yaml" from facts/products,
// "../../schema" from two folders down.
func (r *Root) Display(rel string) string {
	shown, err := filepath.Rel(r.Work, r.Join(rel))
	if err != nil {
		return rel
	}
	return filepath.ToSlash(shown)
}

// Under reports whether the root-relative path p is dir or lies inside
// it ("." holds everything).
func Under(p, dir string) bool {
	return dir == "." || p == dir || strings.HasPrefix(p, dir+"/")
}
