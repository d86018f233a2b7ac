package cache

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// Options tune a Cache. The zero value is ready to use.
type Options struct {
	// MaxBytes bounds the cache's size on disk, counted in 4 KiB blocks
	// (see Trim). Zero means 1 GiB.
	MaxBytes int64
	// MaxAge is how long an entry or pack may go unused before Trim
	// removes it whatever the size. Zero means five days.
	MaxAge time.Duration
	// Now tells the time: when an entry was written or last used, and
	// when Trim last ran. Nil means time.Now; tests pass a fake clock.
	Now func() time.Time
}

const (
	defaultMaxBytes = 1 << 30
	defaultMaxAge   = 5 * 24 * time.Hour
	// touchInterval is how stale a file's mtime may get before a use
	// refreshes it. Writing an mtime on every hit would cost a system
	// call per entry; an hour's precision is plenty for eviction.
	touchInterval = time.Hour
	// trimInterval is how often Trim really walks the directory.
	trimInterval = time.Hour
	// recentBudget bounds the entries a Cache keeps in memory after
	// writing them or reading them loose, so that Commit can pack them
	// without reading thousands of small files again.
	recentBudget = 256 << 20
)

// A Cache is an on-disk cache of byte entries under a directory. Its
// methods are safe for concurrent use, and a nil *Cache is a valid cache
// that holds nothing and accepts nothing.
type Cache struct {
	dir      string
	maxBytes int64
	maxAge   time.Duration
	now      func() time.Time
	// writeErr, when not nil, is why the directory cannot be written;
	// the cache then only reads.
	writeErr error

	pack atomic.Pointer[loaded]
	// loose says that loose entries may exist: some did at Open, or this
	// process wrote one.
	loose atomic.Bool

	mu          sync.Mutex
	recent      map[Key][]byte // whole entries, for Commit
	recentBytes int

	packHits, looseHits, misses, corrupt atomic.Int64
	readBytes, puts, putBytes            atomic.Int64
}

// loaded is the pack of one namespace, as Load read it.
type loaded struct {
	ns   Key
	pack *pack
}

// Stats counts what a Cache did since Open.
type Stats struct {
	PackHits    int64 // entries served from the loaded pack
	LooseHits   int64 // entries served from loose entry files
	Misses      int64 // Gets that found no good entry
	Corrupt     int64 // entries rejected for a bad header or checksum
	ReadBytes   int64 // payload bytes served by hits
	Puts        int64 // entries written
	PutBytes    int64 // payload bytes written
	PackEntries int   // entries in the loaded pack
}

// String returns the counts on one line, for factgraph check -v.
func (s Stats) String() string {
	return fmt.Sprintf("cache: %d hits (%d from a pack of %d, %d loose), %d misses, %d corrupt, %d bytes read, %d puts of %d bytes",
		s.PackHits+s.LooseHits, s.PackHits, s.PackEntries, s.LooseHits, s.Misses, s.Corrupt, s.ReadBytes, s.Puts, s.PutBytes)
}

// DefaultDir returns the cache directory to use: $FACTGRAPH_CACHE when it
// is set, else factgraph under the user's cache directory.
func DefaultDir() (string, error) {
	if dir := os.Getenv("FACTGRAPH_CACHE"); dir != "" {
		return dir, nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory: %w", err)
	}
	return filepath.Join(dir, "factgraph"), nil
}

