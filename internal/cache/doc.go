// Package cache is an on-disk cache of byte entries named by content
// keys, built for the per-file results of factgraph check: an entry's
// key is made of the fact file's bytes, the schema directory's contents
// and the binary's version, so a stale entry can never be found, and the
// cache needs no invalidation, only eviction.
//
// # Use
//
// A run opens the cache, loads its namespace's pack, gets what it can,
// puts what it computed, and at the end commits the keys it used and
// trims:
//
//	dir, err := cache.DefaultDir()  // $FACTGRAPH_CACHE, else the user cache dir
//	c, err := cache.Open(dir, cache.Options{})
//	// err != nil: the cache only reads; print err as a notice, carry on.
//	c.Load(namespace)               // e.g. repository root + schema hash
//	k := cache.NewKey(fileBytes, schemaHash, version)
//	if data, ok := c.Get(k); ok { … } else { …; c.Put(k, data) }
//	…
//	c.Commit(namespace, usedKeys)
//	c.Trim()
//	fmt.Println(c.Stats())           // with -v
//
// The API is
//
//	type Key [32]byte
//	func NewKey(parts ...[]byte) Key
//	func (k Key) String() string
//	type Options struct { MaxBytes int64; MaxAge time.Duration; Now func() time.Time }
//	func DefaultDir() (string, error)
//	func Open(dir string, opts Options) (*Cache, error)
//	func (c *Cache) Err() error
//	func (c *Cache) Load(namespace string)
//	func (c *Cache) Get(k Key) ([]byte, bool)
//	func (c *Cache) Put(k Key, data []byte) error
//	func (c *Cache) Commit(namespace string, used []Key) error
//	func (c *Cache) Trim() error
//	func (c *Cache) Stats() Stats
//	type Stats struct { PackHits, LooseHits, Misses, Corrupt, ReadBytes, Puts, PutBytes int64; PackEntries int }
//	func (s Stats) String() string
//	const MaxEntry = 64 << 20  // the largest payload Put accepts
//
// Open always returns a usable Cache; its error only says that the cache
// cannot write (then Put, Commit and Trim return that error and Get still
// reads). A nil *Cache is a cache that holds nothing, for --no-cache.
// Misses are never errors: Get reports a bad or absent entry as a miss,
// and Load a bad or absent pack as no pack.
// Get, Put and Stats are safe for concurrent use; Load, Commit and Trim
// may run beside them. A payload returned by Get may share memory with
// the loaded pack and must not be modified, and holding one keeps the
// pack in memory: copying 176,000 payloads would double what a warm run
// allocates.
//
// # Loose entries and packs
//
// Put writes each entry to its own file, entries/ab/abcd…, named by the
// hex of its key and sharded by the first byte. Reading 176,000 such
// files costs over a second, so Commit gathers the entries a run used
// into one pack per namespace, and the next run reads that file whole
// (Load) and serves Get from memory, falling back to loose entries for
// keys the pack lacks. A namespace lets several repositories share one
// directory; its head, heads/<hex of NewKey("namespace", ns)>, names its
// current pack, packs/<hex of the pack id>.pack.
//
// Commit writes a new pack only when the old one is off by more than
// 1/64 of the keys used (entries it would leave loose plus entries it
// holds that were not used); below that, rewriting a 144 MB pack for a
// few edited files costs more than the loose reads it saves.
//
// # Formats
//
// All numbers are little-endian. An entry, as a loose file and inside a
// pack, is
//
//	magic "fgcache\x00" (8) | version 1 (4) | payload length (4) |
//	key (32) | SHA-256 of the payload (32) | payload
//
// A pack is
//
//	magic "fgpack\x00\x00" (8) | version 1 (4) | entry count (4) |
//	index offset (8) | file size (8) | SHA-256 of the index (32) |
//	entries, in key order, back to back |
//	index: per entry, key (32) | offset of the entry in the file (8)
//
// and its id is the SHA-256 of its 64-byte header, which covers the
// index and so every key and offset. A head is
//
//	magic "fghead\x00\x00" (8) | version 1 (4) | zero (4) |
//	namespace key (32) | pack id (32) | SHA-256 of the preceding 80 bytes (32)
//
// # Trust
//
// Nothing read is trusted. An entry must have the magic and version, the
// length of the bytes that hold it, the key asked for and a payload that
// matches its checksum; a loose entry that fails is a miss and is
// removed. A head must match its namespace, version and checksum. A pack
// must have the size its header says, no larger than MaxBytes (so memory
// is bounded by the file and the bound), an index matching its checksum
// with keys in strictly increasing order and entries exactly tiling the
// space between header and index, each of at most MaxEntry bytes, and
// the id its head names. A pack that fails is not used; an entry of a
// good pack that fails is a miss and falls back to its loose file. A
// truncated, corrupt or foreign file of any kind is therefore a miss,
// never an error, a panic or a wrong answer.
//
// The checksum is SHA-256. CRC-32C is ten times faster (BenchmarkChecksum
// below: 9 ms against 90 ms of one CPU for 176,000 entries, with SHA-NI),
// but 90 ms split over the workers is within a warm run's budget, and
// where a damaged entry passes a 32-bit CRC once in four billion, it
// never passes SHA-256 in practice; the keys are SHA-256 already. Should
// the budget tighten, the switch is a new entry version.
//
// # Concurrency
//
// Every file is written to a temporary file in its own directory and
// renamed into place, so processes sharing the directory each read a
// whole old or a whole new file; two writers of one key leave one of
// their equal entries, and of two Commits of one namespace the last
// wins. Files are not synced: a file a crash tears is caught by its
// checksum.
//
// # Eviction
//
// A use (a write, a hit, a Load) sets the file's mtime, but only when it
// is more than an hour old, so a warm run writes nothing. Trim removes files unused for MaxAge (five days), packs
// no head names after an hour's grace, and then the least recently used
// loose entries and packs until the cache fits MaxBytes (1 GiB), counting
// 4 KiB blocks; it walks the directory at most once an hour, recording
// the time in trim.txt. Every time comes from Options.Now.
//
// # Performance
//
// Measured on a 2-core AMD EPYC VM (SHA-NI, ext4) that other jobs
// were using at the same time, so each figure is the range over three
// runs of three ops, from
//
//	go test -run '^$' -bench . -benchtime 3x -count 3 -benchmem ./internal/cache/
//
// with 176,000 entries of 600 to 800 bytes (a 144 MB pack), the page
// cache warm and one worker per CPU:
//
//	BenchmarkGet/pack           0.30 - 0.55 s a run   (Open, Load, 176,000 Gets; 48 allocs)
//	BenchmarkGet/loose          2.4  - 3.3  s a run   (the same from 176,000 files)
//	BenchmarkCommit/from-loose  2.1  - 3.0  s         (pack written from 176,000 files)
//	BenchmarkCommit/repack      0.34 - 0.56 s         (old pack, minus 4,000, plus 4,000 loose)
//	BenchmarkPut                2.2  - 2.4  ms a file (0.08 ms in a quieter run)
//	BenchmarkChecksum/sha256    88   - 92   ms for 176,000 entries on one CPU
//	BenchmarkChecksum/crc32c     8.8 - 10   ms
//
// In the same runs the pack served a warm run 6 to 9 times faster than
// loose files. Of a pack run's CPU, a profile gives about half to
// SHA-256 and an eighth to Load reading and checking the file; the rest
// is finding and checking entries in memory that no CPU cache holds.
// Creating a file is what makes Put slow here (a create takes 0.4 to
// 3 ms on this file system, serialised across writers), so a cold run of
// 176,000 files spends minutes in Put; see Put.
package cache
