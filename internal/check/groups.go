package check

import (
	"cmp"
	"slices"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/graph"
)

// Group reporting. A rule that compares claims with each other (two
// owners at once, two founding dates, a stake stated with two figures)
// reports one finding per conflicting group rather than one per pair:
// ten thousand claims that all disagree are one finding, not fifty
// million, and finding the groups costs O(n log n).
//
// The claims a rule compares are given in Compare order (a claim's rank
// is its index), each with a value: up to maxDims spans of a value line.
// Two values agree when, in every dimension both have, their spans share
// a point. A span stands for an object or a text as a unit interval of
// its own, and for a date as the days of its granule, so that dates that
// nest agree (2014 and 2014-10-16) while agreement stays what it is, not
// transitive. Agreement per dimension is then interval intersection, and
// by Helly's theorem on the line a set of values agrees pairwise exactly
// when, in each dimension, the largest start lies before the smallest
// end: a sweep keeps both with two heaps.
//
// Timed groups (two claims conflict only over a definite overlap) are
// found by a sweep over the claims' definite cores, the days on which
// each holds in every reading: a group is a maximal run of time during
// which claims that disagree definitely hold, and its members are every
// claim holding during the run. A claim whose core is empty (an at of
// year or month precision, an until of year or month precision) holds
// definitely on no day; it overlaps another claim in every reading when
// that claim's core covers its need, the days [MinE-1, MaxS+1). Such a
// claim joins the run that contains its need, or else forms a group with
// the claims covering its need. Two claims with empty cores never
// overlap in every reading.
//
// Members are counted and the first of them listed through a cover
// index, so a claim that holds during many runs costs O(log n) per run,
// not a copy of every member list.

const maxDims = 4

// span is a value on the value line; absent when lo >= hi.
type span struct{ lo, hi int64 }

func (s span) present() bool { return s.lo < s.hi }

// vec is a value in every dimension a rule uses.
type vec [maxDims]span

func (a vec) disagrees(b vec) bool {
	for d := range a {
		if a[d].present() && b[d].present() && (a[d].hi <= b[d].lo || b[d].hi <= a[d].lo) {
			return true
		}
	}
	return false
}

// group is one conflicting group, as a rule reports it.
type group struct {
	first []*graph.Claim // the first members in Compare order, at most MaxRelated+1
	size  int            // every member
	// acked are the members that acknowledge the rule (the first of them
	// in Compare order first): each of their acknowledgements matches
	// this finding, so each is marked used.
	acked      []*graph.Claim
	a, b       *graph.Claim // two members that disagree, a before b
	start, end *graph.Claim // whose written start and end bound the window; nil: unbounded
	values     int          // the most distinct values (first dimension) held at once
	lo, hi     date.Daynum  // the run (timed groups), or the need of claims with empty cores
	virtual    bool         // claims with empty cores and those covering their need
	peak       int64        // share-sum: the largest total during the run, in millionths
}

// window says when the group's claims hold together, as window does for
// a set of claims that all overlap.
func (g *group) window() string { return windowText(g.start, g.end) }

// rivals is one set of claims a rule compares.
type rivals struct {
	claims []*graph.Claim // in Compare order
	vals   []vec
	timed  bool   // conflicts need a definite overlap
	rule   string // whose acknowledgements count
}

// groups finds the conflicting groups among r's claims.
func (r rivals) groups() []group {
	if len(r.claims) < 2 {
		return nil
	}
	es := newEntries(r.claims, r.vals, r.rule)
	if !r.timed {
		if g, ok := untimed(r.claims, es); ok {
			return []group{g}
		}
		return nil
	}
	return timed(r.claims, es)
}

// entry is a claim as the sweeps see it.
type entry struct {
	lo, hi   int64 // the definite core [MaxS, MinE); empty when lo >= hi
	v        vec
	acked    bool
	minS     int64 // when hasStart: the earliest written start, MinS
	maxE     int64 // when hasEnd: the latest written end, MaxE
	hasStart bool
	hasEnd   bool
}

func (e *entry) strong() bool { return e.lo < e.hi }

func newEntries(cs []*graph.Claim, vals []vec, rule string) []entry {
	es := make([]entry, len(cs))
	for i, c := range cs {
		iv := c.Interval
		lo, hi := iv.Core()
		es[i] = entry{
			lo: int64(lo), hi: int64(hi), v: vals[i], acked: acknowledges(c, rule),
			minS: int64(iv.MinS), maxE: int64(iv.MaxE),
			hasStart: !iv.From.IsZero() || !iv.At.IsZero(),
			hasEnd:   !iv.To.IsZero() || !iv.At.IsZero(),
		}
	}
	return es
}

