package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// TestCorruptEntry damages one loose entry in every way a disk, a crash
// or a stray copy could, and checks that each is a miss whose file is
// then removed.
func TestCorruptEntry(t *testing.T) {
	dir := t.TempDir()
	c := open(t, dir, newClock(), 0)
	k, data := testKey(3), testData(3)
	if err := c.Put(k, data); err != nil {
		t.Fatal(err)
	}
	name := c.entryPath(k)
	good, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}

	type mutation struct {
		name string
		rec  []byte
	}
	muts := []mutation{
		{name: "empty", rec: nil},
		{name: "one byte more", rec: append(bytes.Clone(good), 0)},
		{name: "another key", rec: encodeEntry(testKey(4), data)},
		{name: "another magic", rec: patch(good, 0, []byte("fgcachX\x00"))},
		{name: "another version", rec: patch(good, 8, le32(entryVersion+1))},
		{name: "longer length", rec: patch(good, 12, le32(uint32(len(data)+1)))},
		{name: "another payload, same length", rec: patch(good, entryHeader, []byte("E"))},
	}
	for n := range len(good) {
		muts = append(muts, mutation{name: "truncated", rec: good[:n]})
	}
	for i := range good {
		for _, x := range []byte{0x01, 0x80, 0xff} {
			rec := bytes.Clone(good)
			rec[i] ^= x
			muts = append(muts, mutation{name: "flipped", rec: rec})
		}
	}
	for _, m := range muts {
		if err := os.WriteFile(name, m.rec, 0o600); err != nil {
			t.Fatal(err)
		}
		if got, ok := c.Get(k); ok {
			t.Fatalf("%s entry (%x): Get = %q, want a miss", m.name, m.rec, got)
		}
		if _, err := os.Stat(name); err == nil {
			t.Fatalf("%s entry was not removed", m.name)
		}
	}
	if s := c.Stats(); s.Corrupt != int64(len(muts)) || s.Misses != int64(len(muts)) {
		t.Errorf("stats = %+v, want %d corrupt and missed", s, len(muts))
	}

	// A file in the place of an entry that is not a regular file, or
	// too large to be one, is refused without being read.
	if err := os.Mkdir(name, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get(k); ok {
		t.Errorf("directory in place of an entry: Get hit")
	}
}

// TestCorruptPack damages a pack of three entries, and its head, byte
// by byte. Every damage must cost at least one miss and no Get may
// return wrong data.
func TestCorruptPack(t *testing.T) {
	dir, clk := t.TempDir(), newClock()
	c := open(t, dir, clk, 0)
	keys := putAll(t, c, 3)
	if err := c.Commit("repo", keys); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "entries")); err != nil {
		t.Fatal(err)
	}
	headName := filepath.Join(dir, "heads", namespaceKey("repo").String())
	head, err := os.ReadFile(headName)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := decodeHead(head, namespaceKey("repo"))
	packName := filepath.Join(dir, "packs", id.String()+".pack")
	good, err := os.ReadFile(packName)
	if err != nil {
		t.Fatal(err)
	}

	// hits loads the pack again and reads every key, returning how many
	// hit and failing on wrong data.
	hits := func(what string) int {
		t.Helper()
		c.Load("repo")
		n := 0
		for i, k := range keys {
			got, ok := c.Get(k)
			if ok && !bytes.Equal(got, testData(i)) {
				t.Fatalf("%s: Get(%d) = %q, want %q", what, i, got, testData(i))
			}
			if ok {
				n++
			}
		}
		return n
	}
	if n := hits("good pack"); n != 3 {
		t.Fatalf("good pack: %d hits, want 3", n)
	}

	type damage struct {
		name string
		data []byte
		path string
	}
	var ds []damage
	for i := range good {
		d := bytes.Clone(good)
		d[i] ^= 0x01
		ds = append(ds, damage{name: "pack flipped", path: packName, data: d})
	}
	// Every prefix is tried in memory below; on disk, a few suffice.
	for _, n := range []int{0, packHeader - 1, packHeader, len(good) / 2, len(good) - 1} {
		ds = append(ds, damage{name: "pack truncated", path: packName, data: good[:n]})
	}
	ds = append(ds, damage{name: "pack grown", path: packName, data: append(bytes.Clone(good), 0)})
	for i := range head {
		d := bytes.Clone(head)
		d[i] ^= 0x01
		ds = append(ds, damage{name: "head flipped", path: headName, data: d})
	}
	for n := range len(head) {
		ds = append(ds, damage{name: "head truncated", path: headName, data: head[:n]})
	}
	// A head copied from another namespace, and a head pointing at
	// another pack of the right namespace, under its name.
	ds = append(ds,
		damage{name: "foreign head", path: headName, data: encodeHead(namespaceKey("other"), id)},
		damage{name: "head of a missing pack", path: headName, data: encodeHead(namespaceKey("repo"), testKey(9))},
	)
	for _, d := range ds {
		orig, _ := os.ReadFile(d.path)
		if err := os.WriteFile(d.path, d.data, 0o600); err != nil {
			t.Fatal(err)
		}
		if n := hits(d.name); n == len(keys) {
			t.Fatalf("%s (%x): every key hit", d.name, d.data)
		}
		if err := os.WriteFile(d.path, orig, 0o600); err != nil {
			t.Fatal(err)
		}
	}

	for n := range len(good) {
		if _, ok := parsePack(good[:n]); ok {
			t.Errorf("parsePack accepted the first %d bytes of a pack", n)
		}
	}

	// A whole pack renamed to another pack's name does not match the
	// head that names that pack.
	other := testKey(8)
	if err := os.Rename(packName, filepath.Join(dir, "packs", other.String()+".pack")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(headName, encodeHead(namespaceKey("repo"), other), 0o600); err != nil {
		t.Fatal(err)
	}
	if n := hits("renamed pack"); n != 0 {
		t.Errorf("renamed pack: %d hits, want 0", n)
	}
}

