// Package publish replaces an output directory as a whole. Everything is
// written into a staging directory beside the target, synced to disk, and
// swapped in with one atomic rename, so that a process killed at any
// moment leaves the target either as the old tree or as the new one,
// never a mix.
//
// Layout in the target's parent directory, for a target named out:
//
//	out/                 the published tree
//	.out-stage-*/        a tree being written (removed when stale)
//	.out-old-*/          a replaced tree being removed (removed when stale)
//
// On Linux the swap is renameat2(RENAME_EXCHANGE): out is never missing.
// Elsewhere, or on a file system without it, out is renamed aside and the
// new tree renamed in; if the process dies between the two renames, the
// next Publish finds out missing and a single .out-old-* directory, and
// puts it back before it starts.
//
// The target must be a real directory or absent: a symlink, a file or a
// non-empty directory that Publish did not write (it has no Marker file)
// is refused with an error wrapping ErrUnsafe, so a mistyped --out can
// never replace a directory of the user's.
package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/factgraph/factgraph/internal/export"
)

// Marker is the file Publish writes at the top of every tree it
// publishes, and looks for before replacing a non-empty directory.
const Marker = ".factgraph-build"

// markerText is Marker's content.
const markerText = "This directory is written by `factgraph build` and replaced as a whole on every build.\nDo not edit it by hand.\n"

// ErrUnsafe is wrapped by errors about a target that must not be
// replaced.
var ErrUnsafe = errors.New("unsafe output directory")

// Check reports whether dir may be replaced: it is absent, or a directory
// (not a symlink) that is empty or holds Marker. It returns an error
// wrapping ErrUnsafe if not.
func Check(dir string) error {
	clean := filepath.Clean(dir)
	if base := filepath.Base(clean); base == "." || base == ".." || base == string(filepath.Separator) || filepath.Dir(clean) == clean {
		return fmt.Errorf("%w: %q names no directory that can be replaced", ErrUnsafe, dir)
	}
	info, err := os.Lstat(clean)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case info.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%w: %s is a symbolic link", ErrUnsafe, dir)
	case !info.IsDir():
		return fmt.Errorf("%w: %s is not a directory", ErrUnsafe, dir)
	}
	entries, err := os.ReadDir(clean)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	m, err := os.Lstat(filepath.Join(clean, Marker))
	if err != nil || !m.Mode().IsRegular() {
		return fmt.Errorf("%w: %s is not empty and was not written by factgraph build (it has no %s file); remove it or choose another directory", ErrUnsafe, dir, Marker)
	}
	return removable(clean)
}

// removable checks that the tree at dir can be removed once it has been
// swapped out: every directory in it must be writable. Otherwise the new
// tree would be published and the old one left half-deleted beside it,
// so a build that exits non-zero would still have changed out/.
func removable(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && !writable(p) {
			return fmt.Errorf("%s is not writable, so it could not be replaced; nothing was changed", p)
		}
		return nil
	})
}

// Publish replaces dir with a tree holding files (and Marker). Paths are
// slash-separated and relative; an absolute, escaping, duplicate or
// otherwise odd path is an error, and nothing is published.
func Publish(dir string, files []export.File) error {
	dir = filepath.Clean(dir)
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := Check(dir); err != nil {
		return err
	}
	if err := checkPaths(files); err != nil {
		return err
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	unlock, err := lock(parent)
	if err != nil {
		return err
	}
	defer unlock()
	if err := recoverOld(parent, base); err != nil {
		return err
	}
	if err := removeStale(parent, base); err != nil {
		return err
	}
	if err := Check(dir); err != nil { // again, under the lock
		return err
	}

	stage, err := os.MkdirTemp(parent, "."+base+"-stage-*")
	if err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			os.RemoveAll(stage)
		}
	}()
	all := append(slices.Clone(files), export.File{Path: Marker, Data: []byte(markerText)})
	if err := writeTree(stage, all); err != nil {
		return err
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		return err
	}
	if err := syncDir(stage); err != nil {
		return err
	}

	old, err := swap(parent, base, stage)
	if err != nil {
		return err
	}
	committed = true
	// The new tree is published: from here on nothing may fail the
	// build. Removing the old tree is tidying, retried by the next build
	// if it fails (removeStale).
	syncDir(parent)
	if old != "" {
		removeTree(old)
	}
	return nil
}

// removeTree removes a tree this package wrote, making its directories
// writable first (a tree copied with its modes, or made read-only by
// hand, must not stay behind for ever). It reports whether the tree is
// gone.
func removeTree(dir string) bool {
	if removeAll(dir) == nil {
		return true
	}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(p, 0o755)
		}
		return nil
	})
	return removeAll(dir) == nil
}

