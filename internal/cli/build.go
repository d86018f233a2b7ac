package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/factgraph/factgraph/internal/cache"
	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/diagram"
	"github.com/factgraph/factgraph/internal/export"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/publish"
	"github.com/factgraph/factgraph/internal/render"
	"github.com/factgraph/factgraph/internal/report"
	"github.com/factgraph/factgraph/internal/site"
)

const buildDoc = `Build runs the full check first; with any error it prints the findings and writes nothing. Otherwise it writes the site and the data files into the output directory and replaces it as a whole, atomically: a build that fails or is killed leaves the old directory as it was. Paths written into out/ are relative to the repository root, so out/ does not depend on where the command ran.`

const buildExample = `factgraph build
factgraph build --at 2012 --out /tmp/site`

// producer makes some of the files of out/ from the checked graph.
type producer struct {
	name string
	make func(g *graph.Graph) ([]export.File, error)
}

func (c *CLI) build(args []string) error {
	fs := c.flags("build")
	in := addInputs(fs)
	outDir := fs.String("out", "", "output `directory`, replaced as a whole (default: ROOT/out)")
	var at dateList
	fs.Var(&at, "at", "also draw the graph as it stood on this `date` (YYYY, YYYY-MM or YYYY-MM-DD) as graph-DATE.dot/.svg and asof-DATE.html; repeatable")
	rest, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErr("build takes no arguments: it builds the whole fact base (see --facts)")
	}
	ws, err := in.open()
	if err != nil {
		return err
	}
	out := ws.root.Join("out")
	if *outDir != "" {
		out = ws.root.Abs(*outDir)
	}
	shownOut := filepath.ToSlash(*outDir)
	if shownOut == "" {
		shownOut = ws.root.Display("out")
	}
	if err := outsideInputs(out, []string{ws.schemaDir, ws.root.Join(ws.facts)}); err != nil {
		return usageErr("--out: %v", err)
	}
	if err := publish.Check(out); err != nil {
		return usageErr("--out: %v", err)
	}
	res, err := ws.check(c)
	if err != nil {
		return err
	}
	if len(res.Findings) > 0 {
		report.Text{}.Write(c.Stdout, ws.report(c, res.Findings, res.Set.Files))
	}
	if res.Counts().Error > 0 {
		return usageErrCode(ExitFindings, "the facts have errors; nothing was written to %s", shownOut)
	}

	r, err := c.renderer()
	if err != nil {
		return usageErr("%v", err)
	}
	svgs := newSVGCache(ws.openCache(c), ws.root.Dir)
	if rr, ok := r.(*render.Renderer); ok && svgs != nil {
		rr.Cache = svgs
	}
	dopts := diagram.Options{
		At:       at,
		Renderer: r,
		Notice:   func(msg string) { fmt.Fprintf(c.Stderr, "factgraph: notice: %s\n", msg) },
	}
	producers := []producer{
		{"diagrams", func(g *graph.Graph) ([]export.File, error) { return diagram.Files(context.Background(), g, dopts) }},
		{"tables", export.Tables},
		{"rdf", export.RDF},
	}
	var files []export.File
	for _, p := range producers {
		made, err := p.make(res.Graph)
		if err != nil {
			// The facts passed the check, so a producer's failure (a
			// crashed or timed-out renderer, an SVG that failed
			// verification) is ours.
			return internalErr("%s: %v; nothing was written to %s", p.name, err, shownOut)
		}
		files = append(files, made...)
	}
	// The site comes last: it embeds the diagrams and lists every data
	// file with its size and SHA-256, so it needs their bytes.
	pages, err := site.Files(res.Graph, res.Findings, files, site.Options{Site: res.Vocab.Site, At: at})
	if err != nil {
		return internalErr("site: %v; nothing was written to %s", err, shownOut)
	}
	files = append(files, pages...)
	slices.SortFunc(files, func(a, b export.File) int { return strings.Compare(a.Path, b.Path) })
	svgs.commit()
	if err := publish.Publish(out, files); err != nil {
		if errors.Is(err, publish.ErrUnsafe) {
			return usageErr("--out: %v", err)
		}
		return usageErr("writing %s: %v; nothing was changed", shownOut, err)
	}
	fmt.Fprintf(c.Stdout, "wrote %s: %d files\n", shownOut, len(files)+1)
	return nil
}

// usageErrCode is an error with a message and a chosen exit code.
func usageErrCode(code int, format string, args ...any) error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// outsideInputs refuses an output directory that is, or contains, one of
// the input paths: replacing it would delete them.
func outsideInputs(out string, inputs []string) error {
	for _, in := range inputs {
		if rel, err := filepath.Rel(out, in); err == nil && (filepath.IsLocal(rel) || rel == ".") {
			return fmt.Errorf("%s would replace the input %s", out, in)
		}
	}
	return nil
}

// dateList is a repeatable --at flag.
type dateList []date.Date

func (l *dateList) String() string {
	if l == nil {
		return ""
	}
	s := make([]string, len(*l))
	for i, d := range *l {
		s[i] = d.String()
	}
	return strings.Join(s, ",")
}

func (l *dateList) Set(s string) error {
	d, err := date.Parse(s)
	if err != nil {
		return err
	}
	*l = append(*l, d)
	return nil
}

// svgCache keeps the renderer's verified SVGs between builds, so a
// rebuild draws only the pages whose DOT changed. Like the check's
// entries, they are staged in memory and packed once at the end, under
// the repository's name.
type svgCache struct {
	store     *cache.Cache
	namespace string
	mu        sync.Mutex
	used      []cache.Key
}

func newSVGCache(store *cache.Cache, root string) *svgCache {
	if store == nil {
		return nil
	}
	s := &svgCache{store: store, namespace: "diagrams of " + root}
	store.Load(s.namespace)
	return s
}

func (s *svgCache) Get(k [32]byte) ([]byte, bool) {
	data, ok := s.store.Get(cache.Key(k))
	if ok {
		s.use(k)
	}
	return data, ok
}

func (s *svgCache) Put(k [32]byte, data []byte) error {
	err := s.store.Stage(cache.Key(k), data)
	if err == nil {
		s.use(k)
	}
	return err
}

func (s *svgCache) use(k [32]byte) {
	s.mu.Lock()
	s.used = append(s.used, cache.Key(k))
	s.mu.Unlock()
}

// commit packs the SVGs this build used; a cache that cannot be written
// costs the next build time, never a result.
func (s *svgCache) commit() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.store.Commit(s.namespace, s.used)
}
