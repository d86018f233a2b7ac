package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/factgraph/factgraph/internal/corpus"
	"github.com/factgraph/factgraph/internal/diagram"
	"github.com/factgraph/factgraph/internal/fixture"
	"github.com/factgraph/factgraph/internal/render"
	"github.com/factgraph/factgraph/internal/render/rendertest"
)

// run runs factgraph in process in dir, with its renderer from
// newRenderer when that is not nil.
func run(t testing.TB, dir string, newRenderer func() (diagram.Renderer, error), args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Chdir(dir)
	t.Setenv("FACTGRAPH_CACHE", t.TempDir())
	var out, errb bytes.Buffer
	c := &CLI{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Renderer: newRenderer}
	code = c.Run(args)
	return code, out.String(), errb.String()
}

func TestBuild(t *testing.T) {
	rendertest.Setup(t)
	repo := fixture.Repo(t)
	code, stdout, stderr := run(t, repo, nil, "build", "--at", "2012", "--at", "2016-06")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	files := fixture.ReadTree(t, filepath.Join(repo, "out"))
	for _, name := range []string{"graph.dot", "graph.svg", "graph-2012.dot", "graph-2012.svg", "graph-2016-06.dot", "graph-2016-06.svg",
		"entities/alipay.svg", "entities/alipay-and-alibaba.svg", ".factgraph-build",
		"index.html", "entities/alipay.html", "asof-2012.html", "asof-2016-06.html", "quality.html", "search/index.js", "assets/site.js"} {
		if _, ok := files[name]; !ok {
			t.Errorf("no %s", name)
		}
	}
	if !strings.Contains(stdout, "wrote out: ") {
		t.Errorf("stdout %q", stdout)
	}
	for name, data := range files {
		if bytes.Contains(data, []byte(repo)) || bytes.Contains(data, []byte("/tmp")) {
			t.Errorf("%s mentions a path of this machine", name)
		}
	}
}

// TestBuildFromAnywhere: from a subdirectory, build writes the root's
// out/ with the same content, paths relative to the root.
func TestBuildFromAnywhere(t *testing.T) {
	rendertest.Setup(t)
	repo := fixture.Repo(t)
	if code, stdout, stderr := run(t, repo, nil, "build"); code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	want := fixture.ReadTree(t, filepath.Join(repo, "out"))
	if code, stdout, stderr := run(t, filepath.Join(repo, "facts", "products"), nil, "build"); code != ExitOK {
		t.Fatalf("from facts/products: exit %d\n%s%s", code, stdout, stderr)
	}
	if d := fixture.DiffTrees(want, fixture.ReadTree(t, filepath.Join(repo, "out"))); d != "" {
		t.Errorf("out/ depends on where build ran:\n%s", d)
	}
	if !bytes.Contains(want["entities.csv"], []byte(",facts/products/alipay.yaml\n")) {
		t.Errorf("entities.csv does not name files from the root:\n%s", want["entities.csv"])
	}
}

// TestWarmRenderCache: a second build with the same cache draws nothing
// (its renderer cannot even start) and writes the same bytes as the first.
func TestWarmRenderCache(t *testing.T) {
	rendertest.Setup(t)
	repo := fixture.Repo(t)
	t.Chdir(repo)
	cacheDir := t.TempDir()
	if code, stdout, stderr := run(t, repo, nil, "build", "--cache-dir", cacheDir, "--at", "2012"); code != ExitOK {
		t.Fatalf("cold: exit %d\n%s%s", code, stdout, stderr)
	}
	cold := fixture.ReadTree(t, filepath.Join(repo, "out"))
	// The same renderer (the cache keys SVGs by its executable), but a
	// copy that cannot run.
	data, err := os.ReadFile(os.Getenv(render.EnvRenderer))
	if err != nil {
		t.Fatal(err)
	}
	unrunnable := filepath.Join(t.TempDir(), "factgraph-render")
	if err := os.WriteFile(unrunnable, data, 0o644); err != nil {
		t.Fatal(err)
	}
	broken := func() (diagram.Renderer, error) {
		return &render.Renderer{Path: unrunnable}, nil
	}
	code, stdout, stderr := run(t, repo, broken, "build", "--cache-dir", cacheDir, "--at", "2012")
	if code != ExitOK {
		t.Fatalf("warm, with a renderer that cannot start: exit %d\n%s%s", code, stdout, stderr)
	}
	if d := fixture.DiffTrees(cold, fixture.ReadTree(t, filepath.Join(repo, "out"))); d != "" {
		t.Errorf("the warm build differs from the cold one:\n%s", d)
	}
	// Nothing changed, so every file was taken from the last build.
	if want := fmt.Sprintf("wrote out: %d files, %d of them unchanged since the last build\n", len(cold)-1, len(cold)-1); stdout != want {
		t.Errorf("warm build printed %q, want %q", stdout, want)
	}
}

