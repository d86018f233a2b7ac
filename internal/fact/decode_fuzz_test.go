package fact_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/schema"
	"github.com/factgraph/factgraph/internal/strictyaml"
	"github.com/factgraph/factgraph/internal/vocab"
)

// FuzzDecode reads one fuzzed fact file with fact.Read, twice: under the
// repository's schema, and under a schema that lets any shape through
// (the schema is data a pull request can change, so the decoder must cope
// with whatever it admits). For each it asserts:
//
//   - no panic, and no error (an error is a panic inside yaml.v3);
//   - every finding is in the file at a position inside it: 1 <= line <=
//     the file's number of lines, 1 <= col <= the line's length in
//     characters + 1, except yaml-syntax, whose col may be 0 (yaml.v3 gives
//     only the line);
//   - no entity comes with no error finding to say why;
//   - every location the entity holds (its keys, statements, items) is
//     inside the file, or zero for what is absent;
//   - reading the same bytes again gives the same entity and findings.
func FuzzDecode(f *testing.F) {
	v, _, err := vocab.Load(filepath.Join("..", "..", "schema"), "schema")
	if err != nil {
		f.Fatal(err)
	}
	anything, err := schema.Compile("any.json", []byte(`{"$schema": "http://json-schema.org/draft-07/schema#"}`))
	if err != nil {
		f.Fatal(err)
	}
	err = filepath.WalkDir(filepath.Join("..", "..", "facts"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		data, err := os.ReadFile(p)
		f.Add(data)
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"id: a\ntype: Company\nlabel: A\nstatements: x\n",
		"id: a\nstatements:\n  - [1, 2]\n  - predicate: {a: b}\n    object: [x]\n    share: lots\n    from: 2021-02-30\n    to: [2020]\n    rank: 5\n",
		"id: a\naliases: [[x], {y: z}, 1, true, null]\nacknowledge: [x, {rule: [r]}]\npublished: 10000\n",
		"- a\n", "just text\n", "id: \"A B\"\n", "id: 1\n", "{}\n", "statements: [{}, {}, {predicate: ~}]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, sch := range []struct {
			name string
			s    *schema.Schema
		}{{"the repository's schema", v.Facts}, {"any schema", anything}} {
			e, fs, err := fact.Read("facts/f.yaml", data, sch.s, strictyaml.DefaultLimits)
			if err != nil {
				t.Fatalf("%s: %v", sch.name, err)
			}
			lines := fileLines(data)
			for _, fd := range fs {
				minCol := 1
				if fd.Rule == strictyaml.Syntax.Name {
					minCol = 0
				}
				if fd.File != "facts/f.yaml" || !inside(lines, int(fd.Line), int(fd.Col), minCol) {
					t.Fatalf("%s: finding outside the file (%d lines): %s (%s)", sch.name, len(lines), fd, fd.Rule)
				}
			}
			if e == nil && finding.Count(fs).Error == 0 {
				t.Fatalf("%s: no entity and no error finding: %v", sch.name, fs)
			}
			if e != nil {
				walkLocs(reflect.ValueOf(e).Elem(), func(l fact.Loc) {
					if l != (fact.Loc{}) && !inside(lines, int(l.Line), int(l.Col), 1) {
						t.Fatalf("%s: the entity holds the location %d:%d, outside the file (%d lines)", sch.name, l.Line, l.Col, len(lines))
					}
				})
			}
			e2, fs2, _ := fact.Read("facts/f.yaml", data, sch.s, strictyaml.DefaultLimits)
			if !reflect.DeepEqual(fs, fs2) || (e == nil) != (e2 == nil) {
				t.Fatalf("%s: a second read differs:\n%v\n%v", sch.name, fs, fs2)
			}
		}
	})
}

// fileLines splits a file as positions count its lines: after a byte
// order mark, on LF, with a CR before it not part of the line.
func fileLines(data []byte) []string {
	s := strings.TrimPrefix(string(data), "\ufeff")
	ls := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	for i, l := range ls {
		ls[i] = strings.TrimSuffix(l, "\r")
	}
	return ls
}

func inside(lines []string, line, col, minCol int) bool {
	return line >= 1 && line <= len(lines) && col >= minCol && col <= utf8.RuneCountInString(lines[line-1])+1
}

// walkLocs calls fn with every fact.Loc reachable from v, not following
// a statement's pointer back to its subject.
func walkLocs(v reflect.Value, fn func(fact.Loc)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkLocs(v.Elem(), fn)
		}
	case reflect.Struct:
		if l, ok := v.Interface().(fact.Loc); ok {
			fn(l)
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).Name == "Subject" || !v.Type().Field(i).IsExported() {
				continue
			}
			walkLocs(v.Field(i), fn)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkLocs(v.Index(i), fn)
		}
	}
}
