// Package schema is the JSON Schema gate. It compiles draft-07 schemas with
// gojsonschema under a strict policy (no remote or file references, so
// compiling a schema never touches the network or the disk) and maps every
// violation back to the YAML node it concerns.
package schema

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/xeipuuv/gojsonreference"
	"github.com/xeipuuv/gojsonschema"
	"gopkg.in/yaml.v3"

	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/strictyaml"
	"github.com/factgraph/factgraph/internal/suggest"
)

// Draft07 is the only meta-schema accepted in "$schema": the newest draft
// gojsonschema implements, and one it serves from memory.
const Draft07 = "http://json-schema.org/draft-07/schema#"

// Schema is a compiled JSON Schema.
type Schema struct {
	name     string
	compiled *gojsonschema.Schema
	// Raw is the decoded schema document, for tools that read it (the
	// editor integration lists its properties).
	Raw map[string]any
}

// Compile compiles a schema document. name is used in error messages.
func Compile(name string, data []byte) (*Schema, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("%s: invalid JSON: %w", name, err)
	}
	if err := checkRefs(raw, "#"); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := checkShape(raw); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: a schema must be a JSON object", name)
	}
	loader := gojsonschema.NewSchemaLoader()
	loader.Draft = gojsonschema.Draft7
	loader.AutoDetect = false
	loader.Validate = true // check the schema against the draft-07 meta-schema
	compiled, err := loader.Compile(gojsonschema.NewGoLoader(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &Schema{name: name, compiled: compiled, Raw: obj}, nil
}

// checkRefs walks a schema and refuses anything that could make
// gojsonschema load another document: a "$ref" that is not a local
// fragment ("#/definitions/x"), any "$id" (relative refs resolve against
// it), and any "$schema" other than draft-07. gojsonschema fetches remote
// refs with http.Get and no timeout, and reads file: URLs from disk.
func checkRefs(v any, ptr string) error {
	switch v := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			child := v[k]
			at := ptr + "/" + k
			switch k {
			case "$ref":
				s, ok := child.(string)
				if !ok || !strings.HasPrefix(s, "#") {
					return fmt.Errorf("%s: only local references (\"#/...\") are allowed, got %v", at, child)
				}
			case "$id", "id":
				if _, isString := child.(string); isString {
					return fmt.Errorf("%s: \"%s\" is not allowed: it changes how references resolve", at, k)
				}
			case "$schema":
				if child != Draft07 {
					return fmt.Errorf("%s: only %q is supported", at, Draft07)
				}
			}
			if err := checkRefs(child, at); err != nil {
				return err
			}
		}
	case []any:
		for i, child := range v {
			if err := checkRefs(child, ptr+"/"+strconv.Itoa(i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// MaxSchemaDepth bounds the nesting of a schema document. gojsonschema
// compiles and validates by recursion, so depth is stack.
const MaxSchemaDepth = 64

// checkShape refuses schemas that gojsonschema cannot handle: nesting
// deeper than MaxSchemaDepth, and a reference cycle that does not go
// through a child of the instance ("a": {"$ref": "#/definitions/a"}, or
// one through allOf, anyOf, oneOf, not, if/then/else or a dependency
// schema), on which gojsonschema recurses until the stack overflows,
// which no recover() can catch. A cycle through properties or items is an
// ordinary recursive schema: it stops where the instance stops, and the
// strict reader bounds the instance's depth.
func checkShape(raw any) error {
	if d := depth(raw); d > MaxSchemaDepth {
		return fmt.Errorf("the schema nests deeper than %d levels", MaxSchemaDepth)
	}
	const (
		unvisited = iota
		onPath
		done
	)
	state := map[string]int{}
	var visit func(ptr string, v any) error
	visit = func(ptr string, v any) error {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		switch state[ptr] {
		case onPath:
			return fmt.Errorf("%s: the schema refers to itself without descending into the document (a $ref cycle), which the validator cannot evaluate", ptr)
		case done:
			return nil
		}
		state[ptr] = onPath
		next := map[string]any{}
		if ref, ok := m["$ref"].(string); ok {
			next[ref] = pointer(raw, ref)
		}
		for _, k := range []string{"not", "if", "then", "else"} {
			next[ptr+"/"+k] = m[k]
		}
		for _, k := range []string{"allOf", "anyOf", "oneOf"} {
			items, _ := m[k].([]any)
			for i, item := range items {
				next[ptr+"/"+k+"/"+strconv.Itoa(i)] = item
			}
		}
		if deps, ok := m["dependencies"].(map[string]any); ok {
			for k, d := range deps {
				next[ptr+"/dependencies/"+k] = d
			}
		}
		for _, p := range slices.Sorted(maps.Keys(next)) {
			if err := visit(p, next[p]); err != nil {
				return err
			}
		}
		state[ptr] = done
		return nil
	}
	// Every subschema is a possible starting point: properties and items
	// reach them with a fresh instance.
	var all func(ptr string, v any) error
	all = func(ptr string, v any) error {
		switch v := v.(type) {
		case map[string]any:
			if err := visit(ptr, v); err != nil {
				return err
			}
			for _, k := range slices.Sorted(maps.Keys(v)) {
				if err := all(ptr+"/"+k, v[k]); err != nil {
					return err
				}
			}
		case []any:
			for i, item := range v {
				if err := all(ptr+"/"+strconv.Itoa(i), item); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return all("#", raw)
}

// depth is the nesting depth of a JSON value.
func depth(v any) int {
	d := 0
	switch v := v.(type) {
	case map[string]any:
		for _, c := range v {
			d = max(d, depth(c))
		}
	case []any:
		for _, c := range v {
			d = max(d, depth(c))
		}
	default:
		return 0
	}
	return d + 1
}

// pointer resolves a local JSON pointer ("#/definitions/x") in raw, or
// returns nil.
func pointer(raw any, ref string) any {
	cur := raw
	for _, seg := range strings.Split(strings.TrimPrefix(ref, "#"), "/")[1:] {
		seg = strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")
		switch c := cur.(type) {
		case map[string]any:
			cur = c[seg]
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}

// Paths is the set of instance paths where a document violates the
// schema, so that a decoder can leave out just the invalid parts.
type Paths struct {
	at, within map[string]bool
}

func pathKey(path []string) string { return strings.Join(path, "\x00") }

func (p *Paths) add(path []string) {
	if p.at == nil {
		p.at, p.within = map[string]bool{}, map[string]bool{}
	}
	p.at[pathKey(path)] = true
	for i := range len(path) + 1 {
		p.within[pathKey(path[:i])] = true
	}
}

// At reports a violation exactly at path.
func (p Paths) At(path ...string) bool { return p.at[pathKey(path)] }

// Within reports a violation at path or anywhere below it.
func (p Paths) Within(path ...string) bool { return p.within[pathKey(path)] }

// Validate checks doc against the schema and reports each violation at the
// YAML node it concerns: the offending value, the unexpected key, or the
// mapping that lacks a required key. It also returns the instance paths of
// the violations, so callers can drop just the invalid part.
//
// A misspelt key is one finding, not two: when an unknown key's nearest
// declared name is a required key the mapping lacks ("lable" for
// "label"), only the unknown key is reported, with its did-you-mean.
func (s *Schema) Validate(doc *strictyaml.Doc) (fs finding.List, bad Paths) {
	res, err := s.compiled.Validate(valueLoader{doc.Value})
	if err != nil {
		// Only a value the walker could not produce gets here.
		fs.Report(doc.Pos(doc.Root), Rule, "cannot validate: %v", err)
		bad.add(nil)
		return fs, bad
	}
	errs := res.Errors()
	// A oneOf reports the errors of each failed alternative as well; the
	// oneOf message says it all.
	oneOfAt := map[string]bool{}
	// Required keys that an unknown key in the same mapping is a typo of.
	typoOf := map[string]bool{}
	for _, e := range errs {
		switch e.Type() {
		case "number_one_of", "number_any_of":
			oneOfAt[pathKey(contextPath(e.Context()))] = true
		case "additional_property_not_allowed":
			path := contextPath(e.Context())
			if near := suggest.Nearest(fmt.Sprint(e.Details()["property"]), s.propertyNames(path)); near != "" {
				typoOf[pathKey(append(path, near))] = true
			}
		}
	}
	for _, e := range errs {
		path := contextPath(e.Context())
		if e.Type() == "required" && typoOf[pathKey(append(path, fmt.Sprint(e.Details()["property"])))] {
			bad.add(path)
			continue
		}
		node, msg := s.locate(doc.Root, path, e, oneOfAt)
		if msg == "" {
			continue
		}
		fs.Report(doc.Pos(node), Rule, "%s", msg)
		bad.add(path)
	}
	return fs, bad
}

// contextPath splits gojsonschema's context ("(root).a.0.b") into
// segments. A NUL delimiter keeps keys containing dots intact.
func contextPath(c *gojsonschema.JsonContext) []string {
	if c == nil {
		return nil
	}
	parts := strings.Split(c.String("\x00"), "\x00")
	return parts[1:] // drop "(root)"
}

// locate picks the node a violation should point at and phrases the
// message. It returns an empty message for errors that only restate others
// (the "then" wrapper of if/then, the per-alternative errors of a oneOf).
func (s *Schema) locate(root *yaml.Node, path []string, e gojsonschema.ResultError, oneOfAt map[string]bool) (*yaml.Node, string) {
	node := strictyaml.Lookup(root, path)
	at := node
	if node.Kind == yaml.MappingNode && len(path) > 0 {
		// A mapping's own position is its first key; a problem with the
		// whole mapping reads better at the key that holds it.
		if k := strictyaml.KeyNode(strictyaml.Lookup(root, path[:len(path)-1]), path[len(path)-1]); k != nil {
			at = k
		}
	}
	d := e.Details()
	sub := s.subschema(path)
	// Name the value after its key; list items after the schema's title
	// ("statement"), where there is one.
	title, _ := sub["title"].(string)
	field := "the file"
	if len(path) > 0 {
		field = strconv.Quote(path[len(path)-1])
		if _, err := strconv.Atoi(path[len(path)-1]); err == nil {
			field = cmp.Or(title, "this item")
		}
	}
	switch e.Type() {
	case "required":
		if oneOfAt[pathKey(path)] {
			return at, ""
		}
		return at, fmt.Sprintf("missing required key %q", d["property"])
	case "additional_property_not_allowed":
		key := fmt.Sprint(d["property"])
		if k := strictyaml.KeyNode(node, key); k != nil {
			node = k
		}
		return node, fmt.Sprintf("unknown key %q%s", key, suggest.DidYouMean(key, s.propertyNames(path)))
	case "invalid_type":
		return node, fmt.Sprintf("%s must be %s, not %s", field, typeName(fmt.Sprint(d["expected"])), describeValue(e.Value()))
	case "enum":
		return node, fmt.Sprintf("%s must be one of %s, not %s", field, d["allowed"], describeValue(e.Value()))
	case "const":
		return node, fmt.Sprintf("%s must be %s", field, d["allowed"])
	case "pattern":
		if desc, ok := sub["description"].(string); ok && title != "" {
			if field == title { // a list item: the title already names it
				return node, fmt.Sprintf("%s is not a valid %s (%s)", describeValue(e.Value()), title, desc)
			}
			return node, fmt.Sprintf("%s: %s is not a valid %s (%s)", field, describeValue(e.Value()), title, desc)
		}
		return node, fmt.Sprintf("%s %s does not match %s", field, describeValue(e.Value()), d["pattern"])
	case "format":
		return node, fmt.Sprintf("%s %s is not a valid %s", field, describeValue(e.Value()), d["format"])
	case "string_gte":
		if fmt.Sprint(d["min"]) == "1" {
			return node, fmt.Sprintf("%s must not be empty", field)
		}
		return node, fmt.Sprintf("%s must be at least %v characters long", field, d["min"])
	case "string_lte":
		return node, fmt.Sprintf("%s must be at most %v characters long", field, d["max"])
	case "number_gte":
		return node, fmt.Sprintf("%s must be at least %v, not %v", field, d["min"], e.Value())
	case "number_gt":
		return node, fmt.Sprintf("%s must be more than %v, not %v", field, d["min"], e.Value())
	case "number_lte":
		return node, fmt.Sprintf("%s must be at most %v, not %v", field, d["max"], e.Value())
	case "number_lt":
		return node, fmt.Sprintf("%s must be less than %v, not %v", field, d["max"], e.Value())
	case "multiple_of":
		return node, fmt.Sprintf("%s must be a multiple of %v", field, d["multiple"])
	case "array_min_items":
		if fmt.Sprint(d["min"]) == "1" {
			return node, fmt.Sprintf("%s must not be empty", field)
		}
		return node, fmt.Sprintf("%s must have at least %v items", field, d["min"])
	case "array_max_items":
		return node, fmt.Sprintf("%s must have at most %v items", field, d["max"])
	case "unique":
		if n := strictyaml.Child(node, fmt.Sprint(d["j"])); n != nil {
			node = n
		}
		return node, fmt.Sprintf("%s repeats an item", field)
	case "array_min_properties":
		return at, fmt.Sprintf("%s must have at least %v keys", field, d["min"])
	case "array_max_properties":
		return at, fmt.Sprintf("%s must have at most %v keys", field, d["max"])
	case "invalid_property_name":
		key := fmt.Sprint(d["property"])
		if k := strictyaml.KeyNode(node, key); k != nil {
			node = k
		}
		return node, fmt.Sprintf("key %q is not an allowed name", key)
	case "false":
		if len(path) == 0 {
			return node, "this document is not allowed"
		}
		parentPath, key := path[:len(path)-1], path[len(path)-1]
		parent := strictyaml.Lookup(root, parentPath)
		if k := strictyaml.KeyNode(parent, key); k != nil {
			node = k
		}
		if other := s.excludedBy(parentPath, parent, key); other != "" {
			return node, fmt.Sprintf("key %q cannot be used together with %q", key, other)
		}
		return node, fmt.Sprintf("key %q is not allowed here", key)
	case "number_one_of":
		if keys := s.exclusiveKeys(path); keys != nil {
			return at, fmt.Sprintf("%s needs exactly one of %s", field, quoteList(keys, "or"))
		}
		return at, fmt.Sprintf("%s must match exactly one of the forms the schema allows", field)
	case "number_any_of":
		// "Exactly one" when a dependency excludes the others, as in
		// fact.schema.json: anyOf, unlike oneOf, stops at the first
		// alternative that holds, so most statements never build the
		// errors of a failed one.
		if keys := s.exclusiveKeys(path); keys != nil {
			return at, fmt.Sprintf("%s needs exactly one of %s", field, quoteList(keys, "or"))
		}
		return at, fmt.Sprintf("%s does not match the forms the schema allows", field)
	case "number_all_of", "number_not":
		return at, fmt.Sprintf("%s does not match the forms the schema allows", field)
	case "missing_dependency":
		return at, fmt.Sprintf("%s requires key %q", field, d["dependency"])
	case "condition_then", "condition_else":
		return node, ""
	}
	return node, strings.ToLower(e.Description())
}

// subschema finds the schema that applies to the instance at path,
// following properties, items, additionalProperties and local $refs. It
// returns nil where the schema branches (oneOf and friends).
func (s *Schema) subschema(path []string) map[string]any {
	cur := s.resolve(s.Raw)
	for _, seg := range path {
		if cur == nil {
			return nil
		}
		var next any
		if props, ok := cur["properties"].(map[string]any); ok && props[seg] != nil {
			next = props[seg]
		} else if items, ok := cur["items"].(map[string]any); ok {
			next = items
		} else if ap, ok := cur["additionalProperties"].(map[string]any); ok {
			next = ap
		}
		m, _ := next.(map[string]any)
		cur = s.resolve(m)
	}
	return cur
}

// resolve follows a local "$ref" ("#/definitions/x").
func (s *Schema) resolve(m map[string]any) map[string]any {
	for range 32 { // a reference cycle must not loop forever
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		var cur any = s.Raw
		for _, seg := range strings.Split(strings.TrimPrefix(ref, "#"), "/")[1:] {
			obj, _ := cur.(map[string]any)
			cur = obj[strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")]
		}
		m, _ = cur.(map[string]any)
	}
	return nil
}

// propertyNames lists the keys the schema declares at path.
func (s *Schema) propertyNames(path []string) []string {
	props, _ := s.subschema(path)["properties"].(map[string]any)
	return slices.Sorted(maps.Keys(props))
}

// exclusiveKeys recognises the "one of these keys" idiom,
// oneOf (or anyOf): [{required: [a]}, {required: [b]}], and returns a
// and b.
func (s *Schema) exclusiveKeys(path []string) []string {
	sub := s.subschema(path)
	alts, _ := sub["oneOf"].([]any)
	if alts == nil {
		alts, _ = sub["anyOf"].([]any)
	}
	var keys []string
	for _, alt := range alts {
		m, _ := alt.(map[string]any)
		req, _ := m["required"].([]any)
		if len(m) != 1 || len(req) != 1 {
			return nil
		}
		keys = append(keys, fmt.Sprint(req[0]))
	}
	return keys
}

// excludedBy recognises the "key a excludes key b" idiom,
// dependencies: {a: {properties: {b: false}}}, and returns the key present
// in the mapping that excludes key.
func (s *Schema) excludedBy(path []string, mapping *yaml.Node, key string) string {
	deps, _ := s.subschema(path)["dependencies"].(map[string]any)
	for _, other := range slices.Sorted(maps.Keys(deps)) {
		dep, _ := deps[other].(map[string]any)
		props, _ := dep["properties"].(map[string]any)
		if props[key] == false && strictyaml.KeyNode(mapping, other) != nil {
			return other
		}
	}
	return ""
}

func quoteList(items []string, conj string) string {
	q := make([]string, len(items))
	for i, it := range items {
		q[i] = strconv.Quote(it)
	}
	return finding.Join(q, conj)
}

// typeName phrases JSON Schema type names in YAML terms: gojsonschema
// gives one name ("string") or a list ("[string,integer]").
func typeName(types string) string {
	var names []string
	for _, t := range strings.Split(strings.Trim(types, "[]"), ",") {
		switch t {
		case "object":
			names = append(names, "a mapping")
		case "array":
			names = append(names, "a list")
		case "integer":
			names = append(names, "an integer")
		default:
			names = append(names, "a "+t)
		}
	}
	return finding.Join(names, "or")
}

func describeValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(v)
	case json.Number:
		return "the number " + v.String()
	case bool:
		return strconv.FormatBool(v)
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return fmt.Sprint(v)
}

// valueLoader hands an already-decoded value to gojsonschema, skipping the
// JSON round trip of NewGoLoader (which would also replace invalid UTF-8
// silently; strictyaml has already rejected it).
type valueLoader struct{ v any }

func (l valueLoader) JsonSource() any        { return l.v }
func (l valueLoader) LoadJSON() (any, error) { return l.v, nil }
func (l valueLoader) LoaderFactory() gojsonschema.JSONLoaderFactory {
	return &gojsonschema.DefaultJSONLoaderFactory{}
}
func (l valueLoader) JsonReference() (gojsonreference.JsonReference, error) {
	return gojsonreference.NewJsonReference("#")
}
