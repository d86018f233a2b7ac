// Package site writes out/ as a static website for the consumers of the
// graph: HTML pages, one stylesheet, one script, one font and a sharded
// search index, next to the data files the other producers write. It
// needs no server and fetches nothing from any other host, so it works
// from GitHub Pages under a sub-path and from file:// alike.
//
// Files(g, findings, data, opts) is the producer. It runs after the
// others because it embeds their diagrams and lists their files with
// sizes and SHA-256 digests computed from the bytes they made:
//
//	index.html                 what the graph is (vocabulary.yaml's site
//	                           section), counts by type, the whole-graph
//	                           diagram, the as-of dates, quality, downloads
//	entities/ID.html           one page per entity (sources included)
//	entities/ID.KIND.N.html    page N of a long list of ID's page (KIND:
//	                           statements, about, cites); a dot cannot occur
//	                           in an id, so these never collide with a page
//	types/TYPE.html, .N.html   the entities of one type
//	quality.html, .N.html      warnings, remarks and acknowledged findings
//	asof-DATE.html, .N.html    the graph as it stood on each build --at date
//	search/index.js, N.js      the search index: manifest and shards
//	assets/                    site.css, site.js, favicon.svg, the font
//
// Pages are written with html/template from the files in templates/, so
// every piece of fact text is escaped for where it lands; external links
// are only ever https URLs (httpsURL), internal ones are built from
// validated ids. Every page carries a Content Security Policy that allows
// nothing but the site's own scripts, styles, images and font, and no
// inline script or style (the pages have none): fact text that slipped
// through as markup could still not run.
//
// The content is HTML: an entity page shows every statement (grouped by
// predicate, with its object, value, dates in words, rank, reason,
// sources and fact-file line), the statements others make about it, a
// timeline and its neighbourhood diagram without any script. The script
// only adds the search box and the as-of control, which filters the
// statements listed on the page by the day bounds each carries, with the
// semantics of factgraph show --at: held in every reading of the dates
// (graph.Claim.HeldDuring), apart from possibly held
// (graph.Interval.MayHoldDuring).
//
// Bounds: a page lists at most PageRows statements or findings and
// PageEntities entities, then links to further pages; a diagram over
// MaxInlineSVG is linked rather than embedded; a search shard is at most
// MaxShardBytes, and the manifest holds one short key per shard. So no
// page and no request grows with the size of the graph.
//
// Output is deterministic: everything is sorted, nothing carries a time
// or a path of the machine.
package site
