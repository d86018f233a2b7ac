package cache

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// present returns which of entries 0 to n-1 have a loose file.
func present(c *Cache, n int) []int {
	var is []int
	for i := range n {
		if _, err := os.Stat(c.entryPath(testKey(i))); err == nil {
			is = append(is, i)
		}
	}
	return is
}

func TestTrimEvictsLeastRecentlyUsed(t *testing.T) {
	tests := []struct {
		name   string
		blocks int64 // MaxBytes in blocks; every entry takes one
		use    []int // entries read after all were written
		want   []int
	}{
		{name: "within the bound", blocks: 10, want: []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{name: "oldest go first", blocks: 4, want: []int{6, 7, 8, 9}},
		{name: "a read keeps an entry", blocks: 4, use: []int{0, 2}, want: []int{0, 2, 8, 9}},
		{name: "nothing left", blocks: 0, want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			c := open(t, t.TempDir(), clk, 1)
			c.maxBytes = tc.blocks * blockSize // 0 would mean the default
			for i := range 10 {
				if err := c.Put(testKey(i), testData(i)); err != nil {
					t.Fatal(err)
				}
				clk.Add(2 * time.Hour)
			}
			for _, i := range tc.use {
				if _, ok := c.Get(testKey(i)); !ok {
					t.Fatalf("Get(%d) missed", i)
				}
				clk.Add(time.Minute)
			}
			if err := c.Trim(); err != nil {
				t.Fatal(err)
			}
			if got := present(c, 10); !slices.Equal(got, tc.want) {
				t.Errorf("entries left: %v, want %v", got, tc.want)
			}
		})
	}
}

// TestTouch checks that a hit rewrites an entry's mtime only when it is
// more than an hour old, so that a warm run costs no writes.
func TestTouch(t *testing.T) {
	clk := newClock()
	c := open(t, t.TempDir(), clk, 0)
	k := testKey(1)
	written := clk.Now()
	if err := c.Put(k, testData(1)); err != nil {
		t.Fatal(err)
	}
	mtime := func() time.Time {
		fi, err := os.Stat(c.entryPath(k))
		if err != nil {
			t.Fatal(err)
		}
		return fi.ModTime()
	}
	if !mtime().Equal(written) {
		t.Fatalf("Put set mtime %v, want the clock's %v", mtime(), written)
	}
	clk.Add(59 * time.Minute)
	c.Get(k)
	if !mtime().Equal(written) {
		t.Errorf("a hit within the hour moved mtime to %v", mtime())
	}
	clk.Add(2 * time.Minute)
	c.Get(k)
	if !mtime().Equal(clk.Now()) {
		t.Errorf("a hit after the hour left mtime at %v, want %v", mtime(), clk.Now())
	}
}

func TestTrimStamp(t *testing.T) {
	tests := []struct {
		name    string
		after   time.Duration // between the first Trim and the second
		trimmed bool
	}{
		{name: "within the interval", after: 59 * time.Minute, trimmed: false},
		{name: "after the interval", after: 61 * time.Minute, trimmed: true},
		{name: "clock went back", after: -time.Minute, trimmed: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := newClock()
			c := open(t, t.TempDir(), clk, 0)
			c.maxBytes = 2 * blockSize
			if err := c.Trim(); err != nil {
				t.Fatal(err)
			}
			for i := range 4 {
				if err := c.Put(testKey(i), testData(i)); err != nil {
					t.Fatal(err)
				}
			}
			clk.Add(tc.after)
			if err := c.Trim(); err != nil {
				t.Fatal(err)
			}
			if got := len(present(c, 4)); (got == 2) != tc.trimmed || got != 2 && got != 4 {
				t.Errorf("%d of 4 entries left, want trimmed %v", got, tc.trimmed)
			}
		})
	}
}

func TestTrimAge(t *testing.T) {
	clk := newClock()
	c := open(t, t.TempDir(), clk, 0)
	if err := c.Put(testKey(0), testData(0)); err != nil {
		t.Fatal(err)
	}
	clk.Add(4 * 24 * time.Hour)
	if err := c.Put(testKey(1), testData(1)); err != nil {
		t.Fatal(err)
	}
	clk.Add(24*time.Hour + time.Minute)
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	if got := present(c, 2); !slices.Equal(got, []int{1}) {
		t.Errorf("entries left: %v, want only the one used within five days", got)
	}
}

func TestTrimPacks(t *testing.T) {
	clk := newClock()
	dir := t.TempDir()
	c := open(t, dir, clk, 0)
	keys := putAll(t, c, 10)
	if err := c.Commit("a", keys[:5]); err != nil {
		t.Fatal(err)
	}
	first := packs(t, dir)
	clk.Add(10 * time.Minute)
	if err := c.Commit("a", keys[5:]); err != nil {
		t.Fatal(err)
	}
	all := packs(t, dir)
	if len(first) != 1 || len(all) != 2 {
		t.Fatalf("packs after two Commits: %v, want two", all)
	}
	current := slices.DeleteFunc(slices.Clone(all), func(p string) bool { return p == first[0] })

	// Leftovers of a writer that died, one old enough to remove.
	stale := filepath.Join(dir, "packs", ".tmp-stale")
	fresh := filepath.Join(dir, "entries", ".tmp-fresh")
	for _, f := range []string{stale, fresh} {
		if err := os.WriteFile(f, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := clk.Now().Add(-2 * time.Hour)
	os.Chtimes(stale, old, old)
	now := clk.Now()
	os.Chtimes(fresh, now, now)

	// Within the hour the replaced pack may still be read by a run that
	// read the old head; after it, it goes.
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	if got := packs(t, dir); !slices.Equal(got, all) {
		t.Errorf("packs after a Trim within the hour: %v, want %v", got, all)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Errorf("stale temporary file left")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("temporary file of a live writer removed: %v", err)
	}
	clk.Add(2 * time.Hour)
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	if got := packs(t, dir); !slices.Equal(got, current) {
		t.Errorf("packs after a Trim past the hour: %v, want %v", got, current)
	}
	c.Load("a")
	if n := c.Stats().PackEntries; n != 5 {
		t.Errorf("current pack has %d entries, want 5", n)
	}

	// A pack evicted for space takes its head with it.
	clk.Add(2 * time.Hour)
	c.maxBytes = 1
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	if got := packs(t, dir); len(got) != 0 {
		t.Errorf("packs left over the bound: %v", got)
	}
	if hs, _ := os.ReadDir(filepath.Join(dir, "heads")); len(hs) != 0 {
		t.Errorf("%d heads left without their pack", len(hs))
	}
}

// packs returns the names of the pack files in dir, sorted.
func packs(t *testing.T, dir string) []string {
	t.Helper()
	ps, err := filepath.Glob(filepath.Join(dir, "packs", "*.pack"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ps)
	return ps
}
