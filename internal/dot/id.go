package dot

import (
	"fmt"
	"regexp"

	"github.com/factgraph/factgraph/internal/grammar"
)

// idPattern is the grammar of entity ids: lower-case letters and digits
// in words joined by single hyphens, so an id needs no escaping anywhere
// and can hold no scheme, query, fragment or percent-escape.
var idPattern = grammar.ID

// ownPattern is the grammar of the writer's own node names. They start
// with an upper-case letter, which no entity id does.
var ownPattern = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)

// clusterPattern is the grammar of cluster names.
var clusterPattern = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// ID is a validated entity id: the only text from fact files that may
// name a node or become part of a link.
type ID struct{ s string }

// ParseID validates an entity id.
func ParseID(s string) (ID, error) {
	if !idPattern.MatchString(s) {
		return ID{}, fmt.Errorf("%q is not a valid entity id", s)
	}
	return ID{s}, nil
}

// String returns the id.
func (id ID) String() string { return id.s }

// Name is a node's name: an ID or an Own name.
type Name interface {
	nodeName() string
}

func (id ID) nodeName() string { return id.s }

// OwnName is the name of a node the writer adds of its own, such as a
// legend entry or a note.
type OwnName struct{ s string }

// Own returns the node name s, which must start with an upper-case
// letter and hold only letters and digits; it panics on another.
func Own(s string) OwnName {
	if !ownPattern.MatchString(s) {
		panic(fmt.Sprintf("dot: %q is not a name of the writer's own (^[A-Z][A-Za-z0-9]*$)", s))
	}
	return OwnName{s}
}

func (n OwnName) nodeName() string { return n.s }
