package check

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/vocab"
)

// Every rule below works on groups found through the graph's indexes
// (claims by subject and predicate, claims by object, claims by pair of
// entities); none compares all claims with each other, and each reports
// one finding per conflicting group (groups.go). Deprecated claims are
// never part of a conflict.

func live(cs []*graph.Claim) []*graph.Claim {
	return slices.DeleteFunc(slices.Clone(cs), func(c *graph.Claim) bool { return c.Rank == fact.Deprecated })
}

// groups calls f with the live claims of each entity for each predicate
// that satisfies keep, in Compare order, when there are two or more:
// every rule that uses groups compares claims with each other, and most
// groups of a large graph hold one claim.
func groups(g *graph.Graph, keep func(*vocab.Predicate) bool, f func([]*graph.Claim)) {
	for _, e := range g.Entities {
		for i := 0; i < len(e.Out); {
			j := i
			for j < len(e.Out) && e.Out[j].Predicate == e.Out[i].Predicate {
				j++
			}
			if j-i > 1 && keep(e.Out[i].Predicate) {
				if cs := live(e.Out[i:j]); len(cs) > 1 {
					f(cs)
				}
			}
			i = j
		}
	}
}

// valueLine gives values their spans: each distinct text or number a unit
// span of its own, each date the days of its granule, and each value that
// cannot be read a span of its own, so that it agrees with nothing (as
// before groups, an unreadable date or number never agreed).
type valueLine struct {
	texts map[string]int64
	nums  map[float64]int64
	next  int64
}

// apart is where unreadable values go: past every day and every key.
const apart = 1 << 50

func newValueLine() *valueLine {
	return &valueLine{texts: map[string]int64{}, nums: map[float64]int64{}}
}

func (l *valueLine) unit(k int64) span { return span{k, k + 1} }

func (l *valueLine) text(s string) span {
	k, ok := l.texts[s]
	if !ok {
		k = l.next
		l.next++
		l.texts[s] = k
	}
	return l.unit(k)
}

func (l *valueLine) number(x float64) span {
	if math.IsNaN(x) {
		return l.unique()
	}
	k, ok := l.nums[x] // 0 and -0 are one key: they compare equal
	if !ok {
		k = l.next
		l.next++
		l.nums[x] = k
	}
	return l.unit(k)
}

func (l *valueLine) unique() span {
	l.next++
	return l.unit(apart + l.next)
}

func granule(d date.Date) span { return span{int64(d.First()), int64(d.End())} }

// literal places a literal value of the given datatype: dates that nest
// agree (2014 and 2014-10-16), numbers that are equal, or equal text.
func (l *valueLine) literal(datatype string, v *fact.Literal) span {
	switch datatype {
	case vocab.Date:
		if d, err := date.Parse(v.Value); err == nil {
			return granule(d)
		}
		return l.unique()
	case vocab.Number:
		if x, err := strconv.ParseFloat(v.Value, 64); err == nil {
			return l.number(x)
		}
		return l.unique()
	}
	return l.text(v.Value)
}

func values(cs []*graph.Claim, f func(*graph.Claim) span) []vec {
	vs := make([]vec, len(cs))
	for i, c := range cs {
		vs[i][0] = f(c)
	}
	return vs
}

// among names the group's two witnesses, with a count when there are
// more values: "two values at once, A and B" or "5 values at once, among
// them A and B".
func among(n int, noun, a, b string) string {
	if n <= 2 {
		return fmt.Sprintf("two %s, %s and %s", noun, a, b)
	}
	return fmt.Sprintf("%d %s, among them %s and %s", n, noun, a, b)
}

func functionalConflict(p *Pass) {
	keep := func(pr *vocab.Predicate) bool { return pr.Functional() && pr.EntityValued() }
	groups(p.Graph, keep, func(cs []*graph.Claim) {
		pr := cs[0].Predicate
		line := newValueLine()
		r := rivals{claims: cs, vals: values(cs, func(c *graph.Claim) span { return line.text(c.Object.ID()) }),
			timed: pr.Cardinality != vocab.One, rule: p.rule.Name}
		for _, g := range r.groups() {
			a, b := g.a, g.b
			var msg string
			if !r.timed {
				msg = fmt.Sprintf("%s %s has %s, but takes one whatever the dates; deprecate the one you do not believe, with a reason",
					a.Subject.ID(), pr.Name, among(g.values, "values", brief(a), brief(b)))
			} else {
				msg = fmt.Sprintf("%s %s has %s, %s; %s",
					a.Subject.ID(), pr.Name, among(g.values, "values at once", brief(a), brief(b)), g.window(), endFix(a, b))
			}
			p.reportGroup(msg, g)
		}
	})
}

