// Package cli implements the factgraph command line. Commands write to
// the CLI's injected streams and return exit codes, so tests run them in
// process; only main calls os.Exit.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"slices"
	"strings"
)

// Exit codes.
const (
	ExitOK       = 0 // no errors (warnings allowed)
	ExitFindings = 1 // the input was rejected: errors in the facts
	ExitUsage    = 2 // bad flags or arguments, unusable schema directory, I/O trouble
	ExitInternal = 3 // a bug or a crashed renderer; nothing was written
)

// CLI is one invocation's environment.
type CLI struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// Main runs factgraph with the process's arguments and streams.
func Main() int {
	disableNetwork()
	c := &CLI{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	return c.Run(os.Args[1:])
}

// disableNetwork makes every HTTP request fail at once. Nothing in
// factgraph needs the network; this backs up the schema loader's refusal
// of remote references (gojsonschema fetches them with http.Get and no
// timeout).
func disableNetwork() {
	refuse := func(context.Context, string, string) (net.Conn, error) {
		return nil, errors.New("factgraph does not use the network")
	}
	http.DefaultTransport = &http.Transport{DialContext: refuse, Proxy: nil}
	http.DefaultClient = &http.Client{Transport: http.DefaultTransport}
}

type command struct {
	name    string
	summary string
	run     func(c *CLI, args []string) int
}

func commands() []command {
	return []command{
		{"check", "check fact files: schema, references, contradictions", (*CLI).check},
		{"show", "print an entity with its statements, optionally as of a date", (*CLI).show},
		{"rules", "list every rule", (*CLI).rules},
		{"explain", "explain a rule: what it checks, why, an example and the fix", (*CLI).explain},
		{"build", "check, then write out/: diagrams (DOT, SVG) and exports", (*CLI).build},
		{"fmt", "lay fact files out canonically (-l list, -w rewrite, -d diff)", (*CLI).fmtCmd},
		{"diff", "compare the fact graph at two revisions or directories", (*CLI).diff},
	}
}

// Run runs one command and returns its exit code. A panic becomes exit
// code 3 with a message, never a crash with partial output files.
func (c *CLI) Run(args []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(c.Stderr, "factgraph: internal error: %v\n%s", r, debug.Stack())
			code = ExitInternal
		}
	}()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		c.usage(c.Stdout)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	for _, cmd := range commands() {
		if cmd.name == args[0] {
			return cmd.run(c, args[1:])
		}
	}
	fmt.Fprintf(c.Stderr, "factgraph: unknown command %q\n", args[0])
	c.usage(c.Stderr)
	return ExitUsage
}

func (c *CLI) usage(w io.Writer) {
	fmt.Fprintln(w, "usage: factgraph <command> [flags] [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, cmd := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run factgraph <command> -h for a command's flags.")
}

// flagSet returns a FlagSet that reports to the CLI's stderr.
func (c *CLI) flagSet(name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(c.Stderr, "usage: factgraph %s [flags] %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags wherever they appear among the arguments (flags may
// follow paths: factgraph check facts --format json); "--" ends flags.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	if i := slices.Index(args, "--"); i >= 0 {
		args, rest = args[:i], args[i+1:]
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	return append(positional, rest...), nil
}

// usageError prints a usage problem and returns ExitUsage.
func (c *CLI) usageError(format string, args ...any) int {
	fmt.Fprintf(c.Stderr, "factgraph: "+format+"\n", args...)
	return ExitUsage
}

// oneOf validates a flag value against a list.
func oneOf(flagName, value string, allowed []string) error {
	if slices.Contains(allowed, value) {
		return nil
	}
	return fmt.Errorf("--%s must be one of %s, not %q", flagName, strings.Join(allowed, ", "), value)
}
