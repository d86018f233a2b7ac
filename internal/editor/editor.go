// Package editor generates the JSON Schema that editors using
// yaml-language-server (VS Code's YAML extension, Neovim, Helix, Zed,
// JetBrains' YAML support) apply to fact files as you type.
//
// The editor schema is the gate's schema (schema/fact.schema.json) with
// the vocabulary's names added: an entity's type and a statement's
// predicate become enums of the declared types and of the predicates and
// their inverse names, each with its label as documentation. The editor
// therefore completes them and flags an unknown name at once. The gate
// schema itself stays free of the vocabulary, so that factgraph check
// reports unknown names through its own rules (unknown-type,
// unknown-predicate) with a did-you-mean, instead of a schema error.
//
// The generated file is committed as schema/editor.schema.json; a test
// fails when it drifts from the vocabulary or the gate schema, and
//
//	go test ./internal/editor -run TestEditorSchemaInSync -update
//
// writes it again.
package editor

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/factgraph/factgraph/internal/vocab"
)

// File is the editor schema's name inside the schema directory.
const File = "editor.schema.json"

// Schema returns the editor schema for the gate schema factSchema and the
// vocabulary v, as indented JSON with a final newline. The same inputs
// always give the same bytes.
func Schema(factSchema []byte, v *vocab.Vocab) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(factSchema))
	dec.UseNumber()
	var s map[string]any
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%s: %w", vocab.FactSchema, err)
	}
	s["$comment"] = "Generated from fact.schema.json and vocabulary.yaml for editors; do not edit. " +
		"Regenerate with: go test ./internal/editor -run TestEditorSchemaInSync -update"
	s["title"] = fmt.Sprint(s["title"]) + " (editor)"

	props, ok := s["properties"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: no properties", vocab.FactSchema)
	}
	typ, ok := props["type"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: no property \"type\"", vocab.FactSchema)
	}
	var typeNames, typeDocs []string
	for _, t := range v.Types {
		typeNames = append(typeNames, t.Name)
		typeDocs = append(typeDocs, describe(t.Label, t.Description, parentOf(t)))
	}
	setEnum(typ, typeNames, typeDocs)

	stmt, ok := lookup(s, "definitions", "statement", "properties", "predicate")
	if !ok {
		return nil, fmt.Errorf("%s: no definitions.statement.properties.predicate", vocab.FactSchema)
	}
	type name struct{ name, doc string }
	var names []name
	for _, p := range v.Predicates {
		names = append(names, name{p.Name, describe(p.Label, p.Description, "")})
		if p.Inverse != "" {
			label := p.InverseLabel
			if label == "" {
				label = p.Inverse
			}
			names = append(names, name{p.Inverse, describe(label, "the inverse of "+p.Name+": the statement is read from the object's side", "")})
		}
	}
	slices.SortFunc(names, func(a, b name) int { return strings.Compare(a.name, b.name) })
	var predNames, predDocs []string
	for _, n := range names {
		predNames = append(predNames, n.name)
		predDocs = append(predDocs, n.doc)
	}
	setEnum(stmt, predNames, predDocs)

	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// setEnum restricts a string property to names. The pattern stays, so the
// editor schema never accepts what the gate rejects.
func setEnum(prop map[string]any, names, docs []string) {
	enum := make([]any, len(names))
	descs := make([]any, len(docs))
	for i := range names {
		enum[i], descs[i] = names[i], docs[i]
	}
	prop["enum"] = enum
	// Shown next to each value in completion lists (yaml-language-server
	// and VS Code read both spellings).
	prop["enumDescriptions"] = descs
	prop["markdownEnumDescriptions"] = descs
}

func describe(label, description, parent string) string {
	out := label
	if parent != "" {
		out += " (a kind of " + parent + ")"
	}
	if description != "" {
		out += ": " + description
	}
	return strings.TrimSpace(out)
}

func parentOf(t *vocab.Type) string {
	if t.Parent == nil {
		return ""
	}
	return t.Parent.Name
}

func lookup(v any, path ...string) (map[string]any, bool) {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		v = m[p]
	}
	m, ok := v.(map[string]any)
	return m, ok
}
