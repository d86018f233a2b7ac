// Package diagram draws the fact graph as DOT and, through package render,
// as SVG:
//
//   - graph.dot and graph.svg: the whole graph. Nodes are entities, filled
//     with their type's colour from the vocabulary and explained by a
//     legend. Edges are the claims between entities, labelled with the
//     predicate's label and the interval ("owned by, 2004–2014"). A claim
//     that holds now (graph.Current) is drawn solid; one that has ended,
//     has not begun or is outranked is dashed and grey. Deprecated claims
//     are left out. Claims with the same subject, object and status share
//     one edge, one label line each. Literal facts (founded, category, ...)
//     are in the node's tooltip; an edge's tooltip lists its claims with
//     the titles of their sources. Source entities are not drawn as nodes:
//     every statement cites them.
//   - graph-DATE.dot and graph-DATE.svg, for each --at date: the graph as
//     it stood then: the claims that held on that date in every reading of
//     their dates, at their best rank, between entities that existed then
//     (by their lifespan facts, such as founded).
//   - entities/ID.svg: one page per entity, sources included: the entity
//     with its literal facts, its neighbours and the sources cited; a
//     source's page draws the claims that cite it. Every node links to its
//     own page, so the SVGs browse like a site; graph.svg links to the
//     pages too.
//
// Layout: edges point from subject to object, drawn left to right
// (rankdir=LR), which keeps edge labels horizontal. In the graphs only
// functional predicates (one value, or one at a time: owned by, operated
// by, subsidiary of, launched by) place the subject left of the object,
// so owners and operators form a column to the right of what they own and
// run; many-valued and symmetric predicates (holds a stake in, founder,
// partner of) do not constrain the layout. On a page every edge does, so
// what points at the entity is on its left and what it points at on its
// right. Above render.BoundedAbove nodes the DOT carries render.Bounded
// settings. A page draws at most MaxPageEdges edges and MaxPageNodes
// nodes and says how many statements it left out.
//
// Density: a graph within render's size limits can still be too dense to
// lay out. The complete graph of 141 nodes (9,870 edges) passes check,
// and the renderer passed its 2 GiB memory limit on it (and on 4,000 of
// its edges); a random digraph of 2,000 nodes and 10,000 edges took
// about a minute of processor time, the renderer's job timeout. So an
// SVG draws at most EdgeBudget edges: EdgesPerNode (4) per entity node,
// at least MinDrawEdges (40, so a page is never bounded) and at most
// MaxDrawEdges (2,000). A denser view keeps every node and, node by node, its
// strongest edges (see bounded in bound.go); a note on the drawing and a
// notice say "drew N of M edges (too dense to lay out)", and graph.dot
// and graph-DATE.dot keep every edge.
//
// The budget comes from laying out generated graphs with the real
// renderer, one child each as in a build, on a shared 2-core machine
// (load around 10 during the runs, so wall time ran 2 to 5 times the
// processor time, and figures varied by up to half between runs):
//
//	go test -run '^$' -bench BenchmarkDenseLayout -benchtime 1x -timeout 3h ./internal/diagram
//
//	graph (nodes, edges)         edges drawn       processor   peak memory
//	K100 (100, 4,950)            400 (budget)      1.0-1.6 s   54 MiB
//	                             800 (8 per node)  2.8 s       152 MiB
//	                             2,000             15.7 s      752 MiB
//	                             3,000             stopped at 120 s, 1.2 GiB
//	K141 (141, 9,870)            564 (budget)      1.4-1.6 s   92 MiB
//	                             846 (6 per node)  2.6 s       217 MiB
//	                             1,692 (12)        12.9 s      601 MiB
//	                             3,000             55.8 s      1.2 GiB
//	                             4,000             stopped past 2 GiB
//	K150 (150, 11,175)           600 (budget)      1.5-1.8 s   112 MiB
//	                             900 (6 per node)  2.9-3.2 s   211 MiB
//	                             1,800 (12)        17.7 s      849 MiB
//	random (150, 3,000)          600 (budget)      1.1-1.2 s   68 MiB
//	                             3,000 (whole)     5.1 s       145 MiB
//	random (500, 9,000)          2,000 (budget)    4.6-5.0 s   124 MiB
//	                             3,000             5.9-7.5 s   140 MiB
//	                             6,000             26 s        313 MiB
//	random (1,000, 10,000)       2,000 (budget)    3.6-4.6 s   116 MiB
//	                             3,000             9.4-10 s    153 MiB
//	                             6,000             25-30 s     252 MiB
//	random (1,990, 10,000)       2,000 (budget)    3.4-5.3 s   107 MiB
//	                             3,000             11-12.5 s   134 MiB
//	                             6,000             stopped at 120 s
//	corpus-330 (1,983, 4,949)    2,000 (budget)    2.6-2.8 s   89 MiB
//	                             4,949 (whole)     4.3-8.4 s   138 MiB
//
// Up to 150 nodes the layout routes splines and memory grows fastest: 4
// edges per node is the most that kept every complete graph near 100
// MiB (6 per node took twice that). Above, with render.Bounded, the cap
// of 2,000 edges kept every random digraph under about 5 s and 128 MiB,
// a twelfth of the job timeout (room for a loaded machine) and an eighth
// of the renderer's 1 GiB memory target; 3,000 edges took up to 12.5 s.
// Random digraphs are the worst case; the sparse corpus-330 (that of
// BenchmarkLayout) lays out whole in a few seconds, but is over the cap
// and is drawn bounded too.
//
// Text from fact files never becomes markup, an attribute, a link or a
// DOT keyword: the DOT is built with package dot, which escapes labels
// and tooltips so that they show exactly the fact file's text, builds
// node names and links from validated ids only and parses the
// vocabulary's colours again.
package diagram
