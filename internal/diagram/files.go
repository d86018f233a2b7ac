package diagram

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/export"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/render"
)

// Renderer turns DOT into verified SVG; *render.Renderer is one.
type Renderer interface {
	Render(ctx context.Context, jobs []render.Job) ([][]byte, error)
}

// Options says what Files draws.
type Options struct {
	// At lists the dates to draw the graph as it stood then
	// (graph-DATE.dot and .svg).
	At []date.Date
	// Renderer renders the SVGs; nil writes the DOT files only.
	Renderer Renderer
	// Notice receives messages about what was left out, such as the
	// edges of a graph too dense to lay out or the SVG of a graph over
	// the size limit; nil drops them.
	Notice func(msg string)
}

// Files draws g: graph.dot and graph.svg, graph-DATE.dot and .svg for
// each date of opts.At, and entities/ID.svg for every entity. An SVG of a
// view with more edges than EdgeBudget allows draws the strongest of them
// and says so, on the drawing and in a notice; the DOT file keeps them
// all. A graph over render's hard node limit gets its DOT file but no
// SVG, with a notice. Any render failure is returned as it is (a
// *render.Error) with no files.
func Files(ctx context.Context, g *graph.Graph, opts Options) ([]export.File, error) {
	var files []export.File
	var jobs []render.Job
	notice := func(msg string) {
		if opts.Notice != nil {
			opts.Notice(msg)
		}
	}
	add := func(name string, v *view, withDOT bool) {
		whole := toDOT(v)
		if withDOT {
			files = append(files, export.File{Path: name + ".dot", Data: whole.Bytes()})
		}
		drawn := whole
		if whole.Nodes() <= render.MaxNodes {
			if b := bounded(v, EdgeBudget(len(v.nodes))); b != nil {
				msg := fmt.Sprintf("drew %d of %d edges (too dense to lay out)", len(b.edges), len(v.edges))
				if withDOT {
					msg += ": " + name + ".dot has them all"
				}
				b.notes = append(b.notes, msg)
				drawn = toDOT(b)
				notice(name + ".svg: " + msg)
			}
		}
		if render.Oversize(drawn.Nodes(), drawn.Edges()) {
			msg := fmt.Sprintf("%s.svg not drawn: %d nodes and %d edges are over the limit of %d nodes or %d edges",
				name, drawn.Nodes(), drawn.Edges(), render.MaxNodes, render.MaxEdges)
			if withDOT {
				msg += "; " + name + ".dot has the whole graph"
			}
			notice(msg)
			return
		}
		jobs = append(jobs, drawn.Job(name+".svg"))
	}
	add("graph", wholeView(g), true)
	for _, d := range sortedDates(opts.At) {
		add("graph-"+d.String(), atView(g, d), true)
	}
	cited := citations(g)
	for _, e := range g.Entities {
		add("entities/"+e.ID(), pageView(g, e, cited), false)
	}
	if opts.Renderer != nil && len(jobs) > 0 {
		svgs, err := opts.Renderer.Render(ctx, jobs)
		if err != nil {
			return nil, err
		}
		for i, j := range jobs {
			files = append(files, export.File{Path: j.Name, Data: svgs[i]})
		}
	}
	slices.SortFunc(files, func(a, b export.File) int { return strings.Compare(a.Path, b.Path) })
	return files, nil
}

func pageView(g *graph.Graph, e *graph.Entity, cited map[*graph.Entity][]*graph.Claim) *view {
	if isSource(g, e) {
		return sourceView(g, e, cited[e])
	}
	return entityView(g, e)
}

// citations maps each source to the claims citing it, in claim order.
func citations(g *graph.Graph) map[*graph.Entity][]*graph.Claim {
	m := map[*graph.Entity][]*graph.Claim{}
	for _, c := range g.Claims {
		for _, s := range c.Sources {
			m[s] = append(m[s], c)
		}
	}
	return m
}

// sortedDates sorts dates by the file names they give and drops
// duplicates.
func sortedDates(ds []date.Date) []date.Date {
	out := slices.Clone(ds)
	slices.SortFunc(out, func(a, b date.Date) int { return strings.Compare(a.String(), b.String()) })
	return slices.Compact(out)
}
