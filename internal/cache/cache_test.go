package cache

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// A clock is a fake Options.Now that moves only when told.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// open opens the cache in dir with clk and fails the test if it cannot
// write.
func open(t testing.TB, dir string, clk *clock, maxBytes int64) *Cache {
	t.Helper()
	c, err := Open(dir, Options{Now: clk.Now, MaxBytes: maxBytes})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func testKey(i int) Key { return NewKey([]byte("test"), []byte(strconv.Itoa(i))) }

// testData returns the payload of testKey(i); lengths vary, and entry 0
// is empty.
func testData(i int) []byte {
	return bytes.Repeat([]byte(fmt.Sprintf("entry %d;", i)), i%7)
}

func putAll(t testing.TB, c *Cache, n int) []Key {
	t.Helper()
	keys := make([]Key, n)
	for i := range n {
		keys[i] = testKey(i)
		if err := c.Put(keys[i], testData(i)); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

// wantAll checks that the cache serves entries from to to, pack and
// loose hits as given.
func wantAll(t *testing.T, c *Cache, from, to int, pack, loose int64) {
	t.Helper()
	for i := from; i < to; i++ {
		got, ok := c.Get(testKey(i))
		if !ok || !bytes.Equal(got, testData(i)) {
			t.Fatalf("Get(%d) = %q, %v, want %q, true", i, got, ok, testData(i))
		}
	}
	if s := c.Stats(); s.PackHits != pack || s.LooseHits != loose || s.Misses != 0 {
		t.Errorf("stats = %+v, want %d pack hits, %d loose, no misses", s, pack, loose)
	}
}

func TestRoundTrip(t *testing.T) {
	const n = 30
	tests := []struct {
		name string
		// packed is how many of the first entries a Commit packs
		// before the rest are put.
		packed      int
		dropLoose   bool // remove loose entries before reading
		pack, loose int64
	}{
		{name: "loose", packed: 0, pack: 0, loose: n},
		{name: "pack", packed: n, dropLoose: true, pack: n, loose: 0},
		{name: "pack with loose fallback", packed: 20, pack: 20, loose: n - 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, clk := t.TempDir(), newClock()
			c := open(t, dir, clk, 0)
			keys := putAll(t, c, tc.packed)
			if tc.packed > 0 {
				if err := c.Commit("repo", keys); err != nil {
					t.Fatal(err)
				}
			}
			if tc.dropLoose {
				if err := os.RemoveAll(filepath.Join(dir, "entries")); err != nil {
					t.Fatal(err)
				}
			}
			for i := tc.packed; i < n; i++ {
				if err := c.Put(testKey(i), testData(i)); err != nil {
					t.Fatal(err)
				}
			}
			c = open(t, dir, clk, 0)
			c.Load("repo")
			wantAll(t, c, 0, n, tc.pack, tc.loose)
			if _, ok := c.Get(testKey(n)); ok {
				t.Errorf("Get of a key never put hit")
			}
			if s := c.Stats(); s.Misses != 1 || s.PackEntries != tc.packed {
				t.Errorf("stats = %+v, want 1 miss and %d pack entries", s, tc.packed)
			}
		})
	}
}

func TestNamespaces(t *testing.T) {
	dir, clk := t.TempDir(), newClock()
	c := open(t, dir, clk, 0)
	keys := putAll(t, c, 10)
	if err := c.Commit("a", keys[:4]); err != nil {
		t.Fatal(err)
	}
	if err := c.Commit("b", keys[4:]); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, "entries"))
	for _, tc := range []struct {
		ns       string
		from, to int
	}{{"a", 0, 4}, {"b", 4, 10}} {
		c := open(t, dir, clk, 0)
		c.Load(tc.ns)
		for i := range 10 {
			got, ok := c.Get(testKey(i))
			if want := tc.from <= i && i < tc.to; ok != want || ok && !bytes.Equal(got, testData(i)) {
				t.Errorf("namespace %q: Get(%d) = %q, %v, want hit %v", tc.ns, i, got, ok, want)
			}
		}
	}
}

