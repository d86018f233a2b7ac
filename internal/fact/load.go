package fact

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/schema"
	"github.com/factgraph/factgraph/internal/strictyaml"
)

// Rule names reported while loading.
const (
	// RuleInput is reported for files that cannot be fact files:
	// symlinks, devices, .yml files, unreadable files.
	RuleInput = "input"
	// RuleDate is reported for a from, to, at or published date that the
	// calendar does not have.
	RuleDate = "date"
)

// Rules lists every rule the loader reports, with those of strictyaml and
// the schema gate.
var Rules = append([]string{RuleInput, RuleDate, schema.Rule}, strictyaml.Rules...)

// Limits bound the work a set of fact files can cause.
type Limits struct {
	File     strictyaml.Limits
	MaxFiles int
	MaxTotal int64 // bytes over all files
}

// DefaultLimits allow a large curated graph and stop runaway input.
var DefaultLimits = Limits{File: strictyaml.DefaultLimits, MaxFiles: 200_000, MaxTotal: 1 << 30}

// IDPattern is the pattern of entity ids, also enforced by the schema.
var IDPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Load reads every .yaml file under paths (files or directories), checks
// it against the fact schema and decodes it. Findings are returned sorted.
// The error is for problems with the paths themselves (one does not
// exist) and for internal failures.
func Load(paths []string, sch *schema.Schema, lim Limits) (*Set, finding.List, error) {
	var fs finding.List
	var files []input
	var roots []*os.Root
	defer func() {
		for _, r := range roots {
			r.Close()
		}
	}()
	for _, p := range paths {
		found, err := collect(p, &fs, &roots)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, found...)
	}
	slices.SortFunc(files, func(a, b input) int { return strings.Compare(a.name, b.name) })
	files = slices.CompactFunc(files, func(a, b input) bool { return a.name == b.name })
	if len(files) > lim.MaxFiles {
		fs.Report(finding.Pos{File: files[lim.MaxFiles].name}, strictyaml.RuleLimit, finding.Error,
			"more than %d fact files; the rest were not read", lim.MaxFiles)
		files = files[:lim.MaxFiles]
	}
	// Sizes come from the directory, before anything is read, so a huge
	// tree is refused without reading it.
	var total int64
	for i, in := range files {
		if info, err := in.root.Lstat(in.rel); err == nil {
			total += info.Size()
		}
		if total > lim.MaxTotal {
			fs.Report(finding.Pos{File: in.name}, strictyaml.RuleLimit, finding.Error,
				"fact files total more than %d bytes; the rest were not read", lim.MaxTotal)
			files = files[:i]
			break
		}
	}

	results := make([]result, len(files))
	var wg sync.WaitGroup
	var firstErr error
	var mu sync.Mutex
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				results[i] = loadFile(files[i], sch, lim.File)
				if results[i].err != nil {
					mu.Lock()
					firstErr = cmpErr(firstErr, results[i].err)
					mu.Unlock()
				}
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, nil, firstErr
	}

	set := &Set{Broken: map[string]finding.Pos{}, Files: len(files)}
	for i, r := range results {
		fs = append(fs, r.findings...)
		if r.entity != nil {
			set.Entities = append(set.Entities, r.entity)
		}
		if r.broken {
			id := strings.TrimSuffix(path.Base(files[i].name), ".yaml")
			if IDPattern.MatchString(id) {
				if _, dup := set.Broken[id]; !dup {
					set.Broken[id] = finding.Pos{File: files[i].name, Line: 1, Col: 1}
				}
			}
		}
	}
	finding.Sort(fs)
	return set, fs, nil
}

// cmpErr keeps the error of the first file in path order, so the message
// does not depend on scheduling.
func cmpErr(a, b error) error {
	if a == nil || b.Error() < a.Error() {
		return b
	}
	return a
}

type input struct {
	name string   // path shown in findings
	root *os.Root // the root the file is opened through
	rel  string   // path inside root
}

