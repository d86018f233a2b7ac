package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/factgraph/factgraph/internal/grammar"
	"github.com/factgraph/factgraph/internal/graph"
)

// Output file names of Tables.
const (
	EntitiesCSV   = "entities.csv"
	StatementsCSV = "statements.csv"
	CSVMetadata   = "csv-metadata.json"
)

// column is one column of a table: its CSVW description and how to fill
// it from a row. Header, metadata and cells all come from the same list,
// so they cannot drift apart.
type column[R any] struct {
	name      string
	datatype  any // a CSVW built-in name or a derived datatype object
	required  bool
	separator string
	entityRef bool // holds entity ids: CSVW valueUrl and a foreign key
	doc       string
	cell      func(R) string
}

// CSVW datatypes used by the columns.
var (
	idType    = derived("string", grammar.IDPattern)
	nameType  = derived("string", grammar.NamePattern)
	dateType  = derived("string", grammar.DatePattern)
	stmtType  = derived("string", strings.TrimSuffix(grammar.IDPattern, "$")+`-[0-9a-f]{16}$`)
	rankType  = derived("string", `^(preferred|normal|deprecated)$`)
	dtypeType = derived("string", `^(date|string|number|url)$`)
)

func derived(base, format string) any {
	return struct {
		Base   string `json:"base"`
		Format string `json:"format"`
	}{base, format}
}

const formulaNote = " Text cells that start with = + - @ ' or their full-width forms, or with whitespace or a control character, and are not plain decimal numbers, are written with one ' in front, so that spreadsheets do not run them as formulas; remove one leading ' from a cell to get the exact text."

var entityColumns = []column[*graph.Entity]{
	{name: "id", datatype: idType, required: true,
		doc:  "The entity's id, unique, also its file name.",
		cell: func(e *graph.Entity) string { return e.ID() }},
	{name: "type", datatype: nameType, required: true,
		doc:  "The entity's type, as declared in vocabulary.yaml.",
		cell: func(e *graph.Entity) string { return e.Type.Name }},
	{name: "label", datatype: "string", required: true,
		doc:  "The entity's name as people write it.",
		cell: func(e *graph.Entity) string { return e.Label.Value }},
	{name: "aliases", datatype: "json",
		doc:  "Other names of the entity, as a JSON array of strings in the order written; empty when there are none. JSON rather than a separator because an alias may contain any character.",
		cell: aliases},
	{name: "description", datatype: "string",
		cell: func(e *graph.Entity) string { return e.Description.Value }},
	{name: "url", datatype: "anyURI",
		doc:  "An absolute https URL.",
		cell: func(e *graph.Entity) string { return e.URL.Value }},
	{name: "publisher", datatype: "string",
		doc:  "For sources: who published it.",
		cell: func(e *graph.Entity) string { return e.Publisher.Value }},
	{name: "published", datatype: dateType,
		doc:  "For sources: when it was published, as YYYY, YYYY-MM or YYYY-MM-DD.",
		cell: func(e *graph.Entity) string { return e.Published.String() }},
	{name: "file", datatype: "string", required: true,
		doc:  "The fact file, relative to where factgraph ran.",
		cell: func(e *graph.Entity) string { return e.File }},
}

