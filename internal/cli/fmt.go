package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/factgraph/factgraph/internal/layout"
	"github.com/factgraph/factgraph/internal/report"
)

// fmtCmd lays fact files out canonically, in the manner of gofmt. A file
// that does not parse, or whose layout would change its meaning, is
// reported and never written; the exit status is then 1.
func (c *CLI) fmtCmd(args []string) int {
	fs := c.flagSet("fmt", "[PATH...]")
	list := fs.Bool("l", false, "list files whose layout differs from the canonical one")
	write := fs.Bool("w", false, "rewrite files whose layout differs")
	diff := fs.Bool("d", false, "print a unified diff of the changes")
	paths, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(paths) == 0 {
		paths = []string{"facts"}
	}
	files, skipped, err := layout.Files(paths)
	if err != nil {
		return c.usageError("%v", err)
	}
	code := ExitOK
	for _, p := range skipped {
		fmt.Fprintf(c.Stderr, "%s: symlinks are not followed; format the file itself\n", report.Clean(filepath.ToSlash(p)))
		code = ExitFindings
	}
	for _, path := range files {
		name := report.Clean(filepath.ToSlash(path))
		src, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(c.Stderr, "factgraph: %v\n", err)
			code = max(code, ExitUsage)
			continue
		}
		out, err := layout.Format(filepath.ToSlash(path), src)
		var le *layout.Error
		switch {
		case errors.As(err, &le):
			fmt.Fprintf(c.Stderr, "%s:%d:%d: cannot format: %s [%s]\n", name, le.Pos.Line, le.Pos.Col, report.Clean(le.Msg), le.Rule)
			code = max(code, ExitFindings)
			continue
		case err != nil:
			fmt.Fprintf(c.Stderr, "factgraph: %s: %v\n", name, err)
			return ExitInternal
		}
		changed := !bytes.Equal(src, out)
		if !*list && !*write && !*diff {
			c.Stdout.Write(out)
			continue
		}
		if !changed {
			continue
		}
		if *list {
			fmt.Fprintln(c.Stdout, name)
		}
		if *diff {
			fmt.Fprint(c.Stdout, udiff.Unified("a/"+name, "b/"+name, string(src), string(out)))
		}
		if *write {
			if err := layout.WriteFile(path, out); err != nil {
				fmt.Fprintf(c.Stderr, "factgraph: %v\n", err)
				code = max(code, ExitUsage)
			}
		}
	}
	return code
}