func TestStale(t *testing.T) {
	tests := []struct {
		name              string
		used, loose, dead int
		want              bool
	}{
		{name: "all from the pack", used: 128, want: false},
		{name: "a 64th loose", used: 128, loose: 2, want: false},
		{name: "over a 64th loose", used: 128, loose: 3, want: true},
		{name: "a 64th unused", used: 128, dead: 2, want: false},
		{name: "loose and unused together", used: 128, loose: 1, dead: 2, want: true},
		{name: "small run, one loose", used: 10, loose: 1, want: true},
		{name: "large run", used: 176_000, loose: 2_750, want: false},
		{name: "nothing used, empty pack", used: 0, want: false},
		{name: "nothing used", used: 0, dead: 1, want: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := stale(tc.used, tc.loose, tc.dead); got != tc.want {
				t.Errorf("stale(%d, %d, %d) = %v, want %v", tc.used, tc.loose, tc.dead, got, tc.want)
			}
		})
	}
}

// TestCommitRewrites checks on disk that Commit follows stale, and that
// what it leaves loose is still served.
func TestCommitRewrites(t *testing.T) {
	const n = 128 // a Commit may leave 2 of 128 entries loose
	tests := []struct {
		name    string
		used    [2]int // the second run uses entries used[0] to used[1]
		rewrite bool
	}{
		{name: "two new", used: [2]int{0, n + 2}},
		{name: "three new", used: [2]int{0, n + 3}, rewrite: true},
		{name: "two unused", used: [2]int{2, n}, rewrite: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, clk := t.TempDir(), newClock()
			c := open(t, dir, clk, 0)
			keys := putAll(t, c, max(n, tc.used[1]))
			if err := c.Commit("repo", keys[:n]); err != nil {
				t.Fatal(err)
			}
			head := filepath.Join(dir, "heads", namespaceKey("repo").String())
			before, err := os.ReadFile(head)
			if err != nil {
				t.Fatal(err)
			}
			c = open(t, dir, clk, 0)
			c.Load("repo")
			used := keys[tc.used[0]:tc.used[1]]
			if err := c.Commit("repo", used); err != nil {
				t.Fatal(err)
			}
			after, _ := os.ReadFile(head)
			if rewrote := !bytes.Equal(before, after); rewrote != tc.rewrite {
				t.Fatalf("Commit rewrote the pack: %v, want %v", rewrote, tc.rewrite)
			}
			c = open(t, dir, clk, 0)
			c.Load("repo")
			if tc.rewrite {
				if s := c.Stats(); s.PackEntries != len(used) {
					t.Errorf("new pack has %d entries, want %d", s.PackEntries, len(used))
				}
			}
			wantPack := min(tc.used[1], n) - tc.used[0]
			if tc.rewrite {
				wantPack = len(used)
			}
			wantAll(t, c, tc.used[0], tc.used[1], int64(wantPack), int64(len(used)-wantPack))
		})
	}
}

// TestCommitSkipsMissing checks that keys the cache never held are left
// out of the pack and do not make every later Commit rewrite it.
func TestCommitSkipsMissing(t *testing.T) {
	dir, clk := t.TempDir(), newClock()
	c := open(t, dir, clk, 0)
	keys := append(putAll(t, c, 10), testKey(1000), testKey(1001))
	if err := c.Commit("repo", keys); err != nil {
		t.Fatal(err)
	}
	c = open(t, dir, clk, 0)
	c.Load("repo")
	if n := c.Stats().PackEntries; n != 10 {
		t.Errorf("pack has %d entries, want 10", n)
	}
	head := filepath.Join(dir, "heads", namespaceKey("repo").String())
	before, _ := os.ReadFile(head)
	if err := c.Commit("repo", keys); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(head); !bytes.Equal(before, after) {
		t.Errorf("second Commit of the same keys wrote a new pack")
	}
}

func TestUnwritable(t *testing.T) {
	base := t.TempDir()
	file := filepath.Join(base, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		dir  string
	}{
		// Root ignores permissions, so a regular file in the way is
		// what makes a directory impossible to create here.
		{name: "under a regular file", dir: filepath.Join(file, "cache")},
		{name: "a regular file", dir: file},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Open(tc.dir, Options{Now: newClock().Now})
			if err == nil || c == nil {
				t.Fatalf("Open(%q) = %v, %v, want a read-only cache and an error", tc.dir, c, err)
			}
			if c.Err() != err {
				t.Errorf("Err() = %v, want %v", c.Err(), err)
			}
			k := testKey(1)
			if err := c.Put(k, []byte("x")); err == nil {
				t.Errorf("Put succeeded")
			}
			if _, ok := c.Get(k); ok {
				t.Errorf("Get hit")
			}
			c.Load("repo")
			if err := c.Commit("repo", []Key{k}); err == nil {
				t.Errorf("Commit succeeded")
			}
			if err := c.Trim(); err == nil {
				t.Errorf("Trim succeeded")
			}
		})
	}
}

