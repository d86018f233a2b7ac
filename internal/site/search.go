package site

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/factgraph/factgraph/internal/export"
	"github.com/factgraph/factgraph/internal/graph"
)

// The search index is a list of postings (a folded name, the entity it
// names), sorted, and cut into shards of at most MaxShardBytes. A small
// manifest (search/index.js) lists each shard's first key; the page's
// script loads the manifest, and then, as the reader types, only the
// shards whose range can hold names starting with what was typed, one
// <script src> at a time (a script tag works from file://, where fetch
// does not). Names are indexed whole and from each later word ("ant
// group" and "group"), so a word inside a name finds it too.
//
// Keys are compared as the script compares strings, by UTF-16 code
// units, so that both sides agree on the order the shards cut.

// Bounds of the index.
const (
	// MaxShardBytes bounds one shard file (one request as the reader
	// types), whatever the size of the graph.
	MaxShardBytes = 24 << 10
	// maxKeyRunes and maxNameRunes bound one posting: a key longer than
	// this is indexed by its start, a name shown by its start.
	maxKeyRunes  = 64
	maxNameRunes = 120
)

// posting is one entry of the index: Key names the entity ID, whose
// label is Label and type Type (an index into the manifest's types);
// Via is the alias the key came from, or "".
type posting struct {
	Key, ID, Label string
	Type           int
	Via            string
}

func (p posting) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{p.Key, p.ID, p.Label, p.Type, p.Via})
}

// searchIndex builds the manifest and the shards of g's search index.
func searchIndex(g *graph.Graph, types []typeCount) []export.File {
	typeIndex := map[string]int{}
	manifestTypes := make([][2]string, len(types))
	for i, t := range types {
		typeIndex[t.Name] = i
		manifestTypes[i] = [2]string{t.Name, t.Label}
	}
	var all []posting
	for _, e := range g.Entities {
		label := clip(e.Label.Value, maxNameRunes)
		ti := typeIndex[e.Type.Name]
		seen := map[string]bool{}
		add := func(name, via string) {
			for _, k := range wordKeys(graph.Fold(name)) {
				if !seen[k] {
					seen[k] = true
					all = append(all, posting{k, e.ID(), label, ti, via})
				}
			}
		}
		add(e.ID(), "")
		add(e.Label.Value, "")
		for _, a := range e.Aliases {
			add(a.Value, clip(a.Value, maxNameRunes))
		}
	}
	slices.SortFunc(all, func(a, b posting) int {
		return cmp.Or(compareUTF16(a.Key, b.Key), strings.Compare(a.ID, b.ID), strings.Compare(a.Via, b.Via))
	})

	var files []export.File
	var starts []string
	for len(all) > 0 {
		n, bytes := 0, 40
		for n < len(all) {
			b, _ := json.Marshal(all[n])
			if n > 0 && bytes+len(b)+1 > MaxShardBytes {
				break
			}
			bytes += len(b) + 1
			n++
		}
		data, _ := json.Marshal(all[:n])
		files = append(files, export.File{
			Path: fmt.Sprintf("search/%d.js", len(starts)),
			Data: fmt.Appendf(nil, "fgSearch.shard(%d,%s);\n", len(starts), data),
		})
		starts = append(starts, all[0].Key)
		all = all[n:]
	}
	manifest, _ := json.Marshal(map[string]any{"types": manifestTypes, "shards": starts})
	files = append(files, export.File{Path: "search/index.js", Data: fmt.Appendf(nil, "fgSearch.manifest(%s);\n", manifest)})
	return files
}

// wordKeys returns the keys of one folded name: the name, and the name
// from each later word on, each cut to maxKeyRunes.
func wordKeys(folded string) []string {
	if folded == "" {
		return nil
	}
	keys := []string{clipKey(folded)}
	for i := 0; i < len(folded); i++ {
		if folded[i] == ' ' || folded[i] == '-' {
			if rest := folded[i+1:]; rest != "" && rest[0] != ' ' && rest[0] != '-' {
				keys = append(keys, clipKey(rest))
			}
		}
	}
	return keys
}

func clipKey(s string) string {
	n := 0
	for i := range s {
		if n == maxKeyRunes {
			return s[:i]
		}
		n++
	}
	return s
}

// compareUTF16 orders strings by their UTF-16 code units, as JavaScript's
// < does.
func compareUTF16(a, b string) int {
	// Below U+E000 the two orders agree with the bytewise order of UTF-8;
	// only strings with a byte from 0xEE up can differ.
	if strings.IndexFunc(a, highRune) < 0 && strings.IndexFunc(b, highRune) < 0 {
		return strings.Compare(a, b)
	}
	return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
}

func highRune(r rune) bool { return r >= 0xE000 }
