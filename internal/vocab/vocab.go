// Package vocab loads the vocabulary in schema/: the JSON Schema of a fact
// file, and vocabulary.yaml, which declares the types of entity and the
// predicates that may link them. The vocabulary is data, read at run time,
// so teams extend it without recompiling.
package vocab

import (
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/schema"
	"github.com/factgraph/factgraph/internal/strictyaml"
	"github.com/factgraph/factgraph/internal/suggest"
)

// File names inside the schema directory.
const (
	VocabularyFile   = "vocabulary.yaml"
	VocabularySchema = "vocabulary.schema.json"
	FactSchema       = "fact.schema.json"
)

// Datatypes a literal-valued predicate may have.
const (
	Date   = "date"
	String = "string"
	Number = "number"
	URL    = "url"
)

// Cardinalities.
const (
	One        = "one"           // a single value, whatever the dates
	OneAtATime = "one-at-a-time" // a single value at any instant
	Many       = "many"
)

// HoldsAtSubjectStart marks predicates whose undated statements describe
// the subject's start, such as founder.
const HoldsAtSubjectStart = "subjectStart"

// Lifespan roles.
const (
	Start = "start"
	End   = "end"
)

// Type is a type of entity.
type Type struct {
	Name        string
	Label       string
	Description string
	Parent      *Type
	// DisjointWith holds the types declared disjoint with this one, in
	// both directions; subtypes inherit it through IsA.
	DisjointWith []*Type
	IRI          string
	Color        string
	Pos          finding.Pos
}

// IsA reports whether t is u or a subtype of u.
func (t *Type) IsA(u *Type) bool {
	for x := t; x != nil; x = x.Parent {
		if x == u {
			return true
		}
	}
	return false
}

// IsAny reports whether t IsA one of us.
func (t *Type) IsAny(us []*Type) bool {
	return slices.ContainsFunc(us, t.IsA)
}

// Disjoint reports whether no entity can be of both types t and u.
func Disjoint(t, u *Type) bool {
	for x := t; x != nil; x = x.Parent {
		for _, d := range x.DisjointWith {
			if u.IsA(d) {
				return true
			}
		}
	}
	return false
}

// Predicate is a relation between an entity and another entity or a
// literal.
type Predicate struct {
	Name         string
	Label        string
	Description  string
	Domain       []*Type // empty: any type
	Range        []*Type // entity-valued predicates; empty for literals
	Datatype     string  // literal-valued predicates; "" for entity-valued
	Cardinality  string  // One, OneAtATime or Many
	Inverse      string  // name usable in fact files for the reverse direction
	InverseLabel string
	Symmetric    bool
	Asymmetric   bool
	Irreflexive  bool
	Acyclic      bool
	Share        bool    // takes the share qualifier
	ShareLimit   float64 // shares held in one object sum to at most this; 0 for no limit
	Lifespan     string  // Start, End or ""
	HoldsAt      string  // HoldsAtSubjectStart or ""
	IRI          string
	Pos          finding.Pos
}

// Functional reports whether the predicate allows one value only, at a
// time or altogether.
func (p *Predicate) Functional() bool { return p.Cardinality != Many }

// EntityValued reports whether the predicate's object is an entity.
func (p *Predicate) EntityValued() bool { return p.Datatype == "" }

// Site is what the website that factgraph build writes says about the
// graph (the site section of vocabulary.yaml).
type Site struct {
	Title       string
	Description string
	// Repository is the https URL of the repository holding the facts,
	// for links to a statement's line; "" when there is none.
	Repository string
	// Branch is the branch those links point into ("main" by default).
	Branch string
}

// DefaultSite is the site section of a vocabulary that has none.
var DefaultSite = Site{Title: "factgraph", Description: "A knowledge graph kept as YAML fact files.", Branch: "main"}

// Vocab is a loaded vocabulary.
type Vocab struct {
	Base       string
	Site       Site
	Types      []*Type      // sorted by name
	Predicates []*Predicate // sorted by name
	// Facts is the compiled JSON Schema of a fact file.
	Facts *schema.Schema
	// Hash identifies the schema directory's contents (the three files),
	// for cache keys: a result computed with another schema is never
	// found.
	Hash [32]byte

	types      map[string]*Type
	predicates map[string]*Predicate
	inverses   map[string]*Predicate
}

// Type returns the type called name, or nil.
func (v *Vocab) Type(name string) *Type { return v.types[name] }

// Predicate returns the predicate called name (not an inverse name), or nil.
func (v *Vocab) Predicate(name string) *Predicate { return v.predicates[name] }

// Resolve looks up a predicate name as written in a fact file: either a
// predicate's own name, or the inverse name of one (owns for ownedBy), in
// which case inverse is true.
func (v *Vocab) Resolve(name string) (p *Predicate, inverse bool) {
	if p := v.predicates[name]; p != nil {
		return p, false
	}
	if p := v.inverses[name]; p != nil {
		return p, true
	}
	return nil, false
}

