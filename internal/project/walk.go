package project

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/safetext"
	"github.com/factgraph/factgraph/internal/strictyaml"
)

// Ext is the one extension of fact files. Other spellings (.yml, .YAML)
// are reported, never skipped silently: a file the check does not read
// is a file nobody reviews.
const Ext = ".yaml"

// Limits bound the work a tree of fact files can cause before any file
// is read.
type Limits struct {
	MaxFiles int
	MaxTotal int64 // bytes over all files
}

// File is one fact file found by Walk.
type File struct {
	// Name is the slash-separated path relative to the walk's base, as
	// findings and out/ name it.
	Name string
	Size int64
	root *os.Root
	rel  string   // inside root
	dir  *os.File // the directory holding the file, opened through root, or nil
}

// ReadFile reads the file, at most max+1 bytes, so that a caller can tell
// "at the limit" from "over it" without reading a huge file whole. It
// opens the file by its base name in its directory (readAt), or through
// its os.Root: never by a path that could leave the walk's directories.
func (f File) ReadFile(max int) ([]byte, error) {
	if f.dir != nil {
		if data, err, ok := readAt(f.dir, f.rel, f.Size, max); ok {
			return data, err
		}
	}
	r, err := f.root.Open(f.rel)
	if err != nil {
		return nil, unwrapPath(err)
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	return data, unwrapPath(err)
}

// Tree is the result of a walk. Close releases the directories it holds
// open.
type Tree struct {
	Files []File // sorted by Name
	roots []*os.Root
	dirs  []*os.File
}

// Close releases the tree's directories.
func (t *Tree) Close() {
	for _, r := range t.roots {
		r.Close()
	}
	for _, d := range t.dirs {
		d.Close()
	}
}

// Walk lists the fact files in paths, each a file or a directory given
// relative to base (slash-separated). Directories are read through
// os.Root, so nothing outside them can be reached, and walked for files
// ending in Ext, skipping directories whose name starts with a dot (.git,
// editor state). Everything that cannot be a fact file is reported as a
// finding of rule Input, at its path: symlinks (never followed),
// special files, other spellings of the extension, and names no tool
// downstream can carry (invalid UTF-8, control and bidirectional
// characters, backslashes). A badly named directory is reported once and
// its files are still read, so references to them do not dangle. The
// error is for paths that do not exist or cannot be read at all.
func Walk(base string, paths []string, lim Limits) (*Tree, finding.List, error) {
	t := &Tree{}
	w := &walker{t: t}
	for _, p := range paths {
		if err := w.path(base, p); err != nil {
			t.Close()
			return nil, nil, err
		}
	}
	slices.SortFunc(t.Files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	t.Files = slices.CompactFunc(t.Files, func(a, b File) bool { return a.Name == b.Name })
	if lim.MaxFiles > 0 && len(t.Files) > lim.MaxFiles {
		w.fs.Report(finding.Pos{File: t.Files[lim.MaxFiles].Name}, strictyaml.Limit,
			"more than %d fact files; the rest were not read", lim.MaxFiles)
		t.Files = t.Files[:lim.MaxFiles]
	}
	var total int64
	for i, f := range t.Files {
		if total += f.Size; lim.MaxTotal > 0 && total > lim.MaxTotal {
			w.fs.Report(finding.Pos{File: f.Name}, strictyaml.Limit,
				"fact files total more than %d bytes; the rest were not read", lim.MaxTotal)
			t.Files = t.Files[:i]
			break
		}
	}
	finding.Sort(w.fs)
	return t, w.fs, nil
}

type walker struct {
	t  *Tree
	fs finding.List
}

func (w *walker) report(name, format string, args ...any) {
	w.fs.Report(finding.Pos{File: name}, Input, format, args...)
}

// path walks one argument: relative to base, or absolute (then named
// relative to base when it lies inside it).
func (w *walker) path(base, p string) error {
	name := path.Clean(filepath.ToSlash(p))
	full := filepath.Join(base, filepath.FromSlash(name))
	if filepath.IsAbs(p) {
		full = filepath.Clean(p)
		if absBase, err := filepath.Abs(base); err == nil {
			if rel, err := filepath.Rel(absBase, full); err == nil && filepath.IsLocal(rel) {
				name = filepath.ToSlash(rel)
			}
		}
	}
	info, err := os.Lstat(full)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", safetext.Terminal(name), unwrapPath(err))
	}
	if !info.IsDir() {
		root, err := os.OpenRoot(filepath.Dir(full))
		if err != nil {
			return fmt.Errorf("cannot read %s: %w", safetext.Terminal(name), unwrapPath(err))
		}
		w.t.roots = append(w.t.roots, root)
		w.file(root, filepath.Base(full), name, info, true)
		return nil
	}
	root, err := os.OpenRoot(full)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", safetext.Terminal(name), unwrapPath(err))
	}
	w.t.roots = append(w.t.roots, root)
	if err := w.dir(root, ".", root, name); err != nil {
		return fmt.Errorf("cannot read %s: %w", safetext.Terminal(name), err)
	}
	return nil
}

