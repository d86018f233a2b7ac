package cache

import (
	"cmp"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// blockSize is the unit in which files are counted against MaxBytes. A
// 700-byte entry takes a 4 KiB block on most file systems; counting its
// length alone would let 176,000 loose entries occupy six times the
// bound.
const blockSize = 4096

// Trim keeps the cache within its bounds. It removes loose entries, packs
// and heads unused for MaxAge, packs that no head points at any more,
// temporary files left by writers that died, and then, least recently
// used first, loose entries and packs until the cache is within MaxBytes.
// A use is a write or a hit, recorded in the file's mtime to within an
// hour.
//
// Walking the directory costs a system call per entry, so Trim does the
// work at most once an hour, remembering when in the file trim.txt; a
// call within the hour returns at once. Errors removing single files are
// ignored: a concurrent Trim may have removed them first.
func (c *Cache) Trim() error {
	if c == nil {
		return nil
	}
	if c.writeErr != nil {
		return c.writeErr
	}
	now := c.now()
	stamp := filepath.Join(c.dir, "trim.txt")
	if data, err := os.ReadFile(stamp); err == nil {
		if sec, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64); err == nil {
			// A stamp in the future means the clock went back; trim.
			if d := now.Sub(time.Unix(sec, 0)); d >= 0 && d < trimInterval {
				return nil
			}
		}
	}
	// The stamp goes first, so that runs finishing together do not all
	// walk the directory.
	if err := c.writeFile(stamp, []byte(strconv.FormatInt(now.Unix(), 10)+"\n")); err != nil {
		return err
	}

	var live []trimFile
	var total int64
	keep := func(f trimFile) {
		if now.Sub(f.mtime) > c.maxAge {
			os.Remove(f.path)
			return
		}
		live = append(live, f)
		total += f.blocks
	}

	entries := filepath.Join(c.dir, "entries")
	shards, _ := os.ReadDir(entries)
	for _, sh := range shards {
		if !sh.IsDir() {
			continue
		}
		for _, f := range c.listDir(filepath.Join(entries, sh.Name()), now) {
			if isHex(f.name, 64) {
				keep(f)
			}
		}
	}

	// Heads name the packs in use; a head that does not check, or whose
	// pack is gone, is removed.
	packs := c.listDir(filepath.Join(c.dir, "packs"), now)
	heads := make(map[Key][]string) // pack id to the heads naming it
	for _, f := range c.listDir(filepath.Join(c.dir, "heads"), now) {
		ns, ok := parseKey(f.name)
		if !ok {
			continue
		}
		h, err := os.ReadFile(f.path)
		id, ok := decodeHead(h, ns)
		if err != nil || !ok || now.Sub(f.mtime) > c.maxAge {
			os.Remove(f.path)
			continue
		}
		heads[id] = append(heads[id], f.path)
	}
	for _, f := range packs {
		base, ok := strings.CutSuffix(f.name, ".pack")
		id, ok2 := parseKey(base)
		if !ok || !ok2 {
			continue
		}
		f.pack, f.isPack = id, true
		// An unreferenced pack was replaced; one newer than an hour
		// may be a Commit's that has not written its head yet.
		if _, ok := heads[id]; !ok && now.Sub(f.mtime) > touchInterval {
			os.Remove(f.path)
			continue
		}
		keep(f)
	}
	for id, hs := range heads {
		if _, err := os.Stat(c.packPath(id)); err != nil {
			for _, h := range hs {
				os.Remove(h)
			}
		}
	}

	slices.SortFunc(live, func(a, b trimFile) int {
		return cmp.Or(a.mtime.Compare(b.mtime), strings.Compare(a.path, b.path))
	})
	for _, f := range live {
		if total <= c.maxBytes {
			break
		}
		os.Remove(f.path)
		total -= f.blocks
		if f.isPack {
			for _, h := range heads[f.pack] {
				os.Remove(h)
			}
		}
	}
	return nil
}

// A trimFile is a file Trim may remove.
type trimFile struct {
	path, name string
	blocks     int64 // size rounded up to whole blocks
	mtime      time.Time
	isPack     bool
	pack       Key
}

// listDir returns the files in dir, removing temporary files older than
// touchInterval: no write takes that long, so their writer died.
func (c *Cache) listDir(dir string, now time.Time) []trimFile {
	des, _ := os.ReadDir(dir)
	var fs []trimFile
	for _, de := range des {
		info, err := de.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		path := filepath.Join(dir, de.Name())
		if strings.HasPrefix(de.Name(), ".tmp-") {
			if now.Sub(info.ModTime()) > touchInterval {
				os.Remove(path)
			}
			continue
		}
		fs = append(fs, trimFile{
			path:   path,
			name:   de.Name(),
			blocks: (info.Size() + blockSize - 1) / blockSize * blockSize,
			mtime:  info.ModTime(),
		})
	}
	return fs
}

// parseKey reads a key written by Key.String.
func parseKey(s string) (Key, bool) {
	var k Key
	if !isHex(s, 64) {
		return k, false
	}
	hex.Decode(k[:], []byte(s))
	return k, true
}

// isHex reports whether s is n lowercase hexadecimal digits.
func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := range len(s) {
		if !('0' <= s[i] && s[i] <= '9' || 'a' <= s[i] && s[i] <= 'f') {
			return false
		}
	}
	return true
}
