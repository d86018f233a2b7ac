// Package cli implements the factgraph command line in the shape of
// gojq's: the CLI is a struct with injected streams, commands return an
// error that carries its exit code, and one printer writes it, so tests
// run commands in process; only main calls os.Exit.
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

	"github.com/factgraph/factgraph/internal/diagram"
	"github.com/factgraph/factgraph/internal/render"
	"github.com/factgraph/factgraph/internal/safetext"
	"github.com/factgraph/factgraph/internal/suggest"
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
	// Terminal says that Stdout is a terminal: text findings then show
	// their source line with a caret.
	Terminal bool
	// Renderer starts the SVG renderer that build and diff --svg use;
	// nil finds factgraph-render (render.New). Tests replace it.
	Renderer func() (diagram.Renderer, error)
}

// Main runs factgraph with the process's arguments and streams.
func Main() int {
	disableNetwork()
	tuneGC()
	c := &CLI{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Terminal: isTerminal(os.Stdout)}
	return c.Run(os.Args[1:])
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// Garbage collector settings, unless GOGC or GOMEMLIMIT set them. Reading
// fact files makes much short-lived garbage (YAML nodes, the untyped
// trees the schema validates) beside a live heap that only grows, so a
// collection every time the heap doubles mostly rescans what survives:
// collecting at five times the live heap cut a check's time by about a
// fifth. The memory limit keeps that from costing memory on a large
// fact base: near it the collector runs as often as it must.
const (
	gcPercent   = 400
	memoryLimit = 1 << 30
)

// outputGCPercent is the collector's setting while build writes out/:
// every page and SVG there is garbage as soon as it is written, beside a
// live heap that no longer grows (the graph, and the DOT of the pages
// waiting to be drawn), so collecting at five times the live heap would
// only let the garbage fill memory up to the limit.
const outputGCPercent = 100

// tuneOutputGC lowers the collector's setting for writing out/, unless
// GOGC set it.
func tuneOutputGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(outputGCPercent)
	}
}

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
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

// Error is a command's failure with the exit code it means. Msg is
// printed as "factgraph: MSG"; an empty Msg prints nothing (the findings
// said it all).
type Error struct {
	Code int
	Msg  string
}

func (e *Error) Error() string { return e.Msg }

// usageErr is a usage, configuration or I/O problem: exit 2.
func usageErr(format string, args ...any) error {
	return &Error{Code: ExitUsage, Msg: fmt.Sprintf(format, args...)}
}

// internalErr is a bug or a crashed renderer: exit 3.
func internalErr(format string, args ...any) error {
	return &Error{Code: ExitInternal, Msg: "internal error: " + fmt.Sprintf(format, args...)}
}

// errFindings is the facts' errors, already printed: exit 1.
var errFindings = &Error{Code: ExitFindings}

// command is one subcommand.
type command struct {
	name     string
	synopsis string // after "factgraph NAME"
	summary  string // one line, for the command list
	doc      string // what it does, for -h
	example  string
	run      func(c *CLI, args []string) error
}

func commands() []command {
	return []command{
		{"check", "[flags] [PATH...]", "check fact files: schema, references, contradictions", checkDoc, checkExample, (*CLI).check},
		{"show", "[flags] NAME", "print an entity with its statements, optionally as of a date", showDoc, showExample, (*CLI).show},
		{"build", "[flags]", "check, then write out/: the site, diagrams and data files", buildDoc, buildExample, (*CLI).build},
		{"fmt", "[-l] [-w] [-d] [flags] [PATH...]", "lay fact files out canonically", fmtDoc, fmtExample, (*CLI).fmtCmd},
		{"diff", "[flags] BASE [HEAD]", "compare the fact graph at two revisions or directories", diffDoc, diffExample, (*CLI).diff},
		{"rules", "", "list every rule", rulesDoc, "factgraph rules", (*CLI).rules},
		{"explain", "RULE", "explain a rule: what it checks, why, an example and the fix", explainDoc, "factgraph explain functional-conflict", (*CLI).explain},
		{"version", "", "print the version", versionDoc, "factgraph version", (*CLI).version},
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
	return c.exit(c.dispatch(args))
}

// exit is the one place that prints a command's error and turns it into
// an exit code.
func (c *CLI) exit(err error) int {
	if err == nil {
		return ExitOK
	}
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{Code: ExitUsage, Msg: err.Error()}
	}
	if e.Msg != "" {
		fmt.Fprintf(c.Stderr, "factgraph: %s\n", safetext.Terminal(e.Msg))
	}
	return e.Code
}

func (c *CLI) dispatch(args []string) error {
	if len(args) == 0 {
		c.usage(c.Stderr)
		return &Error{Code: ExitUsage}
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			return c.dispatch([]string{args[1], "-h"})
		}
		c.usage(c.Stdout)
		return nil
	case "-version", "--version":
		return c.version(nil)
	}
	var names []string
	for _, cmd := range commands() {
		if cmd.name == args[0] {
			return cmd.run(c, args[1:])
		}
		names = append(names, cmd.name)
	}
	c.usage(c.Stderr)
	return usageErr("unknown command %q%s", args[0], suggest.DidYouMean(args[0], names))
}

func (c *CLI) usage(w io.Writer) {
	fmt.Fprintln(w, "factgraph checks a knowledge graph kept as YAML fact files, and publishes it.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "usage: factgraph <command> [flags] [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, cmd := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run factgraph <command> -h for a command's description, flags and an example.")
}

// flags returns the FlagSet of command name. Its -h prints the command's
// description, flags and example on stdout.
func (c *CLI) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.Stderr)
	fs.Usage = func() {}
	return fs
}

// parse parses flags wherever they appear among the arguments (flags may
// follow paths: factgraph check facts --format json); "--" ends flags. A
// -h is not an error: the command's help is printed and errHelp returned,
// which the command returns as its (successful) result.
func (c *CLI) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	if i := slices.Index(args, "--"); i >= 0 {
		args, rest = args[:i], args[i+1:]
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.help(fs)
				return nil, errHelp
			}
			return nil, &Error{Code: ExitUsage, Msg: fmt.Sprintf("%v (see factgraph %s -h)", err, fs.Name())}
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

// errHelp means "-h was given and answered"; commands return it and Run
// treats it as success.
var errHelp = &Error{Code: ExitOK}

func (c *CLI) help(fs *flag.FlagSet) {
	for _, cmd := range commands() {
		if cmd.name != fs.Name() {
			continue
		}
		w := c.Stdout
		fmt.Fprintf(w, "usage: factgraph %s %s\n\n", cmd.name, cmd.synopsis)
		fmt.Fprintln(w, paragraph(cmd.doc))
		var n int
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(w, "\nflags:")
			fs.SetOutput(w)
			fs.PrintDefaults()
			fs.SetOutput(c.Stderr)
		}
		fmt.Fprintf(w, "\nexample:\n")
		for _, l := range strings.Split(cmd.example, "\n") {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
}

// oneOf validates a flag value against a list.
func oneOf(flagName, value string, allowed []string) error {
	if slices.Contains(allowed, value) {
		return nil
	}
	return usageErr("--%s must be one of %s, not %q%s", flagName, strings.Join(allowed, ", "), value, suggest.DidYouMean(value, allowed))
}

// renderer starts the SVG renderer.
func (c *CLI) renderer() (diagram.Renderer, error) {
	if c.Renderer != nil {
		return c.Renderer()
	}
	r, err := render.New()
	if err != nil {
		return nil, err
	}
	return r, nil
}