// collect lists the fact files under p. Directories are read through
// os.Root so that nothing outside them can be reached; symlinks and
// special files are reported, never followed.
func collect(p string, fs *finding.List, roots *[]*os.Root) ([]input, error) {
	shown := displayPath(p)
	info, err := os.Lstat(p)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", shown, unwrapPath(err))
	}
	if info.Mode()&os.ModeSymlink != 0 {
		fs.Report(finding.Pos{File: shown}, RuleInput, finding.Error, "symlinks are not followed; commit the file itself")
		return nil, nil
	}
	if !info.IsDir() {
		dir, file := filepath.Split(p)
		if dir == "" {
			dir = "."
		}
		root, err := os.OpenRoot(dir)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", shown, unwrapPath(err))
		}
		*roots = append(*roots, root)
		if in, ok := classify(shown, file, info.Mode(), root, fs); ok {
			return []input{in}, nil
		}
		if !strings.HasSuffix(file, ".yaml") && !strings.HasSuffix(file, ".yml") {
			fs.Report(finding.Pos{File: shown}, RuleInput, finding.Error, "fact files must end in .yaml")
		}
		return nil, nil
	}
	root, err := os.OpenRoot(p)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", shown, unwrapPath(err))
	}
	*roots = append(*roots, root)
	var out []input
	err = iofsWalk(root, func(rel string, mode os.FileMode) {
		if in, ok := classify(joinSlash(shown, rel), rel, mode, root, fs); ok {
			out = append(out, in)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", shown, err)
	}
	return out, nil
}

func iofsWalk(root *os.Root, visit func(rel string, mode os.FileMode)) error {
	return fs.WalkDir(root.FS(), ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir // .git and editor state are not facts
			}
			return nil
		}
		visit(rel, d.Type())
		return nil
	})
}

// classify decides whether a directory entry is a fact file.
func classify(shown, rel string, mode os.FileMode, root *os.Root, fs *finding.List) (input, bool) {
	name := path.Base(filepath.ToSlash(rel))
	isYAML := strings.HasSuffix(name, ".yaml")
	switch {
	case mode&os.ModeSymlink != 0:
		// Inside links would duplicate facts, outside ones leak files;
		// either way the reviewer does not see what is checked.
		fs.Report(finding.Pos{File: shown}, RuleInput, finding.Error, "symlinks are not followed; commit the file itself")
	case strings.HasSuffix(name, ".yml"):
		fs.Report(finding.Pos{File: shown}, RuleInput, finding.Error, "fact files must end in .yaml, not .yml")
	case !isYAML:
	case !mode.IsRegular():
		fs.Report(finding.Pos{File: shown}, RuleInput, finding.Error, "not a regular file")
	default:
		return input{name: shown, root: root, rel: rel}, true
	}
	return input{}, false
}

// displayPath shows p relative to the working directory when it lies
// inside it, so absolute arguments still give machine-independent paths.
func displayPath(p string) string {
	if filepath.IsAbs(p) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, p); err == nil && filepath.IsLocal(rel) {
				p = rel
			}
		}
	}
	return filepath.ToSlash(filepath.Clean(p))
}