// endFix says which claim to end: the one that starts first, unless both
// are undated.
func endFix(a, b *graph.Claim) string {
	first := a
	if b.Interval.MinS < a.Interval.MinS || (b.Interval.MinS == a.Interval.MinS && b.Interval.MaxS < a.Interval.MaxS) {
		first = b
	}
	other := a
	if first == a {
		other = b
	}
	start := cmp.Or(other.Interval.At, other.Interval.From)
	if start.IsZero() {
		return "give one claim an end date (to:) or a start date (from:) that separates them, or deprecate the one you do not believe with a reason"
	}
	return fmt.Sprintf("end the claim for %q with to: %s (or earlier), or deprecate the one you do not believe with a reason", first.ObjectText(), start)
}

func literalConflict(p *Pass) {
	keep := func(pr *vocab.Predicate) bool { return pr.Functional() && !pr.EntityValued() }
	groups(p.Graph, keep, func(cs []*graph.Claim) {
		pr := cs[0].Predicate
		var preferred []*graph.Claim
		for _, c := range cs {
			if c.Rank == fact.Preferred {
				preferred = append(preferred, c)
			}
		}
		if len(preferred) == 1 {
			return // the data says which value it follows
		}
		rs := cs
		if len(preferred) > 1 {
			rs = preferred
		}
		line := newValueLine()
		r := rivals{claims: rs, vals: values(rs, func(c *graph.Claim) span { return line.literal(pr.Datatype, c.Value) }),
			timed: pr.Cardinality != vocab.One, rule: p.rule.Name}
		for _, g := range r.groups() {
			a, b := g.a, g.b
			when := ""
			if r.timed {
				when = " at once"
			}
			var msg string
			switch {
			case len(preferred) > 1 && g.values <= 2:
				msg = fmt.Sprintf("%s %s has more than one preferred value%s, %q and %q", a.Subject.ID(), pr.Name, when, a.Value.Value, b.Value.Value)
			case len(preferred) > 1:
				msg = fmt.Sprintf("%s %s has %d preferred values%s, among them %q and %q", a.Subject.ID(), pr.Name, g.values, when, a.Value.Value, b.Value.Value)
			default:
				msg = fmt.Sprintf("%s %s has %s", a.Subject.ID(), pr.Name, among(g.values, "values"+when, brief(a), brief(b)))
			}
			if r.timed {
				msg += ", " + g.window()
			}
			if len(preferred) > 1 {
				msg += "; prefer one and deprecate the others with a reason"
				if g.values <= 2 {
					msg = strings.TrimSuffix(msg, "the others with a reason") + "the other with a reason"
				}
			} else {
				msg += "; mark the one the data follows rank: preferred, or deprecate the wrong one with a reason"
			}
			p.reportGroup(msg, g)
		}
	})
}

// byObject calls f with the live claims of each object for predicate
// that satisfies keep, grouped by predicate, in Compare order.
func byObject(g *graph.Graph, keep func(*vocab.Predicate) bool, f func([]*graph.Claim)) {
	for _, e := range g.Entities {
		var cs []*graph.Claim
		for _, c := range live(e.In) {
			if keep(c.Predicate) {
				cs = append(cs, c)
			}
		}
		slices.SortStableFunc(cs, func(a, b *graph.Claim) int { return strings.Compare(a.Predicate.Name, b.Predicate.Name) })
		for i := 0; i < len(cs); {
			j := i
			for j < len(cs) && cs[j].Predicate == cs[i].Predicate {
				j++
			}
			f(cs[i:j])
			i = j
		}
	}
}

