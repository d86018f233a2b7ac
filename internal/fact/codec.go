package fact

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/finding"
)

// The cache stores the result of reading one fact file (its entity and
// its findings) in this compact binary form. It is several times smaller
// and faster to decode than gob or JSON: varints, no field names, the
// file name left out (every position of a file's result is in that file;
// it is set again on decoding), and every string decoded as a slice of
// one string made from the payload, so a warm check of a million
// statements makes one string allocation per file instead of one per
// value. The first byte is the format version; decoding anything it does
// not recognise is an error, which the loader treats as a miss.
const codecVersion = 1

var errCodec = errors.New("not a fact cache entry")

type encoder struct{ b []byte }

func (w *encoder) uint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }
func (w *encoder) int(v int64)   { w.b = binary.AppendVarint(w.b, v) }
func (w *encoder) str(s string)  { w.uint(uint64(len(s))); w.b = append(w.b, s...) }
func (w *encoder) loc(l Loc)     { w.uint(uint64(l.Line)); w.uint(uint64(l.Col)) }
func (w *encoder) text(t Text)   { w.str(t.Value); w.loc(t.Loc) }
func (w *encoder) bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}
func (w *encoder) float(f float64) { w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(f)) }
func (w *encoder) date(d date.Date) {
	w.uint(uint64(d.Prec))
	if d.Prec != 0 {
		w.uint(uint64(d.Year))
		w.uint(uint64(d.Month))
		w.uint(uint64(d.Day))
	}
}
func (w *encoder) factDate(d Date) { w.date(d.Date); w.loc(d.Loc) }
func (w *encoder) texts(ts []Text) {
	w.uint(uint64(len(ts)))
	for _, t := range ts {
		w.text(t)
	}
}
func (w *encoder) acks(as []Ack) {
	w.uint(uint64(len(as)))
	for _, a := range as {
		w.text(a.Rule)
		w.text(a.Reason)
		w.loc(a.Loc)
	}
}

// encodeResult writes a file's result; file is its name, left out of
// every position in it.
func encodeResult(file string, e *Entity, fs finding.List) []byte {
	w := &encoder{b: make([]byte, 0, 512)}
	w.b = append(w.b, codecVersion)
	w.bool(e != nil)
	if e != nil {
		w.loc(e.Loc)
		for _, t := range []Text{e.ID, e.Type, e.Label} {
			w.text(t)
		}
		w.texts(e.Aliases)
		for _, t := range []Text{e.Description, e.URL, e.Publisher} {
			w.text(t)
		}
		w.factDate(e.Published)
		w.uint(uint64(len(e.Statements)))
		for _, s := range e.Statements {
			w.uint(uint64(s.Index))
			w.loc(s.Loc)
			w.text(s.Predicate)
			w.text(s.Object)
			w.bool(s.Value != nil)
			if s.Value != nil {
				w.text(s.Value.Text)
				w.bool(s.Value.Number)
				w.float(s.Value.Num)
				w.date(s.Value.Date)
			}
			w.factDate(s.From)
			w.factDate(s.To)
			w.factDate(s.At())
			w.bool(s.Share != nil)
			if s.Share != nil {
				w.text(s.Share.Text)
				w.float(s.Share.Percent)
			}
			w.int(int64(s.Rank))
			w.loc(s.RankLoc())
			w.text(s.Reason())
			w.texts(s.Sources)
			w.text(s.Note())
			w.acks(s.Acks())
		}
		w.acks(e.Acks)
		w.texts(e.BadRefs)
	}
	w.uint(uint64(len(fs)))
	pos := func(p finding.Pos) {
		w.bool(p.File != file)
		if p.File != file {
			w.str(p.File)
		}
		w.uint(uint64(p.Line))
		w.uint(uint64(p.Col))
	}
	for _, f := range fs {
		pos(f.Pos)
		w.str(f.Rule)
		w.uint(uint64(f.Severity))
		w.str(f.Message)
		w.uint(uint64(len(f.Related)))
		for _, r := range f.Related {
			pos(r.Pos)
			w.str(r.Message)
		}
	}
	return w.b
}

// decoder reads what encoder wrote. Its first error sticks, and every
// length is checked against what is left, so no input can make it
// allocate more than the payload's size or read past its end.
type codecReader struct {
	s   string // the payload, as one string all decoded strings slice
	err error
}

func (r *codecReader) fail() {
	if r.err == nil {
		r.err = errCodec
	}
	r.s = ""
}

// uint reads a uvarint (encoding/binary's format) from the string, with
// no conversion to bytes.
func (r *codecReader) uint() uint64 {
	var v uint64
	for i := 0; i < len(r.s) && i < binary.MaxVarintLen64; i++ {
		c := r.s[i]
		if i == binary.MaxVarintLen64-1 && c > 1 {
			break // overflow
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			r.s = r.s[i+1:]
			return v
		}
	}
	r.fail()
	return 0
}