func joinSlash(dir, rel string) string {
	if dir == "." {
		return filepath.ToSlash(rel)
	}
	return dir + "/" + filepath.ToSlash(rel)
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

type result struct {
	entity   *Entity
	findings finding.List
	broken   bool
	err      error
}

func loadFile(in input, sch *schema.Schema, lim strictyaml.Limits) result {
	f, err := in.root.Open(in.rel)
	if err != nil {
		return result{findings: finding.List{{Pos: finding.Pos{File: in.name}, Rule: RuleInput, Severity: finding.Error,
			Message: fmt.Sprintf("cannot read: %v", unwrapPath(err))}}, broken: true}
	}
	defer f.Close()
	// Read one byte past the limit so that strictyaml can tell "at the
	// limit" from "over it" without reading a huge file whole.
	data, err := io.ReadAll(io.LimitReader(f, int64(lim.MaxBytes)+1))
	if err != nil {
		return result{findings: finding.List{{Pos: finding.Pos{File: in.name}, Rule: RuleInput, Severity: finding.Error,
			Message: fmt.Sprintf("cannot read: %v", unwrapPath(err))}}, broken: true}
	}
	doc, fs, err := strictyaml.Parse(in.name, data, lim)
	if err != nil {
		return result{err: err}
	}
	if doc == nil {
		return result{findings: fs, broken: true}
	}
	fs, bad := sch.Validate(doc)
	e, dfs, ok := decode(doc, bad)
	fs = append(fs, dfs...)
	return result{entity: e, findings: fs, broken: !ok}
}

// decode builds an Entity from a document that has been validated; bad
// holds the instance paths of schema violations. A violation inside a
// statement drops that statement; one anywhere else leaves the entity out
// (ok is false), keeping only its id for reference checks.
func decode(doc *strictyaml.Doc, bad [][]string) (e *Entity, fs finding.List, ok bool) {
	badStmt := map[int]bool{}
	for _, p := range bad {
		if len(p) >= 2 && p[0] == "statements" {
			if i, err := strconv.Atoi(p[1]); err == nil {
				badStmt[i] = true
				continue
			}
		}
		return nil, nil, false
	}
	top := doc.Value.(map[string]any)
	text := func(v any, path ...string) Text {
		s, isStr := v.(string)
		if n, isNum := v.(json.Number); isNum {
			s = n.String()
		} else if !isStr {
			return Text{}
		}
		return Text{Value: s, Pos: doc.At(path...)}
	}
	e = &Entity{
		File: doc.File, Pos: doc.Pos(doc.Root),
		ID: text(top["id"], "id"), Type: text(top["type"], "type"), Label: text(top["label"], "label"),
		Description: text(top["description"], "description"), URL: text(top["url"], "url"),
		Publisher: text(top["publisher"], "publisher"),
	}
	for i, a := range list(top["aliases"]) {
		e.Aliases = append(e.Aliases, text(a, "aliases", strconv.Itoa(i)))
	}
	parseDate := func(v any, path ...string) (Date, bool) {
		t := text(v, path...)
		if t.Value == "" {
			return Date{}, true
		}
		d, err := date.Parse(t.Value)
		if err != nil {
			fs.Report(t.Pos, RuleDate, finding.Error, "%v", err)
			return Date{}, false
		}
		return Date{Date: d, Pos: t.Pos}, true
	}
	e.Published, _ = parseDate(top["published"], "published")
	e.Acks = acks(doc, top["acknowledge"], "acknowledge")

	for i, item := range list(top["statements"]) {
		if badStmt[i] {
			continue
		}
		idx := strconv.Itoa(i)
		m := item.(map[string]any)
		at := func(key string) []string { return []string{"statements", idx, key} }
		s := &Statement{
			Subject: e, Index: i, Pos: doc.At("statements", idx),
			Predicate: text(m["predicate"], at("predicate")...),
			Object:    text(m["object"], at("object")...),
			Reason:    text(m["reason"], at("reason")...),
			Note:      text(m["note"], at("note")...),
			Acks:      acks(doc, m["acknowledge"], at("acknowledge")...),
		}
		if v, has := m["value"]; has {
			_, isNum := v.(json.Number)
			s.Value = &Literal{Text: text(v, at("value")...), Number: isNum}
		}
		valid := true
		for _, d := range []struct {
			key string
			dst *Date
		}{{"from", &s.From}, {"to", &s.To}, {"at", &s.At}} {
			var ok bool
			if *d.dst, ok = parseDate(m[d.key], at(d.key)...); !ok {
				valid = false
			}
		}
		if n, has := m["share"].(json.Number); has {
			pct, _ := n.Float64()
			s.Share = &Share{Text: text(n, at("share")...), Percent: pct}
		}
		if r, has := m["rank"].(string); has {
			s.RankPos = doc.At(at("rank")...)
			s.Rank = map[string]Rank{"preferred": Preferred, "deprecated": Deprecated}[r]
		}
		for j, src := range list(m["sources"]) {
			s.Sources = append(s.Sources, text(src, "statements", idx, "sources", strconv.Itoa(j)))
		}
		if valid {
			e.Statements = append(e.Statements, s)
		}
	}
	return e, fs, true
}

func acks(doc *strictyaml.Doc, v any, path ...string) []Ack {
	var out []Ack
	for i, item := range list(v) {
		m := item.(map[string]any)
		p := append(slices.Clone(path), strconv.Itoa(i))
		out = append(out, Ack{
			Rule:   Text{Value: m["rule"].(string), Pos: doc.At(append(p, "rule")...)},
			Reason: Text{Value: m["reason"].(string), Pos: doc.At(append(p, "reason")...)},
			Pos:    doc.At(p...),
		})
	}
	return out
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}