// sameObject splits claims in Compare order into runs with the same
// object or value.
func sameObject(cs []*graph.Claim, f func([]*graph.Claim)) {
	for i := 0; i < len(cs); {
		j := i
		for j < len(cs) && cs[j].ObjectText() == cs[i].ObjectText() {
			j++
		}
		f(cs[i:j])
		i = j
	}
}

func shareConflict(p *Pass) {
	groups(p.Graph, func(pr *vocab.Predicate) bool { return pr.Share }, func(cs []*graph.Claim) {
		sameObject(cs, func(cs []*graph.Claim) {
			cs = slices.DeleteFunc(slices.Clone(cs), func(c *graph.Claim) bool { return c.Share == nil })
			line := newValueLine()
			r := rivals{claims: cs, vals: values(cs, func(c *graph.Claim) span { return line.number(c.Share.Percent) }), timed: true, rule: p.rule.Name}
			for _, g := range r.groups() {
				a, b := g.a, g.b
				p.reportGroup(fmt.Sprintf("%s %s %s with %s, %s; end the older stake with to:, or deprecate the wrong figure with a reason",
					a.Subject.ID(), a.Predicate.Name, a.Object.ID(),
					among(g.values, "different shares at once", a.Share.Value+"%", b.Share.Value+"%"), g.window()), g)
			}
		})
	})
}

// micro is a share in millionths of a percent: sums of shares are kept
// exact, so whether they pass the limit does not depend on the order in
// which stakes are added.
func micro(pct float64) int64 { return int64(math.Round(pct * 1e6)) }

func formatMicro(m int64) string { return strconv.FormatFloat(float64(m)/1e6, 'f', -1, 64) }

// stakeState is share-sum's sweep state: the total of the shares held,
// each holder counted once at its largest figure (a stake stated from
// both sides is one stake), kept up to date with a heap per holder.
type stakeState struct {
	micro  []int64
	holder []int32
	active []bool
	best   []lazyHeap
	top    []int64
	total  int64
	limit  int64
}

func (s *stakeState) add(i int) {
	s.active[i] = true
	h := s.holder[i]
	s.best[h].push(i, keyed{-s.micro[i], int32(i)})
	s.settle(h)
}

func (s *stakeState) remove(i int) {
	s.active[i] = false
	s.settle(s.holder[i])
}

func (s *stakeState) settle(h int32) {
	v := int64(0)
	if k, i := s.best[h].top(); i >= 0 {
		v = -k.key
	}
	s.total += v - s.top[h]
	s.top[h] = v
}

func (s *stakeState) conflict() bool { return s.total > s.limit }
func (s *stakeState) opened(r *run)  { r.peak = s.total }
func (s *stakeState) during(r *run)  { r.peak = max(r.peak, s.total) }

// shareSum sweeps the days on which each stake definitely holds and
// reports each maximal run of days on which the shares held in one
// object exceed the limit, once, with every stake holding during it.
func shareSum(p *Pass) {
	keep := func(pr *vocab.Predicate) bool { return pr.Share && pr.ShareLimit > 0 }
	byObject(p.Graph, keep, func(cs []*graph.Claim) {
		cs = slices.DeleteFunc(slices.Clone(cs), func(c *graph.Claim) bool { return c.Share == nil })
		if len(cs) < 2 {
			return
		}
		limit := cs[0].Predicate.ShareLimit
		es := newEntries(cs, make([]vec, len(cs)), p.rule.Name)
		st := &stakeState{micro: make([]int64, len(cs)), holder: make([]int32, len(cs)), active: make([]bool, len(cs)),
			limit: micro(limit + 0.5)}
		holders := map[*graph.Entity]int32{}
		for i, c := range cs {
			st.micro[i] = micro(c.Share.Percent)
			h, ok := holders[c.Subject]
			if !ok {
				h = int32(len(holders))
				holders[c.Subject] = h
			}
			st.holder[i] = h
		}
		st.best, st.top = make([]lazyHeap, len(holders)), make([]int64, len(holders))
		for h := range st.best {
			st.best[h].gone = func(i int) bool { return !st.active[i] }
		}
		for _, g := range runGroups(cs, es, sweep(es, st)) {
			p.reportGroup(fmt.Sprintf("shares held in %s add up to %s%%, more than %s%%, %s: %s; correct a figure, end the older stakes, or deprecate one with a reason",
				cs[0].Object.ID(), formatMicro(g.peak), strconv.FormatFloat(limit, 'f', -1, 64), g.window(), stakeList(g)), g)
		}
	})
}

