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
	"github.com/factgraph/factgraph/internal/render"
	"github.com/factgraph/factgraph/internal/render/rendertest"
)

// runCLI runs factgraph in process.
func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	c := &CLI{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb}
	code = c.Run(args)
	return code, out.String(), errb.String()
}

// readTree reads every file under dir, by slash-separated relative path.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sameTree(a, b map[string][]byte) string {
	var diffs []string
	for k, v := range a {
		if w, ok := b[k]; !ok {
			diffs = append(diffs, "only in the first: "+k)
		} else if !bytes.Equal(v, w) {
			diffs = append(diffs, "differs: "+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			diffs = append(diffs, "only in the second: "+k)
		}
	}
	slices.Sort(diffs)
	return strings.Join(diffs, "\n")
}

func TestBuild(t *testing.T) {
	rendertest.Setup(t)
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runCLI("build", "--schema", "../../schema", "--out", out, "--at", "2012", "--at", "2016-06", "../../facts")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	files := readTree(t, out)
	for _, name := range []string{"graph.dot", "graph.svg", "graph-2012.dot", "graph-2012.svg", "graph-2016-06.dot", "graph-2016-06.svg",
		"entities/alipay.svg", "entities/alipay-and-alibaba.svg", ".factgraph-build"} {
		if _, ok := files[name]; !ok {
			t.Errorf("no %s", name)
		}
	}
	if !strings.Contains(stdout, "wrote "+filepath.ToSlash(out)+": ") {
		t.Errorf("stdout %q", stdout)
	}
	for name, data := range files {
		if bytes.Contains(data, []byte(filepath.ToSlash(out))) || bytes.Contains(data, []byte("/tmp")) {
			t.Errorf("%s mentions a path of this machine", name)
		}
	}
}

// copyFacts copies the shipped schema and facts under dir, creating the
// files in reverse order (so directory order differs from the
// original's).
func copyFacts(t *testing.T, dir string) {
	t.Helper()
	for _, tree := range []string{"schema", "facts"} {
		var files []string
		filepath.WalkDir(filepath.Join("../..", tree), func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				files = append(files, p)
			}
			return err
		})
		slices.Reverse(files)
		for _, p := range files {
			rel, _ := filepath.Rel("../..", p)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			dst := filepath.Join(dir, rel)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
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
	first := filepath.Join(t.TempDir(), "out")
	work := filepath.Join(t.TempDir(), "a", "different", "checkout")
	copyFacts(t, work)
	// out/ records each statement's file relative to the working
	// directory, so both builds run from the root of a checkout, as make
	// does.
	t.Chdir("../..")
	if code, stdout, stderr := runCLI("build", "--schema", "schema", "--out", first, "--at", "2012", "facts"); code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}

	bin := t.TempDir()
	if _, err := rendertest.GoBuild(bin, "factgraph", "github.com/factgraph/factgraph/cmd/factgraph"); err != nil {
		t.Fatal(err)
	}
	if _, err := rendertest.Build(bin); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(bin, "factgraph"), "build", "--at", "2012")
	cmd.Dir = work
	// No FACTGRAPH_RENDERER: the binary finds factgraph-render beside itself.
	cmd.Env = []string{"PATH=/usr/bin:/bin", "TZ=Asia/Tokyo", "LANG=tr_TR.UTF-8", "LC_ALL=tr_TR.UTF-8", "GOMAXPROCS=1", "HOME=" + work}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if d := sameTree(readTree(t, first), readTree(t, filepath.Join(work, "out"))); d != "" {
		t.Fatalf("the two builds differ:\n%s", d)
	}
}