func TestReadOnlyDir(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes to read-only directories")
	}
	dir := t.TempDir()
	c := open(t, dir, newClock(), 0)
	putAll(t, c, 3)
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	c, err := Open(dir, Options{Now: newClock().Now})
	if err == nil {
		t.Fatal("Open of a read-only directory gave no error")
	}
	if got, ok := c.Get(testKey(2)); !ok || !bytes.Equal(got, testData(2)) {
		t.Errorf("read-only cache: Get(2) = %q, %v, want %q", got, ok, testData(2))
	}
}

func TestNil(t *testing.T) {
	var c *Cache
	if _, ok := c.Get(testKey(1)); ok {
		t.Error("nil cache hit")
	}
	c.Load("repo")
	for name, err := range map[string]error{
		"Put":    c.Put(testKey(1), nil),
		"Commit": c.Commit("repo", []Key{testKey(1)}),
		"Trim":   c.Trim(),
		"Err":    c.Err(),
	} {
		if err != nil {
			t.Errorf("nil cache: %s: %v", name, err)
		}
	}
	if s := c.Stats(); s != (Stats{}) {
		t.Errorf("nil cache stats = %+v", s)
	}
}

func TestPutTooLarge(t *testing.T) {
	c := open(t, t.TempDir(), newClock(), 0)
	if err := c.Put(testKey(1), make([]byte, MaxEntry+1)); err == nil {
		t.Error("Put of more than MaxEntry bytes succeeded")
	}
}

func TestDefaultDir(t *testing.T) {
	t.Setenv("FACTGRAPH_CACHE", "/some/where")
	if dir, err := DefaultDir(); dir != "/some/where" || err != nil {
		t.Errorf("DefaultDir() = %q, %v, want $FACTGRAPH_CACHE", dir, err)
	}
	t.Setenv("FACTGRAPH_CACHE", "")
	t.Setenv("XDG_CACHE_HOME", "/xdg")
	t.Setenv("HOME", "/home/someone")
	want, err := os.UserCacheDir()
	if err != nil {
		t.Skip(err)
	}
	if dir, err := DefaultDir(); dir != filepath.Join(want, "factgraph") || err != nil {
		t.Errorf("DefaultDir() = %q, %v, want %q", dir, err, filepath.Join(want, "factgraph"))
	}
}

func TestStatsString(t *testing.T) {
	s := Stats{PackHits: 5, LooseHits: 2, Misses: 1, ReadBytes: 70, Puts: 1, PutBytes: 9, PackEntries: 6}
	want := "cache: 7 hits (5 from a pack of 6, 2 loose), 1 misses, 0 corrupt, 70 bytes read, 1 puts of 9 bytes"
	if got := s.String(); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// TestStageThenCommit: staged entries are in no file until Commit packs
// them; a run that never commits leaves nothing behind.
func TestStageThenCommit(t *testing.T) {
	dir := t.TempDir()
	c, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	k := NewKey([]byte("staged"))
	if err := c.Stage(k, []byte("payload")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(c.entryPath(k)); !os.IsNotExist(err) {
		t.Fatalf("Stage wrote a loose entry (%v)", err)
	}
	if err := c.Commit("ns", []Key{k}); err != nil {
		t.Fatal(err)
	}
	again, _ := Open(dir, Options{})
	again.Load("ns")
	if got, ok := again.Get(k); !ok || string(got) != "payload" {
		t.Errorf("after Commit: %q, %v", got, ok)
	}
	// Staged and never committed: nothing.
	lost := NewKey([]byte("lost"))
	c.Stage(lost, []byte("x"))
	fresh, _ := Open(dir, Options{})
	if _, ok := fresh.Get(lost); ok {
		t.Error("an uncommitted staged entry was found by another run")
	}
}