// stakeList names the group's first stakes, "h1 60%, h2 50%", at most
// five holders, and counts the rest.
func stakeList(g group) string {
	var parts []string
	seen := map[string]bool{}
	used := 0
	for _, c := range g.first {
		if len(parts) == 5 {
			break
		}
		used++
		if part := fmt.Sprintf("%s %s%%", c.Subject.ID(), c.Share.Value); !seen[part] {
			seen[part] = true
			parts = append(parts, part)
		}
	}
	s := strings.Join(parts, ", ")
	if rest := g.size - used; rest > 0 {
		s += fmt.Sprintf(" and %d more stakes", rest)
	}
	return s
}

// asymmetric groups the claims of each asymmetric predicate by the
// unordered pair of entities they link, through one sort, and reports
// each run of time in which both directions definitely hold.
// asymmetric finds the pairs of entities with claims of an asymmetric
// predicate in both directions. Each entity's claims are sorted by
// predicate and object, so for each claim a → b (a < b) the claims
// b → a are found by binary search in b's list: O(n log d), with no sort
// of all the claims.
func asymmetric(p *Pass) {
	usable := func(c *graph.Claim) bool {
		return c.Predicate.Asymmetric && c.Rank != fact.Deprecated && c.Object != nil && c.Object != c.Subject
	}
	for _, e := range p.Graph.Entities {
		out := e.Out
		for i := 0; i < len(out); {
			c := out[i]
			j := i + 1
			for j < len(out) && out[j].Predicate == c.Predicate && out[j].Object == c.Object {
				j++
			}
			if c.Predicate.Asymmetric && c.Object != nil && c.Object.ID() > e.ID() {
				back := claimsTo(c.Object, c.Predicate, e)
				var set []*graph.Claim
				for _, x := range out[i:j] {
					if usable(x) {
						set = append(set, x)
					}
				}
				n := len(set)
				for _, x := range back {
					if usable(x) {
						set = append(set, x)
					}
				}
				if n > 0 && len(set) > n {
					asymmetricPair(p, set, e.ID())
				}
			}
			i = j
		}
	}
}

// claimsTo returns from's claims of predicate pr whose object is to: a
// run of from.Out, which is sorted by predicate name and object id.
func claimsTo(from *graph.Entity, pr *vocab.Predicate, to *graph.Entity) []*graph.Claim {
	key := func(c *graph.Claim) int {
		return cmp.Or(strings.Compare(c.Predicate.Name, pr.Name), strings.Compare(c.ObjectText(), to.ID()))
	}
	lo, _ := slices.BinarySearchFunc(from.Out, 0, func(c *graph.Claim, _ int) int { return key(c) })
	hi := lo
	for hi < len(from.Out) && key(from.Out[hi]) == 0 {
		hi++
	}
	return from.Out[lo:hi]
}

// asymmetricPair reports the groups of claims in both directions between
// two entities that hold at once; lo is the smaller id, the subject of
// the first claims of set.
func asymmetricPair(p *Pass, set []*graph.Claim, lo string) {
	r := rivals{claims: set, vals: values(set, func(c *graph.Claim) span {
		if c.Subject.ID() == lo {
			return span{0, 1}
		}
		return span{1, 2}
	}), timed: true, rule: p.rule.Name}
	for _, g := range r.groups() {
		a, b := g.a, g.b
		p.reportGroup(fmt.Sprintf("%s %s %s and %s %s %s both hold %s, but %s is asymmetric; remove or deprecate the claim in the wrong direction",
			a.Subject.ID(), a.Predicate.Name, a.Object.ID(), b.Subject.ID(), b.Predicate.Name, b.Object.ID(),
			g.window(), a.Predicate.Name), g)
	}
}

