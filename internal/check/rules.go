package check

import (
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/finding"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/schema"
	"github.com/factgraph/factgraph/internal/strictyaml"
	"github.com/factgraph/factgraph/internal/vocab"
)

// Stage says when a rule is checked.
type Stage string

// Stages, in the order they run.
const (
	StageLoad    Stage = "load"    // reading one file: YAML, text, schema
	StageResolve Stage = "resolve" // vocabulary and references across files
	StageGraph   Stage = "graph"   // contradictions in the normalised graph
)

// Rule is one check, with the documentation factgraph explain prints.
type Rule struct {
	Name     string
	Severity finding.Severity
	Stage    Stage
	Summary  string // one line, for listings
	Doc      string // what it checks and why
	Example  string // a fact file (or two) that fires it
	Fix      string // how to resolve it
	// Acknowledgeable rules can be silenced by an acknowledge entry next
	// to the statement, with a reason.
	Acknowledgeable bool
	// Run checks the graph; nil for rules the loader or the resolver
	// reports.
	Run func(*Pass)
}

// Lookup returns the rule called name, or nil.
func Lookup(name string) *Rule {
	for _, r := range Rules {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// Rules is the catalogue: every rule factgraph reports, in the order
// factgraph rules lists them.
var Rules = []*Rule{
	{
		Name: strictyaml.RuleSyntax, Severity: finding.Error, Stage: StageLoad,
		Summary: "the file is not valid YAML",
		Doc:     "The YAML parser rejected the file. yaml.v3 reports the line but not the column, so the column is 0.",
		Example: "id: alipay\nlabel: [Alipay\n",
		Fix:     "Correct the YAML at or just before the reported line; quote values that contain ': ' or start with a special character.",
	},
	{
		Name: strictyaml.RuleAlias, Severity: finding.Error, Stage: StageLoad,
		Summary: "anchors and aliases are not allowed",
		Doc:     "An anchor (&a) and its aliases (*a) make one value appear in several places, which hides what a reviewer approves and allows exponential 'billion laughs' documents. Fact files spell every value out.",
		Example: "aliases: &names [Zhifubao]\ndescription: *names\n",
		Fix:     "Write the value out in full wherever it is needed.",
	},
	{
		Name: strictyaml.RuleMerge, Severity: finding.Error, Stage: StageLoad,
		Summary: "merge keys (<<) are not allowed",
		Doc:     "A merge key copies keys from another mapping, so the file does not show the statement it makes.",
		Example: "<<: {type: Company}\n",
		Fix:     "Write the keys out in the mapping itself.",
	},
	{
		Name: strictyaml.RuleTag, Severity: finding.Error, Stage: StageLoad,
		Summary: "explicit YAML tags are not allowed",
		Doc:     "Tags such as !!binary or !custom change how a value is read (yaml.v3 silently ignores unknown tags, and !!binary can smuggle invalid text). Every value in a fact file is read from its plain text.",
		Example: "label: !!binary QWxpcGF5\n",
		Fix:     "Remove the tag and write the value as plain text.",
	},
	{
		Name: strictyaml.RuleMultiDoc, Severity: finding.Error, Stage: StageLoad,
		Summary: "a file holds one YAML document",
		Doc:     "A second document after '---' would be silently dropped by most YAML readers; one entity per file keeps review simple.",
		Example: "id: alipay\n---\nid: taobao\n",
		Fix:     "Move the second document to its own file, named after its id.",
	},
	{
		Name: strictyaml.RuleDuplicateKey, Severity: finding.Error, Stage: StageLoad,
		Summary: "a key appears twice in one mapping",
		Doc:     "yaml.v3 keeps both copies of a repeated key when reading into nodes, and most readers keep only the last, so the file means different things to different tools.",
		Example: "id: alipay\nid: taobao\n",
		Fix:     "Keep one of the two keys.",
	},
	{
		Name: strictyaml.RuleKeyType, Severity: finding.Error, Stage: StageLoad,
		Summary: "mapping keys must be strings",
		Doc:     "Keys such as 1, true, ~ or 0x1 are not strings in YAML; two of them can silently collapse into one (0x1 and 1).",
		Example: "1: one\n",
		Fix:     "Use the key names the fact format defines.",
	},
	{
		Name: strictyaml.RuleScalar, Severity: finding.Error, Stage: StageLoad,
		Summary: "numbers and booleans must be written plainly",
		Doc:     "YAML reads 010 as 8, 1_000 as 1000, 0x1F as 31 and .nan as not-a-number. Numbers must be plain finite decimals and booleans true or false, so what the author reads is what every consumer gets.",
		Example: "statements:\n  - predicate: holdsStakeIn\n    object: ant-group\n    share: 0x21\n",
		Fix:     "Write the number in plain decimal (33), or quote the value if it is text.",
	},
	{
		Name: strictyaml.RuleEmpty, Severity: finding.Error, Stage: StageLoad,
		Summary: "the file is empty",
		Doc:     "A fact file holds one entity; an empty or comment-only file holds none, which is almost always a mistake.",
		Example: "# nothing here\n",
		Fix:     "Add the entity or delete the file.",
	},
	{
		Name: strictyaml.RuleEncoding, Severity: finding.Error, Stage: StageLoad,
		Summary: "the file is not valid UTF-8",
		Doc:     "Fact files are UTF-8. Invalid bytes would be replaced silently by some tools, and UTF-16 is transcoded silently by yaml.v3.",
		Example: "label: Alipay\\xff\n",
		Fix:     "Save the file as UTF-8.",
	},
	{
		Name: strictyaml.RuleControlChar, Severity: finding.Error, Stage: StageLoad,
		Summary: "control and bidirectional characters are not allowed",
		Doc:     "Control characters break the XML of the diagrams and the CSV, and bidirectional controls make text display differently from what it is (Trojan Source, CVE-2021-42574). They are rejected raw and escaped (\"\\x1b\").",
		Example: "label: \"Ali\\u202Epay\"\n",
		Fix:     "Remove the character; write line breaks with a YAML block scalar.",
	},
	{
		Name: strictyaml.RuleLimit, Severity: finding.Error, Stage: StageLoad,
		Summary: "the input exceeds a size limit",
		Doc:     "Limits bound the work one pull request can cause: a file is at most 1 MiB, nesting at most 32 levels, a mapping at most 1000 keys, a list at most 10000 items, a string at most 64 KiB, and all files together at most 1 GiB in 200000 files.",
		Example: "(a 2 MiB fact file)",
		Fix:     "Split the data into smaller files, one entity per file.",
	},
	{
		Name: fact.RuleInput, Severity: finding.Error, Stage: StageLoad,
		Summary: "the path is not a readable fact file",
		Doc:     "Fact files are regular files ending in .yaml. Symlinks are never followed (an inside link would duplicate facts, an outside one would leak files), and .yml files are reported rather than ignored.",
		Example: "facts/alipay.yml",
		Fix:     "Rename the file to .yaml, or commit the file itself instead of a link.",
	},
	{
		Name: schema.Rule, Severity: finding.Error, Stage: StageLoad,
		Summary: "the file does not match the fact-file JSON Schema",
		Doc:     "Each file is validated against schema/fact.schema.json: required keys, allowed keys, types, id and date patterns, share between 0 and 100, exactly one of object or value. The finding points at the offending value, the unknown key, or the mapping that lacks a required key. A statement with a schema error is left out of the later checks; the rest of the file is still checked.",
		Example: "id: alipay\ntype: PaymentPlatform\nstatements:\n  - predicate: ownedBy\n    object: ant-group\n    from: May 2014\n",
		Fix:     "Follow the message: add the missing key, rename the unknown one, or correct the value.",
	},
	{
		Name: fact.RuleDate, Severity: finding.Error, Stage: StageLoad,
		Summary: "a date the calendar does not have",
		Doc:     "Dates are YYYY, YYYY-MM or YYYY-MM-DD. The schema checks the shape; this rule checks the calendar, so 2021-02-30 and 2014-13 are rejected.",
		Example: "statements:\n  - predicate: ownedBy\n    object: ant-group\n    from: 2021-02-30\n",
		Fix:     "Correct the date, or write it at a coarser precision (2021-02) if the day is unknown.",
	},
	{
		Name: graph.RuleDuplicateID, Severity: finding.Error, Stage: StageResolve,
		Summary: "two files declare the same id",
		Doc:     "Ids are unique across facts/. The second file is left out of the graph.",
		Example: "facts/alipay.yaml and facts/products/alipay.yaml both say id: alipay",
		Fix:     "Merge the two files, or give one a different id.",
	},
	{
		Name: graph.RuleFileName, Severity: finding.Error, Stage: StageResolve,
		Summary: "the id differs from the file name",
		Doc:     "facts/**/<id>.yaml: the file name is the id, so that a reviewer, a URL and the id agree.",
		Example: "facts/alipay.yaml with id: zhifubao",
		Fix:     "Rename the file or change the id.",
	},
	{
		Name: graph.RuleUnknownType, Severity: finding.Error, Stage: StageResolve,
		Summary: "the type is not declared in the vocabulary",
		Doc:     "Every entity's type is one of the types in schema/vocabulary.yaml. An entity with an unknown type is left out of the graph.",
		Example: "id: alipay\ntype: PaymentPlatfrom\nlabel: Alipay\n",
		Fix:     "Use a declared type (the message suggests the nearest), or declare the new type in schema/vocabulary.yaml.",
	},
	{
		Name: graph.RuleUnknownPredicate, Severity: finding.Error, Stage: StageResolve,
		Summary: "the predicate is not declared in the vocabulary",
		Doc:     "A statement's predicate is a predicate of schema/vocabulary.yaml or the inverse name of one (owns for ownedBy).",
		Example: "statements:\n  - predicate: ownedby\n    object: ant-group\n",
		Fix:     "Use a declared predicate (the message suggests the nearest), or declare it in schema/vocabulary.yaml.",
	},
	{
		Name: graph.RuleUnknownEntity, Severity: finding.Error, Stage: StageResolve,
		Summary: "an object or source refers to an id no file has",
		Doc:     "object: and sources: entries are entity ids. A dangling reference gets a did-you-mean that matches ids, labels and aliases (sesame-credit finds zhima-credit through its alias).",
		Example: "statements:\n  - predicate: ownedBy\n    object: ant-groop\n",
		Fix:     "Correct the id, or add the missing entity's file.",
	},
	{
		Name: graph.RuleDomain, Severity: finding.Error, Stage: StageResolve,
		Summary: "the predicate does not apply to an entity of this type",
		Doc:     "Each predicate declares the types of its subject (domain). A statement written with an inverse name is checked in the direction it was written.",
		Example: "id: jack-ma\ntype: Person\nlabel: Jack Ma\nstatements:\n  - predicate: founded\n    value: 1999\n",
		Fix:     "Move the statement to the right entity, use the right predicate, or correct the entity's type.",
	},
	{
		Name: graph.RuleRange, Severity: finding.Error, Stage: StageResolve,
		Summary: "the object or value has the wrong type",
		Doc:     "Entity-valued predicates declare the types their object may have; literal-valued ones a datatype (date, string, number or https url). Sources must be Source entities.",
		Example: "statements:\n  - predicate: ownedBy\n    object: taobao   # a marketplace, not an organization\n",
		Fix:     "Point at an entity of the right type, or write the literal in the datatype's form.",
	},
	{
		Name: graph.RuleQualifier, Severity: finding.Error, Stage: StageResolve,
		Summary: "the predicate does not take this qualifier",
		Doc:     "share is meaningful only for predicates declared with qualifiers: [share], such as holdsStakeIn.",
		Example: "statements:\n  - predicate: ownedBy\n    object: ant-group\n    share: 100\n",
		Fix:     "Remove the share, or use holdsStakeIn for a partial stake.",
	},
	{
		Name: graph.RuleDeprecatedReason, Severity: finding.Error, Stage: StageResolve,
		Summary: "a deprecated statement needs a reason",
		Doc:     "Deprecated claims stay in the data, so that the record shows what a source said and why it is not believed. The reason is that record.",
		Example: "statements:\n  - predicate: ownedBy\n    object: alibaba-group\n    rank: deprecated\n",
		Fix:     "Add reason: with why the claim is kept but not believed.",
	},
	{
		Name: graph.RuleMissingSource, Severity: finding.Warning, Stage: StageResolve,
		Summary: "a statement cites no sources",
		Doc:     "Every claim in a curated graph should say where it comes from, so that a contradiction can be settled by weighing sources.",
		Example: "statements:\n  - predicate: ownedBy\n    object: ant-group\n",
		Fix:     "Add sources: with the ids of the Source entities the claim comes from.",
	},
	{
		Name: "functional-conflict", Severity: finding.Error, Stage: StageGraph, Acknowledgeable: true,
		Summary: "two different objects of a one-value predicate over a definite overlap",
		Doc: "A predicate of cardinality one-at-a-time (ownedBy, operatedBy, subsidiaryOf) has one object at any instant; one of cardinality one (launchedBy) has one object, whatever the dates. " +
			"Two non-deprecated claims with different objects conflict when they overlap in every reading of their imprecise dates: a year covers all its days, a handover inside one granule is legal, and an undated claim is a claim about the present. " +
			"Claims are compared after normalisation, so 'ant-group owns alipay' in one file and 'alipay ownedBy alibaba-group' in another are found. " +
			"Preferring one claim does not excuse the overlap: the data still says two owners at once.",
		Example: "id: alipay\ntype: PaymentPlatform\nlabel: Alipay\nstatements:\n  - predicate: ownedBy\n    object: alibaba-group\n    to: 2011-06\n  - predicate: ownedBy\n    object: ant-group\n    from: 2011-03   # both owners between March and June 2011\n",
		Fix:     "Give the earlier claim an end date (to:) no later than the start of the next, or deprecate the claim you do not believe with a reason.",
		Run:     functionalConflict,
	},
	{
		Name: "literal-conflict", Severity: finding.Error, Stage: StageGraph, Acknowledgeable: true,
		Summary: "different values of a one-value literal predicate, unresolved by rank",
		Doc:     "founded, dissolved, born and died take one value. Values that differ only in precision agree (2014 and 2014-10-16). Values that truly differ are an error unless exactly one of the claims is preferred, which records which source the data follows; more than one preferred claim with different values is also an error.",
		Example: "statements:\n  - predicate: founded\n    value: 2004\n  - predicate: founded\n    value: 2005\n",
		Fix:     "Mark the value you follow rank: preferred, or deprecate the wrong one with a reason.",
		Run:     literalConflict,
	},
	{
		Name: "share-conflict", Severity: finding.Error, Stage: StageGraph, Acknowledgeable: true,
		Summary: "the same holder and object with different shares over a definite overlap",
		Doc:     "One holder holds one stake in an entity at a time; two different percentages for overlapping periods contradict each other.",
		Example: "statements:\n  - predicate: holdsStakeIn\n    object: ant-group\n    share: 33\n  - predicate: holdsStakeIn\n    object: ant-group\n    share: 40\n",
		Fix:     "End the older stake with to: where the new one starts, or deprecate the wrong figure with a reason.",
		Run:     shareConflict,
	},
	{
		Name: "share-sum", Severity: finding.Error, Stage: StageGraph, Acknowledgeable: true,
		Summary: "known shares held in one entity exceed 100 at some instant",
		Doc:     "For predicates with a share limit (holdsStakeIn: 100), the known shares held in one object must not exceed the limit at any instant on which every reading of the dates agrees. Stakes of undisclosed size count as nothing. Half a point is allowed for rounding. A stake stated from both sides is counted once.",
		Example: "# alibaba-group holds 60 in ant-group and jack-ma 50, both undated\n",
		Fix:     "Correct a figure, give the older stakes end dates, or deprecate the figure you do not believe.",
		Run:     shareSum,
	},
	{
		Name: "asymmetric", Severity: finding.Error, Stage: StageGraph, Acknowledgeable: true,
		Summary: "A p B and B p A at the same time, for an asymmetric predicate",
		Doc:     "ownedBy and subsidiaryOf are asymmetric: if A is owned by B, B is not owned by A at the same time. Claims in both directions that overlap in every reading contradict each other.",
		Example: "# alipay.yaml: ownedBy ant-group\n# ant-group.yaml: ownedBy alipay\n",
		Fix:     "Remove or deprecate the claim in the wrong direction, or date the two so they do not overlap.",
		Run:     asymmetric,
	},
	{
		Name: "irreflexive", Severity: finding.Error, Stage: StageGraph, Acknowledgeable: true,
		Summary: "an entity related to itself by an irreflexive predicate",
		Doc:     "Nothing owns, operates or is a subsidiary of itself.",
		Example: "id: alipay\nstatements:\n  - predicate: ownedBy\n    object: alipay\n",
		Fix:     "Point the statement at the right entity.",
		Run:     irreflexive,
	},
	{
		Name: "cycle", Severity: finding.Error, Stage: StageGraph, Acknowledgeable: true,
		Summary: "a cycle of an acyclic predicate whose edges all hold at one instant",
		Doc:     "ownedBy, subsidiaryOf and offeredThrough are acyclic: A owned by B owned by C owned by A is impossible at one instant. Only cycles whose every edge holds, in every reading, at a common instant are reported; cross-holdings of stakes (holdsStakeIn) are legal and never checked.",
		Example: "# a ownedBy b, b ownedBy c, c ownedBy a, all undated\n",
		Fix:     "Find the edge that is wrong or outdated; end it with to: or deprecate it.",
		Run:     cycle,
	},
	{
		Name: "interval-order", Severity: finding.Error, Stage: StageGraph,
		Summary: "a statement that starts after it ends in every reading",
		Doc:     "from is inclusive and to exclusive, each a granule. from 2011 to 2011 is legal (it started and ended within 2011); from 2012 to 2011, or from 2011-12-31 to 2011-12-31, is not.",
		Example: "statements:\n  - predicate: ownedBy\n    object: ant-group\n    from: 2014\n    to: 2011\n",
		Fix:     "Swap or correct the dates.",
		Run:     intervalOrder,
	},
	{
		Name: "lifespan", Severity: finding.Error, Stage: StageGraph, Acknowledgeable: true,
		Summary: "a relation that holds before an entity began or after it ended",
		Doc: "founded and born start an entity's life, dissolved and died end it. A relation that definitely holds before its subject or object began, or after it ended, is wrong somewhere; so is a life that ends before it starts. " +
			"An undated relation is a claim about the present, so it cannot involve a dissolved company. An undated founder statement describes the founding, so a founder born after the founding is reported.",
		Example: "# alibaba-group: founded 1999, founder jack-ma\n# jack-ma: born 2001\n",
		Fix:     "Correct the dates, end the relation before the entity ended, or deprecate the wrong claim.",
		Run:     lifespan,
	},
	{
		Name: "interval-mismatch", Severity: finding.Warning, Stage: StageGraph, Acknowledgeable: true,
		Summary: "the same claim stated twice with different dates",
		Doc:     "The same edge stated twice, often once from each side (alipay ownedBy ant-group, ant-group owns alipay), with dates that may overlap but are not the same. One of the two is probably outdated. Two statements of one edge for periods that cannot overlap (owned 2000-2005, again 2010-2015) are legal.",
		Example: "# alipay.yaml: ownedBy ant-group from 2014\n# ant-group.yaml: owns alipay from 2015\n",
		Fix:     "Make the dates agree, or keep the edge in one file only.",
		Run:     intervalMismatch,
	},
	{
		Name: "duplicate-statement", Severity: finding.Info, Stage: StageGraph, Acknowledgeable: true,
		Summary: "the same claim stated twice with compatible dates",
		Doc:     "The same edge or value stated twice, with dates that agree up to precision. Harmless, but two copies drift apart over time.",
		Example: "# alipay.yaml: ownedBy ant-group from 2014\n# ant-group.yaml: owns alipay from 2014\n",
		Fix:     "Keep one of the two statements, merging their sources.",
		Run:     duplicateStatement,
	},
	{
		Name: "alias-collision", Severity: finding.Warning, Stage: StageGraph, Acknowledgeable: true,
		Summary: "two entities share a label or alias",
		Doc:     "Two entities whose labels or aliases are equal after Unicode normalisation and case folding are probably one entity entered twice. Entities of disjoint types (a company and the product named after it) are not reported.",
		Example: "# ant-group.yaml: label Ant Group\n# ant-financial.yaml: aliases [ant group]\n",
		Fix:     "Merge the two entities, or acknowledge the finding on one of them if they really are different.",
		Run:     aliasCollision,
	},
	{
		Name: RuleUnusedAck, Severity: finding.Warning, Stage: StageGraph,
		Summary: "an acknowledgement that silences nothing",
		Doc:     "An acknowledge entry silences one rule's findings on the statement or entity it sits on. One that matches nothing, names no rule, or names a rule that cannot be acknowledged is reported, so stale acknowledgements do not pile up.",
		Example: "statements:\n  - predicate: ownedBy\n    object: ant-group\n    acknowledge:\n      - rule: functional-conflict\n        reason: sources disagree\n",
		Fix:     "Remove the acknowledgement.",
	},
	{
		Name: vocab.Rule, Severity: finding.Error, Stage: StageLoad,
		Summary: "the vocabulary is inconsistent",
		Doc:     "schema/vocabulary.yaml is checked against its JSON Schema and then for consistency: declared parent, domain and range types, no parent cycles, no predicate both symmetric and asymmetric, lifespan predicates of datatype date. A broken vocabulary stops the check with exit status 2.",
		Example: "predicates:\n  ownedBy:\n    label: owned by\n    range: [Organisation]\n",
		Fix:     "Correct schema/vocabulary.yaml.",
	},
}