// Names lists every name a fact file may use as a predicate, sorted.
func (v *Vocab) Names() []string {
	var names []string
	for _, p := range v.Predicates {
		names = append(names, p.Name)
		if p.Inverse != "" {
			names = append(names, p.Inverse)
		}
	}
	slices.Sort(names)
	return names
}

// TypeNames lists the declared types, sorted.
func (v *Vocab) TypeNames() []string {
	names := make([]string, len(v.Types))
	for i, t := range v.Types {
		names[i] = t.Name
	}
	return names
}

// ErrInvalid is returned (wrapped) when the vocabulary has findings.
var ErrInvalid = errors.New("invalid vocabulary")

// Load reads the schema directory dir. Problems inside vocabulary.yaml are
// returned as findings at their positions (with an error wrapping
// ErrInvalid); a missing or unreadable file, or a schema that does not
// compile, is an error. Findings and errors name the files as name (the
// directory as the user knows it, relative to the repository root)
// joined with the file name, slash-separated.
func Load(dir, name string) (*Vocab, finding.List, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("schema directory %s: %w", name, unwrapPath(err))
	}
	defer root.Close()
	read := func(file string) ([]byte, error) {
		info, err := root.Lstat(file)
		if err != nil {
			return nil, fmt.Errorf("schema directory %s: %w", name, unwrapPath(err))
		}
		if !info.Mode().IsRegular() {
			return nil, fmt.Errorf("schema directory %s: %s is not a regular file", name, file)
		}
		return root.ReadFile(file)
	}
	factData, err := read(FactSchema)
	if err != nil {
		return nil, nil, err
	}
	facts, err := schema.Compile(join(name, FactSchema), factData)
	if err != nil {
		return nil, nil, err
	}
	vsData, err := read(VocabularySchema)
	if err != nil {
		return nil, nil, err
	}
	vs, err := schema.Compile(join(name, VocabularySchema), vsData)
	if err != nil {
		return nil, nil, err
	}
	data, err := read(VocabularyFile)
	if err != nil {
		return nil, nil, err
	}
	doc, fs, err := strictyaml.Parse(join(name, VocabularyFile), data, strictyaml.DefaultLimits)
	if err != nil {
		return nil, nil, err
	}
	if len(fs) == 0 {
		fs, _ = vs.Validate(doc)
	}
	if len(fs) > 0 {
		return nil, fs, fmt.Errorf("%s: %w", join(name, VocabularyFile), ErrInvalid)
	}
	v, fs := build(doc)
	if len(fs) > 0 {
		return nil, fs, fmt.Errorf("%s: %w", join(name, VocabularyFile), ErrInvalid)
	}
	v.Facts = facts
	h := sha256.New()
	for _, d := range [][]byte{factData, vsData, data} {
		fmt.Fprintf(h, "%d\n", len(d))
		h.Write(d)
	}
	h.Sum(v.Hash[:0])
	return v, nil, nil
}

func join(dir, file string) string {
	return filepath.ToSlash(filepath.Join(dir, file))
}

