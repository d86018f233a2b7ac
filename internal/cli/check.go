package cli

import (
	"errors"
	"fmt"

	"github.com/factgraph/factgraph/internal/check"
	"github.com/factgraph/factgraph/internal/fact"
	"github.com/factgraph/factgraph/internal/report"
)

func (c *CLI) check(args []string) int {
	fs := c.flagSet("check", "[PATH...]")
	schemaDir := fs.String("schema", "schema", "schema `directory` with fact.schema.json and vocabulary.yaml")
	format := fs.String("format", "text", "output `format`: "+fmt.Sprint(report.FormatNames()))
	paths, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if err := oneOf("format", *format, report.FormatNames()); err != nil {
		return c.usageError("%v", err)
	}
	res, code := c.runCheck(*schemaDir, paths)
	if res == nil {
		return code
	}
	if err := report.Formats[*format].Write(c.Stdout, &report.Report{Findings: res.Findings, Files: res.Set.Files}); err != nil {
		return c.usageError("writing the report: %v", err)
	}
	if res.Counts().Error > 0 {
		return ExitFindings
	}
	return ExitOK
}

// runCheck loads and checks the facts. On a configuration or I/O problem
// it prints it and returns a nil result with the exit code.
func (c *CLI) runCheck(schemaDir string, paths []string) (*check.Result, int) {
	if len(paths) == 0 {
		paths = []string{"facts"}
	}
	res, err := check.Run(check.Options{SchemaDir: schemaDir, Paths: paths, Limits: fact.DefaultLimits})
	var cfg *check.ConfigError
	switch {
	case errors.As(err, &cfg):
		if len(cfg.Findings) > 0 {
			report.Text{}.Write(c.Stderr, &report.Report{Findings: cfg.Findings, Files: 1})
		}
		fmt.Fprintf(c.Stderr, "factgraph: %v\n", err)
		return nil, ExitUsage
	case err != nil:
		fmt.Fprintf(c.Stderr, "factgraph: %v\n", err)
		return nil, ExitUsage
	}
	return res, ExitOK
}