// writeBroken writes a copy of the shipped facts with one dangling
// reference.
func writeBroken(t *testing.T) string {
	dir := t.TempDir()
	copyFacts(t, dir)
	p := filepath.Join(dir, "facts", "products", "taobao.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte("object: alipay"), []byte("object: ali-pay"), 1)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestBuildWritesNothingOnFailure checks that every failure leaves an
// existing out/ exactly as it was, with no staging directory beside it.
func TestBuildWritesNothingOnFailure(t *testing.T) {
	dir := rendertest.Setup(t)
	broken := writeBroken(t)
	tests := []struct {
		name  string
		facts string
		fake  string // a fake renderer's behaviour, or ""
		code  int
		msg   string
	}{
		{"errors in the facts", filepath.Join(broken, "facts"), "", ExitFindings, "nothing was written"},
		{"renderer crash", "../../facts", rendertest.Crash, ExitInternal, "simulated crash"},
		{"renderer timeout", "../../facts", rendertest.Hang, ExitInternal, "took longer than"},
		{"renderer speaking another protocol", "../../facts", rendertest.Garbage, ExitInternal, "not the factgraph-render protocol"},
		{"renderer writing a script", "../../facts", rendertest.Script, ExitInternal, "element <script>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "out")
			t.Setenv(render.EnvRenderer, filepath.Join(dir, "factgraph-render"))
			if code, stdout, stderr := runCLI("build", "--schema", "../../schema", "--out", out, "../../facts"); code != ExitOK {
				t.Fatalf("first build: exit %d\n%s%s", code, stdout, stderr)
			}
			before := readTree(t, out)
			if tc.fake != "" {
				fake, err := rendertest.Fake(tc.fake)
				if err != nil {
					t.Fatal(err)
				}
				t.Setenv(render.EnvRenderer, fake)
			}
			if tc.fake == rendertest.Hang {
				// Every time limit has passed at once: the build times out
				// however slow the machine, and the other fakes, which fail
				// at once, keep the default limits and never hit them.
				saved := newRenderer
				defer func() { newRenderer = saved }()
				newRenderer = func() (*render.Renderer, error) {
					r, err := saved()
					if r != nil {
						r.Clock = rendertest.Expired{}
					}
					return r, err
				}
			}
			code, stdout, stderr := runCLI("build", "--schema", "../../schema", "--out", out, tc.facts)
			if code != tc.code || !strings.Contains(stdout+stderr, tc.msg) {
				t.Fatalf("exit %d, want %d with %q\n%s%s", code, tc.code, tc.msg, stdout, stderr)
			}
			if d := sameTree(before, readTree(t, out)); d != "" {
				t.Errorf("out/ changed:\n%s", d)
			}
			entries, _ := os.ReadDir(parent)
			if len(entries) != 1 {
				t.Errorf("beside out/: %d entries", len(entries))
			}
		})
	}
	t.Run("findings are printed", func(t *testing.T) {
		_, stdout, _ := runCLI("build", "--schema", "../../schema", "--out", filepath.Join(t.TempDir(), "out"), filepath.Join(broken, "facts"))
		if !strings.Contains(stdout, `no entity has id "ali-pay"`) || !strings.Contains(stdout, "[unknown-entity]") {
			t.Errorf("stdout:\n%s", stdout)
		}
	})
}

func TestBuildRefusesUnsafeOut(t *testing.T) {
	rendertest.Setup(t)
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
	facts := t.TempDir()
	copyFacts(t, facts)
	tests := []struct {
		name, out, facts, msg string
	}{
		{"symlink", link, "../../facts", "symbolic link"},
		{"file", file, "../../facts", "not a directory"},
		{"foreign directory", foreign, "../../facts", "was not written by factgraph build"},
		{"the input itself", filepath.Join(facts, "facts"), filepath.Join(facts, "facts"), "would replace the input"},
		{"a parent of the input", facts, filepath.Join(facts, "facts"), "would replace the input"},
		{"the current directory", ".", "../../facts", "names no directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI("build", "--schema", "../../schema", "--out", tc.out, tc.facts)
			if code != ExitUsage || !strings.Contains(stderr, tc.msg) {
				t.Fatalf("exit %d, want %d with %q\n%s%s", code, ExitUsage, tc.msg, stdout, stderr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(facts, "facts", "products", "alipay.yaml")); err != nil {
		t.Errorf("the input was touched: %v", err)
	}
}

func TestBuildUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"bad date", []string{"build", "--at", "2012-13"}, "the month must be 01 to 12"},
		{"empty out", []string{"build", "--schema", "../../schema", "--out", "", "../../facts"}, "names no directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(tc.args...)
			if code != ExitUsage || !strings.Contains(stderr, tc.msg) {
				t.Fatalf("exit %d, stderr %q, want %q", code, stderr, tc.msg)
			}
		})
	}
	t.Run("no renderer", func(t *testing.T) {
		t.Setenv(render.EnvRenderer, "")
		t.Setenv("PATH", t.TempDir())
		out := filepath.Join(t.TempDir(), "out")
		code, _, stderr := runCLI("build", "--schema", "../../schema", "--out", out, "../../facts")
		if code != ExitUsage || !strings.Contains(stderr, "cannot find factgraph-render") {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("out/ was written")
		}
	})
}

// BenchmarkBuild runs the whole build (check, diagrams, every SVG,
// publish) on a generated corpus of 100,000 statements. Run it with
//
//	go test -run '^$' -bench BenchmarkBuild -benchtime 1x ./internal/cli
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("statements=%d", n), func(b *testing.B) {
			rendertest.Setup(b)
			size := corpus.ForStatements(n, 0)
			schema, err := filepath.Abs("../../schema")
			if err != nil {
				b.Fatal(err)
			}
			root := b.TempDir()
			if err := corpus.Write(filepath.Join(root, "facts"), size); err != nil {
				b.Fatal(err)
			}
			b.Chdir(root) // out/ records paths relative to the working directory
			b.ResetTimer()
			for b.Loop() {
				code, stdout, stderr := runCLI("build", "--schema", schema, "--out", "out", "facts")
				if code != ExitOK {
					b.Fatalf("exit %d\n%.2000s\n%.2000s", code, stdout, stderr)
				}
			}
			b.ReportMetric(float64(size.Statements())*float64(b.N)/b.Elapsed().Seconds(), "statements/s")
			b.ReportMetric(float64(size.Entities()), "pages")
		})
	}
}
