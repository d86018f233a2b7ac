package cache

import (
	"crypto/sha256"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// The benchmarks model a warm check of a large repository: benchFiles
// entries of about 700 bytes, the size of a decoded fact file, read by
// one worker per CPU as the loader does. The figures in doc.go come from
//
//	go test -run '^$' -bench . -benchtime 3x ./internal/cache/
const (
	benchFiles = 176_000
	// benchNew entries are loose only: the files a repack must add.
	benchNew = 4_000
	benchNS  = "bench"
)

// benchFixture is a cache directory holding benchFiles+benchNew loose
// entries and a pack of the first benchFiles under benchNS, made once
// per test binary because writing 180,000 files takes minutes here.
var benchFixture struct {
	once  sync.Once
	dir   string
	keys  []Key
	bytes int64 // payload bytes of the first benchFiles entries
	err   error
}

func TestMain(m *testing.M) {
	m.Run()
	if benchFixture.dir != "" {
		os.RemoveAll(benchFixture.dir)
	}
}

func fixture(b *testing.B) (dir string, keys []Key, size int64) {
	f := &benchFixture
	f.once.Do(func() {
		if f.dir, f.err = os.MkdirTemp("", "factgraph-cache-bench-"); f.err != nil {
			return
		}
		c, err := Open(f.dir, Options{})
		if err != nil {
			f.err = err
			return
		}
		n := benchFiles + benchNew
		f.keys = make([]Key, n)
		for i := range n {
			f.keys[i] = NewKey([]byte("bench"), fmt.Append(nil, i))
			if i < benchFiles {
				f.bytes += int64(len(benchData(i)))
			}
		}
		errs := make([]error, runtime.GOMAXPROCS(0))
		var wg sync.WaitGroup
		for w := range errs {
			wg.Go(func() {
				for i := w; i < n && errs[w] == nil; i += len(errs) {
					errs[w] = c.Put(f.keys[i], benchData(i))
				}
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				f.err = err
				return
			}
		}
		f.err = c.Commit(benchNS, f.keys[:benchFiles])
	})
	if f.err != nil {
		b.Fatal(f.err)
	}
	return f.dir, f.keys, f.bytes
}

// benchData returns 600 to 800 bytes of text that compress no better
// than a decoded fact.
func benchData(i int) []byte {
	rng := rand.New(rand.NewPCG(uint64(i), 1))
	data := make([]byte, 600+rng.IntN(201))
	for j := range data {
		data[j] = byte(' ' + rng.IntN(95))
	}
	return data
}

// getAll gets keys with one worker per CPU and returns how many hit.
func getAll(c *Cache, keys []Key) int64 {
	var wg sync.WaitGroup
	w := runtime.GOMAXPROCS(0)
	for g := range w {
		wg.Go(func() {
			for i := g; i < len(keys); i += w {
				c.Get(keys[i])
			}
		})
	}
	wg.Wait()
	s := c.Stats()
	return s.PackHits + s.LooseHits
}

// BenchmarkGet reads all benchFiles entries as a warm run does, from the
// namespace's pack and, for comparison, from loose files. Each op is a
// whole run: Open, Load (for the pack) and every Get.
func BenchmarkGet(b *testing.B) {
	dir, keys, size := fixture(b)
	keys = keys[:benchFiles]
	for _, src := range []string{"pack", "loose"} {
		b.Run(src, func(b *testing.B) {
			for b.Loop() {
				c, err := Open(dir, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if src == "pack" {
					c.Load(benchNS)
				}
				if n := getAll(c, keys); n != benchFiles {
					b.Fatalf("%d hits, want %d", n, benchFiles)
				}
			}
			b.SetBytes(size)
			b.ReportMetric(float64(benchFiles)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
		})
	}
}

// benchCommits numbers the namespaces of BenchmarkCommit across -count
// runs, which share the fixture.
var benchCommits atomic.Int64

// BenchmarkCommit writes a pack of benchFiles entries: from loose files
// only (the first warm run after a cold one, in a process that did not
// write them), and from the old pack plus benchNew loose entries (a run
// after many files changed). Each op uses a new namespace, so that
// every Commit has a pack to write.
func BenchmarkCommit(b *testing.B) {
	dir, keys, size := fixture(b)
	c, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	base, err := c.readPack(namespaceKey(benchNS))
	if err != nil {
		b.Fatal(err)
	}
	tests := []struct {
		name string
		used []Key
		old  bool // start from the pack of benchNS
	}{
		{name: "from-loose", used: keys[:benchFiles]},
		{name: "repack", used: keys[benchNew:], old: true},
	}
	for _, tc := range tests {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				c, err := Open(dir, Options{})
				if err != nil {
					b.Fatal(err)
				}
				ns := fmt.Sprintf("%s-%s-%d", benchNS, tc.name, benchCommits.Add(1))
				if tc.old {
					if err := c.writeFile(c.headPath(namespaceKey(ns)), encodeHead(namespaceKey(ns), base.id)); err != nil {
						b.Fatal(err)
					}
				}
				if err := c.Commit(ns, tc.used); err != nil {
					b.Fatal(err)
				}
				h, _ := os.ReadFile(c.headPath(namespaceKey(ns)))
				if id, ok := decodeHead(h, namespaceKey(ns)); !ok || tc.old && id == base.id {
					b.Fatal("Commit wrote no pack")
				}
			}
			b.SetBytes(size)
		})
	}
}

// BenchmarkPut writes loose entries of about 700 bytes, one file each.
func BenchmarkPut(b *testing.B) {
	c := open(b, b.TempDir(), newClock(), 0)
	data := benchData(0)
	i := 0
	for b.Loop() {
		if err := c.Put(testKey(i), data); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.SetBytes(int64(len(data)))
}

// BenchmarkChecksum compares the entry checksum, SHA-256, with CRC-32C,
// the fastest the standard library has. An op checksums benchFiles
// entries of 700 bytes on one CPU: what a warm run pays for trusting
// nothing, before it is split over the workers.
func BenchmarkChecksum(b *testing.B) {
	data := make([]byte, 700)
	copy(data, benchData(0))
	table := crc32.MakeTable(crc32.Castagnoli)
	sums := []struct {
		name string
		sum  func([]byte)
	}{
		{name: "sha256", sum: func(p []byte) { sha256.Sum256(p) }},
		{name: "crc32c", sum: func(p []byte) { crc32.Checksum(p, table) }},
	}
	for _, s := range sums {
		b.Run(s.name, func(b *testing.B) {
			for b.Loop() {
				for range benchFiles {
					s.sum(data)
				}
			}
			b.SetBytes(int64(len(data)) * benchFiles)
		})
	}
}