// acknowledges reports whether c's statement acknowledges rule.
func acknowledges(c *graph.Claim, rule string) bool {
	for _, a := range c.Stmt.Acks() {
		if a.Rule.Value == rule {
			return true
		}
	}
	return false
}

// extremes tracks, per dimension, the value with the largest start and
// the one with the smallest end; keyed ties go to the lower rank.
type extremes struct{ lo, hi [maxDims]keyed }

func newExtremes() extremes {
	var x extremes
	for d := range maxDims {
		x.lo[d], x.hi[d] = noKey, noKey
	}
	return x
}

func (x *extremes) add(rank int, v vec) {
	for d, s := range v {
		if !s.present() {
			continue
		}
		if k := (keyed{-s.lo, int32(rank)}); k.less(x.lo[d]) {
			x.lo[d] = k
		}
		if k := (keyed{s.hi, int32(rank)}); k.less(x.hi[d]) {
			x.hi[d] = k
		}
	}
}

// conflict returns two ranks whose values disagree, if any do.
func (x *extremes) conflict() (a, b int, ok bool) {
	for d := range maxDims {
		if x.lo[d].ok() && x.hi[d].ok() && -x.lo[d].key >= x.hi[d].key {
			return orderedPair(int(x.lo[d].rank), int(x.hi[d].rank))
		}
	}
	return 0, 0, false
}

// against returns the lowest rank among the values x holds that disagree
// with v, if any does.
func (x *extremes) against(v vec) (int, bool) {
	best := noKey
	for d, s := range v {
		if !s.present() {
			continue
		}
		if x.lo[d].ok() && -x.lo[d].key >= s.hi && x.lo[d].rank < best.rank {
			best = x.lo[d]
		}
		if x.hi[d].ok() && x.hi[d].key <= s.lo && x.hi[d].rank < best.rank {
			best = x.hi[d]
		}
	}
	return int(best.rank), best.ok()
}

func orderedPair(a, b int) (int, int, bool) { return min(a, b), max(a, b), true }

// untimed is the group of a one-value predicate whatever the dates: the
// claims that disagree with at least one other, found in O(n) from the
// extremes of all values.
func untimed(cs []*graph.Claim, es []entry) (group, bool) {
	x := newExtremes()
	for i := range es {
		x.add(i, es[i].v)
	}
	if _, _, ok := x.conflict(); !ok {
		return group{}, false
	}
	var g group
	distinct := map[span]bool{}
	first := -1
	for i := range es {
		if _, ok := x.against(es[i].v); !ok {
			continue // agrees with every value, like 2014 beside 2014-03 and 2014-05
		}
		// The witnesses are the first member and the first that
		// disagrees with it.
		if first < 0 {
			first, g.a = i, cs[i]
		} else if g.b == nil && es[i].v.disagrees(es[first].v) {
			g.b = cs[i]
		}
		g.size++
		if len(g.first) <= MaxRelated {
			g.first = append(g.first, cs[i])
		}
		if es[i].acked {
			g.acked = append(g.acked, cs[i])
		}
		distinct[es[i].v[0]] = true
	}
	g.values = len(distinct)
	return g, true
}

// run is a maximal stretch of time during which a sweep's state is in
// conflict.
type run struct {
	lo, hi     int64
	a, b       int // a disagreeing pair when the run opened, or -1
	start, end int // ranks bounding the window, or -1
	values     int
	peak       int64
	extra      []int // claims with empty cores that join the run
}

// sweepState is what a sweep tracks of the claims holding at a time.
type sweepState interface {
	add(i int)
	remove(i int)
	conflict() bool
	// opened records in r why the run opened; during updates r after
	// every change within it.
	opened(r *run)
	during(r *run)
}

