package cli

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/factgraph/factgraph/internal/cache"
	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/diagram"
	"github.com/factgraph/factgraph/internal/export"
	"github.com/factgraph/factgraph/internal/publish"
	"github.com/factgraph/factgraph/internal/render"
	"github.com/factgraph/factgraph/internal/report"
	"github.com/factgraph/factgraph/internal/site"
)

const buildDoc = `Build runs the full check first; with any error it prints the findings and writes nothing. Otherwise it writes the site and the data files into the output directory and replaces it as a whole, atomically: a build that fails or is killed leaves the old directory as it was. Paths written into out/ are relative to the repository root, so out/ does not depend on where the command ran.`

const buildExample = `factgraph build
factgraph build --at 2012 --out /tmp/site`

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
	// Every file goes to the staging tree as soon as it is made, and is
	// dropped: the build holds the graph, the DOT of the pages waiting to
	// be drawn and one file at a time, not out/ (see "Memory" in
	// docs/performance.md). Of the data files the site needs only the
	// size and SHA-256 of those at the top, and reads back the diagrams
	// it embeds.
	tuneOutputGC()
	st, err := publish.Begin(out)
	if err != nil {
		if errors.Is(err, publish.ErrUnsafe) {
			return usageErr("--out: %v", err)
		}
		return usageErr("writing %s: %v; nothing was changed", shownOut, err)
	}
	defer st.Abort()
	var top []site.DataFile
	written := 0
	var writeErr error // the first error writing the stage, which stops the build
	emit := func(f export.File) error {
		if err := st.Write(f.Path, f.Data); err != nil {
			writeErr = cmp.Or(writeErr, err)
			return err
		}
		written++
		if !strings.Contains(f.Path, "/") {
			top = append(top, site.Describe(f))
		}
		if probeWritten != nil {
			probeWritten(written)
		}
		return nil
	}
	failed := func(what string, err error) error {
		if writeErr != nil {
			return usageErr("writing %s: %v; nothing was changed", shownOut, writeErr)
		}
		// The facts passed the check, so a producer's failure (a crashed
		// or timed-out renderer, an SVG that failed verification) is ours.
		return internalErr("%s: %v; nothing was written to %s", what, err, shownOut)
	}
	var mu sync.Mutex // the renderer puts SVGs from its children's goroutines
	locked := func(f export.File) error {
		mu.Lock()
		defer mu.Unlock()
		return emit(f)
	}
	if err := diagram.Write(context.Background(), res.Graph, dopts, locked); err != nil {
		return failed("diagrams", err)
	}
	tables, err := export.Tables(res.Graph)
	if err != nil {
		return failed("tables", err)
	}
	for _, f := range tables {
		if err := emit(f); err != nil {
			return failed("tables", err)
		}
	}
	// The RDF files are the largest of out/: written as they are made.
	err = export.WriteRDF(res.Graph, func(name string) (io.WriteCloser, error) {
		w, err := st.Create(name)
		if err != nil {
			writeErr = cmp.Or(writeErr, err)
			return nil, err
		}
		written++
		return &describing{w: w, name: name, hash: sha256.New(), done: func(d site.DataFile) {
			top = append(top, d)
			if probeWritten != nil {
				probeWritten(written)
			}
		}, failed: &writeErr}, nil
	})
	if err != nil {
		return failed("rdf", err)
	}
	// The site comes last: it embeds the diagrams and lists every data
	// file with its size and SHA-256.
	data := site.Data{Top: top, Read: func(p string) ([]byte, bool, error) {
		b, err := st.ReadFile(p)
		if errors.Is(err, os.ErrNotExist) {
			return nil, false, nil
		}
		return b, err == nil, err
	}}
	if err := site.Write(res.Graph, res.Findings, data, site.Options{Site: res.Vocab.Site, At: at}, emit); err != nil {
		return failed("site", err)
	}
	if probeWritten != nil {
		probeWritten(written)
	}
	svgs.commit()
	if err := st.Commit(); err != nil {
		return usageErr("writing %s: %v; nothing was changed", shownOut, err)
	}
	// written counts the files build made; the stage adds Marker and
	// README.md, of which the README is reported.
	if n := st.Reused() - 1; n > 0 {
		fmt.Fprintf(c.Stdout, "wrote %s: %d files, %d of them unchanged since the last build\n", shownOut, written+1, n)
	} else {
		fmt.Fprintf(c.Stdout, "wrote %s: %d files\n", shownOut, written+1)
	}
	return nil
}

// probeWritten, when not nil, is called with the number of files written
// so far after each file build writes to out/, and once more before the
// tree is published: the memory test measures the live heap there.
var probeWritten func(files int)

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

// describing writes a file of out/ and describes it for the site as it
// goes: its size and SHA-256.
type describing struct {
	w      io.WriteCloser
	name   string
	hash   hash.Hash
	size   int
	done   func(site.DataFile)
	failed *error // where the first write error goes
}

func (d *describing) Write(p []byte) (int, error) {
	n, err := d.w.Write(p)
	d.hash.Write(p[:n])
	d.size += n
	if err != nil {
		*d.failed = cmp.Or(*d.failed, err)
	}
	return n, err
}

func (d *describing) Close() error {
	if err := d.w.Close(); err != nil {
		*d.failed = cmp.Or(*d.failed, err)
		return err
	}
	f := site.DataFile{Path: d.name, Size: d.size}
	d.hash.Sum(f.SHA256[:0])
	d.done(f)
	return nil
}
