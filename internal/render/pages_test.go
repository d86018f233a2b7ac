package render_test

import (
	"fmt"
	"strings"

	"github.com/factgraph/factgraph/internal/render"
)

// pageJob is generated graph i, the size and shape of an entity page as
// package diagram draws one: a focus node, 8 to 16 neighbours joined to
// it by labelled edges, and a cluster of 4 to 10 sources (10 to 25 nodes
// and 8 to 16 edges; the pages of a generated corpus of 10,000
// statements have 8 to 25 nodes and 10 to 13 edges).
func pageJob(i int) render.Job {
	var b strings.Builder
	b.WriteString("digraph \"factgraph\" {\n")
	b.WriteString(`  graph [rankdir="LR", fontname="Helvetica", fontsize="12", nodesep="0.3", ranksep="0.55", pad="0.2", newrank="true", bgcolor="#ffffff"];` + "\n")
	b.WriteString(`  node [shape="box", style="rounded,filled", fontname="Helvetica", fontsize="11", color="#555555", fillcolor="#ffffff", margin="0.12,0.05", penwidth="1"];` + "\n")
	b.WriteString(`  edge [fontname="Helvetica", fontsize="9", color="#222222", fontcolor="#222222", arrowsize="0.7", penwidth="1.2"];` + "\n")
	neighbours, sources := 8+i%9, 4+i%7
	fmt.Fprintf(&b, `  "e-%d" [fillcolor="#9fc5e8", label="Entity %d\n(company)\n\nfounded: %d\l", penwidth="2.5", fontsize="12", tooltip="Entity %d (company)\nfounded: %d"];`+"\n",
		i, i, 1900+i%100, i, 1900+i%100)
	for k := range neighbours {
		fmt.Fprintf(&b, `  "n-%d-%d" [fillcolor="#ead1dc", label="Product %d.%d\n", URL="n-%d-%d.svg", tooltip="Product %d.%d (online service)\ncategory: category %d"];`+"\n",
			i, k, i, k, i, k, i, k, k)
	}
	for k := range neighbours {
		style := ""
		if k%2 == 1 {
			style = `, style="dashed", color="#8c8c8c", fontcolor="#8c8c8c", penwidth="1"`
		}
		fmt.Fprintf(&b, `  "n-%d-%d" -> "e-%d" [label="operated by, %d–2015\n", tooltip="Product %d.%d operated by Entity %d\nsources: Source %d"%s];`+"\n",
			i, k, i, 2000+k, i, k, i, k%sources, style)
	}
	b.WriteString("  subgraph \"cluster_sources\" {\n")
	b.WriteString(`    graph [label="Sources", fontname="Helvetica-Bold", fontsize="10", style="rounded,dashed", color="#bbbbbb", labeljust="l"];` + "\n")
	for s := range sources {
		fmt.Fprintf(&b, `    "source-%d-%d" [shape="note", style="filled", fillcolor="#eeeeee", fontsize="9", label="Source %d\n", tooltip="Source %d\n", URL="source-%d-%d.svg"];`+"\n",
			i, s, s, s, i, s)
	}
	b.WriteString("  }\n}\n")
	return render.Job{Name: fmt.Sprintf("entities/e-%d.svg", i), DOT: []byte(b.String()), Nodes: 1 + neighbours + sources, Edges: neighbours}
}

// pageJobs is pageJob for 0 to n-1.
func pageJobs(n int) []render.Job {
	jobs := make([]render.Job, n)
	for i := range jobs {
		jobs[i] = pageJob(i)
	}
	return jobs
}