// Open returns the cache in dir, creating the directory (mode 0o700) if
// needed. The returned Cache is never nil: when dir cannot be created or
// written, Open returns a Cache that only reads, with the error saying
// why, which a caller may print as a notice and otherwise ignore.
func Open(dir string, opts Options) (*Cache, error) {
	c := &Cache{
		dir:      dir,
		maxBytes: opts.MaxBytes,
		maxAge:   opts.MaxAge,
		now:      opts.Now,
		recent:   make(map[Key][]byte),
	}
	if c.maxBytes <= 0 {
		c.maxBytes = defaultMaxBytes
	}
	if c.maxAge <= 0 {
		c.maxAge = defaultMaxAge
	}
	if c.now == nil {
		c.now = time.Now
	}
	if abs, err := filepath.Abs(dir); err == nil {
		c.dir = abs
	}
	if err := c.prepare(); err != nil {
		c.writeErr = fmt.Errorf("cache %q is read-only: %w", dir, err)
	}
	// A run whose entries are all in a pack (the usual case: runs stage
	// and pack) need not try to open a loose file for every miss; on a
	// cold run of 176,000 files that is 176,000 failed opens.
	if shards, err := os.ReadDir(filepath.Join(c.dir, "entries")); err == nil && len(shards) > 0 {
		c.loose.Store(true)
	}
	return c, c.writeErr
}

// prepare creates the cache's directories and makes sure a file can be
// written, so that a read-only cache is reported once, by Open, instead
// of by every Put.
func (c *Cache) prepare() error {
	for _, d := range []string{"", "entries", "packs", "heads"} {
		if err := os.MkdirAll(filepath.Join(c.dir, d), 0o700); err != nil {
			return err
		}
	}
	f, err := os.CreateTemp(c.dir, ".tmp-")
	if err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}

// Err returns why the cache only reads, or nil when it also writes.
func (c *Cache) Err() error {
	if c == nil {
		return nil
	}
	return c.writeErr
}

// Get returns the payload stored under k. It looks in the loaded pack
// first, then in the loose entries. An entry that is truncated, corrupt,
// of another format version or stored under another key is a miss. The
// payload may share memory with the cache and must not be modified.
func (c *Cache) Get(k Key) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	if l := c.pack.Load(); l != nil {
		payload, found, ok := l.pack.get(k)
		if ok {
			c.packHits.Add(1)
			c.readBytes.Add(int64(len(payload)))
			return payload, true
		}
		if found {
			c.corrupt.Add(1)
		}
	}
	if !c.loose.Load() {
		c.misses.Add(1)
		return nil, false
	}
	rec, ok := c.readLoose(k)
	if !ok {
		c.misses.Add(1)
		return nil, false
	}
	payload := rec[entryHeader:len(rec):len(rec)]
	c.looseHits.Add(1)
	c.readBytes.Add(int64(len(payload)))
	c.remember(k, rec)
	return payload, true
}

// readLoose reads and checks the loose entry of k, marks it used, and
// removes it if it is bad.
func (c *Cache) readLoose(k Key) ([]byte, bool) {
	name := c.entryPath(k)
	f, err := os.Open(name)
	if err != nil {
		return nil, false
	}
	rec, mtime, err := readAll(f, entryHeader+MaxEntry)
	f.Close()
	if err == nil {
		if _, ok := decodeEntry(rec, k); ok {
			c.touch(name, mtime)
			return rec, true
		}
	}
	c.corrupt.Add(1)
	if c.writeErr == nil {
		// A concurrent Put may just have renamed a good entry into
		// place; removing it then costs one recomputation, never a
		// wrong answer.
		os.Remove(name)
	}
	return nil, false
}

// readAll reads the whole of f, refusing a file larger than limit, and
// returns its contents and modification time. It reads exactly the size
// the file had when opened, so memory is bounded by that size.
func readAll(f *os.File, limit int64) ([]byte, time.Time, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, time.Time{}, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > limit {
		return nil, time.Time{}, fmt.Errorf("%q is not a regular file of at most %d bytes", f.Name(), limit)
	}
	buf := make([]byte, fi.Size())
	if _, err := io.ReadFull(f, buf); err != nil {
		return nil, time.Time{}, err
	}
	return buf, fi.ModTime(), nil
}

// touch records a use of the file name last modified at mtime, writing
// the mtime only when it is older than touchInterval.
func (c *Cache) touch(name string, mtime time.Time) {
	if c.writeErr != nil {
		return
	}
	if now := c.now(); now.Sub(mtime) > touchInterval {
		os.Chtimes(name, now, now)
	}
}

