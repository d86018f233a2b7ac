//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package render

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// newRunDir creates the private directory of one run, and returns it
// with the function that removes it. The directory is locked (flock on
// the directory itself) for as long as the run lasts, and the lock dies
// with the process, so every run first removes the directories of
// earlier runs whose lock is free: those of a parent that was killed and
// never got to remove its own.
func newRunDir() (dir string, remove func(), err error) {
	tmp := os.TempDir()
	removeStale(tmp)
	for range 10 {
		dir, err := os.MkdirTemp(tmp, runDirPattern)
		if err != nil {
			return "", nil, err
		}
		f, err := lockDir(dir)
		if err != nil {
			// Another run's removeStale locked it first (it will remove
			// it), or removed it already: take another.
			continue
		}
		return dir, func() { os.RemoveAll(dir); f.Close() }, nil
	}
	return "", nil, fmt.Errorf("cannot lock a directory of my own in %s", tmp)
}

// removeStale removes the run directories in tmp whose lock is free.
func removeStale(tmp string) {
	dirs, _ := filepath.Glob(filepath.Join(tmp, runDirPattern))
	for _, dir := range dirs {
		info, err := os.Lstat(dir)
		if err != nil || !info.IsDir() || !ownDir(info) {
			continue
		}
		f, err := lockDir(dir)
		if err != nil {
			continue // in use, or gone
		}
		os.RemoveAll(dir)
		f.Close()
	}
}

var errMoved = errors.New("the directory is no longer where it was locked")

// lockDir takes the lock of dir without waiting. A run that has just
// created dir and a removeStale that found it may race for it; the loser
// gets an error. The lock is checked to be on the directory that is
// still at dir, since a removeStale may have removed it between the open
// and the lock.
func lockDir(dir string) (*os.File, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	locked, err := f.Stat()
	if err == nil {
		var now os.FileInfo
		if now, err = os.Lstat(dir); err == nil && !os.SameFile(locked, now) {
			err = errMoved
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// ownDir reports whether this user owns the directory: in a shared
// temporary directory, another user's factgraph-render-* is theirs.
func ownDir(info os.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}
