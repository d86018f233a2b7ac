package cache

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
)

// childDir, set in the environment, makes the test binary run one
// workload on that cache directory and exit: the second process of
// TestConcurrentProcesses.
const (
	childDir  = "FACTGRAPH_CACHE_TEST_CHILD_DIR"
	childSeed = "FACTGRAPH_CACHE_TEST_CHILD_SEED"
)

// TestConcurrentProcesses runs two subprocesses and two goroutines of
// this process on one cache directory, all reading, writing, packing and
// trimming the same keys. Misses are allowed; wrong data and errors are
// not, and neither is a partial file seen. It proves nothing by timing: each worker does a fixed amount of
// work, however the scheduler interleaves it.
func TestConcurrentProcesses(t *testing.T) {
	if dir := os.Getenv(childDir); dir != "" {
		seed, _ := strconv.ParseUint(os.Getenv(childSeed), 10, 64)
		if err := workload(dir, seed); err != nil {
			t.Fatal(err)
		}
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	type child struct {
		cmd *exec.Cmd
		out bytes.Buffer
	}
	var children []*child
	for i := range 2 {
		ch := &child{cmd: exec.Command(exe, "-test.run=^TestConcurrentProcesses$", "-test.count=1")}
		ch.cmd.Env = append(os.Environ(), childDir+"="+dir, childSeed+"="+strconv.Itoa(i+1))
		ch.cmd.Stdout, ch.cmd.Stderr = &ch.out, &ch.out
		if err := ch.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		children = append(children, ch)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for g := range errs {
		wg.Go(func() { errs[g] = workload(dir, uint64(10+g)) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	for i, ch := range children {
		if err := ch.cmd.Wait(); err != nil {
			t.Errorf("process %d: %v\n%s", i+1, err, ch.out.String())
		}
	}
}

// workload plays a few runs of a check over 64 files, in random order:
// load the namespace's pack, get each entry or put it on a miss, commit
// what was used and trim.
func workload(dir string, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, 0))
	for run := range 12 {
		c, err := Open(dir, Options{})
		if err != nil {
			return err
		}
		c.Load("shared")
		var used []Key
		for range 40 {
			i := rng.IntN(64)
			k := testKey(i)
			used = append(used, k)
			got, ok := c.Get(k)
			if !ok {
				if err := c.Put(k, bigData(i)); err != nil {
					return err
				}
				continue
			}
			if !bytes.Equal(got, bigData(i)) {
				return fmt.Errorf("worker %d, run %d: Get(%d) returned %d wrong bytes", seed, run, i, len(got))
			}
		}
		// Every write is a rename of a whole file, so no reader may ever
		// have seen a partial one.
		if n := c.Stats().Corrupt; n > 0 {
			return fmt.Errorf("worker %d, run %d: %d corrupt entries read", seed, run, n)
		}
		if err := c.Commit("shared", used); err != nil {
			return err
		}
		if err := c.Trim(); err != nil {
			return err
		}
	}
	return nil
}

// bigData returns an entry of a few to a few dozen kilobytes, large
// enough that a write that was not atomic would be seen torn.
func bigData(i int) []byte {
	return bytes.Repeat([]byte(fmt.Sprintf("entry %d;", i)), 500+i*50)
}
