package graph

import "github.com/factgraph/factgraph/internal/finding"

// The rules this package reports, with their documentation (factgraph
// explain prints it; docs/rules.md is generated from it).
var (
	DuplicateID = &finding.Rule{
		Name: "duplicate-id", Severity: finding.Error, Stage: finding.StageResolve,
		Summary: "two files declare the same id",
		Doc:     "Ids are unique across facts/. Every file that declares the id is reported, with the others as related locations, so the annotation lands on the file a pull request added; the first in path order stays in the graph.",
		Example: "facts/alipay.yaml and facts/products/alipay.yaml both say id: alipay",
		Fix:     "Merge the two files, or give one a different id.",
	}
	FileName = &finding.Rule{
		Name: "file-name", Severity: finding.Error, Stage: finding.StageResolve,
		Summary: "the id differs from the file name",
		Doc:     "facts/**/<id>.yaml: the file name is the id, so that a reviewer, a URL and the id agree.",
		Example: "facts/alipay.yaml with id: zhifubao",
		Fix:     "Rename the file or change the id.",
	}
	UnknownType = &finding.Rule{
		Name: "unknown-type", Severity: finding.Error, Stage: finding.StageResolve,
		Summary: "the type is not declared in the vocabulary",
		Doc:     "Every entity's type is one of the types in schema/vocabulary.yaml. An entity with an unknown type is left out of the graph, but its statements are still checked for everything but their domain, so the file's other findings come in the same run.",
		Example: "id: alipay\ntype: PaymentPlatfrom\nlabel: Alipay\n",
		Fix:     "Use a declared type (the message suggests the nearest), or declare the new type in schema/vocabulary.yaml.",
	}
	UnknownPredicate = &finding.Rule{
		Name: "unknown-predicate", Severity: finding.Error, Stage: finding.StageResolve,
		Summary: "the predicate is not declared in the vocabulary",
		Doc:     "A statement's predicate is a predicate of schema/vocabulary.yaml or the inverse name of one (owns for ownedBy).",
		Example: "statements:\n  - predicate: ownedby\n    object: ant-group\n",
		Fix:     "Use a declared predicate (the message suggests the nearest), or declare it in schema/vocabulary.yaml.",
	}
	UnknownEntity = &finding.Rule{
		Name: "unknown-entity", Severity: finding.Error, Stage: finding.StageResolve,
		Summary: "an object or source refers to an id no file has",
		Doc:     "object: and sources: entries are entity ids. A dangling reference gets a did-you-mean that matches ids, labels and aliases (sesame-credit finds zhima-credit through its alias).",
		Example: "statements:\n  - predicate: ownedBy\n    object: ant-groop\n",
		Fix:     "Correct the id, or add the missing entity's file.",
	}
	Domain = &finding.Rule{
		Name: "domain", Severity: finding.Error, Stage: finding.StageResolve,
		Summary: "the predicate does not apply to an entity of this type",
		Doc:     "Each predicate declares the types of its subject (domain). A statement written with an inverse name is checked in the direction it was written.",
		Example: "id: jack-ma\ntype: Person\nlabel: Jack Ma\nstatements:\n  - predicate: founded\n    value: 1999\n",
		Fix:     "Move the statement to the right entity, use the right predicate, or correct the entity's type.",
	}
	Range = &finding.Rule{
		Name: "range", Severity: finding.Error, Stage: finding.StageResolve,
		Summary: "the object or value has the wrong type",
		Doc:     "Entity-valued predicates declare the types their object may have; literal-valued ones a datatype (date, string, number or https url). Sources must be Source entities.",
		Example: "statements:\n  - predicate: ownedBy\n    object: taobao   # a marketplace, not an organization\n",
		Fix:     "Point at an entity of the right type, or write the literal in the datatype's form.",
	}
	Qualifier = &finding.Rule{
		Name: "qualifier", Severity: finding.Error, Stage: finding.StageResolve,
		Summary: "the predicate does not take this qualifier",
		Doc:     "share is meaningful only for predicates declared with qualifiers: [share], such as holdsStakeIn.",
		Example: "statements:\n  - predicate: ownedBy\n    object: ant-group\n    share: 100\n",
		Fix:     "Remove the share, or use holdsStakeIn for a partial stake.",
	}
	DeprecatedReason = &finding.Rule{
		Name: "deprecated-reason", Severity: finding.Error, Stage: finding.StageResolve,
		Summary: "a deprecated statement needs a reason",
		Doc:     "Deprecated claims stay in the data, so that the record shows what a source said and why it is not believed. The reason is that record.",
		Example: "statements:\n  - predicate: ownedBy\n    object: alibaba-group\n    rank: deprecated\n",
		Fix:     "Add reason: with why the claim is kept but not believed.",
	}
	MissingSource = &finding.Rule{
		Name: "missing-source", Severity: finding.Warning, Stage: finding.StageResolve,
		Summary: "a statement cites no sources",
		Doc:     "Every claim in a curated graph should say where it comes from, so that a contradiction can be settled by weighing sources.",
		Example: "statements:\n  - predicate: ownedBy\n    object: ant-group\n",
		Fix:     "Add sources: with the ids of the Source entities the claim comes from.",
	}
)
