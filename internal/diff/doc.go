// Package diff compares the fact graph at two points: two git revisions,
// a revision and the working tree, or two directories. Each side is
// loaded and checked with its own schema/ directory; a revision is read
// with git plumbing into a private temporary directory and nothing from
// it is executed.
//
// The comparison is semantic. Statements are compared after resolution
// and normalisation, by subject, predicate and object (or value), so a
// statement moved to another file, written from the other side (ant-group
// owns alipay for alipay ownedBy ant-group) or laid out differently is not
// a change. Within one subject, predicate and object, statements with the
// same dates, share, rank, reason, sources and note cancel out; the rest
// pair up by similarity into changed statements, and what is left over is
// added or removed. For predicates that take one value whatever the dates
// (founded, launchedBy), a replaced value is one changed statement.
// Entities are added or removed by id, and changes to their label, type,
// aliases, description, url, publisher or published date are listed.
//
// Findings of the two sides are matched by a key that ignores positions
// (rule, severity, message and the messages of related locations, and the
// file for rules that run before the graph is built), so a finding that
// was already there is not reported as new because lines moved.
//
// The formats are text (for terminals), markdown (for a pull-request
// comment or a job summary, capped at GitHub's 65,536 characters) and
// json, which has this shape:
//
//	{
//	  "base": {"name": "main", "commit": "<40 hex>", "files": 20},
//	  "head": {"name": "working tree", "files": 21},
//	  "counts": {"entitiesAdded": 0, "entitiesRemoved": 0, "entitiesChanged": 2,
//	             "statementsAdded": 2, "statementsRemoved": 0, "statementsChanged": 1,
//	             "findingsNew": 1, "findingsFixed": 0, "findingsExisting": 0},
//	  "entities": [{
//	    "id": "alipay", "label": "Alipay", "type": "PaymentPlatform",
//	    "status": "added" | "removed" | "changed",
//	    "fields": [{"field": "label", "base": "…", "head": "…"}],
//	    "statements": [{
//	      "status": "added" | "removed" | "changed",
//	      "subject": "alipay", "predicate": "ownedBy", "object": "ant-group",  // or "value"
//	      "base": null | <claim>, "head": null | <claim>,
//	      "changes": [{"field": "from", "base": "2014", "head": "2014-10"}]
//	    }]
//	  }],
//	  "findings": {"new": [<finding>], "fixed": [<finding>], "existing": [<finding>]}
//	}
//
// where a claim is {"file", "line", "column", "written", "from", "to", "at",
// "share", "rank", "reason", "sources": [ids], "note"} (empty qualifiers
// left out; "written" is the statement as its file states it) and a
// finding has the shape of factgraph check --format json: {"rule",
// "severity", "file", "line", "column", "message", "related": [{"file",
// "line", "column", "message"}]}. Fixed findings carry base positions, the
// others head positions. Arrays are never null.
package diff