// build turns a schema-valid vocabulary document into a Vocab, checking
// what JSON Schema cannot: that names refer to declared types, that the
// parent chain has no cycle, and that the properties of each predicate
// make sense together.
func build(doc *strictyaml.Doc) (*Vocab, finding.List) {
	var fs finding.List
	top := doc.Value.(map[string]any)
	v := &Vocab{
		Base:       top["base"].(string),
		types:      map[string]*Type{},
		predicates: map[string]*Predicate{},
		inverses:   map[string]*Predicate{},
	}
	v.Site = DefaultSite
	if m, ok := top["site"].(map[string]any); ok {
		v.Site = Site{Title: str(m["title"]), Description: str(m["description"]), Repository: str(m["repository"]),
			Branch: cmp.Or(str(m["branch"]), DefaultSite.Branch)}
	}
	types := top["types"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(types)) {
		m := types[name].(map[string]any)
		t := &Type{Name: name, Label: str(m["label"]), Description: str(m["description"]),
			IRI: str(m["iri"]), Color: str(m["color"]), Pos: doc.At("types", name)}
		v.types[name] = t
		v.Types = append(v.Types, t)
	}
	typeRef := func(name string, path ...string) *Type {
		if t := v.types[name]; t != nil {
			return t
		}
		fs.Report(doc.At(path...), Rule, "unknown type %q%s", name, suggest.DidYouMean(name, v.TypeNames()))
		return nil
	}
	typeList := func(list any, path ...string) []*Type {
		var out []*Type
		items, _ := list.([]any)
		for i, item := range items {
			if t := typeRef(item.(string), append(path, strconv.Itoa(i))...); t != nil {
				out = append(out, t)
			}
		}
		return out
	}
	for _, t := range v.Types {
		m := types[t.Name].(map[string]any)
		if p, ok := m["parent"].(string); ok {
			t.Parent = typeRef(p, "types", t.Name, "parent")
		}
		for _, d := range typeList(m["disjointWith"], "types", t.Name, "disjointWith") {
			t.DisjointWith = append(t.DisjointWith, d)
			d.DisjointWith = append(d.DisjointWith, t)
		}
	}
	for _, t := range v.Types {
		seen := map[*Type]bool{}
		for x := t; x != nil; x = x.Parent {
			if seen[x] {
				fs.Report(doc.At("types", t.Name, "parent"), Rule, "type %q is its own ancestor", t.Name)
				t.Parent = nil
				break
			}
			seen[x] = true
		}
	}
	for _, t := range v.Types {
		if Disjoint(t, t) {
			fs.Report(doc.At("types", t.Name), Rule, "type %q is disjoint with itself or an ancestor", t.Name)
		}
		slices.SortFunc(t.DisjointWith, func(a, b *Type) int { return cmp.Compare(a.Name, b.Name) })
		t.DisjointWith = slices.Compact(t.DisjointWith)
	}

	preds := top["predicates"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(preds)) {
		m := preds[name].(map[string]any)
		at := func(key string) finding.Pos { return doc.At("predicates", name, key) }
		p := &Predicate{
			Name: name, Label: str(m["label"]), Description: str(m["description"]),
			Domain:   typeList(m["domain"], "predicates", name, "domain"),
			Range:    typeList(m["range"], "predicates", name, "range"),
			Datatype: str(m["datatype"]), Cardinality: cmp.Or(str(m["cardinality"]), Many), HoldsAt: str(m["holdsAt"]),
			Inverse: str(m["inverse"]), InverseLabel: str(m["inverseLabel"]),
			Symmetric: m["symmetric"] == true, Asymmetric: m["asymmetric"] == true,
			Irreflexive: m["irreflexive"] == true, Acyclic: m["acyclic"] == true,
			Lifespan: str(m["lifespan"]), IRI: str(m["iri"]), Pos: doc.At("predicates", name),
		}
		if q, ok := m["qualifiers"].([]any); ok {
			p.Share = slices.Contains(q, any("share"))
		}
		if n, ok := m["shareLimit"].(json.Number); ok {
			p.ShareLimit, _ = n.Float64()
		}
		problem := func(key, format string, args ...any) {
			fs.Report(at(key), Rule, format, args...)
		}
		switch {
		case p.Symmetric && p.Asymmetric:
			problem("asymmetric", "predicate %q cannot be both symmetric and asymmetric", name)
		case p.Symmetric && p.Inverse != "":
			problem("inverse", "symmetric predicate %q is its own inverse; remove \"inverse\"", name)
		case p.Symmetric && p.Acyclic:
			problem("acyclic", "symmetric predicate %q cannot be acyclic: every edge forms a cycle with its mirror", name)
		case p.InverseLabel != "" && p.Inverse == "":
			problem("inverseLabel", "\"inverseLabel\" needs \"inverse\"")
		case p.Inverse != "" && p.InverseLabel == "":
			problem("inverse", "inverse %q needs an \"inverseLabel\"", p.Inverse)
		case p.ShareLimit != 0 && !p.Share:
			problem("shareLimit", "\"shareLimit\" needs the share qualifier: add qualifiers: [share]")
		case p.Lifespan != "" && (p.Datatype != Date || p.Cardinality != One):
			problem("lifespan", "a lifespan predicate must have datatype date and cardinality one")
		case !p.EntityValued() && (p.Inverse != "" || p.Symmetric || p.Asymmetric || p.Irreflexive || p.Acyclic || p.Share):
			problem("datatype", "literal-valued predicate %q cannot have inverse, symmetric, asymmetric, irreflexive, acyclic or qualifiers", name)
		}
		v.predicates[name] = p
		v.Predicates = append(v.Predicates, p)
	}
	for _, p := range v.Predicates {
		if p.Inverse == "" {
			continue
		}
		if q := v.predicates[p.Inverse]; q != nil {
			fs.Report(doc.At("predicates", p.Name, "inverse"), Rule,
				"inverse %q of %q is also declared as a predicate; declare each relation once", p.Inverse, p.Name)
			continue
		}
		if q := v.inverses[p.Inverse]; q != nil {
			fs.Report(doc.At("predicates", p.Name, "inverse"), Rule,
				"inverse %q is already the inverse of %q", p.Inverse, q.Name)
			continue
		}
		v.inverses[p.Inverse] = p
	}
	return v, fs
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
