package editor

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/schema"
	"github.com/factgraph/factgraph/internal/strictyaml"
	"github.com/factgraph/factgraph/internal/vocab"
)

var update = flag.Bool("update", false, "write schema/editor.schema.json again")

const schemaDir = "../../schema"

func load(t *testing.T) (*vocab.Vocab, []byte) {
	t.Helper()
	v, fs, err := vocab.Load(schemaDir, "schema")
	if err != nil {
		t.Fatalf("loading the vocabulary: %v %v", err, fs)
	}
	data, err := os.ReadFile(filepath.Join(schemaDir, vocab.FactSchema))
	if err != nil {
		t.Fatal(err)
	}
	return v, data
}

// TestEditorSchemaInSync fails when schema/editor.schema.json differs from
// what the vocabulary and the gate schema give; -update rewrites it.
func TestEditorSchemaInSync(t *testing.T) {
	v, data := load(t)
	want, err := Schema(data, v)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(schemaDir, File)
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; generate it with: go test ./internal/editor -run TestEditorSchemaInSync -update", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("schema/%s is out of date with the vocabulary or fact.schema.json; regenerate it with:\n\tgo test ./internal/editor -run TestEditorSchemaInSync -update", File)
	}
}

// TestEnumsFollowVocabulary checks the generator itself: every type, every
// predicate and every inverse name is offered, and nothing else.
func TestEnumsFollowVocabulary(t *testing.T) {
	v, data := load(t)
	out, err := Schema(data, v)
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Properties struct {
			Type struct {
				Enum             []string `json:"enum"`
				EnumDescriptions []string `json:"enumDescriptions"`
				Pattern          string   `json:"pattern"`
			} `json:"type"`
		} `json:"properties"`
		Definitions struct {
			Statement struct {
				Properties struct {
					Predicate struct {
						Enum             []string `json:"enum"`
						EnumDescriptions []string `json:"enumDescriptions"`
					} `json:"predicate"`
				} `json:"properties"`
			} `json:"statement"`
		} `json:"definitions"`
	}
	if err := json.Unmarshal(out, &s); err != nil {
		t.Fatal(err)
	}
	if got, want := s.Properties.Type.Enum, v.TypeNames(); !slices.Equal(got, want) {
		t.Errorf("type enum = %v, want %v", got, want)
	}
	if s.Properties.Type.Pattern == "" {
		t.Error("the type's pattern was dropped")
	}
	if got, want := s.Definitions.Statement.Properties.Predicate.Enum, v.Names(); !slices.Equal(got, want) {
		t.Errorf("predicate enum = %v, want %v", got, want)
	}
	if len(s.Properties.Type.EnumDescriptions) != len(s.Properties.Type.Enum) ||
		len(s.Definitions.Statement.Properties.Predicate.EnumDescriptions) != len(s.Definitions.Statement.Properties.Predicate.Enum) {
		t.Error("every enum value needs a description")
	}
	for _, name := range []string{"Company", "PaymentPlatform", "Source"} {
		if !slices.Contains(s.Properties.Type.Enum, name) {
			t.Errorf("type %q is not offered", name)
		}
	}
	for _, name := range []string{"ownedBy", "owns", "partnerOf", "founded"} {
		if !slices.Contains(s.Definitions.Statement.Properties.Predicate.Enum, name) {
			t.Errorf("predicate %q is not offered", name)
		}
	}
}

// TestEditorSchemaAcceptsShippedFacts compiles the editor schema under the
// project's strict policy and validates every shipped fact file: the
// editor must not flag what the gate accepts.
func TestEditorSchemaAcceptsShippedFacts(t *testing.T) {
	v, data := load(t)
	out, err := Schema(data, v)
	if err != nil {
		t.Fatal(err)
	}
	sch, err := schema.Compile(File, out)
	if err != nil {
		t.Fatalf("the editor schema does not compile: %v", err)
	}
	files, err := filepath.Glob("../../facts/*/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no shipped facts: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, fs, err := strictyaml.Parse(f, src, fact.DefaultLimits.File)
		if err != nil || len(fs) > 0 {
			t.Fatalf("%s: %v %v", f, err, fs)
		}
		if fs, _ := sch.Validate(doc); len(fs) > 0 {
			t.Errorf("%s: the editor schema rejects a valid file: %v", f, fs)
		}
	}
	// And it rejects an unknown type, which the gate leaves to unknown-type.
	doc, _, _ := strictyaml.Parse("x.yaml", []byte("id: x\ntype: PaymentPlatfrom\nlabel: X\n"), fact.DefaultLimits.File)
	if fs, _ := sch.Validate(doc); len(fs) == 0 {
		t.Error("the editor schema accepts an unknown type")
	}
	if fs, _ := v.Facts.Validate(doc); len(fs) != 0 {
		t.Errorf("the gate schema must leave unknown types to the unknown-type rule, got %v", fs)
	}
}

// TestVSCodeAssociation checks that VS Code applies the editor schema to
// fact files.
func TestVSCodeAssociation(t *testing.T) {
	data, err := os.ReadFile("../../.vscode/settings.json")
	if err != nil {
		t.Fatal(err)
	}
	var settings struct {
		Schemas map[string]any `json:"yaml.schemas"`
	}
	if err := json.Unmarshal(data, &settings); err != nil {
		t.Fatal(err)
	}
	if got := settings.Schemas["./schema/"+File]; got != "facts/**/*.yaml" {
		t.Errorf(`yaml.schemas["./schema/%s"] = %v, want "facts/**/*.yaml"`, File, got)
	}
}
