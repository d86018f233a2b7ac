package strictyaml

import "github.com/factgraph/factgraph/internal/finding"

// The rules this package reports, with their documentation (factgraph
// explain prints it; docs/rules.md is generated from it).
var (
	Syntax = &finding.Rule{
		Name: "yaml-syntax", Severity: finding.Error, Stage: finding.StageLoad,
		Summary: "the file is not valid YAML",
		Doc:     "The YAML parser rejected the file. yaml.v3 gives no column and not always the right line, so factgraph finds the construct at fault in the text (a tab in the indentation, an unknown alias, the bracket or quote never closed) and reports its line and column; where it cannot, it reports the line yaml.v3 gives, with column 0.",
		Example: "id: alipay\nlabel: [Alipay\n",
		Fix:     "Correct the YAML at or just before the reported line; quote values that contain ': ' or start with a special character.",
	}
	Alias = &finding.Rule{
		Name: "yaml-alias", Severity: finding.Error, Stage: finding.StageLoad,
		Summary: "anchors and aliases are not allowed",
		Doc:     "An anchor (&a) and its aliases (*a) make one value appear in several places, which hides what a reviewer approves and allows exponential 'billion laughs' documents. Fact files spell every value out.",
		Example: "aliases: &names [Zhifubao]\ndescription: *names\n",
		Fix:     "Write the value out in full wherever it is needed.",
	}
	Merge = &finding.Rule{
		Name: "yaml-merge", Severity: finding.Error, Stage: finding.StageLoad,
		Summary: "merge keys (<<) are not allowed",
		Doc:     "A merge key copies keys from another mapping, so the file does not show the statement it makes.",
		Example: "<<: {type: Company}\n",
		Fix:     "Write the keys out in the mapping itself.",
	}
	Tag = &finding.Rule{
		Name: "yaml-tag", Severity: finding.Error, Stage: finding.StageLoad,
		Summary: "explicit YAML tags are not allowed",
		Doc:     "Tags such as !!binary or !custom change how a value is read (yaml.v3 silently ignores unknown tags, and !!binary can smuggle invalid text). Every value in a fact file is read from its plain text.",
		Example: "label: !!binary QWxpcGF5\n",
		Fix:     "Remove the tag and write the value as plain text.",
	}
	MultiDoc = &finding.Rule{
		Name: "yaml-multidoc", Severity: finding.Error, Stage: finding.StageLoad,
		Summary: "a file holds one YAML document",
		Doc:     "A second document after '---' would be silently dropped by most YAML readers; one entity per file keeps review simple.",
		Example: "id: alipay\n---\nid: taobao\n",
		Fix:     "Move the second document to its own file, named after its id.",
	}
	DuplicateKey = &finding.Rule{
		Name: "yaml-duplicate-key", Severity: finding.Error, Stage: finding.StageLoad,
		Summary: "a key appears twice in one mapping",
		Doc:     "yaml.v3 keeps both copies of a repeated key when reading into nodes, and most readers keep only the last, so the file means different things to different tools.",
		Example: "id: alipay\nid: taobao\n",
		Fix:     "Keep one of the two keys.",
	}
	KeyType = &finding.Rule{
		Name: "yaml-key-type", Severity: finding.Error, Stage: finding.StageLoad,
		Summary: "mapping keys must be strings",
		Doc:     "Keys such as 1, true, ~ or 0x1 are not strings in YAML; two of them can silently collapse into one (0x1 and 1).",
		Example: "1: one\n",
		Fix:     "Use the key names the fact format defines.",
	}
	Scalar = &finding.Rule{
		Name: "yaml-scalar", Severity: finding.Error, Stage: finding.StageLoad,
		Summary: "numbers and booleans must be written plainly",
		Doc:     "YAML reads 010 as 8, 1_000 as 1000, 0x1F as 31 and .nan as not-a-number. Numbers must be plain finite decimals and booleans true or false, so what the author reads is what every consumer gets.",
		Example: "statements:\n  - predicate: holdsStakeIn\n    object: ant-group\n    share: 0x21\n",
		Fix:     "Write the number in plain decimal (33), or quote the value if it is text.",
	}
	Empty = &finding.Rule{
		Name: "empty-document", Severity: finding.Error, Stage: finding.StageLoad,
		Summary: "the file is empty",
		Doc:     "A fact file holds one entity; an empty or comment-only file holds none, which is almost always a mistake.",
		Example: "# nothing here\n",
		Fix:     "Add the entity or delete the file.",
	}
	Encoding = &finding.Rule{
		Name: "encoding", Severity: finding.Error, Stage: finding.StageLoad,
		Summary: "the file is not valid UTF-8",
		Doc:     "Fact files are UTF-8. Invalid bytes would be replaced silently by some tools, and UTF-16 is transcoded silently by yaml.v3.",
		Example: "label: Alipay\\xff\n",
		Fix:     "Save the file as UTF-8.",
	}
	ControlChar = &finding.Rule{
		Name: "control-char", Severity: finding.Error, Stage: finding.StageLoad,
		Summary: "control and bidirectional characters are not allowed",
		Doc:     "Control characters break the XML of the diagrams and the CSV, and bidirectional controls make text display differently from what it is (Trojan Source, CVE-2021-42574). They are rejected raw and escaped (\"\\x1b\").",
		Example: "label: \"Ali\\u202Epay\"\n",
		Fix:     "Remove the character; write line breaks with a YAML block scalar.",
	}
	Limit = &finding.Rule{
		Name: "limit", Severity: finding.Error, Stage: finding.StageLoad,
		Summary: "the input exceeds a size limit",
		Doc:     "Limits bound the work one pull request can cause: a file is at most 1 MiB, nesting at most 32 levels, a mapping at most 1000 keys, a list at most 10000 items, a string at most 64 KiB, and all files together at most 256 MiB in 200000 files holding 1200000 statements; past a limit on all files, the files after it (in path order) are not read, and their ids still count as known.",
		Example: "(a 2 MiB fact file)",
		Fix:     "Split the data into smaller files, one entity per file.",
	}
)