// TestPackBounds checks that parsePack refuses headers and indexes that
// describe more than the file holds.
func TestPackBounds(t *testing.T) {
	b := newPackBuilder(1)
	rec := encodeEntry(testKey(1), []byte("payload"))
	b.add(testKey(1), len(rec))
	good := append(append(b.header(), rec...), b.index...)
	if _, ok := parsePack(good); !ok {
		t.Fatal("good pack refused")
	}
	// reseal recomputes the index checksum after a change to the index,
	// so that only the bound being tested can refuse the pack.
	reseal := func(p []byte) []byte {
		off := binary.LittleEndian.Uint64(p[16:])
		if off <= uint64(len(p)) {
			sum := sha256.Sum256(p[off:])
			copy(p[32:], sum[:])
		}
		return p
	}
	tests := []struct {
		name string
		pack []byte
	}{
		{name: "huge count", pack: reseal(patch(good, 12, le32(1<<31)))},
		{name: "index offset past the end", pack: reseal(patch(good, 16, le64(1<<62)))},
		{name: "index offset in the header", pack: reseal(patch(good, 16, le64(8)))},
		{name: "size past the end", pack: reseal(patch(good, 24, le64(1<<40)))},
		{name: "entry offset past the index", pack: reseal(patch(good, len(good)-8, le64(1<<40)))},
		{name: "entry offset in the header", pack: reseal(patch(good, len(good)-8, le64(0)))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := parsePack(tc.pack); ok {
				t.Errorf("parsePack accepted %x", tc.pack)
			}
		})
	}
}

// FuzzDecode feeds arbitrary bytes to every decoder. None may panic, and
// whatever one accepts must be exactly what the encoder would write.
func FuzzDecode(f *testing.F) {
	k := testKey(1)
	rec := encodeEntry(k, []byte("payload"))
	f.Add(rec)
	f.Add(rec[:entryHeader])
	f.Add(encodeHead(namespaceKey("repo"), k))
	b := newPackBuilder(2)
	rec2 := encodeEntry(testKey(2), nil)
	pk := []Key{testKey(1), testKey(2)}
	recs := [][]byte{rec, rec2}
	if bytes.Compare(pk[0][:], pk[1][:]) > 0 {
		pk[0], pk[1], recs[0], recs[1] = pk[1], pk[0], recs[1], recs[0]
	}
	b.add(pk[0], len(recs[0]))
	b.add(pk[1], len(recs[1]))
	f.Add(bytes.Join([][]byte{b.header(), recs[0], recs[1], b.index}, nil))
	f.Add([]byte{})

	f.Fuzz(func(t *testing.T, data []byte) {
		if k, ok := entryKey(data); ok {
			if payload, ok := decodeEntry(data, k); ok && !bytes.Equal(encodeEntry(k, payload), data) {
				t.Errorf("decodeEntry accepted %x, which encodes as %x", data, encodeEntry(k, payload))
			}
		}
		if len(data) >= 48 {
			ns := Key(data[16:48])
			if id, ok := decodeHead(data, ns); ok && !bytes.Equal(encodeHead(ns, id), data) {
				t.Errorf("decodeHead accepted %x", data)
			}
		}
		p, ok := parsePack(data)
		if !ok {
			return
		}
		for i := range p.count {
			k := p.key(i)
			if j, ok := p.find(k); !ok || j != i {
				t.Fatalf("find(key %d) = %d, %v", i, j, ok)
			}
			payload, found, ok := p.get(k)
			if found && ok && !bytes.Equal(encodeEntry(k, payload), p.entry(i)) {
				t.Errorf("pack entry %d accepted as %q", i, payload)
			}
		}
	})
}

// patch returns a copy of b with b[off:] overwritten by with.
func patch(b []byte, off int, with []byte) []byte {
	b = bytes.Clone(b)
	copy(b[off:], with)
	return b
}

func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
func le64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }
