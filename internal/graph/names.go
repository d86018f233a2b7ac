package graph

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/factgraph/factgraph/internal/suggest"
)

// nameIndex finds entities by the names people type: ids, labels and
// aliases, forgiving case and accents; and suggests the id a dangling
// reference meant.
type nameIndex struct {
	ids    []string             // every id, sorted
	slugs  []nameHint           // labels and aliases in the shape of ids
	folded map[string][]*Entity // Fold of ids, labels and aliases
	byID   map[string]*Entity

	mu    sync.Mutex
	memo  map[string]string // DidYouMean answers
	spent int               // edit distances computed so far
}

type nameHint struct{ slug, id string }

// suggestBudget caps the edit distances DidYouMean computes in one check:
// a file of ten thousand dangling references must not cost ten thousand
// scans of a large graph. Past it, references get no suggestion.
const suggestBudget = 20_000_000

func newNameIndex(entities []*Entity) *nameIndex {
	ix := &nameIndex{folded: map[string][]*Entity{}, byID: map[string]*Entity{}, memo: map[string]string{}}
	for _, e := range entities {
		ix.ids = append(ix.ids, e.ID())
		ix.byID[e.ID()] = e
		names := []string{e.ID(), e.Label.Value}
		for _, a := range e.Aliases {
			names = append(names, a.Value)
		}
		seen := map[string]bool{}
		for i, n := range names {
			if i > 0 {
				ix.slugs = append(ix.slugs, nameHint{slug(n), e.ID()})
			}
			if k := Fold(n); k != "" && !seen[k] {
				seen[k] = true
				ix.folded[k] = append(ix.folded[k], e)
			}
		}
	}
	return ix
}

// Lookup returns the entities a name typed by a person stands for: the
// entity with that id, else those whose id, label or alias equals it
// after folding case and accents ("alipay", "Alipay", "zhifubao" and
// "Zhīfùbǎo" all find Alipay). More than one entity means the name is
// ambiguous.
func (g *Graph) Lookup(name string) []*Entity {
	if e := g.byID[name]; e != nil {
		return []*Entity{e}
	}
	return slices.Clone(g.nameIndex().folded[Fold(name)])
}

// nameIndex builds the index on first use: most checks never need it
// (it serves dangling references and show), and folding every name of a
// large graph costs seconds.
func (g *Graph) nameIndex() *nameIndex {
	g.namesOnce.Do(func() { g.names = newNameIndex(g.Entities) })
	return g.names
}

// Suggest returns the ids, labels and aliases nearest to a name nobody
// has, for "did you mean" (at most a few).
func (g *Graph) Suggest(name string) []*Entity {
	ix := g.nameIndex()
	key := Fold(name)
	keys := make([]string, 0, len(ix.folded))
	for k := range ix.folded {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if best := suggest.Nearest(key, keys); best != "" {
		return slices.Clone(ix.folded[best])
	}
	return nil
}

// DidYouMean suggests the entity a dangling reference most likely meant,
// as "; did you mean ...?" or "". It matches the reference against ids,
// and against labels and aliases in the shape of ids ("sesame-credit"
// finds zhima-credit through its alias, "Alibaba Group" finds
// alibaba-group).
func (g *Graph) DidYouMean(ref string) string {
	ix := g.nameIndex()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if s, ok := ix.memo[ref]; ok {
		return s
	}
	s := ix.didYouMean(ref)
	ix.memo[ref] = s
	return s
}

func (ix *nameIndex) didYouMean(ref string) string {
	label := func(id string) string { return fmt.Sprintf("; did you mean %q (%q)?", id, ix.byID[id].Label.Value) }
	want := slug(ref)
	for _, n := range ix.slugs {
		if n.slug == want {
			return label(n.id)
		}
	}
	if ix.spent > suggestBudget {
		return ""
	}
	ix.spent += len(ix.ids) + len(ix.slugs)
	if best := suggest.Nearest(ref, ix.ids); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	slugs := make([]string, len(ix.slugs))
	for i, n := range ix.slugs {
		slugs[i] = n.slug
	}
	if best := suggest.Nearest(want, slugs); best != "" {
		return label(ix.slugs[slices.Index(slugs, best)].id)
	}
	// "alibaba" for "alibaba-group": the ids are sorted, so the first id
	// with the prefix is found by binary search.
	i, _ := slices.BinarySearch(ix.ids, ref+"-")
	if i < len(ix.ids) && strings.HasPrefix(ix.ids[i], ref+"-") {
		return fmt.Sprintf("; did you mean %q?", ix.ids[i])
	}
	return ""
}

// slug turns a label into the shape of an id: "Yu'e Bao" -> "yu-e-bao".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range Fold(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// Fold is the form in which people's spellings of a name compare equal:
// compatibility-normalised, case-folded and without accents, with runs
// of white space made one space ("Zhīfùbǎo" and "zhifubao" fold alike).
// The site's search folds the same way.
func Fold(s string) string {
	if ascii(s) {
		return strings.Join(strings.Fields(strings.ToLower(s)), " ")
	}
	t := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFKC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.Join(strings.Fields(cases.Fold().String(out)), " ")
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
