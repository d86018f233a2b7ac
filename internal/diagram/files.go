package diagram

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/export"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/render"
)

// Renderer turns DOT into verified SVG, taking its jobs one at a time as
// it is ready for them and handing each SVG over as it is drawn (see
// render.Renderer.RenderSeq); *render.Renderer is one, and
// rendertest.Batch makes one of a function for tests.
type Renderer interface {
	RenderSeq(ctx context.Context, n int, next func() (render.Job, bool), put func(i int, svg []byte) error) error
}

// Draw renders one job with r and returns its SVG.
func Draw(ctx context.Context, r Renderer, job render.Job) ([]byte, error) {
	var svg []byte
	sent := false
	err := r.RenderSeq(ctx, 1, func() (render.Job, bool) {
		if sent {
			return render.Job{}, false
		}
		sent = true
		return job, true
	}, func(_ int, b []byte) error { svg = b; return nil })
	return svg, err
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
	return export.Collect(func(emit func(export.File) error) error { return Write(ctx, g, opts, emit) })
}

// Write draws what Files does and hands each file to emit as soon as it
// is made, in no particular order, keeping none: an entity page's DOT is
// made when the renderer is ready for it, so only the pages in hand are
// held. An error of
// emit stops the drawing and is returned as it is; after any error, the
// files already emitted are not to be used.
func Write(ctx context.Context, g *graph.Graph, opts Options, emit func(export.File) error) error {
	var jobs []render.Job
	notice := func(msg string) {
		if opts.Notice != nil {
			opts.Notice(msg)
		}
	}
	add := func(name string, v *view, withDOT bool) error {
		whole := toDOT(v)
		if withDOT {
			if err := emit(export.File{Path: name + ".dot", Data: whole.Bytes()}); err != nil {
				return err
			}
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
			return nil
		}
		jobs = append(jobs, drawn.Job(name+".svg"))
		return nil
	}
	if err := add("graph", wholeView(g), true); err != nil {
		return err
	}
	for _, d := range sortedDates(opts.At) {
		if err := add("graph-"+d.String(), atView(g, d), true); err != nil {
			return err
		}
	}
	cited := citations(g)
	if opts.Renderer == nil {
		for _, e := range g.Entities {
			add("entities/"+e.ID(), pageView(g, e, cited), false)
		}
		return nil
	}
	// The whole-graph jobs first, then each entity's as it is asked for;
	// notices come in the same order as if all were made at once.
	var mu sync.Mutex
	names := map[int]string{}
	n, entity := 0, 0
	next := func() (render.Job, bool) {
		for len(jobs) == 0 && entity < len(g.Entities) {
			e := g.Entities[entity]
			entity++
			add("entities/"+e.ID(), pageView(g, e, cited), false)
		}
		if len(jobs) == 0 {
			return render.Job{}, false
		}
		j := jobs[0]
		jobs[0] = render.Job{} // its DOT is the renderer's now
		jobs = jobs[1:]
		mu.Lock()
		names[n] = j.Name
		mu.Unlock()
		n++
		return j, true
	}
	return opts.Renderer.RenderSeq(ctx, len(jobs)+len(g.Entities), next, func(i int, svg []byte) error {
		mu.Lock()
		name := names[i]
		delete(names, i)
		mu.Unlock()
		return emit(export.File{Path: name, Data: svg})
	})
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