var statementColumns = []column[claim]{
	{name: "statement", datatype: stmtType, required: true,
		doc:  "Stable statement id: the subject's id and 16 hex digits of a hash of what the claim says; the RDF statement node is <base>statement/<statement>.",
		cell: func(c claim) string { return c.ID }},
	{name: "subject", datatype: idType, required: true, entityRef: true,
		doc:  "Subject of the normalised claim (written with an inverse name, the claim is turned around).",
		cell: func(c claim) string { return c.Subject.ID() }},
	{name: "predicate", datatype: nameType, required: true,
		doc:  "Predicate of the normalised claim, never an inverse name.",
		cell: func(c claim) string { return c.Predicate.Name }},
	{name: "object", datatype: idType, entityRef: true,
		doc: "Object entity id; empty when the claim has a literal value.",
		cell: func(c claim) string {
			if c.Object == nil {
				return ""
			}
			return c.Object.ID()
		}},
	{name: "value", datatype: "string",
		doc: "Literal value as written; empty when the claim has an object.",
		cell: func(c claim) string {
			if c.Value == nil {
				return ""
			}
			return c.Value.Value
		}},
	{name: "datatype", datatype: dtypeType,
		doc:  "Datatype of the value: date, string, number or url; empty when the claim has an object.",
		cell: func(c claim) string { return c.Predicate.Datatype }},
	{name: "from", datatype: dateType,
		doc:  "First granule in which the claim holds, as written.",
		cell: func(c claim) string { return c.Interval.From.String() }},
	{name: "to", datatype: dateType,
		doc:  "Granule in which the claim stopped holding, as written.",
		cell: func(c claim) string { return c.Interval.To.String() }},
	{name: "at", datatype: dateType,
		doc:  "The one granule at which the claim holds, as written.",
		cell: func(c claim) string { return c.Interval.At.String() }},
	{name: "share", datatype: "number",
		doc: "Percentage stake, as written.",
		cell: func(c claim) string {
			if c.Share == nil {
				return ""
			}
			return c.Share.Value
		}},
	{name: "rank", datatype: rankType, required: true,
		doc:  "preferred, normal or deprecated, as in Wikidata.",
		cell: func(c claim) string { return c.Rank.String() }},
	{name: "reason", datatype: "string",
		doc:  "Why the rank was given (required for deprecated claims).",
		cell: func(c claim) string { return c.Stmt.Reason().Value }},
	{name: "sources", datatype: idType, separator: " ",
		doc:  "Ids of the source entities, separated by one space, in the order written.",
		cell: func(c claim) string { return strings.Join(c.SourceIDs(), " ") }},
	{name: "note", datatype: "string",
		doc:  "The statement's note.",
		cell: func(c claim) string { return c.Stmt.Note().Value }},
	{name: "current", datatype: "boolean", required: true,
		doc:  "true when the claim holds now at best rank; the RDF has a direct triple exactly for these.",
		cell: func(c claim) string { return strconv.FormatBool(c.Current) }},
	{name: "timeless", datatype: "boolean", required: true,
		doc:  "true when the claim's truth does not depend on time (an undated founder or founded), so it held at every date.",
		cell: func(c claim) string { return strconv.FormatBool(c.Timeless()) }},
	{name: "earliest_start", datatype: "date",
		doc:  "Earliest possible first day of the claim; empty when unknown.",
		cell: func(c claim) string { return c.Bounds.EarliestStart }},
	{name: "latest_start", datatype: "date",
		doc:  "Latest possible first day of the claim; empty for an undated claim.",
		cell: func(c claim) string { return c.Bounds.LatestStart }},
	{name: "earliest_end", datatype: "date",
		doc:  "Earliest possible first day on which the claim no longer holds; empty when it has not ended.",
		cell: func(c claim) string { return c.Bounds.EarliestEnd }},
	{name: "latest_end", datatype: "date",
		doc:  "Latest possible first day on which the claim no longer holds; empty when it has not ended.",
		cell: func(c claim) string { return c.Bounds.LatestEnd }},
	{name: "written_subject", datatype: idType, required: true, entityRef: true,
		doc:  "The entity whose fact file holds the statement.",
		cell: func(c claim) string { return writtenSubject(c.Claim) }},
	{name: "written_predicate", datatype: nameType, required: true,
		doc:  "The predicate name as written in the fact file, possibly an inverse name.",
		cell: func(c claim) string { return c.Stmt.Predicate.Value }},
	{name: "file", datatype: "string", required: true,
		doc:  "The fact file that holds the statement.",
		cell: func(c claim) string { return c.Stmt.Subject.File }},
	{name: "line", datatype: "positiveInteger", required: true,
		doc:  "Line of the statement in the file.",
		cell: func(c claim) string { return strconv.Itoa(int(c.Stmt.Loc.Line)) }},
	{name: "index", datatype: "nonNegativeInteger", required: true,
		doc:  "Position of the statement in the file's statements list, from 0 (the JSON pointer /statements/<index>).",
		cell: func(c claim) string { return strconv.Itoa(int(c.Stmt.Index)) }},
}