// maxOpenDirs bounds the directories a walk keeps open: past it, files
// are opened through the walk's top directory by their relative path.
const maxOpenDirs = 512

// dir walks the directory rel of top, shown as name; here is the same
// directory opened as a root of its own, or nil. It reads entries through
// *os.File rather than io/fs, which refuses names that are not valid
// UTF-8 instead of letting us report them. Subdirectories are opened as
// roots of their own (up to maxOpenDirs), so that opening a file later
// costs one openat, not one per path component.
func (w *walker) dir(top *os.Root, rel string, here *os.Root, name string) error {
	var d *os.File
	var err error
	if here != nil {
		d, err = here.Open(".")
	} else {
		d, err = top.Open(rel)
	}
	if err != nil {
		return unwrapPath(err)
	}
	entries, err := d.ReadDir(-1)
	if err != nil {
		d.Close()
		return unwrapPath(err)
	}
	// The directory stays open for reading its files by name (readAt).
	if here != nil {
		w.t.dirs = append(w.t.dirs, d)
	} else {
		d.Close()
		d = nil
	}
	for _, e := range entries {
		childRel := filepath.Join(rel, e.Name())
		childName := joinName(name, e.Name())
		switch {
		case e.IsDir() && strings.HasPrefix(e.Name(), "."):
			continue
		case e.Type().IsDir():
			w.checkName(e.Name(), childName, true)
			var sub *os.Root
			if here != nil && len(w.t.roots) < maxOpenDirs {
				if sub, err = here.OpenRoot(e.Name()); err != nil {
					return unwrapPath(err)
				}
				w.t.roots = append(w.t.roots, sub)
			}
			if err := w.dir(top, childRel, sub, childName); err != nil {
				return err
			}
		default:
			info, err := e.Info()
			if errors.Is(err, fs.ErrNotExist) {
				continue // removed while we looked
			}
			if err != nil {
				return unwrapPath(err)
			}
			if here != nil {
				w.file(here, e.Name(), childName, info, false)
				if n := len(w.t.Files); n > 0 && w.t.Files[n-1].Name == childName {
					w.t.Files[n-1].dir = d
				}
			} else {
				w.file(top, childRel, childName, info, false)
			}
		}
	}
	return nil
}

// file classifies one directory entry, or a file named on the command
// line (named).
func (w *walker) file(root *os.Root, rel, name string, info fs.FileInfo, named bool) {
	ext := path.Ext(name)
	yamlish := strings.EqualFold(ext, Ext) || strings.EqualFold(ext, ".yml")
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		// Inside links would duplicate facts, outside ones leak files;
		// either way the reviewer does not see what is checked.
		w.report(name, "symlinks are not followed; commit the file itself")
	case !yamlish && named:
		w.report(name, "not a fact file: fact files end in %s", Ext)
	case !yamlish:
		// Not a fact file: a README, a picture.
	case ext != Ext:
		w.report(name, "fact files must end in %s, not %s", Ext, safetext.Terminal(ext))
	case !info.Mode().IsRegular():
		w.report(name, "not a regular file")
	default:
		w.checkName(path.Base(name), name, false)
		w.t.Files = append(w.t.Files, File{Name: name, Size: info.Size(), root: root, rel: rel})
	}
}

// checkName reports a file or directory name that downstream tools
// cannot carry faithfully: CSV, RDF, SARIF and terminals all quote file
// names, and a control or bidirectional character would change how the
// line around it reads.
func (w *walker) checkName(base, name string, isDir bool) {
	what := "file"
	if isDir {
		what = "directory"
	}
	switch r, bad := safetext.FirstUnsafe(base, true); {
	case !utf8.ValidString(base):
		w.report(name, "%s name is not valid UTF-8; rename it", what)
	case bad:
		w.report(name, "%s name contains %s; rename it", what, safetext.Describe(r))
	case strings.ContainsRune(base, '\\'):
		w.report(name, "%s name contains a backslash; rename it", what)
	}
}

func joinName(dir, base string) string {
	if dir == "." {
		return base
	}
	return dir + "/" + base
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
