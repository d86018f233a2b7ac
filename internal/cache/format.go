package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"sync/atomic"
)

// The formats of entries, packs and heads. Every number is little-endian.
// Changing any layout means changing its version, so that files written by
// another version of factgraph are read as misses.
const (
	entryMagic   = "fgcache\x00"
	packMagic    = "fgpack\x00\x00"
	headMagic    = "fghead\x00\x00"
	entryVersion = 1
	packVersion  = 1
	headVersion  = 1

	// entryHeader is the size of an entry's header: magic (8), version
	// (4), payload length (4), key (32), SHA-256 of the payload (32).
	entryHeader = 80
	// packHeader is the size of a pack's header: magic (8), version (4),
	// entry count (4), index offset (8), file size (8), SHA-256 of the
	// index (32).
	packHeader = 64
	// indexEntry is the size of one index entry: key (32), offset of the
	// entry from the start of the file (8).
	indexEntry = 40
	// headSize is the size of a head: magic (8), version (4), zero (4),
	// SHA-256 of the namespace (32), pack id (32), SHA-256 of the
	// preceding 80 bytes (32).
	headSize = 112

	// MaxEntry is the largest payload Put accepts. Fact files are far
	// smaller; the bound keeps a corrupt length from asking for gigabytes.
	MaxEntry = 64 << 20
)

// encodeEntry returns the entry of data under k: header, then payload.
func encodeEntry(k Key, data []byte) []byte {
	rec := make([]byte, entryHeader+len(data))
	copy(rec, entryMagic)
	binary.LittleEndian.PutUint32(rec[8:], entryVersion)
	binary.LittleEndian.PutUint32(rec[12:], uint32(len(data)))
	copy(rec[16:48], k[:])
	sum := sha256.Sum256(data)
	copy(rec[48:80], sum[:])
	copy(rec[entryHeader:], data)
	return rec
}

// decodeEntry checks that rec is one whole entry, of this version, under
// key k, with a payload matching its checksum, and returns the payload.
// The payload shares rec's memory and its capacity ends with it, so an
// append by the caller cannot write into whatever follows rec.
func decodeEntry(rec []byte, k Key) ([]byte, bool) {
	if len(rec) < entryHeader ||
		string(rec[:8]) != entryMagic ||
		binary.LittleEndian.Uint32(rec[8:]) != entryVersion ||
		uint64(binary.LittleEndian.Uint32(rec[12:])) != uint64(len(rec)-entryHeader) ||
		!bytes.Equal(rec[16:48], k[:]) {
		return nil, false
	}
	payload := rec[entryHeader:len(rec):len(rec)]
	if sum := sha256.Sum256(payload); !bytes.Equal(rec[48:80], sum[:]) {
		return nil, false
	}
	return payload, true
}

// entryKey returns the key an entry's header claims, unchecked.
func entryKey(rec []byte) (Key, bool) {
	var k Key
	if len(rec) < entryHeader {
		return k, false
	}
	copy(k[:], rec[16:48])
	return k, true
}

// A pack is one pack file read into memory: entries in key order, then an
// index of (key, offset) in the same order. parsePack checks the header
// and the whole index, so that an entry is found by a lookup that cannot
// go out of bounds; each entry is still checked when it is read.
type pack struct {
	id    Key
	data  []byte
	index []byte // data[indexOff:]
	count int
	// fan[p] is the number of index entries whose key's first two bytes
	// are below p, so a lookup binary-searches only the handful of
	// entries sharing its prefix.
	fan []uint32
	// checked has one bit per entry, set once the entry's checksum has
	// matched, so Commit copies it to a new pack without hashing it again.
	checked []atomic.Uint32
}

// parsePack checks data as a whole pack file and returns it. It refuses a
// header whose count, offsets or size do not describe data exactly, an
// index that does not match its checksum, keys out of order and entries
// of impossible sizes.
func parsePack(data []byte) (*pack, bool) {
	if len(data) < packHeader ||
		string(data[:8]) != packMagic ||
		binary.LittleEndian.Uint32(data[8:]) != packVersion {
		return nil, false
	}
	count := uint64(binary.LittleEndian.Uint32(data[12:]))
	indexOff := binary.LittleEndian.Uint64(data[16:])
	size := binary.LittleEndian.Uint64(data[24:])
	if size != uint64(len(data)) || indexOff < packHeader || indexOff > size ||
		(size-indexOff)%indexEntry != 0 || (size-indexOff)/indexEntry != count {
		return nil, false
	}
	index := data[indexOff:]
	if sum := sha256.Sum256(index); !bytes.Equal(data[32:64], sum[:]) {
		return nil, false
	}
	p := &pack{
		id:      sha256.Sum256(data[:packHeader]),
		data:    data,
		index:   index,
		count:   int(count),
		fan:     make([]uint32, 1<<16+1),
		checked: make([]atomic.Uint32, (count+31)/32),
	}
	// Entries are contiguous: the first starts after the header, each
	// ends where the next starts and the last ends at the index.
	want := uint64(packHeader)
	for i := range p.count {
		e := index[i*indexEntry : (i+1)*indexEntry]
		if i > 0 && bytes.Compare(index[(i-1)*indexEntry:(i-1)*indexEntry+32], e[:32]) >= 0 {
			return nil, false
		}
		if binary.LittleEndian.Uint64(e[32:]) != want {
			return nil, false
		}
		end := indexOff
		if i+1 < p.count {
			end = binary.LittleEndian.Uint64(index[(i+1)*indexEntry+32:])
		}
		if end < want+entryHeader || end-want > entryHeader+MaxEntry {
			return nil, false
		}
		want = end
		p.fan[int(binary.BigEndian.Uint16(e[:2]))+1]++
	}
	for i := 1; i < len(p.fan); i++ {
		p.fan[i] += p.fan[i-1]
	}
	return p, true
}

