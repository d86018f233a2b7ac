package fact

import (
	"sync"

	"github.com/factgraph/factgraph/internal/cache"
)

// Cache keeps the results of reading fact files between runs, in a
// content-addressed store: a result is found again only for the same
// file name and bytes, the same schema directory and the same binary, so
// a stale result can never be used. Entries that fail to decode are
// misses. Only the per-file stage is cached; resolution and every rule
// run on every check, so correctness never depends on which files
// changed.
type Cache struct {
	store *cache.Cache
	salt  []byte

	mu   sync.Mutex
	used []cache.Key
}

// NewCache uses store for results read with the schema whose contents
// hash to schemaHash. A nil store gives a nil Cache, which caches
// nothing.
func NewCache(store *cache.Cache, schemaHash [32]byte) *Cache {
	if store == nil {
		return nil
	}
	salt := append([]byte("factgraph fact file/"), byte(codecVersion))
	salt = append(salt, schemaHash[:]...)
	salt = append(salt, cache.BinaryID()...)
	return &Cache{store: store, salt: salt}
}

// Key is the cache key of the result of reading the file called name
// (relative to the repository root) with the bytes data.
func (c *Cache) Key(name string, data []byte) cache.Key {
	return cache.NewKey(c.salt, []byte(name), data)
}

// get returns the cached result of the file, if any.
func (c *Cache) get(name string, data []byte) (e *result, k cache.Key, ok bool) {
	k = c.Key(name, data)
	payload, found := c.store.Get(k)
	if !found {
		return nil, k, false
	}
	ent, fs, err := decodeResult(name, payload)
	if err != nil {
		return nil, k, false
	}
	c.use(k)
	return &result{entity: ent, findings: fs}, k, true
}

// put stores a result computed in this run. Entries are staged in memory
// and packed by Commit: one file per entry would cost a cold run minutes.
func (c *Cache) put(k cache.Key, name string, r *result) {
	if c.store.Stage(k, encodeResult(name, r.entity, r.findings)) == nil {
		c.use(k)
	}
}

func (c *Cache) use(k cache.Key) {
	c.mu.Lock()
	c.used = append(c.used, k)
	c.mu.Unlock()
}

// Commit packs the entries this run used under namespace (the
// repository), so the next run reads them from one file.
func (c *Cache) Commit(namespace string) error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	used := c.used
	c.mu.Unlock()
	return c.store.Commit(namespace, used)
}
