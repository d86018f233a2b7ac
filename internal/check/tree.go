package check

import "math"

// The index structures below keep the group rules at O(n log n): a
// segment tree of (key, rank) minima, a lazily pruned heap, and a
// union-find. They know nothing of claims; groups.go and structure.go
// give them meaning.

// keyed is a value with the claim rank it came from; ties on the key go
// to the lower rank, so every choice made through these structures
// follows Compare order and never depends on file order.
type keyed struct {
	key  int64
	rank int32
}

var noKey = keyed{math.MaxInt64, math.MaxInt32}

func (a keyed) less(b keyed) bool { return a.key < b.key || a.key == b.key && a.rank < b.rank }

func (a keyed) ok() bool { return a != noKey }

// minTree is a segment tree over positions 0..n-1 holding a keyed value
// per position (noKey when empty) and answering range minima.
type minTree struct {
	size int
	t    []keyed
}

func newMinTree(n int) *minTree {
	size := 1
	for size < n {
		size *= 2
	}
	t := make([]keyed, 2*size)
	for i := range t {
		t[i] = noKey
	}
	return &minTree{size: size, t: t}
}

func (m *minTree) set(i int, v keyed) {
	i += m.size
	m.t[i] = v
	for i /= 2; i >= 1; i /= 2 {
		l, r := m.t[2*i], m.t[2*i+1]
		if r.less(l) {
			l = r
		}
		m.t[i] = l
	}
}

// nodes calls f with the canonical nodes that cover [l, r).
func (m *minTree) nodes(l, r int, f func(node int)) {
	for l, r = l+m.size, r+m.size; l < r; l, r = l/2, r/2 {
		if l&1 == 1 {
			f(l)
			l++
		}
		if r&1 == 1 {
			r--
			f(r)
		}
	}
}

func (m *minTree) min(l, r int) keyed {
	best := noKey
	m.nodes(l, r, func(n int) {
		if m.t[n].less(best) {
			best = m.t[n]
		}
	})
	return best
}

// smallest returns the k smallest values in [l, r), in order, by a
// best-first walk down the tree: O(k log n) however many values the
// range holds.
func (m *minTree) smallest(l, r, k int) []keyed {
	var h nodeHeap
	m.nodes(l, r, func(n int) {
		if m.t[n].ok() {
			h.push(n, m.t[n])
		}
	})
	var out []keyed
	for len(out) < k && len(h) > 0 {
		n := h.pop()
		if n >= m.size {
			out = append(out, m.t[n])
			continue
		}
		for _, c := range [2]int{2 * n, 2*n + 1} {
			if m.t[c].ok() {
				h.push(c, m.t[c])
			}
		}
	}
	return out
}

type heapNode struct {
	v    keyed
	node int
}

// nodeHeap is a binary min-heap of tree nodes by their minima.
type nodeHeap []heapNode

func (h *nodeHeap) push(node int, v keyed) {
	*h = append(*h, heapNode{v, node})
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if !s[i].v.less(s[p].v) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h *nodeHeap) pop() int {
	s := *h
	top := s[0].node
	last := len(s) - 1
	s[0] = s[last]
	s = s[:last]
	for i := 0; ; {
		c := 2*i + 1
		if c >= len(s) {
			break
		}
		if c+1 < len(s) && s[c+1].v.less(s[c].v) {
			c++
		}
		if !s[c].v.less(s[i].v) {
			break
		}
		s[i], s[c] = s[c], s[i]
		i = c
	}
	*h = s
	return top
}

// lazyHeap is a min-heap of keyed values of items that come and go: an
// item that has gone is dropped when it reaches the top, so each push and
// each removal costs O(log n) amortised.
type lazyHeap struct {
	h    nodeHeap // node holds the item index
	gone func(item int) bool
}

func (l *lazyHeap) push(item int, v keyed) { l.h.push(item, v) }

// top returns the least value among the items that have not gone, and its
// item, or noKey and -1.
func (l *lazyHeap) top() (keyed, int) {
	for len(l.h) > 0 {
		if it := l.h[0].node; !l.gone(it) {
			return l.h[0].v, it
		}
		l.h.pop()
	}
	return noKey, -1
}

// fenwick counts values per position and answers range counts.
type fenwick []int32

func (f fenwick) add(i int, d int32) {
	for i++; i < len(f); i += i & -i {
		f[i] += d
	}
}

// sum counts positions [0, i).
func (f fenwick) sum(i int) int {
	s := 0
	for ; i > 0; i -= i & -i {
		s += int(f[i])
	}
	return s
}

// unionFind joins items into sets with path halving and union by size.
type unionFind struct{ parent, size []int32 }

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int32, n), size: make([]int32, n)}
	for i := range u.parent {
		u.parent[i], u.size[i] = int32(i), 1
	}
	return u
}

func (u *unionFind) find(i int) int {
	for int(u.parent[i]) != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = int(u.parent[i])
	}
	return i
}

func (u *unionFind) union(a, b int) {
	a, b = u.find(a), u.find(b)
	if a == b {
		return
	}
	if u.size[a] < u.size[b] {
		a, b = b, a
	}
	u.parent[b] = int32(a)
	u.size[a] += u.size[b]
}