// TestBuildIsDeterministic builds the shipped facts twice: in process,
// and as a separately built binary run from another absolute path with
// the files created in another order, under another time zone, locale and
// core count. The trees must be byte-identical.
func TestBuildIsDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binaries")
	}
	rendertest.Setup(t)
	pkg, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	repo := fixture.Repo(t)
	first := filepath.Join(t.TempDir(), "out")
	if code, stdout, stderr := run(t, repo, nil, "build", "--out", first, "--at", "2012"); code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	work := filepath.Join(t.TempDir(), "a", "different", "checkout")
	copyReversed(t, repo, work)
	bin := t.TempDir()
	t.Chdir(pkg) // go build needs the module
	if _, err := rendertest.GoBuild(bin, "factgraph", "github.com/factgraph/factgraph/cmd/factgraph"); err != nil {
		t.Fatal(err)
	}
	if _, err := rendertest.Build(bin); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(bin, "factgraph"), "build", "--at", "2012")
	cmd.Dir = filepath.Join(work, "facts")
	// No FACTGRAPH_RENDERER: the binary finds factgraph-render beside itself.
	cmd.Env = []string{"PATH=/usr/bin:/bin", "TZ=Asia/Tokyo", "LANG=tr_TR.UTF-8", "LC_ALL=tr_TR.UTF-8", "GOMAXPROCS=1", "HOME=" + work}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if d := fixture.DiffTrees(fixture.ReadTree(t, first), fixture.ReadTree(t, filepath.Join(work, "out"))); d != "" {
		t.Fatalf("the two builds differ:\n%s", d)
	}
}

// copyReversed copies schema/ and facts/ of from to to, creating the
// files in reverse order, so that directory order differs from the
// original's.
func copyReversed(t *testing.T, from, to string) {
	t.Helper()
	var files []string
	for _, tree := range []string{"schema", "facts"} {
		filepath.WalkDir(filepath.Join(from, tree), func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				files = append(files, p)
			}
			return err
		})
	}
	slices.Reverse(files)
	for _, p := range files {
		rel, _ := filepath.Rel(from, p)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fixture.WriteTree(t, to, map[string]string{filepath.ToSlash(rel): string(data)})
	}
}

// fakeRenderer starts the real renderer code with a fake child: one that
// crashes, hangs, breaks the protocol or writes a script. Only the fake
// that hangs forever gets a clock on which every time limit has passed
// at once: the build times out however slow the machine, and no other
// fake can be killed before it misbehaves.
func fakeRenderer(t *testing.T, behaviour string) func() (diagram.Renderer, error) {
	fake, err := rendertest.Fake(behaviour)
	if err != nil {
		t.Fatal(err)
	}
	return func() (diagram.Renderer, error) {
		r := &render.Renderer{Path: fake, JobTimeout: render.DefaultJobTimeout, Timeout: render.DefaultTimeout, MemoryLimit: render.DefaultMemoryLimit}
		if behaviour == rendertest.Hang {
			r.Clock = rendertest.Expired{}
		}
		return r, nil
	}
}

// TestBuildWritesNothingOnFailure checks that every failure leaves an
// existing out/ exactly as it was, with no staging directory beside it.
func TestBuildWritesNothingOnFailure(t *testing.T) {
	rendertest.Setup(t)
	tests := []struct {
		name   string
		broken bool   // a dangling reference in the facts
		fake   string // a fake renderer's behaviour, or ""
		code   int
		msg    string
	}{
		{"errors in the facts", true, "", ExitFindings, "nothing was written"},
		{"renderer crash", false, rendertest.Crash, ExitInternal, "simulated crash"},
		{"renderer timeout", false, rendertest.Hang, ExitInternal, "took longer than"},
		{"renderer speaking another protocol", false, rendertest.Garbage, ExitInternal, "not the factgraph-render protocol"},
		{"renderer writing a script", false, rendertest.Script, ExitInternal, "element <script>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			repo := fixture.Repo(t)
			if code, stdout, stderr := run(t, repo, nil, "build"); code != ExitOK {
				t.Fatalf("first build: exit %d\n%s%s", code, stdout, stderr)
			}
			before := fixture.ReadTree(t, filepath.Join(repo, "out"))
			if tc.broken {
				breakFacts(t, repo)
			}
			var r func() (diagram.Renderer, error)
			if tc.fake != "" {
				r = fakeRenderer(t, tc.fake)
			}
			code, stdout, stderr := run(t, repo, r, "build")
			if code != tc.code || !strings.Contains(stdout+stderr, tc.msg) {
				t.Fatalf("exit %d, want %d with %q\n%s%s", code, tc.code, tc.msg, stdout, stderr)
			}
			if d := fixture.DiffTrees(before, fixture.ReadTree(t, filepath.Join(repo, "out"))); d != "" {
				t.Errorf("out/ changed:\n%s", d)
			}
			entries, _ := os.ReadDir(repo)
			if len(entries) != 3 { // facts, schema, out
				t.Errorf("beside out/: %v", entries)
			}
			if tc.broken && !strings.Contains(stdout, `no entity has id "ali-pay"`) {
				t.Errorf("the findings were not printed:\n%s", stdout)
			}
		})
	}
}

