// Package corpus generates synthetic fact bases for tests and benchmarks:
// companies, the products they own and operate, and the sources both
// cite, in the shipped vocabulary, with dated and undated statements of
// every kind the checks look at, and a chosen number of injected
// ownership conflicts. The same Size always gives the same files, so
// benchmark figures can be reproduced exactly.
package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Size describes a corpus: Companies companies, each owning and operating
// ProductsPer products; every statement cites one of Sources sources.
// Every entity has Extra more industry or category statements; Conflicts
// products get a second, overlapping owner.
type Size struct {
	Companies   int
	ProductsPer int
	Sources     int
	Extra       int
	Conflicts   int
}

// ForStatements returns a size with about n statements and conflicts
// injected conflicts.
func ForStatements(n, conflicts int) Size {
	// Per company: founded, 2 industries and a stake (4); per product: 6
	// (see Write). 5 products per company: 34 statements per company.
	return Size{Companies: max(1, n/34), ProductsPer: 5, Sources: 20, Conflicts: conflicts}
}

// Entities is the number of entities (and files) in the corpus.
func (s Size) Entities() int { return s.Companies*(1+s.ProductsPer) + s.Sources }

// Statements is the number of statements in the corpus.
func (s Size) Statements() int {
	stakes := max(s.Companies-1, 0)
	return s.Companies*3 + stakes + s.Companies*s.ProductsPer*6 + (s.Entities()-s.Sources)*s.Extra + s.injected()
}

func (s Size) injected() int { return min(s.Conflicts, s.Companies*min(s.ProductsPer, 1)) }

// Write writes the corpus under dir: sources/, and companies/ and
// products/ in subdirectories of at most 1000 files.
//
// Company c was founded in 1900+c%90 and holds a stake of 1+c%40 percent
// in company (c-1)/2, so no company's known shares exceed 80 and stakes
// never form a cycle. Its products are owned by it (undated), operated by
// another company from 2000 until 2015 and by it from 2015, and compete
// with its previous product. For every Companies/Conflicts-th company, the
// first product also claims to be owned by the next company from 2010:
// that overlaps the undated owner now, so the check must report exactly
// Conflicts functional-conflict findings and nothing else.
func Write(dir string, s Size) error {
	src := func(i int) string { return fmt.Sprintf("source-%d", i%s.Sources) }
	put := func(kind string, n int, id, text string) error {
		sub := filepath.Join(dir, kind)
		if kind != "sources" {
			sub = filepath.Join(sub, fmt.Sprintf("%04d", n/1000))
		}
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(sub, id+".yaml"), []byte(text), 0o644)
	}
	for i := range s.Sources {
		if err := put("sources", i, src(i), fmt.Sprintf("id: %s\ntype: Source\nlabel: \"Generated source %d\"\n", src(i), i)); err != nil {
			return err
		}
	}
	every := 0
	if n := s.injected(); n > 0 {
		every = s.Companies / n
	}
	injected := 0
	products := 0
	for c := range s.Companies {
		id := fmt.Sprintf("company-%d", c)
		var b strings.Builder
		fmt.Fprintf(&b, "id: %s\ntype: Company\nlabel: Company %d\nstatements:\n", id, c)
		fmt.Fprintf(&b, "  - predicate: founded\n    value: %d\n    sources: [%s]\n", 1900+c%90, src(c))
		fmt.Fprintf(&b, "  - predicate: industry\n    value: industry %d\n    sources: [%s]\n", c%37, src(c+1))
		fmt.Fprintf(&b, "  - predicate: industry\n    value: sector %d\n    sources: [%s]\n", c%11, src(c+2))
		if c > 0 {
			fmt.Fprintf(&b, "  - predicate: holdsStakeIn\n    object: company-%d\n    share: %d\n    sources: [%s]\n", (c-1)/2, 1+c%40, src(c+3))
		}
		for e := range s.Extra {
			fmt.Fprintf(&b, "  - predicate: industry\n    value: field %d\n    sources: [%s]\n", e, src(c+e))
		}
		if err := put("companies", c, id, b.String()); err != nil {
			return err
		}
		for p := range s.ProductsPer {
			pid := fmt.Sprintf("product-%d-%d", c, p)
			other := (c + 1 + p) % s.Companies
			var b strings.Builder
			fmt.Fprintf(&b, "id: %s\ntype: OnlineService\nlabel: Product %d.%d\nstatements:\n", pid, c, p)
			fmt.Fprintf(&b, "  - predicate: founded\n    value: %d\n    sources: [%s]\n", 1990+p, src(p))
			fmt.Fprintf(&b, "  - predicate: category\n    value: category %d\n    sources: [%s]\n", p, src(p+1))
			fmt.Fprintf(&b, "  - predicate: operatedBy\n    object: company-%d\n    from: 2000\n    to: 2015\n    sources: [%s]\n", other, src(c))
			fmt.Fprintf(&b, "  - predicate: operatedBy\n    object: %s\n    from: 2015\n    sources: [%s]\n", id, src(c+1))
			fmt.Fprintf(&b, "  - predicate: ownedBy\n    object: %s\n    sources: [%s]\n", id, src(c+2))
			if p > 0 {
				fmt.Fprintf(&b, "  - predicate: competesWith\n    object: product-%d-%d\n    sources: [%s]\n", c, p-1, src(c+3))
			} else {
				fmt.Fprintf(&b, "  - predicate: website\n    value: https://example.org/%s\n    sources: [%s]\n", pid, src(c+3))
			}
			for e := range s.Extra {
				fmt.Fprintf(&b, "  - predicate: category\n    value: kind %d\n    sources: [%s]\n", e, src(p+e))
			}
			if p == 0 && every > 0 && c%every == every-1 && injected < s.injected() {
				fmt.Fprintf(&b, "  - predicate: ownedBy\n    object: company-%d\n    from: 2010\n    sources: [%s]\n", (c+1)%s.Companies, src(c+4))
				injected++
			}
			if err := put("products", products, pid, b.String()); err != nil {
				return err
			}
			products++
		}
	}
	return nil
}
