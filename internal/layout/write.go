package layout

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Files lists the fact files under paths, as gofmt does for Go files:
// a named file is taken as it is; a directory is walked for regular
// .yaml files, skipping directories whose name starts with a dot. Symlinks
// are never followed; each one found is returned in skipped.
func Files(paths []string) (files, skipped []string, err error) {
	for _, p := range paths {
		info, err := os.Lstat(p)
		if err != nil {
			return nil, nil, err
		}
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			skipped = append(skipped, p)
		case !info.IsDir():
			files = append(files, p)
		default:
			err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
				switch {
				case err != nil:
					return err
				case d.IsDir():
					if path != p && strings.HasPrefix(d.Name(), ".") {
						return fs.SkipDir
					}
				case d.Type()&fs.ModeSymlink != 0:
					if strings.HasSuffix(d.Name(), ".yaml") {
						skipped = append(skipped, path)
					}
				case d.Type().IsRegular() && strings.HasSuffix(d.Name(), ".yaml"):
					files = append(files, path)
				}
				return nil
			})
			if err != nil {
				return nil, nil, err
			}
		}
	}
	return files, skipped, nil
}

// WriteFile replaces the file at path with data atomically: the data is
// written to a temporary file in the same directory, synced, given the
// old file's permissions and renamed over it, so a reader (or a crash)
// sees the old file or the new one, never a mix.
func WriteFile(path string, data []byte) (err error) {
	info, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s: not a regular file", path)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	// The name does not end in .yaml, so a concurrent check never reads
	// the half-written file as a fact file.
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(info.Mode().Perm()); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