// sweep walks the strong entries' cores in time order and returns the
// runs during which st is in conflict. Ends come before starts on the
// same day: cores are half-open. The run's window is bounded by the
// latest written start among the claims holding when it opens and the
// earliest written end among those holding when it closes, the same
// bounds window takes for claims that all overlap.
func sweep(es []entry, st sweepState) []run {
	type event struct {
		day   int64
		start bool
		i     int32
	}
	var evs []event
	for i := range es {
		if es[i].strong() {
			evs = append(evs, event{es[i].lo, true, int32(i)}, event{es[i].hi, false, int32(i)})
		}
	}
	slices.SortFunc(evs, func(a, b event) int {
		if a.day != b.day {
			return cmp.Compare(a.day, b.day)
		}
		if a.start != b.start {
			if a.start {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.i, b.i)
	})
	active := make([]bool, len(es))
	gone := func(i int) bool { return !active[i] }
	starts := lazyHeap{gone: gone}
	ends := lazyHeap{gone: gone}
	var runs []run
	var cur *run
	for k := 0; k < len(evs); {
		day := evs[k].day
		if cur != nil {
			_, cur.end = ends.top()
		}
		for ; k < len(evs) && evs[k].day == day; k++ {
			i := int(evs[k].i)
			if !evs[k].start {
				active[i] = false
				st.remove(i)
				continue
			}
			active[i] = true
			st.add(i)
			if es[i].hasStart {
				starts.push(i, keyed{-es[i].minS, int32(i)})
			}
			if es[i].hasEnd {
				ends.push(i, keyed{es[i].maxE, int32(i)})
			}
		}
		conflict := st.conflict()
		switch {
		case conflict && cur == nil:
			runs = append(runs, run{lo: day, a: -1, b: -1, end: -1})
			cur = &runs[len(runs)-1]
			_, cur.start = starts.top()
			st.opened(cur)
		case !conflict && cur != nil:
			cur.hi = day
			cur = nil
		}
		if cur != nil {
			st.during(cur)
		}
	}
	return runs
}

// valueState is the sweep state of the value rules: a conflict is two
// values held at once that disagree.
type valueState struct {
	es       []entry
	active   []bool
	lo, hi   [maxDims]lazyHeap
	count    map[span]int // first dimension, for the number of values
	distinct int
}

func newValueState(es []entry) *valueState {
	s := &valueState{es: es, active: make([]bool, len(es)), count: map[span]int{}}
	gone := func(i int) bool { return !s.active[i] }
	for d := range maxDims {
		s.lo[d].gone, s.hi[d].gone = gone, gone
	}
	return s
}

func (s *valueState) add(i int) {
	s.active[i] = true
	for d, sp := range s.es[i].v {
		if sp.present() {
			s.lo[d].push(i, keyed{-sp.lo, int32(i)})
			s.hi[d].push(i, keyed{sp.hi, int32(i)})
		}
	}
	if v := s.es[i].v[0]; v.present() {
		if s.count[v]++; s.count[v] == 1 {
			s.distinct++
		}
	}
}

func (s *valueState) remove(i int) {
	s.active[i] = false
	if v := s.es[i].v[0]; v.present() {
		if s.count[v]--; s.count[v] == 0 {
			s.distinct--
			delete(s.count, v)
		}
	}
}

func (s *valueState) pair() (int, int, bool) {
	for d := range maxDims {
		lo, a := s.lo[d].top()
		hi, b := s.hi[d].top()
		if a >= 0 && b >= 0 && -lo.key >= hi.key {
			return orderedPair(a, b)
		}
	}
	return 0, 0, false
}

func (s *valueState) conflict() bool { _, _, ok := s.pair(); return ok }

func (s *valueState) opened(r *run) { r.a, r.b, _ = s.pair() }

func (s *valueState) during(r *run) { r.values = max(r.values, s.distinct) }

// timed finds the groups of claims that disagree over a definite
// overlap: the runs of the sweep, claims with empty cores placed in them
// or in groups of their own, then every group's members through the
// cover index.
func timed(cs []*graph.Claim, es []entry) []group {
	runs := sweep(es, newValueState(es))
	type weak struct {
		i, against int
		lo, hi     int64 // the need
	}
	var weaks []weak
	var queries []*coverQuery
	for i := range es {
		if !es[i].strong() {
			e := &es[i]
			weaks = append(weaks, weak{i: i, lo: e.hi - 1, hi: e.lo + 1})
		}
	}
	if len(weaks) > 0 {
		queries = make([]*coverQuery, len(weaks))
		for k, w := range weaks {
			queries[k] = &coverQuery{x: w.lo, y: w.hi}
		}
		newCoverIndex(es, false).answer(queries)
	}
	// A claim with an empty core conflicts when a claim covering its need
	// disagrees with it.
	var alone []weak
	for k, w := range weaks {
		j, ok := queries[k].ext.against(es[w.i].v)
		if !ok {
			continue
		}
		w.against = j
		r, found := slices.BinarySearchFunc(runs, w.lo, func(r run, lo int64) int {
			if r.hi <= lo {
				return -1
			}
			if r.lo > lo {
				return 1
			}
			return 0
		})
		if found && runs[r].hi >= w.hi {
			runs[r].extra = append(runs[r].extra, w.i)
			continue
		}
		alone = append(alone, w)
	}
	// Claims with empty cores and the same need that conflict outside any
	// run form one group with the claims covering the need.
	slices.SortFunc(alone, func(a, b weak) int {
		return cmp.Or(cmp.Compare(a.lo, b.lo), cmp.Compare(a.hi, b.hi), cmp.Compare(a.i, b.i))
	})
	type virtual struct {
		lo, hi int64
		weaks  []weak
	}
	var virtuals []virtual
	for _, w := range alone {
		if n := len(virtuals); n > 0 && virtuals[n-1].lo == w.lo && virtuals[n-1].hi == w.hi {
			virtuals[n-1].weaks = append(virtuals[n-1].weaks, w)
			continue
		}
		virtuals = append(virtuals, virtual{lo: w.lo, hi: w.hi, weaks: []weak{w}})
	}
	if len(runs)+len(virtuals) == 0 {
		return nil
	}
	out := runGroups(cs, es, runs)
	queries = queries[:0]
	for _, v := range virtuals {
		queries = append(queries, &coverQuery{x: v.lo, y: v.hi, members: true})
	}
	newCoverIndex(es, true).answer(queries)
	for k, v := range virtuals {
		q := queries[k]
		var extra []int
		distinct := map[span]bool{}
		start, end := q.start, q.end
		for _, w := range v.weaks {
			extra = append(extra, w.i)
			distinct[es[w.i].v[0]] = true
			if e := &es[w.i]; e.hasStart {
				if k := (keyed{-e.minS, int32(w.i)}); k.less(start) {
					start = k
				}
			}
			if e := &es[w.i]; e.hasEnd {
				if k := (keyed{e.maxE, int32(w.i)}); k.less(end) {
					end = k
				}
			}
		}
		g := assemble(cs, es, q, extra)
		a, b, _ := orderedPair(v.weaks[0].i, v.weaks[0].against)
		g.a, g.b = cs[a], cs[b]
		g.start, g.end = claimAt(cs, rankOf(start)), claimAt(cs, rankOf(end))
		g.values = len(distinct) + 1
		g.lo, g.hi, g.virtual = date.Daynum(v.lo), date.Daynum(v.hi), true
		out = append(out, g)
	}
	return out
}

func rankOf(k keyed) int {
	if !k.ok() {
		return -1
	}
	return int(k.rank)
}

func claimAt(cs []*graph.Claim, rank int) *graph.Claim {
	if rank < 0 {
		return nil
	}
	return cs[rank]
}

// assemble makes a group of the claims a cover query found and extra
// ones (ranks in increasing order).
func assemble(cs []*graph.Claim, es []entry, q *coverQuery, extra []int) group {
	g := group{size: q.count + len(extra)}
	ranks := make([]int, 0, len(q.first)+len(extra))
	for _, k := range q.first {
		ranks = append(ranks, int(k.rank))
	}
	ranks = append(ranks, extra...)
	slices.Sort(ranks)
	for _, r := range ranks[:min(len(ranks), MaxRelated+1)] {
		g.first = append(g.first, cs[r])
	}
	var acked []int
	if q.firstAck.ok() {
		acked = append(acked, int(q.firstAck.rank))
	}
	for _, r := range q.freed {
		acked = append(acked, int(r))
	}
	for _, r := range extra {
		if es[r].acked {
			acked = append(acked, r)
		}
	}
	slices.Sort(acked)
	for _, r := range slices.Compact(acked) {
		g.acked = append(g.acked, cs[r])
	}
	return g
}

// coverQuery asks about the strong entries whose cores [lo, hi) have
// lo <= x and hi >= y: with x = H-1 and y = L+1 the claims holding
// during the run [L, H), with x = L and y = H those holding throughout
// [L, H).
type coverQuery struct {
	x, y    int64
	members bool // count and list them, and collect acknowledgements

	ext        extremes // their values' extremes
	count      int
	first      []keyed // the first MaxRelated+1 of them by rank
	firstAck   keyed   // the first acknowledging one
	freed      []int32 // acknowledging ones no earlier query returned
	start, end keyed   // latest written start (negated) and earliest written end
}

// coverIndex answers cover queries offline: entries are inserted in the
// order of their core starts as the queries' x grows, into segment trees
// over the order of their core ends, so that hi >= y is a suffix.
type coverIndex struct {
	es                []entry
	byLo              []int32 // strong entries by core start
	his               []int64 // their core ends, ascending
	pos               []int32 // an entry's position among his
	next              int
	members           bool
	lo, hi            [maxDims]*minTree
	ranks, acks, free *minTree
	starts, ends      *minTree
	count             fenwick
	dims              int
}

func newCoverIndex(es []entry, members bool) *coverIndex {
	ix := &coverIndex{es: es, pos: make([]int32, len(es)), members: members}
	var byHi []int32
	for i := range es {
		if es[i].strong() {
			ix.byLo = append(ix.byLo, int32(i))
			byHi = append(byHi, int32(i))
		}
	}
	slices.SortFunc(ix.byLo, func(a, b int32) int { return cmp.Or(cmp.Compare(es[a].lo, es[b].lo), cmp.Compare(a, b)) })
	slices.SortFunc(byHi, func(a, b int32) int { return cmp.Or(cmp.Compare(es[a].hi, es[b].hi), cmp.Compare(a, b)) })
	ix.his = make([]int64, len(byHi))
	for p, i := range byHi {
		ix.pos[i] = int32(p)
		ix.his[p] = es[i].hi
	}
	n := len(byHi)
	if members {
		ix.ranks, ix.acks, ix.free = newMinTree(n), newMinTree(n), newMinTree(n)
		ix.starts, ix.ends = newMinTree(n), newMinTree(n)
		ix.count = make(fenwick, n+1)
	} else {
		for i := range es {
			for d, s := range es[i].v {
				if s.present() {
					ix.dims = max(ix.dims, d+1)
				}
			}
		}
		for d := range ix.dims {
			ix.lo[d], ix.hi[d] = newMinTree(n), newMinTree(n)
		}
	}
	return ix
}

func (ix *coverIndex) insert(i int) {
	e, p, r := &ix.es[i], int(ix.pos[i]), int32(i)
	if !ix.members {
		for d := range ix.dims {
			if s := e.v[d]; s.present() {
				ix.lo[d].set(p, keyed{-s.lo, r})
				ix.hi[d].set(p, keyed{s.hi, r})
			}
		}
		return
	}
	ix.ranks.set(p, keyed{int64(r), r})
	ix.count.add(p, 1)
	if e.acked {
		ix.acks.set(p, keyed{int64(r), r})
		ix.free.set(p, keyed{int64(r), r})
	}
	if e.hasStart {
		ix.starts.set(p, keyed{-e.minS, r})
	}
	if e.hasEnd {
		ix.ends.set(p, keyed{e.maxE, r})
	}
}

// answer fills in every query; they are taken in the order of x.
func (ix *coverIndex) answer(qs []*coverQuery) {
	order := slices.Clone(qs)
	slices.SortStableFunc(order, func(a, b *coverQuery) int { return cmp.Compare(a.x, b.x) })
	n := len(ix.his)
	for _, q := range order {
		for ix.next < len(ix.byLo) && ix.es[ix.byLo[ix.next]].lo <= q.x {
			ix.insert(int(ix.byLo[ix.next]))
			ix.next++
		}
		l, _ := slices.BinarySearch(ix.his, q.y)
		if !ix.members {
			q.ext = newExtremes()
			for d := range ix.dims {
				q.ext.lo[d], q.ext.hi[d] = ix.lo[d].min(l, n), ix.hi[d].min(l, n)
			}
			continue
		}
		q.count = ix.count.sum(n) - ix.count.sum(l)
		q.first = ix.ranks.smallest(l, n, MaxRelated+1)
		q.firstAck = ix.acks.min(l, n)
		for {
			k := ix.free.min(l, n)
			if !k.ok() {
				break
			}
			q.freed = append(q.freed, k.rank)
			ix.free.set(int(ix.pos[k.rank]), noKey)
		}
		q.start, q.end = ix.starts.min(l, n), ix.ends.min(l, n)
	}
}

// runGroups makes groups of runs that a sweep found among es: the
// members of each are the claims holding during it.
func runGroups(cs []*graph.Claim, es []entry, runs []run) []group {
	qs := make([]*coverQuery, len(runs))
	for k, r := range runs {
		qs[k] = &coverQuery{x: r.hi - 1, y: r.lo + 1, members: true}
	}
	newCoverIndex(es, true).answer(qs)
	out := make([]group, len(runs))
	for k, r := range runs {
		g := assemble(cs, es, qs[k], r.extra)
		g.start, g.end = claimAt(cs, r.start), claimAt(cs, r.end)
		if r.a >= 0 {
			g.a, g.b = cs[r.a], cs[r.b]
		}
		g.values, g.peak, g.lo, g.hi = r.values, r.peak, date.Daynum(r.lo), date.Daynum(r.hi)
		out[k] = g
	}
	return out
}
