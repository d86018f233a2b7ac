package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/factgraph/factgraph/internal/corpus"
	"github.com/factgraph/factgraph/internal/fixture"
	"github.com/factgraph/factgraph/internal/render/rendertest"
	"github.com/factgraph/factgraph/internal/testenv"
)

// The binary end to end, as a user and the gate run it: the factgraph
// and factgraph-render executables, built once, on generated corpora on
// disk (written once into $TMPDIR and kept, since a million statements
// take minutes to write), with the page cache warm. Each benchmark
// reports the wall time per run (ns/op), the processor time and the peak
// resident memory of the command. Run them with
//
//	go test -run '^$' -bench 'Binary' -benchtime 3x ./internal/cli
//
// Cold means an empty cache (--cache-dir of a fresh directory); warm
// means the cache filled by a previous run, then one fact file changed.

// benchBinaries builds factgraph and factgraph-render into a directory.
func benchBinaries(b *testing.B) string {
	b.Helper()
	pkg, err := os.Getwd()
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	b.Chdir(filepath.Join(pkg, "..", "..")) // go build needs the module
	if _, err := rendertest.GoBuild(dir, "factgraph", "github.com/factgraph/factgraph/cmd/factgraph"); err != nil {
		b.Fatal(err)
	}
	if _, err := rendertest.Build(dir); err != nil {
		b.Fatal(err)
	}
	b.Chdir(pkg)
	return dir
}

// benchCorpus returns a repository of about n statements under $TMPDIR,
// writing it the first time.
func benchCorpus(b *testing.B, n int) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("factgraph-bench-corpus-%d", n))
	if _, err := os.Stat(filepath.Join(dir, "done")); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	fixture.CopyTree(b, fixture.Schema(), filepath.Join(dir, "schema"))
	if err := corpus.Write(filepath.Join(dir, "facts"), corpus.ForStatements(n, 0)); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "done"), nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// touchOne returns a function that changes one fact file of the corpus,
// differently for each run (it is changed back at the end of the
// benchmark), as a pull request does.
func touchOne(b *testing.B, repo string) func(run int) {
	b.Helper()
	var file string
	filepath.WalkDir(filepath.Join(repo, "facts"), func(p string, d os.DirEntry, err error) error {
		if err == nil && file == "" && !d.IsDir() {
			file = p
		}
		return err
	})
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.WriteFile(file, data, 0o644) })
	edit := func(i int) {
		os.WriteFile(file, append(append([]byte{}, data...), fmt.Sprintf("# run %d\n", i)...), 0o644)
	}
	return edit
}

// runBinary runs the command in repo and returns its processor time and
// peak resident memory.
func runBinary(b *testing.B, repo string, name string, args ...string) (cpu time.Duration, rssMB float64) {
	b.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = repo
	if out, err := cmd.CombinedOutput(); err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 1 {
			b.Fatalf("%s %v: %v\n%.2000s", name, args, err, out)
		}
	}
	u := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return cpu, float64(u.Maxrss) / 1024
}

// measure runs f b.N times and reports the median processor time and the
// largest peak memory.
func measure(b *testing.B, f func(i int) (time.Duration, float64)) {
	var cpus []time.Duration
	peak := 0.0
	i := 0
	for b.Loop() {
		cpu, rss := f(i)
		i++
		cpus = append(cpus, cpu)
		peak = max(peak, rss)
	}
	slices.Sort(cpus)
	b.ReportMetric(cpus[len(cpus)/2].Seconds(), "cpu-s/op")
	b.ReportMetric(peak, "peak-MB")
}

func BenchmarkBinaryCheck(b *testing.B) {
	bin := benchBinaries(b)
	factgraph := filepath.Join(bin, "factgraph")
	for _, n := range []int{100_000, 1_000_000} {
		repo := benchCorpus(b, n)
		b.Run(fmt.Sprintf("statements=%d/cold", n), func(b *testing.B) {
			measure(b, func(int) (time.Duration, float64) {
				return runBinary(b, repo, factgraph, "check", "--cache-dir", b.TempDir())
			})
		})
		b.Run(fmt.Sprintf("statements=%d/no-cache", n), func(b *testing.B) {
			measure(b, func(int) (time.Duration, float64) { return runBinary(b, repo, factgraph, "check", "--no-cache") })
		})
		b.Run(fmt.Sprintf("statements=%d/warm", n), func(b *testing.B) {
			cacheDir := b.TempDir()
			runBinary(b, repo, factgraph, "check", "--cache-dir", cacheDir)
			edit := touchOne(b, repo)
			measure(b, func(i int) (time.Duration, float64) {
				edit(i)
				return runBinary(b, repo, factgraph, "check", "--cache-dir", cacheDir)
			})
		})
	}
}

// BenchmarkBinaryVersusPython runs factgraph check (cold, no cache) and
// the Python stack (testdata/pystack.py: PyYAML's C loader and
// python3-jsonschema on every file) on the same corpus, one after the
// other in each round, and reports the ratio of their median times.
func BenchmarkBinaryVersusPython(b *testing.B) {
	python := testenv.Program(b, "python3")
	if out, err := exec.Command(python, "-c", "import yaml, jsonschema; yaml.CSafeLoader").CombinedOutput(); err != nil {
		testenv.Missing(b, "python3-yaml with its C loader and python3-jsonschema: "+string(out))
	}
	script, err := filepath.Abs("testdata/pystack.py")
	if err != nil {
		b.Fatal(err)
	}
	bin := benchBinaries(b)
	repo := benchCorpus(b, 100_000)
	var ours, theirs []time.Duration
	for b.Loop() {
		start := time.Now()
		runBinary(b, repo, filepath.Join(bin, "factgraph"), "check", "--no-cache")
		ours = append(ours, time.Since(start))
		start = time.Now()
		runBinary(b, repo, python, script, "schema/fact.schema.json", "facts")
		theirs = append(theirs, time.Since(start))
	}
	slices.Sort(ours)
	slices.Sort(theirs)
	b.ReportMetric(ours[len(ours)/2].Seconds(), "factgraph-s")
	b.ReportMetric(theirs[len(theirs)/2].Seconds(), "python-s")
	b.ReportMetric(theirs[len(theirs)/2].Seconds()/ours[len(ours)/2].Seconds(), "times-faster")
}

func BenchmarkBinaryBuild(b *testing.B) {
	bin := benchBinaries(b)
	factgraph := filepath.Join(bin, "factgraph")
	for _, n := range []int{10_000, 100_000} {
		repo := benchCorpus(b, n)
		b.Run(fmt.Sprintf("statements=%d/cold", n), func(b *testing.B) {
			measure(b, func(int) (time.Duration, float64) {
				return runBinary(b, repo, factgraph, "build", "--cache-dir", b.TempDir(), "--out", filepath.Join(b.TempDir(), "out"))
			})
		})
		b.Run(fmt.Sprintf("statements=%d/warm", n), func(b *testing.B) {
			cacheDir, out := b.TempDir(), filepath.Join(b.TempDir(), "out")
			runBinary(b, repo, factgraph, "build", "--cache-dir", cacheDir, "--out", out)
			edit := touchOne(b, repo)
			measure(b, func(i int) (time.Duration, float64) {
				edit(i)
				return runBinary(b, repo, factgraph, "build", "--cache-dir", cacheDir, "--out", out)
			})
		})
	}
}
