package project

import "github.com/factgraph/factgraph/internal/finding"

// Input is reported for paths that cannot be fact files.
var Input = &finding.Rule{
	Name: "input", Severity: finding.Error, Stage: finding.StageLoad,
	Summary: "the path is not a readable fact file",
	Doc:     "Fact files are regular files ending in .yaml, with names every tool downstream can carry. Symlinks are never followed (an inside link would duplicate facts, an outside one would leak files); other spellings of the extension (.yml, .YAML) are reported rather than skipped; file and directory names must be valid UTF-8 without control or bidirectional characters or backslashes, because out/, SARIF and terminals all quote them.",
	Example: "facts/alipay.yml",
	Fix:     "Rename the file to .yaml, rename the file or directory, or commit the file itself instead of a link.",
}