func irreflexive(p *Pass) {
	for _, c := range p.Graph.Claims {
		if c.Predicate.Irreflexive && c.Object == c.Subject && c.Rank != fact.Deprecated {
			p.Report(fmt.Sprintf("%s %s itself; nothing is %s itself", c.Subject.ID(), c.Predicate.Name, c.Predicate.Label), c)
		}
	}
}

func intervalOrder(p *Pass) {
	for _, c := range p.Graph.Claims {
		if iv := c.Interval; iv.Reversed() {
			p.Report(fmt.Sprintf("%s starts (from %s) after it ends (to %s): to is exclusive, so the claim never holds; correct or swap the dates",
				c.Triple(), iv.From, iv.To), c)
		}
	}
}

// sameClaims calls f with each set of live claims that state one claim:
// the same triple and the same share (a changed stake is not the same
// claim), in Compare order.
func sameClaims(g *graph.Graph, f func([]*graph.Claim)) {
	groups(g, func(*vocab.Predicate) bool { return true }, func(cs []*graph.Claim) {
		sameObject(cs, func(cs []*graph.Claim) {
			if len(cs) < 2 {
				return
			}
			type share struct {
				known bool
				pct   float64
			}
			key := func(c *graph.Claim) share {
				if c.Share == nil {
					return share{}
				}
				return share{true, c.Share.Percent}
			}
			if !slices.ContainsFunc(cs, func(c *graph.Claim) bool { return key(c) != key(cs[0]) }) {
				f(cs)
				return
			}
			byShare := map[share][]*graph.Claim{}
			var order []share
			for _, c := range cs {
				k := key(c)
				if _, ok := byShare[k]; !ok {
					order = append(order, k)
				}
				byShare[k] = append(byShare[k], c)
			}
			for _, k := range order {
				if len(byShare[k]) > 1 {
					f(byShare[k])
				}
			}
		})
	})
}

// intervalMismatch reports each run of time in which statements of one
// claim with dates that are not compatible definitely hold together. A
// statement's dates are a value in four dimensions: which bounds it
// writes, and the granule of each; two are compatible when they agree in
// all four, so the value sweep finds the groups.
func intervalMismatch(p *Pass) {
	sameClaims(p.Graph, func(cs []*graph.Claim) {
		vals := make([]vec, len(cs))
		for i, c := range cs {
			iv := c.Interval
			shape := int64(0)
			for k, d := range [3]date.Date{iv.From, iv.To, iv.At} {
				if !d.IsZero() {
					shape |= 1 << k
					vals[i][k+1] = granule(d)
				}
			}
			vals[i][0] = span{shape, shape + 1}
		}
		r := rivals{claims: cs, vals: vals, timed: true, rule: p.rule.Name}
		for _, g := range r.groups() {
			a, b := g.a, g.b
			msg := fmt.Sprintf("%s is stated twice with different dates, %s and %s; make them agree, or keep the edge in one file only",
				a.Triple(), a.Interval, b.Interval)
			if g.size > 2 {
				msg = fmt.Sprintf("%s is stated %d times with dates that differ and overlap %s, %s and %s among them; make them agree, or keep the edge in one file only",
					a.Triple(), g.size, g.window(), a.Interval, b.Interval)
			}
			p.reportGroup(msg, g)
		}
	})
}

// duplicateStatement reports each set of statements of one claim whose
// dates are compatible, as one finding: the connected sets of the
// compatibility relation, which compatibleSets finds in linear time.
func duplicateStatement(p *Pass) {
	sameClaims(p.Graph, func(cs []*graph.Claim) {
		for _, set := range compatibleSets(cs) {
			if len(set) < 2 {
				continue
			}
			a, b := set[0], set[1]
			msg := fmt.Sprintf("%s is stated twice (%s and %s); keep one statement and merge their sources", a.Triple(), a.Interval, b.Interval)
			if len(set) > 2 {
				msg = fmt.Sprintf("%s is stated %d times (%s); keep one statement and merge their sources", a.Triple(), len(set), dateList(set))
			}
			p.Report(msg, set...)
		}
	})
}

