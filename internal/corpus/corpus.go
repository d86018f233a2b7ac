// Package corpus generates synthetic fact bases for benchmarks: many
// companies, each with a fixed number of statements of every kind the
// checks look at (dated ownership chains, operators, stakes, partnerships,
// literals), and a chosen number of injected ownership conflicts. The
// output depends only on the parameters, so benchmark figures can be
// reproduced exactly.
package corpus

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
)

// Spec says what to generate.
type Spec struct {
	Entities   int // companies; one file each
	Statements int // statements per company (at least 6)
	Conflicts  int // companies given two owners at once
}

// Write generates the corpus under dir (which must exist), in
// subdirectories of 1000 files, and returns the number of statements.
// Every Entities/Conflicts-th company gets one extra ownership claim that
// overlaps its owner in every reading, so exactly Conflicts
// functional-conflict findings are expected and no other error.
func Write(dir string, s Spec) (statements int, err error) {
	if s.Statements < 6 {
		return 0, fmt.Errorf("corpus: at least 6 statements per entity")
	}
	if err := writeFile(filepath.Join(dir, "src.yaml"), "id: src\ntype: Source\nlabel: Generated source\n"); err != nil {
		return 0, err
	}
	every := 0
	if s.Conflicts > 0 {
		every = s.Entities / s.Conflicts
	}
	injected := 0
	for i := range s.Entities {
		sub := filepath.Join(dir, fmt.Sprintf("d%03d", i/1000))
		if i%1000 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return 0, err
			}
		}
		n, err := writeCompany(filepath.Join(sub, id(i)+".yaml"), i, s, every > 0 && i%every == every-1 && injected < s.Conflicts)
		if err != nil {
			return 0, err
		}
		if every > 0 && i%every == every-1 && injected < s.Conflicts {
			injected++
		}
		statements += n
	}
	return statements, nil
}

func id(i int) string { return fmt.Sprintf("c%07d", i) }

// writeCompany writes company i. Company i is owned by company i/10
// (a tree, so no cycles), first by i/10+1 until 2000 and then by i/10 from
// 2000, operated by i/10 from 2001, holds 10% stakes in the next
// companies, partners with the previous one, and fills the rest with
// industries. The conflict claims a second owner, undated.
func writeCompany(path string, i int, s Spec, conflict bool) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "id: %s\ntype: Company\nlabel: Company %d\nstatements:\n", id(i), i)
	stmt := func(format string, args ...any) {
		fmt.Fprintf(w, "  - "+format+"    sources: [src]\n", args...)
	}
	n := 0
	stmt("predicate: founded\n    value: 1990\n")
	n++
	if i > 0 {
		parent := i / 10
		stmt("predicate: ownedBy\n    object: %s\n    from: 1995\n    to: 2000\n", id((parent+1)%max(i, 1)))
		stmt("predicate: ownedBy\n    object: %s\n    from: 2000\n", id(parent))
		stmt("predicate: operatedBy\n    object: %s\n    from: 2001\n", id(parent))
		stmt("predicate: partnerOf\n    object: %s\n", id(i-1))
		n += 4
	}
	if conflict {
		stmt("predicate: ownedBy\n    object: %s\n    from: 2010\n", id((i+1)%s.Entities))
		n++
	}
	for k := 1; n < s.Statements; k++ {
		if k <= 5 && i+k < s.Entities {
			stmt("predicate: holdsStakeIn\n    object: %s\n    share: 10\n", id(i+k))
		} else {
			stmt("predicate: industry\n    value: industry %d\n", k)
		}
		n++
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return 0, err
	}
	return n, f.Close()
}

func writeFile(path, text string) error {
	return os.WriteFile(path, []byte(text), 0o644)
}
