package schema

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestNoRemoteReferences proves the gate never fetches: a schema that
// refers to a server (even from an unused definition), to a file, or that
// sets $id is refused, and the server sees no request.
func TestNoRemoteReferences(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(`{"type":"string"}`))
	}))
	defer srv.Close()
	tests := []struct {
		name, schema, want string
	}{
		{"remote ref", `{"properties": {"a": {"$ref": "` + srv.URL + `/a.json"}}}`, "only local references"},
		{"remote ref in an unused definition", `{"definitions": {"x": {"$ref": "` + srv.URL + `/x.json"}}}`, "only local references"},
		{"file ref", `{"$ref": "file:///etc/passwd"}`, "only local references"},
		{"relative ref", `{"$ref": "other.json#/a"}`, "only local references"},
		{"$id", `{"$id": "` + srv.URL + `/base/", "properties": {"a": {"$ref": "#/definitions/a"}}, "definitions": {"a": {}}}`, `"$id" is not allowed`},
		{"old draft", `{"$schema": "http://json-schema.org/draft-04/schema#"}`, "only"},
		{"not an object", `[]`, "must be a JSON object"},
		{"invalid JSON", `{`, "invalid JSON"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compile("s.json", []byte(tc.schema))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Compile error = %v, want one containing %q", err, tc.want)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the schema loader made %d HTTP requests", n)
	}
}

func TestLocalReferences(t *testing.T) {
	s, err := Compile("s.json", []byte(`{"$schema": "http://json-schema.org/draft-07/schema#",
		"properties": {"a": {"$ref": "#/definitions/a"}}, "definitions": {"a": {"type": "string"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.propertyNames(nil); len(got) != 1 || got[0] != "a" {
		t.Errorf("propertyNames = %v", got)
	}
}

// TestShapesTheValidatorCannotHandle: a reference cycle that does not
// descend into the document recurses in gojsonschema until the stack
// overflows, which no recover() catches; such schemas are refused before
// gojsonschema sees them. Recursion through properties is legal.
func TestShapesTheValidatorCannotHandle(t *testing.T) {
	const head = `{"$schema": "http://json-schema.org/draft-07/schema#", `
	for _, tc := range []struct {
		name, schema string
		ok           bool
	}{
		{"self reference", head + `"definitions": {"a": {"$ref": "#/definitions/a"}}, "properties": {"x": {"$ref": "#/definitions/a"}}}`, false},
		{"root refers to itself", head + `"$ref": "#"}`, false},
		{"cycle through allOf", head + `"definitions": {"a": {"allOf": [{"$ref": "#/definitions/b"}]}, "b": {"anyOf": [{"$ref": "#/definitions/a"}]}}}`, false},
		{"cycle through not", head + `"definitions": {"a": {"not": {"$ref": "#/definitions/a"}}}}`, false},
		{"cycle through a dependency", head + `"definitions": {"a": {"dependencies": {"k": {"$ref": "#/definitions/a"}}}}}`, false},
		{"cycle through if/then", head + `"definitions": {"a": {"if": {"type": "object"}, "then": {"$ref": "#/definitions/a"}}}}`, false},
		{"recursion through properties", head + `"definitions": {"a": {"type": "object", "properties": {"child": {"$ref": "#/definitions/a"}}}}, "$ref": "#/definitions/a"}`, true},
		{"recursion through items", head + `"definitions": {"a": {"type": "array", "items": {"$ref": "#/definitions/a"}}}, "$ref": "#/definitions/a"}`, true},
		{"too deep", head + `"properties": {"a": ` + strings.Repeat(`{"properties": {"a": `, 70) + `{}` + strings.Repeat(`}}`, 70) + `}}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compile("s.json", []byte(tc.schema))
			if (err == nil) != tc.ok {
				t.Errorf("Compile error = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}