// find returns the index of k in the pack.
func (p *pack) find(k Key) (int, bool) {
	prefix := int(binary.BigEndian.Uint16(k[:2]))
	lo, hi := int(p.fan[prefix]), int(p.fan[prefix+1])
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch c := bytes.Compare(p.index[m*indexEntry:m*indexEntry+32], k[:]); {
		case c == 0:
			return m, true
		case c < 0:
			lo = m + 1
		default:
			hi = m
		}
	}
	return 0, false
}

// entry returns the whole entry (header and payload) at index i. parsePack
// made sure it lies within the file.
func (p *pack) entry(i int) []byte {
	off := binary.LittleEndian.Uint64(p.index[i*indexEntry+32:])
	end := uint64(len(p.data) - len(p.index))
	if i+1 < p.count {
		end = binary.LittleEndian.Uint64(p.index[(i+1)*indexEntry+32:])
	}
	return p.data[off:end:end]
}

// get returns the payload of k if the pack holds k and its entry checks.
func (p *pack) get(k Key) (payload []byte, found, ok bool) {
	i, found := p.find(k)
	if !found {
		return nil, false, false
	}
	payload, ok = p.verified(i, k)
	return payload, true, ok
}

// verified checks the entry at index i under k, once.
func (p *pack) verified(i int, k Key) ([]byte, bool) {
	rec := p.entry(i)
	bit := uint32(1) << (i % 32)
	if p.checked[i/32].Load()&bit != 0 {
		return rec[entryHeader:len(rec):len(rec)], true
	}
	payload, ok := decodeEntry(rec, k)
	if ok {
		p.checked[i/32].Or(bit)
	}
	return payload, ok
}

// key returns the key at index i.
func (p *pack) key(i int) Key {
	return Key(p.index[i*indexEntry : i*indexEntry+32])
}

// packBuilder writes a pack's parts: the caller writes the header's space,
// then each entry, then the index and finally the header.
type packBuilder struct {
	off   uint64
	index []byte
}

func newPackBuilder(n int) *packBuilder {
	return &packBuilder{off: packHeader, index: make([]byte, 0, n*indexEntry)}
}

// add records an entry of size bytes under k; keys must come in order.
func (b *packBuilder) add(k Key, size int) {
	b.index = append(b.index, k[:]...)
	b.index = binary.LittleEndian.AppendUint64(b.index, b.off)
	b.off += uint64(size)
}

// header returns the pack's header, once every entry has been added.
func (b *packBuilder) header() []byte {
	h := make([]byte, packHeader)
	copy(h, packMagic)
	binary.LittleEndian.PutUint32(h[8:], packVersion)
	binary.LittleEndian.PutUint32(h[12:], uint32(len(b.index)/indexEntry))
	binary.LittleEndian.PutUint64(h[16:], b.off)
	binary.LittleEndian.PutUint64(h[24:], b.off+uint64(len(b.index)))
	sum := sha256.Sum256(b.index)
	copy(h[32:], sum[:])
	return h
}

// encodeHead returns the head pointing namespace ns at pack id.
func encodeHead(ns, id Key) []byte {
	h := make([]byte, headSize)
	copy(h, headMagic)
	binary.LittleEndian.PutUint32(h[8:], headVersion)
	copy(h[16:48], ns[:])
	copy(h[48:80], id[:])
	sum := sha256.Sum256(h[:80])
	copy(h[80:], sum[:])
	return h
}

// decodeHead checks a head of namespace ns and returns its pack id.
func decodeHead(h []byte, ns Key) (Key, bool) {
	var id Key
	if len(h) != headSize ||
		string(h[:8]) != headMagic ||
		binary.LittleEndian.Uint32(h[8:]) != headVersion ||
		binary.LittleEndian.Uint32(h[12:]) != 0 ||
		!bytes.Equal(h[16:48], ns[:]) {
		return id, false
	}
	if sum := sha256.Sum256(h[:80]); !bytes.Equal(h[80:], sum[:]) {
		return id, false
	}
	copy(id[:], h[48:80])
	return id, true
}
