// Package render turns DOT into verified SVG: DOT in, SVG out, nothing
// else. The layout runs in a child process, factgraph-render (package
// graphviz, the only importer of go-graphviz), so that:
//
//   - the main binary never pays go-graphviz's 0.65 s WebAssembly
//     compilation, and never reads or writes its compilation cache in a
//     shared $TMPDIR: each run gives the child a fresh private directory
//     as its TMPDIR and removes it afterwards;
//   - a render can never hang the caller: go-graphviz ignores context
//     cancellation, so the parent kills the child when one SVG takes longer
//     than JobTimeout or the run longer than Timeout, and when the child's
//     resident memory passes MemoryLimit (Linux). The timers run on a
//     Clock, which tests replace;
//   - a crash of the layout engine is a clean error, never a crash of the
//     build.
//
// Nothing of a run outlives it, even when the parent is killed with
// SIGKILL and cannot clean up. On Linux the kernel kills the child with
// its parent (PR_SET_PDEATHSIG); elsewhere, and as a second line, the
// child exits when its input ends while it has a job in hand. The child
// also holds itself to the limits the parent sends in the protocol
// header, with kernel timers that kill it and RLIMIT_DATA (see package
// graphviz), so an orphan cannot run or grow without bound either. The
// run's directory, factgraph-render-* in os.TempDir(), is locked with
// flock while the run lasts, and every run first removes the directories
// whose lock is free: those of killed parents.
//
// BenchmarkRender measures a run of 2,000 generated graphs of an entity
// page's size (10 to 25 nodes) with one, two and three children, and
// with all of them cached:
//
//	go test -run '^$' -bench BenchmarkRender -benchtime 1x ./internal/render
//
// On a 2-core AMD EPYC virtual machine shared with other test runs
// (load average 10 to 16), in two rounds, taking seconds a run and
// processor time a page (parent and children together):
//
//	children=1   29.0-31.3 s   8.5-8.8 ms
//	children=2   20.6-23.6 s   9.7-10.1 ms
//	children=3   18.5-24.2 s  10.2-10.7 ms
//	cached        0.4-0.7 s    0.12 ms
//
// and with a lighter load (2 rising to 8): one child 11.3-13.3 s, two
// 9.3-13.5 s, three 11.5-15.2 s. Each child beyond the first costs
// about 0.6 ms a page of processor time in this run, its start spread
// over 2,000 pages; the time saved depends on how many cores are free.
// A cached page costs a key, a lookup and a checksum.
//
// Before anything reaches the child, CheckDOT holds the DOT to a fixed,
// safe subset of the language (an allowlist of attributes and values,
// links only to entity pages, no HTML-like labels). After the child
// answers, Verify parses every SVG strictly and rejects scripts, event
// handlers, foreign elements and attributes, foreign link schemes and a
// node or edge count other than the one expected. go-graphviz drops
// malformed labels and copies control characters without an error, so
// the verification is what makes its output trustworthy.
//
// A Renderer with a Cache looks each job up first, by a key of its DOT,
// its node and edge counts and a hash of the renderer's executable, and
// renders only what it does not find: a run whose jobs are all cached
// starts no child. Only verified SVGs are stored, each sealed with a
// checksum, so what comes back is used without verifying it again, and
// an entry that fails the checksum is a miss.
//
// A run starts one child per core (Renderer.Children, one per
// JobsPerChild jobs at most), since go-graphviz is not safe for
// concurrent renders in one process. The children take jobs from one
// queue, one at a time, and the parent verifies each SVG while its
// child lays out the next; the SVGs are put back in job order, so the
// output is the same bytes whatever the number of cores. MemoryLimit is
// shared between the children, each with its own share and at least
// MinChildMemory, so their total stays bounded: by default two children
// of 1 GiB on two cores, four of 512 MiB on four or more. A failure in
// any child fails the run with the same kinds of Error as one child
// would, and stops the others. The protocol on the children's stdin and
// stdout is described in wire.go.
package render
