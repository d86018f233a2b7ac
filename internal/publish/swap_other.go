//go:build !linux

package publish

import "os"

// exchange is not available: the caller renames the old tree aside and
// the new one in.
func exchange(a, b string) (ok bool, err error) { return false, nil }

// lock does nothing here.
func lock(dir string) (unlock func(), err error) { return func() {}, nil }

// haveSyncfs is false: files and directories are synced one by one.
const haveSyncfs = false

func syncfs(dir string) error { return nil }

// writable reports whether the directory p looks writable by its mode.
func writable(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().Perm()&0o200 != 0
}