// removeAll is os.RemoveAll; tests replace it to make removal fail.
var removeAll = os.RemoveAll

// checkPaths rejects paths that are not clean, local and slash-separated,
// and duplicates.
func checkPaths(files []export.File) error {
	seen := map[string]bool{Marker: true}
	for _, f := range files {
		p := f.Path
		if p == "" || path.Clean(p) != p || !filepath.IsLocal(p) || strings.ContainsAny(p, "\\\x00:") || strings.HasPrefix(p, "/") {
			return fmt.Errorf("output path %q is not a clean relative path", p)
		}
		if seen[p] {
			return fmt.Errorf("output path %q is written twice", p)
		}
		seen[p] = true
	}
	for _, f := range files { // a file may not also be a directory
		for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
			if seen[d] {
				return fmt.Errorf("output path %q is both a file and a directory", d)
			}
		}
	}
	return nil
}

// writeTree writes files under dir through an os.Root, so no path can
// leave it, and syncs every file and directory: with one syncfs(2) where
// there is one (one fsync per file costs about 1.5 ms, 25 s for the
// pages of a large graph), else file by file.
func writeTree(dir string, files []export.File) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	dirs := map[string]bool{}
	for _, f := range files {
		name := filepath.FromSlash(f.Path)
		if d := filepath.Dir(name); d != "." && !dirs[d] {
			if err := root.MkdirAll(d, 0o755); err != nil {
				return err
			}
			for x := d; x != "."; x = filepath.Dir(x) {
				dirs[x] = true
			}
		}
		w, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		_, err = w.Write(f.Data)
		if err == nil && !haveSyncfs {
			err = w.Sync()
		}
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	if haveSyncfs {
		return syncfs(dir)
	}
	names := make([]string, 0, len(dirs))
	for d := range dirs {
		names = append(names, d)
	}
	slices.Sort(names)
	for _, d := range names {
		f, err := root.Open(d)
		if err != nil {
			return err
		}
		err = f.Sync()
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// swap puts stage in place of parent/base. It returns the path where the
// old tree now is, to be removed, or "" if there was none.
func swap(parent, base, stage string) (old string, err error) {
	target := filepath.Join(parent, base)
	if _, err := os.Lstat(target); errors.Is(err, fs.ErrNotExist) {
		return "", os.Rename(stage, target)
	}
	if ok, err := exchange(stage, target); ok || err != nil {
		if err != nil {
			return "", err
		}
		// The old tree now has the staging name; give it the name of an
		// old tree, so that a stale one is never taken for a half-written
		// new one.
		aside, err := os.MkdirTemp(parent, "."+base+"-old-*")
		if err == nil && os.Remove(aside) == nil && os.Rename(stage, aside) == nil {
			return aside, nil
		}
		return stage, nil
	}
	// No atomic exchange here: rename the old tree aside, then the new
	// one in. recoverOld repairs a crash between the two.
	aside, err := os.MkdirTemp(parent, "."+base+"-old-*")
	if err != nil {
		return "", err
	}
	if err := os.Remove(aside); err != nil {
		return "", err
	}
	if err := os.Rename(target, aside); err != nil {
		return "", err
	}
	if err := os.Rename(stage, target); err != nil {
		os.Rename(aside, target)
		return "", err
	}
	return aside, nil
}

// recoverOld puts back a tree renamed aside by a Publish that died before
// renaming the new one in.
func recoverOld(parent, base string) error {
	target := filepath.Join(parent, base)
	if _, err := os.Lstat(target); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	olds, err := stale(parent, "."+base+"-old-")
	if err != nil || len(olds) != 1 {
		return err
	}
	return os.Rename(olds[0], target)
}

// removeStale removes staging and old trees left by a Publish that was
// killed, or whose old tree could not be removed. One that still cannot
// be removed is left: it never stops a build.
func removeStale(parent, base string) error {
	for _, prefix := range []string{"." + base + "-stage-", "." + base + "-old-"} {
		dirs, err := stale(parent, prefix)
		if err != nil {
			return err
		}
		for _, d := range dirs {
			removeTree(d)
		}
	}
	return nil
}

// stale lists the directories (not symlinks) in parent whose names start
// with prefix, sorted.
func stale(parent, prefix string) ([]string, error) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) && e.Type().IsDir() {
			out = append(out, filepath.Join(parent, e.Name()))
		}
	}
	return out, nil
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		return err
	}
	return nil
}
