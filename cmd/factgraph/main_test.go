package main

import (
	"errors"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/factgraph/factgraph/internal/cli"
)

// The end-to-end tests are txtar scripts under testdata/script, run with
// testscript: each runs the real factgraph binary (this test binary,
// re-executed) in a fresh directory holding copies of the repository's
// schema/ and facts/.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"factgraph": func() { os.Exit(cli.Main()) },
	})
}

var update = flag.Bool("update", false, "rewrite the cmp files of the scripts with what the commands print")

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			// Each script has a cache of its own, so the cache is used (a
			// script's second check is warm) and nothing is written
			// outside the script's directory.
			env.Setenv("FACTGRAPH_CACHE", filepath.Join(env.WorkDir, ".cache"))
			// git in the scripts: a fixed identity, no user or system
			// configuration.
			for _, kv := range []string{"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t",
				"GIT_COMMITTER_EMAIL=t@example.org", "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null"} {
				k, v, _ := strings.Cut(kv, "=")
				env.Setenv(k, v)
			}
			for _, dir := range []string{"schema", "facts"} {
				if err := copyTree(filepath.Join("..", "..", dir), filepath.Join(env.WorkDir, dir)); err != nil {
					return err
				}
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// mode FILE PERM requires the file's permission bits.
			"mode": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 2 {
					ts.Fatalf("usage: mode FILE PERM")
				}
				info, err := os.Stat(ts.MkAbs(args[0]))
				ts.Check(err)
				want, err := strconv.ParseUint(args[1], 8, 32)
				ts.Check(err)
				if got := info.Mode().Perm(); got != os.FileMode(want) {
					ts.Fatalf("%s has mode %04o, want %04o", args[0], got, want)
				}
			},
			// exitcode N prog args... runs prog and requires exit status N;
			// testscript's own "! exec" accepts any failure.
			"exitcode": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exitcode N program [args...]")
				}
				want, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("exitcode: %v", err)
				}
				err = ts.Exec(args[1], args[2:]...)
				got := 0
				var ee *exec.ExitError
				switch {
				case errors.As(err, &ee):
					got = ee.ExitCode()
				case err != nil:
					ts.Fatalf("exitcode: %v", err)
				}
				if got != want {
					ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
				}
			},
		},
	})
}

func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
