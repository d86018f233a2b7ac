package site_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/factgraph/factgraph/internal/check"
	"github.com/factgraph/factgraph/internal/date"
	"github.com/factgraph/factgraph/internal/diagram"
	"github.com/factgraph/factgraph/internal/export"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/fixture"
	"github.com/factgraph/factgraph/internal/graph"
	"github.com/factgraph/factgraph/internal/render"
	"github.com/factgraph/factgraph/internal/render/rendertest"
	"github.com/factgraph/factgraph/internal/site"
)

// tmp holds the sites the browser tests build, removed by TestMain.
var tmp string

func TestMain(m *testing.M) {
	var err error
	tmp, err = os.MkdirTemp("", "factgraph-site-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	// Temporary files (the renderer's, the browser profile) go inside tmp,
	// out of reach of whatever else cleans the shared temporary directory.
	private := filepath.Join(tmp, "tmp")
	if err := os.Mkdir(private, 0o700); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	os.Setenv("TMPDIR", private)
	// rendertest.Main builds the real renderer for the diagrams.
	code := rendertest.Main(runner{m})
	closeBrowser()
	os.RemoveAll(tmp)
	os.Exit(code)
}

type runner struct{ m *testing.M }

func (r runner) Run() int { return r.m.Run() }

var built sync.Map // fact base name -> *builtSite

type builtSite struct {
	once sync.Once
	dir  string
	err  error
}

// outDir builds, once per test binary, out/ for the fact directory dir
// (relative to base) as factgraph build --at 2012 does: the check, the
// diagrams with the real renderer, the tables, RDF, and then the site.
func outDir(t *testing.T, name, base, dir string) string {
	t.Helper()
	v, _ := built.LoadOrStore(name, &builtSite{})
	b := v.(*builtSite)
	b.once.Do(func() { b.dir, b.err = buildOut(filepath.Join(tmp, name), base, dir) })
	if b.err != nil {
		t.Fatalf("building the site of %s: %v", name, b.err)
	}
	return b.dir
}

func buildOut(out, base, dir string) (string, error) {
	res, err := check.Run(check.Options{SchemaDir: fixture.Schema(), SchemaName: "schema", Base: base, Dirs: []string{dir}, Limits: fact.DefaultLimits})
	if err != nil {
		return "", err
	}
	if n := res.Counts().Error; n > 0 {
		return "", fmt.Errorf("%d errors: %v", n, res.Findings)
	}
	r, err := render.New()
	if err != nil {
		return "", err
	}
	at := []date.Date{{Year: 2012, Prec: date.Year}}
	files, err := diagram.Files(context.Background(), res.Graph, diagram.Options{At: at, Renderer: r})
	if err != nil {
		return "", err
	}
	for _, p := range []func(*graph.Graph) ([]export.File, error){export.Tables, export.RDF} {
		made, err := p(res.Graph)
		if err != nil {
			return "", err
		}
		files = append(files, made...)
	}
	pages, err := site.Files(res.Graph, res.Findings, files, site.Options{Site: res.Vocab.Site, At: at})
	if err != nil {
		return "", err
	}
	for _, f := range append(files, pages...) {
		p := filepath.Join(out, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return "", err
		}
	}
	return out, nil
}

// shippedOut is the site of the repository's own facts.
func shippedOut(t *testing.T) string { return outDir(t, "shipped", fixture.Root(), "facts") }

// hostileOut is the site of testdata/hostile.
func hostileOut(t *testing.T) string {
	base, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	return outDir(t, "hostile", base, "hostile")
}

// httpSite serves dir as GitHub Pages would, under a sub-path, with the
// headers it sends.
func httpSite(t *testing.T, dir string) served {
	files := http.StripPrefix("/org/facts", http.FileServer(http.Dir(dir)))
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	prefix := ts.URL + "/org/facts/"
	return served{name: "http", base: prefix, inside: func(u string) bool { return strings.HasPrefix(u, prefix) }}
}

// both runs f on the site of dir served over HTTP and from file://.
func both(t *testing.T, dir string, f func(t *testing.T, s served)) {
	for _, s := range []func(*testing.T, string) served{httpSite, fileSite} {
		srv := s(t, dir)
		t.Run(srv.name, func(t *testing.T) { f(t, srv) })
	}
}
