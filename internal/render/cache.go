package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"io"
	"os"
)

// Cache keeps SVGs between runs. A Renderer with a Cache looks every job
// up before it starts a child, returns what it finds without rendering
// or verifying it again, and stores each SVG it renders once the SVG has
// passed Verify; a run whose jobs are all found starts no child at all.
// The keys cover everything the SVG depends on: the DOT, the node and
// edge counts it was verified against, and the renderer's version (a
// hash of the factgraph-render executable). The Renderer calls Get and
// Put from one goroutine at a time. An error from Put does not fail the
// run: the SVG is drawn again next time.
type Cache interface {
	Get(key [32]byte) ([]byte, bool)
	Put(key [32]byte, value []byte) error
}

// exeVersion identifies the renderer at path by a SHA-256 of its
// executable. Everything that decides the SVG is in that file: the
// go-graphviz and wazero versions, the Go toolchain, the child's own
// layout settings (Bounded) and checks. The go-graphviz version from the
// executable's build information would miss the last of these, and the
// main module's version is "(devel)" in a build from a working tree. The
// builds are -trimpath, so the same sources give the same hash on every
// machine.
func exeVersion(path string) ([32]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return [32]byte{}, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return [32]byte{}, err
	}
	return [32]byte(h.Sum(nil)), nil
}

// cacheKey is the key of job's SVG from the renderer of version.
func cacheKey(version [32]byte, job Job) [32]byte {
	h := sha256.New()
	h.Write([]byte("factgraph-render svg\x00"))
	h.Write(version[:])
	var counts [16]byte
	binary.BigEndian.PutUint64(counts[:8], uint64(job.Nodes))
	binary.BigEndian.PutUint64(counts[8:], uint64(job.Edges))
	h.Write(counts[:])
	h.Write(job.DOT)
	return [32]byte(h.Sum(nil))
}

// seal is the cache entry of svg under key: the SVG followed by a
// SHA-256 of the key and the SVG, which unseal checks. It catches an
// entry cut short or damaged on disk, and one stored under the wrong
// key, at a fraction of the cost of Verify.
func seal(key [32]byte, svg []byte) []byte {
	sum := entrySum(key, svg)
	return append(svg[:len(svg):len(svg)], sum[:]...)
}

// unseal returns the SVG of an entry under key, and whether the entry
// is intact.
func unseal(key [32]byte, entry []byte) ([]byte, bool) {
	if len(entry) < sha256.Size {
		return nil, false
	}
	n := len(entry) - sha256.Size
	svg := entry[:n:n]
	sum := entrySum(key, svg)
	return svg, bytes.Equal(sum[:], entry[n:])
}

func entrySum(key [32]byte, svg []byte) [32]byte {
	h := sha256.New()
	h.Write(key[:])
	h.Write(svg)
	return [32]byte(h.Sum(nil))
}