// remember keeps the entry rec of k for Commit, within recentBudget,
// and reports whether it is kept.
func (c *Cache) remember(k Key, rec []byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.recent[k]; dup {
		return true
	}
	if c.recentBytes+len(rec) > recentBudget {
		return false
	}
	c.recent[k] = rec
	c.recentBytes += len(rec)
	return true
}

// Stage keeps data under k in memory for the next Commit to pack,
// without writing a loose entry. A run that computes many entries (a
// cold run) would otherwise create one file per entry, which costs
// minutes where one pack costs a second. Past the memory budget Stage
// writes a loose entry, as Put does. An entry staged but never committed
// is simply not cached.
func (c *Cache) Stage(k Key, data []byte) error {
	if c == nil {
		return nil
	}
	if c.writeErr != nil {
		return c.writeErr
	}
	if len(data) > MaxEntry {
		return fmt.Errorf("cache entry %s has %d bytes, more than the %d allowed", k, len(data), MaxEntry)
	}
	if c.remember(k, encodeEntry(k, data)) {
		c.puts.Add(1)
		c.putBytes.Add(int64(len(data)))
		return nil
	}
	return c.Put(k, data)
}

// Put stores data under k as a loose entry. The entry is written to a
// temporary file and renamed into place, so a reader, in this process or
// another, sees the whole entry or none; two writers of one key leave one
// of their (equal) entries. Put does not sync the file: an entry lost or
// torn by a crash is detected by its checksum and is a miss.
//
// Each Put creates a file, which costs from 0.1 to 3 ms on the machine
// the package was measured on, whatever the number of writers; a cold
// run pays that for every file it checks, a warm one only for the files
// that changed.
func (c *Cache) Put(k Key, data []byte) error {
	if c == nil {
		return nil
	}
	if c.writeErr != nil {
		return c.writeErr
	}
	if len(data) > MaxEntry {
		return fmt.Errorf("cache entry %s has %d bytes, more than the %d allowed", k, len(data), MaxEntry)
	}
	rec := encodeEntry(k, data)
	name := c.entryPath(k)
	if err := c.writeFile(name, rec); err != nil {
		return err
	}
	c.loose.Store(true)
	c.puts.Add(1)
	c.putBytes.Add(int64(len(data)))
	c.remember(k, rec)
	return nil
}

// writeFile writes data to name atomically: into a temporary file in the
// same directory, creating the directory if needed, then renamed. The
// file's mtime is set from the cache's clock so that eviction follows the
// same time as everything else.
func (c *Cache) writeFile(name string, data []byte) error {
	dir := filepath.Dir(name)
	f, err := os.CreateTemp(dir, ".tmp-")
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(dir, 0o700); err == nil {
			f, err = os.CreateTemp(dir, ".tmp-")
		}
	}
	if err != nil {
		return fmt.Errorf("writing cache: %w", err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		now := c.now()
		err = os.Chtimes(tmp, now, now)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing cache: %w", err)
	}
	return nil
}

// entryPath returns the file of k's loose entry. The first byte of the
// key names a subdirectory, so no directory holds more than 1/256 of the
// entries.
func (c *Cache) entryPath(k Key) string {
	s := k.String()
	return filepath.Join(c.dir, "entries", s[:2], s)
}

// Stats returns what the cache did since Open.
func (c *Cache) Stats() Stats {
	if c == nil {
		return Stats{}
	}
	s := Stats{
		PackHits:  c.packHits.Load(),
		LooseHits: c.looseHits.Load(),
		Misses:    c.misses.Load(),
		Corrupt:   c.corrupt.Load(),
		ReadBytes: c.readBytes.Load(),
		Puts:      c.puts.Load(),
		PutBytes:  c.putBytes.Load(),
	}
	if l := c.pack.Load(); l != nil {
		s.PackEntries = l.pack.count
	}
	return s
}
