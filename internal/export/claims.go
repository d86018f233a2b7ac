package export

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/grammar"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/safetext"
	"github.com/factgraph/factgraph/internal/vocab"
)

// claim is a claim of the graph with what both exporters derive from it.
type claim struct {
	*graph.Claim
	ID      string // statement id, unique in the graph
	Current bool   // holds now at best rank
	Bounds  bounds
}

// claims returns every claim of g, in graph order, with its statement id,
// after checking that everything the exporters will write is safe to
// write. Both exporters start here, so they accept and reject the same
// graphs.
func claims(g *graph.Graph) ([]claim, error) {
	if err := validate(g); err != nil {
		return nil, err
	}
	out := make([]claim, len(g.Claims))
	groups := map[string][]int{}
	var keys []string
	for i, c := range g.Claims {
		out[i] = claim{Claim: c, Current: g.Current(c), Bounds: dayBounds(c)}
		k := identity(c)
		if _, seen := groups[k]; !seen {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	used := make(map[string]bool, len(out))
	for _, k := range keys {
		twins := groups[k]
		slices.SortStableFunc(twins, func(a, b int) int { return twinOrder(out[a].Claim, out[b].Claim) })
		for n, i := range twins {
			sum := sha256.Sum256([]byte(k + "\n" + strconv.Itoa(n)))
			id := out[i].Subject.ID() + "-" + hex.EncodeToString(sum[:8])
			if used[id] {
				// 64 bits make this practically impossible; if it ever
				// happens, a silent duplicate IRI would merge two
				// statements, so refuse instead.
				return nil, fmt.Errorf("statement id %q is not unique; two claims hash alike", id)
			}
			used[id] = true
			out[i].ID = id
		}
	}
	return out, nil
}

// identity is what a claim says, the input of its statement id: the
// normalised claim with its dates and share as written. Rank, reason,
// sources, note and position are left out so that editing them keeps the
// id.
func identity(c *graph.Claim) string {
	kind, obj := "value", ""
	if c.Object != nil {
		kind, obj = "object", c.Object.ID()
	} else {
		obj = c.Value.Value
	}
	share := ""
	if c.Share != nil {
		share = c.Share.Value
	}
	// A JSON array is an unambiguous encoding of the fields, whatever
	// text they hold; the text is valid UTF-8 (validate), so Marshal
	// cannot alter it.
	b, _ := json.Marshal([]string{"factgraph statement 1", c.Subject.ID(), c.Predicate.Name, kind, obj,
		c.Interval.From.String(), c.Interval.To.String(), c.Interval.At.String(), share})
	return string(b)
}

// twinOrder orders claims that say the same thing, by content first so
// that their ids depend as little as possible on where they are written.
func twinOrder(a, b *graph.Claim) int {
	return cmp.Or(
		cmp.Compare(b.Rank, a.Rank),
		strings.Compare(a.Stmt.Reason().Value, b.Stmt.Reason().Value),
		slices.Compare(a.SourceIDs(), b.SourceIDs()),
		strings.Compare(a.Stmt.Note().Value, b.Stmt.Note().Value),
		strings.Compare(a.Stmt.Subject.ID.Value, b.Stmt.Subject.ID.Value),
		strings.Compare(a.Stmt.Predicate.Value, b.Stmt.Predicate.Value),
		a.Stmt.Pos().Compare(b.Stmt.Pos()),
	)
}

// bounds are the day bounds of a claim's interval as xsd:date lexical
// forms, empty when unknown. Ends are exclusive: the first day on which
// the claim no longer holds.
type bounds struct {
	EarliestStart, LatestStart string
	EarliestEnd, LatestEnd     string
}

func dayBounds(c *graph.Claim) bounds {
	iv := c.Interval
	return bounds{day(iv.MinS), day(iv.MaxS), day(iv.MinE), day(iv.MaxE)}
}

// day formats a day number, or returns "" for the symbolic points Before,
// Now and Open, which stand for "unknown" and "not ended".
func day(n date.Daynum) string {
	if n <= graph.Before || n >= graph.Now {
		return ""
	}
	return date.OfDay(n).String()
}

// writtenSubject is the entity whose file holds the claim's statement.
func writtenSubject(c *graph.Claim) string { return c.Stmt.Subject.ID.Value }

var (
	schemePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*$`) // RFC 3987 scheme
)

// validate checks every value the exporters write: ids and names against
// their patterns, IRIs against the N-Triples IRIREF production, text for
// valid UTF-8 and characters the loader rejects, numbers and dates for
// their lexical forms, and file paths for being relative. The loader and
// the resolver already enforce all of this for fact files; checking again
// here keeps the exporters safe for any graph, and rejecting is the only
// safe answer, since a repaired value would no longer be the fact.
func validate(g *graph.Graph) error {
	v := g.Vocab
	if err := checkBase(v.Base); err != nil {
		return err
	}
	for _, t := range v.Types {
		if err := checkVocab("type", t.Name, t.Label, t.Description, t.IRI); err != nil {
			return err
		}
	}
	for _, p := range v.Predicates {
		if err := checkVocab("predicate", p.Name, p.Label, p.Description, p.IRI); err != nil {
			return err
		}
		if p.Inverse != "" {
			if err := checkVocab("inverse", p.Inverse, p.InverseLabel, "", ""); err != nil {
				return err
			}
		}
		switch p.Datatype {
		case "", vocab.Date, vocab.String, vocab.Number, vocab.URL:
		default:
			return fmt.Errorf("predicate %q: unknown datatype %q", p.Name, p.Datatype)
		}
	}
	for _, e := range g.Entities {
		if err := checkEntity(e); err != nil {
			return fmt.Errorf("%s: %w", e.File, err)
		}
	}
	for _, c := range g.Claims {
		if err := checkClaim(c); err != nil {
			return fmt.Errorf("%s: %w", c.Stmt.Pos(), err)
		}
	}
	return nil
}

func checkBase(base string) error {
	if err := checkIRI(base); err != nil {
		return fmt.Errorf("vocabulary base: %w", err)
	}
	if !strings.HasSuffix(base, "/") {
		return fmt.Errorf("vocabulary base %q must end in /", base)
	}
	return nil
}

func checkVocab(kind, name, label, description, iri string) error {
	if !grammar.Name.MatchString(name) {
		return fmt.Errorf("%s name %q cannot be part of an IRI", kind, name)
	}
	for _, s := range []string{label, description} {
		if err := checkText(s); err != nil {
			return fmt.Errorf("%s %q: %w", kind, name, err)
		}
	}
	if iri != "" {
		if err := checkIRI(iri); err != nil {
			return fmt.Errorf("%s %q: iri: %w", kind, name, err)
		}
	}
	return nil
}

func checkEntity(e *graph.Entity) error {
	if !grammar.ID.MatchString(e.ID()) {
		return fmt.Errorf("id %q is not a valid id", e.ID())
	}
	if err := checkPath(e.File); err != nil {
		return err
	}
	texts := [][2]string{{"label", e.Label.Value}, {"description", e.Description.Value}, {"publisher", e.Publisher.Value}}
	for _, a := range e.Aliases {
		texts = append(texts, [2]string{"aliases", a.Value})
	}
	for _, t := range texts {
		if err := checkText(t[1]); err != nil {
			return fmt.Errorf("%s: %w", t[0], err)
		}
	}
	if e.URL.Value != "" {
		if err := checkURL(e.URL.Value); err != nil {
			return fmt.Errorf("url: %w", err)
		}
	}
	return nil
}

func checkClaim(c *graph.Claim) error {
	for _, e := range append([]*graph.Entity{c.Subject, c.Object}, c.Sources...) {
		if e != nil && !grammar.ID.MatchString(e.ID()) {
			return fmt.Errorf("id %q is not a valid id", e.ID())
		}
	}
	if c.Stmt == nil || c.Stmt.Subject == nil || !grammar.ID.MatchString(writtenSubject(c)) {
		return errors.New("claim has no statement as written")
	}
	if err := checkPath(c.Stmt.Subject.File); err != nil {
		return err
	}
	if !grammar.Name.MatchString(c.Stmt.Predicate.Value) {
		return fmt.Errorf("predicate %q cannot be part of an IRI", c.Stmt.Predicate.Value)
	}
	switch c.Rank {
	case fact.Preferred, fact.Normal, fact.Deprecated:
	default:
		return fmt.Errorf("unknown rank %d", c.Rank)
	}
	if (c.Object == nil) == (c.Value == nil) {
		return errors.New("claim needs exactly one of object and value")
	}
	if c.Value != nil {
		if err := checkValue(c.Predicate.Datatype, c.Value.Value); err != nil {
			return fmt.Errorf("value: %w", err)
		}
	}
	if c.Share != nil && !grammar.Decimal.MatchString(c.Share.Value) {
		return fmt.Errorf("share %q is not a plain decimal number", c.Share.Value)
	}
	for _, s := range []string{c.Stmt.Reason().Value, c.Stmt.Note().Value} {
		if err := checkText(s); err != nil {
			return err
		}
	}
	return nil
}

// checkValue checks a literal against its predicate's datatype.
func checkValue(datatype, v string) error {
	switch datatype {
	case vocab.Date:
		if _, err := date.Parse(v); err != nil {
			return err
		}
	case vocab.Number:
		if !grammar.Decimal.MatchString(v) {
			return fmt.Errorf("%q is not a plain decimal number", v)
		}
	case vocab.URL:
		return checkURL(v)
	}
	return checkText(v)
}

// checkText accepts valid UTF-8 without the characters the fact loader
// rejects (C0 controls other than TAB and LF, CR, DEL, C1, non-characters,
// bidirectional controls).
func checkText(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%q is not valid UTF-8", s)
	}
	for _, r := range s {
		if r == '\r' || safetext.Unsafe(r) {
			return fmt.Errorf("%q holds the character %U, which cannot be exported", s, r)
		}
	}
	return nil
}

func checkURL(u string) error {
	if msg := grammar.CheckURL(u); msg != "" {
		return errors.New(msg)
	}
	return checkIRI(u)
}

// checkIRI accepts an absolute IRI that the N-Triples IRIREF production
// allows as it is: no space, control character or any of <>"{}|^`\. Such
// a character is rejected, not escaped: UCHAR escapes of them are not
// allowed in IRIREF, and percent-encoding would change the IRI.
func checkIRI(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("IRI %q is not valid UTF-8", s)
	}
	if i := strings.IndexFunc(s, func(r rune) bool {
		return r <= 0x20 || r == 0x7f || strings.ContainsRune("<>\"{}|^`\\", r) || safetext.Unsafe(r)
	}); i >= 0 {
		return fmt.Errorf("IRI %q has a character an IRI cannot hold", s)
	}
	colon := strings.IndexByte(s, ':')
	if colon < 1 || !schemePattern.MatchString(s[:colon]) {
		return fmt.Errorf("IRI %q is not absolute", s)
	}
	return nil
}

// checkPath accepts the relative, slash-separated paths the loader shows.
// An absolute path would put the layout of the machine that ran the build
// into out/.
func checkPath(p string) error {
	if err := checkText(p); err != nil {
		return err
	}
	if p == "" || path.IsAbs(p) || filepath.IsAbs(p) || filepath.VolumeName(p) != "" || strings.Contains(p, "\\") {
		return fmt.Errorf("file path %q must be relative and slash-separated; run factgraph with relative paths", p)
	}
	return nil
}
