package check

import "github.com/factgraph/factgraph/internal/finding"

// The rules this package reports, with their documentation (factgraph
// explain prints it; docs/rules.md is generated from it).
var (
	FunctionalConflict = &finding.Rule{
		Name: "functional-conflict", Severity: finding.Error, Stage: finding.StageGraph, Acknowledgeable: true,
		Summary: "two different objects of a one-value predicate over a definite overlap",
		Doc: "A predicate of cardinality one-at-a-time (ownedBy, operatedBy, subsidiaryOf) has one object at any instant; one of cardinality one (launchedBy) has one object, whatever the dates. " +
			"Two non-deprecated claims with different objects conflict when they overlap in every reading of their imprecise dates: a year covers all its days, a handover inside one granule is legal, and an undated claim is a claim about the present. " +
			"Claims are compared after normalisation, so 'ant-group owns alipay' in one file and 'alipay ownedBy alibaba-group' in another are found. " +
			"Preferring one claim does not excuse the overlap: the data still says two owners at once. " +
			"Conflicts are reported as groups, not pairs: one finding per maximal run of time in which two or more objects definitely hold, naming every claim that holds during it (for cardinality one, one finding naming every claim). " +
			"A claim dated at a year or month, or ending in one without a start, holds on no day in every reading; it conflicts with the claims that hold throughout its granule, and joins their group.",
		Example: "id: alipay\ntype: PaymentPlatform\nlabel: Alipay\nstatements:\n  - predicate: ownedBy\n    object: alibaba-group\n    to: 2011-06\n  - predicate: ownedBy\n    object: ant-group\n    from: 2011-03   # both owners between March and June 2011\n",
		Fix:     "Give the earlier claim an end date (to:) no later than the start of the next, or deprecate the claim you do not believe with a reason.",
	}
	LiteralConflict = &finding.Rule{
		Name: "literal-conflict", Severity: finding.Error, Stage: finding.StageGraph, Acknowledgeable: true,
		Summary: "different values of a one-value literal predicate, unresolved by rank",
		Doc: "founded, dissolved, born and died take one value. Values that differ only in precision agree (2014 and 2014-10-16). Values that truly differ are an error unless exactly one of the claims is preferred, which records which source the data follows; more than one preferred claim with different values is also an error. " +
			"Agreement is not transitive (2014 agrees with 2014-03 and with 2014-05, which disagree), so the finding names every claim that disagrees with another, once per entity and predicate; a value that agrees with all the others is left out. A literal predicate of cardinality one-at-a-time is compared over definite overlaps, one finding per run of time, as functional-conflict does.",
		Example: "statements:\n  - predicate: founded\n    value: 2004\n  - predicate: founded\n    value: 2005\n",
		Fix:     "Mark the value you follow rank: preferred, or deprecate the wrong one with a reason.",
	}
	ShareConflict = &finding.Rule{
		Name: "share-conflict", Severity: finding.Error, Stage: finding.StageGraph, Acknowledgeable: true,
		Summary: "the same holder and object with different shares over a definite overlap",
		Doc:     "One holder holds one stake in an entity at a time; two different percentages for overlapping periods contradict each other. One finding per maximal run of time in which different figures definitely hold, naming every stake of the holder in the entity that holds during it.",
		Example: "statements:\n  - predicate: holdsStakeIn\n    object: ant-group\n    share: 33\n  - predicate: holdsStakeIn\n    object: ant-group\n    share: 40\n",
		Fix:     "End the older stake with to: where the new one starts, or deprecate the wrong figure with a reason.",
	}
	ShareSum = &finding.Rule{
		Name: "share-sum", Severity: finding.Error, Stage: finding.StageGraph, Acknowledgeable: true,
		Summary: "known shares held in one entity exceed 100 at some instant",
		Doc:     "For predicates with a share limit (holdsStakeIn: 100), the known shares held in one object must not exceed the limit at any instant on which every reading of the dates agrees. Stakes of undisclosed size count as nothing. Half a point is allowed for rounding. A stake stated from both sides is counted once (a holder counts at its largest figure). One finding per maximal run of time over the limit, with the largest total reached in it, naming every stake that holds during it.",
		Example: "# alibaba-group holds 60 in ant-group and jack-ma 50, both undated\n",
		Fix:     "Correct a figure, give the older stakes end dates, or deprecate the figure you do not believe.",
	}
	Asymmetric = &finding.Rule{
		Name: "asymmetric", Severity: finding.Error, Stage: finding.StageGraph, Acknowledgeable: true,
		Summary: "A p B and B p A at the same time, for an asymmetric predicate",
		Doc:     "ownedBy and subsidiaryOf are asymmetric: if A is owned by B, B is not owned by A at the same time. Claims in both directions that overlap in every reading contradict each other. One finding per pair of entities and run of time in which both directions definitely hold, naming every claim of the pair holding during it.",
		Example: "# alipay.yaml: ownedBy ant-group\n# ant-group.yaml: ownedBy alipay\n",
		Fix:     "Remove or deprecate the claim in the wrong direction, or date the two so they do not overlap.",
	}
	Irreflexive = &finding.Rule{
		Name: "irreflexive", Severity: finding.Error, Stage: finding.StageGraph, Acknowledgeable: true,
		Summary: "an entity related to itself by an irreflexive predicate",
		Doc:     "Nothing owns, operates or is a subsidiary of itself.",
		Example: "id: alipay\nstatements:\n  - predicate: ownedBy\n    object: alipay\n",
		Fix:     "Point the statement at the right entity.",
	}
	Cycle = &finding.Rule{
		Name: "cycle", Severity: finding.Error, Stage: finding.StageGraph, Acknowledgeable: true,
		Summary: "a cycle of an acyclic predicate whose edges all hold at one instant",
		Doc: "ownedBy, subsidiaryOf and offeredThrough are acyclic: A owned by B owned by C owned by A is impossible at one instant. Only cycles whose every edge holds, in every reading, at a common instant are reported; cross-holdings of stakes (holdsStakeIn) are legal and never checked. " +
			"One finding per strongly connected component of the predicate's edges, naming the edges of the first such cycle found (a loop of an asymmetric predicate's pair is the asymmetric rule's). " +
			"The search is bounded: past twenty million edge visits in one check it stops, and loops it has not reached go unreported; that takes a graph built to defeat it, with thousands of edges starting on different days around a loop that never closes.",
		Example: "# a ownedBy b, b ownedBy c, c ownedBy a, all undated\n",
		Fix:     "Find the edge that is wrong or outdated; end it with to: or deprecate it.",
	}
	IntervalOrder = &finding.Rule{
		Name: "interval-order", Severity: finding.Error, Stage: finding.StageGraph,
		Summary: "a statement that starts after it ends in every reading",
		Doc:     "from is inclusive and to exclusive, each a granule. from 2011 to 2011 is legal (it started and ended within 2011); from 2012 to 2011, or from 2011-12-31 to 2011-12-31, is not.",
		Example: "statements:\n  - predicate: ownedBy\n    object: ant-group\n    from: 2014\n    to: 2011\n",
		Fix:     "Swap or correct the dates.",
	}
	Lifespan = &finding.Rule{
		Name: "lifespan", Severity: finding.Error, Stage: finding.StageGraph, Acknowledgeable: true,
		Summary: "a relation that holds before an entity began or after it ended",
		Doc: "founded and born start an entity's life, dissolved and died end it. A relation that definitely holds before its subject or object began, or after it ended, is wrong somewhere; so is a life that ends before it starts. " +
			"An undated relation is a claim about the present, so it cannot involve a dissolved company. An undated founder statement describes the founding, so a founder born after the founding is reported.",
		Example: "# alibaba-group: founded 1999, founder jack-ma\n# jack-ma: born 2001\n",
		Fix:     "Correct the dates, end the relation before the entity ended, or deprecate the wrong claim.",
	}
	IntervalMismatch = &finding.Rule{
		Name: "interval-mismatch", Severity: finding.Warning, Stage: finding.StageGraph, Acknowledgeable: true,
		Summary: "the same claim stated twice with different dates",
		Doc:     "The same edge stated twice, often once from each side (alipay ownedBy ant-group, ant-group owns alipay), with dates that may overlap but are not the same. One of the two is probably outdated. Two statements of one edge for periods that cannot overlap (owned 2000-2005, again 2010-2015) are legal. One finding per maximal run of time in which statements with dates that are not the same definitely hold together, naming every statement of the edge holding during it.",
		Example: "# alipay.yaml: ownedBy ant-group from 2014\n# ant-group.yaml: owns alipay from 2015\n",
		Fix:     "Make the dates agree, or keep the edge in one file only.",
	}
	DuplicateStatement = &finding.Rule{
		Name: "duplicate-statement", Severity: finding.Info, Stage: finding.StageGraph, Acknowledgeable: true,
		Summary: "the same claim stated twice with compatible dates",
		Doc:     "The same edge or value stated twice, with dates that agree up to precision. Harmless, but two copies drift apart over time. One finding per set of statements linked by compatible dates (from 2014 links from 2014-03 and from 2014-05), naming them all.",
		Example: "# alipay.yaml: ownedBy ant-group from 2014\n# ant-group.yaml: owns alipay from 2014\n",
		Fix:     "Keep one of the two statements, merging their sources.",
	}
	AliasCollision = &finding.Rule{
		Name: "alias-collision", Severity: finding.Warning, Stage: finding.StageGraph, Acknowledgeable: true,
		Summary: "two entities share a label or alias",
		Doc: "Two entities whose labels or aliases read alike are probably one entity entered twice. Names are compared after Unicode compatibility normalisation (NFKC), without invisible characters (zero-width spaces and joiners, soft hyphens, variation selectors: the default-ignorable code points), case-folded, with runs of white space made one, and as their Unicode TR39 confusable skeleton, so a Cyrillic а written for a Latin a, or the digit 0 for the letter O, does not hide a duplicate. " +
			"TR39 compares looks, not words: Tmall and Trnall read alike. The message shows each name as written, with invisible and look-alike characters escaped, so the reason is visible; acknowledge the finding when the names really differ. " +
			"Entities of disjoint types (a company and the product named after it) are not reported. One finding per name and set of entities.",
		Example: "# ant-group.yaml: label Ant Group\n# ant-financial.yaml: aliases [ant group]\n",
		Fix:     "Merge the two entities, or acknowledge the finding on one of them if they really are different.",
	}
	UnusedAck = &finding.Rule{
		Name: "unused-acknowledgement", Severity: finding.Warning, Stage: finding.StageGraph,
		Summary: "an acknowledgement that silences nothing",
		Doc:     "An acknowledge entry silences one rule's findings on the statement or entity it sits on. One that matches nothing, names no rule, or names a rule that cannot be acknowledged is reported, so stale acknowledgements do not pile up.",
		Example: "statements:\n  - predicate: ownedBy\n    object: ant-group\n    acknowledge:\n      - rule: functional-conflict\n        reason: sources disagree\n",
		Fix:     "Remove the acknowledgement.",
	}
)