func (r *codecReader) int() int64 {
	u := r.uint()
	return int64(u>>1) ^ -int64(u&1) // zigzag, as binary.Varint
}

// count reads a length of items that each take at least one byte.
func (r *codecReader) count() int {
	n := r.uint()
	if n > uint64(len(r.s)) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *codecReader) str() string {
	n := r.count()
	s := r.s[:n]
	r.s = r.s[n:]
	return s
}

func (r *codecReader) int32() int32 {
	v := r.uint()
	if v > math.MaxInt32 {
		r.fail()
	}
	return int32(v)
}

func (r *codecReader) loc() Loc   { return Loc{Line: r.int32(), Col: r.int32()} }
func (r *codecReader) text() Text { return Text{Value: r.str(), Loc: r.loc()} }
func (r *codecReader) bool() bool {
	if len(r.s) == 0 || r.s[0] > 1 {
		r.fail()
		return false
	}
	v := r.s[0] == 1
	r.s = r.s[1:]
	return v
}
func (r *codecReader) float() float64 {
	if len(r.s) < 8 {
		r.fail()
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64([]byte(r.s[:8])))
	r.s = r.s[8:]
	return v
}
func (r *codecReader) date() date.Date {
	var d date.Date
	if d.Prec = date.Precision(r.uint()); d.Prec == 0 {
		return d
	}
	y, m, day := r.uint(), r.uint(), r.uint()
	if d.Prec > date.Day || y > 9999 || m > 12 || day > 31 {
		r.fail()
		return date.Date{}
	}
	d.Year, d.Month, d.Day = int16(y), uint8(m), uint8(day)
	return d
}
func (r *codecReader) factDate() Date { return Date{Date: r.date(), Loc: r.loc()} }
func (r *codecReader) texts() []Text {
	n := r.count()
	if n == 0 {
		return nil
	}
	ts := make([]Text, n)
	for i := range ts {
		ts[i] = r.text()
	}
	return ts
}
func (r *codecReader) acks() []Ack {
	n := r.count()
	if n == 0 {
		return nil
	}
	as := make([]Ack, n)
	for i := range as {
		as[i] = Ack{Rule: r.text(), Reason: r.text(), Loc: r.loc()}
	}
	return as
}

// decodeResult reads a file's result written by encodeResult, setting
// file as the file of the entity and of its positions.
func decodeResult(file string, payload []byte) (*Entity, finding.List, error) {
	if len(payload) == 0 || payload[0] != codecVersion {
		return nil, nil, errCodec
	}
	r := &codecReader{s: string(payload[1:])}
	var e *Entity
	if r.bool() {
		e = &Entity{File: file, Loc: r.loc(), ID: r.text(), Type: r.text(), Label: r.text()}
		e.Aliases = r.texts()
		e.Description, e.URL, e.Publisher = r.text(), r.text(), r.text()
		e.Published = r.factDate()
		n := r.count()
		stmts := make([]Statement, n)
		if n > 0 {
			e.Statements = make([]*Statement, n)
		}
		for i := range stmts {
			s := &stmts[i]
			s.Subject = e
			s.Index = int32(r.uint())
			s.Loc = r.loc()
			s.Predicate, s.Object = r.text(), r.text()
			if r.bool() {
				s.Value = &Literal{Text: r.text(), Number: r.bool(), Num: r.float(), Date: r.date()}
			}
			var rare rareKeys
			s.From, s.To, rare.at = r.factDate(), r.factDate(), r.factDate()
			if r.bool() {
				s.Share = &Share{Text: r.text(), Percent: r.float()}
			}
			s.Rank = Rank(r.int())
			rare.rankLoc = r.loc()
			rare.reason = r.text()
			s.Sources = r.texts()
			rare.note = r.text()
			rare.acks = r.acks()
			if rare.at.Prec != 0 || rare.rankLoc != (Loc{}) || rare.reason != (Text{}) || rare.note != (Text{}) || rare.acks != nil {
				kept := rare // only a statement that has rare keys allocates them
				s.rare = &kept
			}
			e.Statements[i] = s
		}
		e.Acks = r.acks()
		e.BadRefs = r.texts()
	}
	pos := func() finding.Pos {
		p := finding.Pos{File: file}
		if r.bool() {
			p.File = r.str()
		}
		p.Line, p.Col = int(r.int32()), int(r.int32())
		return p
	}
	n := r.count()
	fs := make(finding.List, 0, n)
	for range n {
		f := finding.Finding{Pos: pos(), Rule: r.str(), Severity: finding.Severity(r.uint()), Message: r.str()}
		for range r.count() {
			f.Related = append(f.Related, finding.Related{Pos: pos(), Message: r.str()})
		}
		fs = append(fs, f)
	}
	if r.err != nil || len(r.s) != 0 {
		return nil, nil, errCodec
	}
	if len(fs) == 0 {
		fs = nil
	}
	return e, fs, nil
}
