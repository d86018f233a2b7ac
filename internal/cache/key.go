package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
)

// A Key names an entry: the SHA-256 of everything the entry's payload was
// computed from, so equal inputs find the same entry and a changed input
// can never find a stale one.
type Key [32]byte

// NewKey returns the key of the given parts. Each part is hashed with its
// length in front, so ("ab", "c") and ("a", "bc") give different keys.
func NewKey(parts ...[]byte) Key {
	h := sha256.New()
	var n [8]byte
	for _, p := range parts {
		binary.LittleEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write(p)
	}
	var k Key
	h.Sum(k[:0])
	return k
}

// String returns the key in lowercase hexadecimal, as entry files are named.
func (k Key) String() string {
	return hex.EncodeToString(k[:])
}
