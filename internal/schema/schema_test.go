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

func TestNearest(t *testing.T) {
	cands := []string{"label", "sources", "predicate", "type"}
	tests := map[string]string{"lable": "label", "soruces": "sources", "predicte": "predicate", "typ": "type", "xyz": "", "labels": "label"}
	for in, want := range tests {
		if got := Nearest(in, cands); got != want {
			t.Errorf("Nearest(%q) = %q, want %q", in, got, want)
		}
	}
}
