package cache

import (
	"crypto/sha256"
	"io"
	"os"
	"runtime/debug"
	"sync"
)

var self struct {
	once sync.Once
	id   []byte
}

// BinaryID identifies the running program for cache keys: the SHA-256 of
// its executable file, so a result computed by another build (another
// version, or the same version built from changed sources) is never
// found. When the executable cannot be read it falls back to the build
// information, which names the module versions and VCS revision.
func BinaryID() []byte {
	self.once.Do(func() {
		h := sha256.New()
		if exe, err := os.Executable(); err == nil {
			if f, err := os.Open(exe); err == nil {
				_, err = io.Copy(h, f)
				f.Close()
				if err == nil {
					self.id = h.Sum(nil)
					return
				}
			}
		}
		h.Reset()
		if info, ok := debug.ReadBuildInfo(); ok {
			io.WriteString(h, info.String())
		}
		self.id = h.Sum(nil)
	})
	return self.id
}
