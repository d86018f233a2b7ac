//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package render

import "os"

// newRunDir creates the private directory of one run, and returns it
// with the function that removes it. Without flock the directories of a
// killed parent are not found again; the system's own clean-up of its
// temporary directory removes them.
func newRunDir() (dir string, remove func(), err error) {
	dir, err = os.MkdirTemp("", runDirPattern)
	if err != nil {
		return "", nil, err
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}