// dateList names the distinct dates of claims: "all undated", "from 2014
// and from 2014-10", or the first three and a count.
func dateList(cs []*graph.Claim) string {
	seen := map[string]bool{}
	var first []string
	for _, c := range cs {
		if s := c.Interval.String(); !seen[s] {
			seen[s] = true
			if len(first) < 3 {
				first = append(first, s)
			}
		}
	}
	switch {
	case len(seen) == 1:
		return "all " + first[0]
	case len(seen) <= 3:
		return finding.Join(first, "and")
	}
	return fmt.Sprintf("%s and %d other dates", strings.Join(first, ", "), len(seen)-3)
}

// compatibleSets splits claims (of one triple and share) into the
// connected sets of Interval.Compatible, in Compare order. Statements
// with the same written dates are one class. Two classes are compatible
// when they write the same bounds and each bound's granules nest, so one
// is an ancestor-or-self of the other (a granule has at most two
// ancestors: its month and its year). Every class is filed in buckets
// that say, per bound, "exactly this granule" or "inside this ancestor";
// a class's queries name, per bound, one of its own ancestors exactly or
// itself as the ancestor, and a bucket a query names holds only classes
// compatible with the asker. A bucket is joined whole the first time it
// is asked for and through one member after that, so the work is
// O(classes × 4^bounds), however many pairs are compatible.
func compatibleSets(cs []*graph.Claim) [][]*graph.Claim {
	// A bound is coded as one number, its first day and its precision, so
	// that bucket keys stay small to hash; 0 is no bound.
	type bounds [3]int64
	code := func(d date.Date) int64 {
		if d.IsZero() {
			return 0
		}
		return int64(d.First())<<2 | int64(d.Prec)
	}
	classOf := make([]int, len(cs))
	index := map[bounds]int{}
	var classes [][3]date.Date
	for i, c := range cs {
		ds := [3]date.Date{c.Interval.From, c.Interval.To, c.Interval.At}
		b := bounds{code(ds[0]), code(ds[1]), code(ds[2])}
		k, ok := index[b]
		if !ok {
			k = len(classes)
			index[b] = k
			classes = append(classes, ds)
		}
		classOf[i] = k
	}
	uf := newUnionFind(len(classes))
	if len(classes) > 1 {
		type bucket struct {
			inside bounds // per bound: set for "inside this ancestor"
			exact  bounds // per bound: set for "exactly this granule"
		}
		// keys calls f with each bucket for ds: filing (query false) or
		// asking (query true).
		keys := func(ds [3]date.Date, query bool, f func(bucket)) {
			var walk func(k int, cur bucket)
			walk = func(k int, cur bucket) {
				if k == len(ds) {
					f(cur)
					return
				}
				d := ds[k]
				if d.IsZero() {
					walk(k+1, cur)
					return
				}
				for _, a := range ancestors(d) {
					next := cur
					if query {
						next.exact[k] = code(a)
					} else {
						next.inside[k] = code(a)
					}
					walk(k+1, next)
				}
				next := cur
				if query {
					next.inside[k] = code(d)
				} else {
					next.exact[k] = code(d)
				}
				walk(k+1, next)
			}
			walk(0, bucket{})
		}
		buckets := map[bucket][]int{}
		for k, ds := range classes {
			keys(ds, false, func(key bucket) { buckets[key] = append(buckets[key], k) })
		}
		joined := map[bucket]bool{}
		for k, ds := range classes {
			keys(ds, true, func(key bucket) {
				ms := buckets[key]
				if len(ms) == 0 {
					return
				}
				if joined[key] {
					uf.union(k, ms[0])
					return
				}
				joined[key] = true
				for _, m := range ms {
					uf.union(k, m)
				}
			})
		}
	}
	sets := map[int]int{}
	var out [][]*graph.Claim
	for i, c := range cs {
		root := uf.find(classOf[i])
		k, ok := sets[root]
		if !ok {
			k = len(out)
			sets[root] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], c)
	}
	return out
}

// ancestors lists d and the coarser granules that contain it.
func ancestors(d date.Date) []date.Date {
	out := []date.Date{d}
	if d.Prec >= date.Day {
		out = append(out, date.Date{Year: d.Year, Month: d.Month, Prec: date.Month})
	}
	if d.Prec >= date.Month {
		out = append(out, date.Date{Year: d.Year, Prec: date.Year})
	}
	return out
}