// breakFacts writes one dangling reference into the facts of repo.
func breakFacts(t *testing.T, repo string) {
	t.Helper()
	p := filepath.Join(repo, "facts", "products", "taobao.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, bytes.Replace(data, []byte("object: alipay"), []byte("object: ali-pay"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBuildRefusesUnsafeOut(t *testing.T) {
	rendertest.Setup(t)
	repo := fixture.Repo(t)
	parent := t.TempDir()
	link := filepath.Join(parent, "link")
	if err := os.Symlink(t.TempDir(), link); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(parent, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(parent, "thesis")
	if err := os.MkdirAll(filepath.Join(foreign, "chapters"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, out, msg string }{
		{"symlink", link, "symbolic link"},
		{"file", file, "not a directory"},
		{"foreign directory", foreign, "was not written by factgraph build"},
		{"the input itself", filepath.Join(repo, "facts"), "would replace the input"},
		{"a parent of the input", repo, "would replace the input"},
		{"the current directory", ".", "would replace the input"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, repo, nil, "build", "--out", tc.out)
			if code != ExitUsage || !strings.Contains(stderr, tc.msg) {
				t.Fatalf("exit %d, want %d with %q\n%s%s", code, ExitUsage, tc.msg, stdout, stderr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(repo, "facts", "products", "alipay.yaml")); err != nil {
		t.Errorf("the input was touched: %v", err)
	}
}

func TestBuildUsage(t *testing.T) {
	repo := fixture.Repo(t)
	for _, tc := range []struct {
		name string
		args []string
		msg  string
	}{
		{"bad date", []string{"build", "--at", "2012-13"}, "the month must be 01 to 12"},
		{"arguments", []string{"build", "facts"}, "build takes no arguments"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, repo, nil, tc.args...)
			if code != ExitUsage || !strings.Contains(stderr, tc.msg) {
				t.Fatalf("exit %d, stderr %q, want %q", code, stderr, tc.msg)
			}
		})
	}
	t.Run("no renderer", func(t *testing.T) {
		t.Setenv(render.EnvRenderer, "")
		t.Setenv("PATH", t.TempDir())
		code, _, stderr := run(t, repo, nil, "build")
		if code != ExitUsage || !strings.Contains(stderr, "cannot find factgraph-render") {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
		if _, err := os.Stat(filepath.Join(repo, "out")); err == nil {
			t.Errorf("out/ was written")
		}
	})
}

// TestDiffSVG draws the changed neighbourhood through the renderer.
func TestDiffSVG(t *testing.T) {
	rendertest.Setup(t)
	repo := fixture.Repo(t)
	other := filepath.Join(t.TempDir(), "other")
	fixture.CopyTree(t, repo, other)
	p := filepath.Join(other, "facts", "organizations", "ant-group.yaml")
	data, _ := os.ReadFile(p)
	os.WriteFile(p, append(data, "  - predicate: owns\n    object: youku-tudou\n    sources: [alipay-vs-alibaba]\n"...), 0o644)
	svg := filepath.Join(t.TempDir(), "diff.svg")
	code, _, errs := run(t, repo, nil, "diff", "--svg", svg, "--format", "json", "./", other)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	s, _ := os.ReadFile(svg)
	for _, want := range []string{"<svg", "Youku Tudou", "+ ownedBy, undated", `stroke="#1a7f37"`} {
		if !bytes.Contains(s, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

// BenchmarkBuild runs the whole build (check, diagrams, every SVG,
// publish) on a generated corpus. Run it with
//
//	go test -run '^$' -bench BenchmarkBuild -benchtime 1x ./internal/cli
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("statements=%d", n), func(b *testing.B) {
			rendertest.Setup(b)
			size := corpus.ForStatements(n, 0)
			root := b.TempDir()
			fixture.CopyTree(b, fixture.Schema(), filepath.Join(root, "schema"))
			if err := corpus.Write(filepath.Join(root, "facts"), size); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				code, stdout, stderr := run(b, root, nil, "build")
				if code != ExitOK {
					b.Fatalf("exit %d\n%.2000s\n%.2000s", code, stdout, stderr)
				}
			}
			b.ReportMetric(float64(size.Statements())*float64(b.N)/b.Elapsed().Seconds(), "statements/s")
			b.ReportMetric(float64(size.Entities()), "pages")
		})
	}
}
