package check

import (
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/layout"
	"github.com/factgraph/factgraph/internal/project"
	"github.com/factgraph/factgraph/internal/schema"
	"github.com/factgraph/factgraph/internal/strictyaml"
	"github.com/factgraph/factgraph/internal/vocab"
)

// Analyzer is a rule that works on the resolved graph: the rule and the
// function that checks it, as golang.org/x/tools/go/analysis pairs them.
type Analyzer struct {
	Rule *finding.Rule
	Run  func(*Pass)
}

// Analyzers lists the graph rules in the order they run.
var Analyzers = []Analyzer{
	{FunctionalConflict, functionalConflict},
	{LiteralConflict, literalConflict},
	{ShareConflict, shareConflict},
	{ShareSum, shareSum},
	{Asymmetric, asymmetric},
	{Irreflexive, irreflexive},
	{Cycle, cycle},
	{IntervalOrder, intervalOrder},
	{Lifespan, lifespan},
	{IntervalMismatch, intervalMismatch},
	{DuplicateStatement, duplicateStatement},
	{AliasCollision, aliasCollision},
}

// Rules is the catalogue: every rule factgraph reports, listed
// explicitly, in the order factgraph rules lists them (by stage).
var Rules = finding.Catalogue{
	strictyaml.Syntax, strictyaml.Alias, strictyaml.Merge, strictyaml.Tag, strictyaml.MultiDoc,
	strictyaml.DuplicateKey, strictyaml.KeyType, strictyaml.Scalar, strictyaml.Empty,
	strictyaml.Encoding, strictyaml.ControlChar, strictyaml.Limit,
	project.Input, schema.Rule, fact.Calendar,
	graph.DuplicateID, graph.FileName, graph.UnknownType, graph.UnknownPredicate, graph.UnknownEntity,
	graph.Domain, graph.Range, graph.Qualifier, graph.DeprecatedReason, graph.MissingSource,
	FunctionalConflict, LiteralConflict, ShareConflict, ShareSum, Asymmetric, Irreflexive, Cycle,
	IntervalOrder, Lifespan, IntervalMismatch, DuplicateStatement, AliasCollision, UnusedAck,
	vocab.Rule, layout.Meaning,
}