func aliases(e *graph.Entity) string {
	if len(e.Aliases) == 0 {
		return ""
	}
	names := make([]string, len(e.Aliases))
	for i, a := range e.Aliases {
		names[i] = a.Value
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // the cell is data, never HTML; keep it readable
	if err := enc.Encode(names); err != nil {
		panic(err) // a []string of valid UTF-8 always encodes
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Tables returns entities.csv, statements.csv and csv-metadata.json.
func Tables(g *graph.Graph) ([]File, error) {
	cs, err := claims(g)
	if err != nil {
		return nil, err
	}
	entities, err := writeCSV(rows(entityColumns, g.Entities))
	if err != nil {
		return nil, err
	}
	statements, err := writeCSV(rows(statementColumns, cs))
	if err != nil {
		return nil, err
	}
	meta, err := metadata(g.Vocab.Base)
	if err != nil {
		return nil, err
	}
	return []File{
		{Path: CSVMetadata, Data: meta},
		{Path: EntitiesCSV, Data: entities},
		{Path: StatementsCSV, Data: statements},
	}, nil
}

// rows returns the header and the cells of a table, before the formula
// rule is applied.
func rows[R any](cols []column[R], items []R) [][]string {
	out := make([][]string, 0, len(items)+1)
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.name
	}
	out = append(out, header)
	for _, it := range items {
		row := make([]string, len(cols))
		for i, c := range cols {
			row[i] = c.cell(it)
		}
		out = append(out, row)
	}
	return out
}

func writeCSV(records [][]string) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	// LF, because UseCRLF makes encoding/csv rewrite line breaks inside
	// values (and delete bare CRs), which would change the data.
	w.UseCRLF = false
	row := make([]string, 0, len(records[0]))
	for _, rec := range records {
		row = row[:0]
		for _, cell := range rec {
			row = append(row, neutralise(cell))
		}
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// neutralise applies the formula rule: a cell that a spreadsheet could
// read as a formula gets one ' in front. Cells that start with ' are
// prefixed too, which is what makes the rule reversible: stripping one
// leading ' from every cell that has one gives the data back. Plain
// decimal numbers are left as they are, so -5 stays a number.
func neutralise(s string) string {
	if needsQuote(s) {
		return "'" + s
	}
	return s
}

func needsQuote(s string) bool {
	if s == "" || grammar.Decimal.MatchString(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case '=', '+', '-', '@', '\'',
		// Full-width forms, as a precaution: some input methods and
		// spreadsheets fold them to ASCII.
		'＝', '＋', '－', '＠':
		return true
	}
	// Whitespace and control characters, because some spreadsheets trim
	// them before deciding whether a cell is a formula (OWASP lists TAB
	// and CR; NUL is in ASVS 5.0 1.2.10).
	return unicode.IsSpace(r) || unicode.IsControl(r)
}

// metadata describes both tables in CSV on the Web form.
func metadata(base string) ([]byte, error) {
	type dialect struct {
		Encoding        string   `json:"encoding"`
		LineTerminators []string `json:"lineTerminators"`
		QuoteChar       string   `json:"quoteChar"`
		DoubleQuote     bool     `json:"doubleQuote"`
		Header          bool     `json:"header"`
		Trim            bool     `json:"trim"`
	}
	type reference struct {
		Resource        string `json:"resource"`
		ColumnReference string `json:"columnReference"`
	}
	type foreignKey struct {
		ColumnReference string    `json:"columnReference"`
		Reference       reference `json:"reference"`
	}
	type schema struct {
		Columns     []csvwColumn `json:"columns"`
		PrimaryKey  string       `json:"primaryKey"`
		AboutURL    string       `json:"aboutUrl"`
		ForeignKeys []foreignKey `json:"foreignKeys,omitempty"`
	}
	type table struct {
		URL         string `json:"url"`
		Description string `json:"dc:description"`
		TableSchema schema `json:"tableSchema"`
	}
	type group struct {
		Context     string  `json:"@context"`
		Title       string  `json:"dc:title"`
		Description string  `json:"dc:description"`
		Dialect     dialect `json:"dialect"`
		Tables      []table `json:"tables"`
	}
	var fks []foreignKey
	for _, c := range statementColumns {
		if c.entityRef {
			fks = append(fks, foreignKey{c.name, reference{EntitiesCSV, "id"}})
		}
	}
	m := group{
		// CSVW requires exactly this context; processors recognise it
		// and never fetch it.
		Context: "http://www.w3.org/ns/csvw",
		Title:   "factgraph fact base",
		Description: "Entities and statements of the fact base. Lines end in LF; empty cells are absent values." +
			formulaNote,
		Dialect: dialect{Encoding: "utf-8", LineTerminators: []string{"\n"}, QuoteChar: `"`, DoubleQuote: true, Header: true,
			// CSVW trims cells by default, which would lose leading and
			// trailing spaces of the data.
			Trim: false},
		Tables: []table{
			{URL: EntitiesCSV, Description: "One row per entity, sorted by id." + formulaNote,
				TableSchema: schema{Columns: csvwColumns(entityColumns, base), PrimaryKey: "id", AboutURL: base + "id/{id}"}},
			{URL: StatementsCSV, Description: "One row per statement, normalised, in graph order; deprecated statements included." + formulaNote,
				TableSchema: schema{Columns: csvwColumns(statementColumns, base), PrimaryKey: "statement",
					AboutURL: base + "statement/{statement}", ForeignKeys: fks}},
		},
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

type csvwColumn struct {
	Name        string `json:"name"`
	Titles      string `json:"titles"`
	Description string `json:"dc:description,omitempty"`
	Datatype    any    `json:"datatype"`
	Required    bool   `json:"required,omitempty"`
	Separator   string `json:"separator,omitempty"`
	ValueURL    string `json:"valueUrl,omitempty"`
}

func csvwColumns[R any](cols []column[R], base string) []csvwColumn {
	out := make([]csvwColumn, len(cols))
	for i, c := range cols {
		out[i] = csvwColumn{Name: c.name, Titles: c.name, Description: c.doc, Datatype: c.datatype,
			Required: c.required, Separator: c.separator}
		if c.entityRef {
			out[i].ValueURL = base + "id/{" + c.name + "}"
		}
	}
	return out
}
