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
// and graph-DATE.dot keep every edge. The numbers are measured: see
// BenchmarkDenseLayout.
//
// Text from fact files never becomes markup, an attribute, a link or a
// DOT keyword: the DOT is built with package dot, which escapes labels
// and tooltips so that they show exactly the fact file's text, builds
// node names and links from validated ids only and parses the
// vocabulary's colours again.
package diagram
