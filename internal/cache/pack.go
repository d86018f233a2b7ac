package cache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
)

// Load reads the pack that namespace's head points at, so that Get serves
// from it. A missing, corrupt or foreign head or pack leaves the cache
// without a pack: Get then reads loose entries only.
func (c *Cache) Load(namespace string) {
	if c == nil {
		return
	}
	ns := namespaceKey(namespace)
	p, _ := c.readPack(ns)
	if p == nil {
		c.pack.Store(nil)
		return
	}
	c.pack.Store(&loaded{ns: ns, pack: p})
}

// namespaceKey is the key under which a namespace's head is stored.
func namespaceKey(namespace string) Key {
	return NewKey([]byte("namespace"), []byte(namespace))
}

// readPack reads and checks the head of ns and the pack it points at, and
// marks both used. The pack is read whole, so memory is bounded by its
// size, which must be within the cache's bound.
func (c *Cache) readPack(ns Key) (*pack, error) {
	headName := c.headPath(ns)
	f, err := os.Open(headName)
	if err != nil {
		return nil, err
	}
	h, hmtime, err := readAll(f, headSize)
	f.Close()
	if err != nil {
		return nil, err
	}
	id, ok := decodeHead(h, ns)
	if !ok {
		return nil, fmt.Errorf("cache head %q is corrupt", headName)
	}
	name := c.packPath(id)
	if f, err = os.Open(name); err != nil {
		return nil, err
	}
	data, mtime, err := readAll(f, c.maxBytes)
	f.Close()
	if err != nil {
		return nil, err
	}
	p, ok := parsePack(data)
	if !ok || p.id != id {
		return nil, fmt.Errorf("cache pack %q is corrupt", name)
	}
	c.touch(headName, hmtime)
	c.touch(name, mtime)
	return p, nil
}

// Commit packs the entries a run used, so that the next run in namespace
// reads them from one file. used lists every key the run asked for; keys
// the cache does not hold are left out of the pack.
//
// When the namespace's pack already holds nearly all of used and little
// else (the loose reads it would leave and the unused entries it carries
// come to no more than 1/64 of used), Commit writes nothing: rewriting a
// large pack for a few changed files would cost more than the next run
// saves. Otherwise it writes a new pack of exactly the entries of used
// that it finds, from the current pack, from memory or from loose
// entries, each checked, and points the namespace's head at it. Both are
// written to temporary files and renamed, so concurrent runs each see a
// whole pack; the last Commit wins.
func (c *Cache) Commit(namespace string, used []Key) error {
	if c == nil {
		return nil
	}
	if c.writeErr != nil {
		return c.writeErr
	}
	ns := namespaceKey(namespace)
	var old *pack
	if l := c.pack.Load(); l != nil && l.ns == ns {
		old = l.pack
	} else {
		old, _ = c.readPack(ns)
	}

	keys := slices.Clone(used)
	slices.SortFunc(keys, func(a, b Key) int { return bytes.Compare(a[:], b[:]) })
	keys = slices.Compact(keys)

	// An entry comes from the old pack when it is there and checks
	// (inPack[i] is its index there, else -1), else from memory or from
	// its loose file (recs[i]).
	inPack := make([]int, len(keys))
	served := 0
	for i, k := range keys {
		inPack[i] = -1
		if old == nil {
			continue
		}
		if j, ok := old.find(k); ok {
			if _, ok := old.verified(j, k); ok {
				inPack[i] = j
				served++
			}
		}
	}
	recs := make([][]byte, len(keys))
	var loose []int
	found := 0
	c.mu.Lock()
	for i, k := range keys {
		if inPack[i] >= 0 {
			continue
		}
		if rec, ok := c.recent[k]; ok {
			recs[i] = rec
			found++
		} else {
			loose = append(loose, i)
		}
	}
	c.mu.Unlock()
	found += c.readLooseAll(keys, loose, recs)

	if old == nil && found == 0 || old != nil && !stale(len(keys), found, old.count-served) {
		return nil
	}
	return c.writePack(ns, keys, inPack, recs, old)
}

// stale reports whether a pack is worth rewriting for a run that used
// used entries, of which loose were found outside the pack, while dead
// entries of the pack went unused: when the two come to more than 1/64
// of the run. Below that, rewriting a pack of 176,000 entries for a few
// edited files costs more than the loose reads it saves the next run.
func stale(used, loose, dead int) bool {
	return loose+dead > used/64
}

// readLooseAll reads the loose entries of keys[i] for each i in idx into
// recs[i], with one reader per CPU, and returns how many it found.
func (c *Cache) readLooseAll(keys []Key, idx []int, recs [][]byte) int {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		found int
		next  = make(chan int)
	)
	for range min(runtime.GOMAXPROCS(0), max(len(idx), 1)) {
		wg.Go(func() {
			n := 0
			for i := range next {
				if rec, ok := c.readLoose(keys[i]); ok {
					recs[i] = rec
					n++
				}
			}
			mu.Lock()
			found += n
			mu.Unlock()
		})
	}
	for _, i := range idx {
		next <- i
	}
	close(next)
	wg.Wait()
	return found
}

// writePack writes the pack of keys, each entry taken from old at
// inPack[i] or from recs[i] (keys with neither are left out), then points
// the head of ns at it.
func (c *Cache) writePack(ns Key, keys []Key, inPack []int, recs [][]byte, old *pack) error {
	dir := filepath.Join(c.dir, "packs")
	f, err := os.CreateTemp(dir, ".tmp-")
	if err != nil {
		return fmt.Errorf("writing cache pack: %w", err)
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("writing cache pack: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	b := newPackBuilder(len(keys))
	if _, err := w.Write(make([]byte, packHeader)); err != nil {
		return fail(err)
	}
	for i, k := range keys {
		rec := recs[i]
		if inPack[i] >= 0 {
			rec = old.entry(inPack[i])
		}
		if rec == nil {
			continue
		}
		b.add(k, len(rec))
		if _, err := w.Write(rec); err != nil {
			return fail(err)
		}
		if int64(b.off) > c.maxBytes {
			return fail(fmt.Errorf("pack would exceed the cache's bound of %d bytes", c.maxBytes))
		}
	}
	if _, err := w.Write(b.index); err != nil {
		return fail(err)
	}
	if err := w.Flush(); err != nil {
		return fail(err)
	}
	header := b.header()
	if _, err := f.WriteAt(header, 0); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fail(err)
	}
	id := Key(sha256.Sum256(header))
	now := c.now()
	if err := os.Chtimes(tmp, now, now); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, c.packPath(id)); err != nil {
		return fail(err)
	}
	return c.writeFile(c.headPath(ns), encodeHead(ns, id))
}

// packPath returns the file of the pack named id.
func (c *Cache) packPath(id Key) string {
	return filepath.Join(c.dir, "packs", id.String()+".pack")
}

// headPath returns the file of namespace ns's head.
func (c *Cache) headPath(ns Key) string {
	return filepath.Join(c.dir, "heads", ns.String())
}
