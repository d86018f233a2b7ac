package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestNeutralise(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{name: "empty", in: "", want: ""},
		{name: "plain text", in: "Alipay", want: "Alipay"},
		{name: "formula", in: `=HYPERLINK("x")`, want: `'=HYPERLINK("x")`},
		{name: "plus", in: "+1", want: "'+1"},
		{name: "minus text", in: "-x", want: "'-x"},
		{name: "at", in: "@x", want: "'@x"},
		{name: "apostrophe", in: "'quoted", want: "''quoted"},
		{name: "tab", in: "\tx", want: "'\tx"},
		{name: "line feed", in: "\n=1", want: "'\n=1"},
		{name: "space", in: " =1", want: "' =1"},
		{name: "no-break space", in: "\u00a0=1", want: "'\u00a0=1"},
		{name: "full-width equals", in: "＝1+1", want: "'＝1+1"},
		{name: "negative integer", in: "-5", want: "-5"},
		{name: "negative decimal", in: "-1.5", want: "-1.5"},
		{name: "negative exponent", in: "-1.5e3", want: "-1.5e3"},
		{name: "number-looking text", in: "42", want: "42"},
		{name: "minus alone", in: "-", want: "'-"},
		{name: "arithmetic", in: "-2+3", want: "'-2+3"},
		{name: "formula inside", in: "a=1", want: "a=1"},
		{name: "DDE", in: "=cmd|' /C calc'!A0", want: "'=cmd|' /C calc'!A0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := neutralise(tc.in); got != tc.want {
				t.Errorf("neutralise(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if got := restore(neutralise(tc.in)); got != tc.in {
				t.Errorf("restore(neutralise(%q)) = %q", tc.in, got)
			}
		})
	}
}

// TestNeutraliseRoundTrip checks the rule on every string of up to three
// characters from an alphabet of the characters that matter, through
// encoding/csv and back: stripping one leading ' always gives the data
// back, and no written cell starts a formula.
func TestNeutraliseRoundTrip(t *testing.T) {
	alphabet := []string{"", "=", "+", "-", "@", "'", "\t", "\n", " ", "1", ".", "e", "a", `"`, ",", "＝", "é"}
	var cells []string
	for _, a := range alphabet {
		for _, b := range alphabet {
			for _, c := range alphabet {
				cells = append(cells, a+b+c)
			}
		}
	}
	data, err := writeCSV([][]string{cells})
	if err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0]) != len(cells) {
		t.Fatalf("read %d rows", len(got))
	}
	for i, cell := range got[0] {
		if dangerous(cell) {
			t.Errorf("%q was written as %q, which can start a formula", cells[i], cell)
		}
		if restore(cell) != cells[i] {
			t.Errorf("%q came back as %q", cells[i], restore(cell))
		}
	}
}

// TestCSVWMetadata checks csv-metadata.json against the tables it
// describes, as a CSVW validator would: the header is the column list,
// every cell matches its column's datatype (with the list separator
// applied), required cells are present, primary keys are unique and
// foreign keys resolve.
func TestCSVWMetadata(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			g := load(t, fx)
			files := exportAll(t, g)
			var meta struct {
				Context string `json:"@context"`
				Dialect struct {
					LineTerminators []string `json:"lineTerminators"`
					Trim            *bool    `json:"trim"`
				} `json:"dialect"`
				Tables []struct {
					URL         string `json:"url"`
					TableSchema struct {
						Columns []struct {
							Name      string          `json:"name"`
							Titles    string          `json:"titles"`
							Datatype  json.RawMessage `json:"datatype"`
							Required  bool            `json:"required"`
							Separator string          `json:"separator"`
						} `json:"columns"`
						PrimaryKey  string `json:"primaryKey"`
						AboutURL    string `json:"aboutUrl"`
						ForeignKeys []struct {
							ColumnReference string `json:"columnReference"`
							Reference       struct {
								Resource        string `json:"resource"`
								ColumnReference string `json:"columnReference"`
							} `json:"reference"`
						} `json:"foreignKeys"`
					} `json:"tableSchema"`
				} `json:"tables"`
			}
			if err := json.Unmarshal(files[CSVMetadata], &meta); err != nil {
				t.Fatal(err)
			}
			if meta.Context != "http://www.w3.org/ns/csvw" {
				t.Errorf("@context = %q", meta.Context)
			}
			if !slices.Equal(meta.Dialect.LineTerminators, []string{"\n"}) || meta.Dialect.Trim == nil || *meta.Dialect.Trim {
				t.Errorf("dialect must declare LF lines and trim false: %+v", meta.Dialect)
			}
			tables := map[string][][]string{}
			for _, name := range []string{EntitiesCSV, StatementsCSV} {
				recs, err := csv.NewReader(bytes.NewReader(files[name])).ReadAll()
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				tables[name] = recs
			}
			if got := []string{meta.Tables[0].URL, meta.Tables[1].URL}; !slices.Equal(got, []string{EntitiesCSV, StatementsCSV}) {
				t.Fatalf("tables = %q", got)
			}
			for _, tb := range meta.Tables {
				recs := tables[tb.URL]
				cols := tb.TableSchema.Columns
				var names []string
				for _, c := range cols {
					names = append(names, c.Name)
					if c.Titles != c.Name || !regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_]*$`).MatchString(c.Name) {
						t.Errorf("%s: column name %q / titles %q", tb.URL, c.Name, c.Titles)
					}
				}
				if !slices.Equal(recs[0], names) {
					t.Fatalf("%s header %q, metadata columns %q", tb.URL, recs[0], names)
				}
				if !strings.HasPrefix(tb.TableSchema.AboutURL, g.Vocab.Base) {
					t.Errorf("%s aboutUrl %q is not under the base", tb.URL, tb.TableSchema.AboutURL)
				}
				for j, c := range cols {
					valid := cellValidator(t, c.Datatype)
					for i, row := range recs[1:] {
						cell := row[j]
						if cell == "" {
							if c.Required {
								t.Errorf("%s row %d: required %s is empty", tb.URL, i+1, c.Name)
							}
							continue
						}
						items := []string{cell}
						if c.Separator != "" {
							items = strings.Split(cell, c.Separator)
						}
						for _, it := range items {
							if !valid(it) {
								t.Errorf("%s row %d: %s %q does not match datatype %s", tb.URL, i+1, c.Name, it, c.Datatype)
							}
						}
					}
				}
				pk := slices.Index(names, tb.TableSchema.PrimaryKey)
				if pk < 0 {
					t.Fatalf("%s: primary key %q is not a column", tb.URL, tb.TableSchema.PrimaryKey)
				}
				seen := map[string]bool{}
				for _, row := range recs[1:] {
					if seen[row[pk]] {
						t.Errorf("%s: primary key %q repeats", tb.URL, row[pk])
					}
					seen[row[pk]] = true
				}
				for _, fk := range tb.TableSchema.ForeignKeys {
					ref := tables[fk.Reference.Resource]
					if ref == nil {
						t.Fatalf("foreign key to unknown table %q", fk.Reference.Resource)
					}
					rc, lc := slices.Index(ref[0], fk.Reference.ColumnReference), slices.Index(names, fk.ColumnReference)
					if rc < 0 || lc < 0 {
						t.Fatalf("foreign key %+v names a missing column", fk)
					}
					keys := map[string]bool{}
					for _, row := range ref[1:] {
						keys[row[rc]] = true
					}
					for i, row := range recs[1:] {
						if row[lc] != "" && !keys[row[lc]] {
							t.Errorf("%s row %d: %s %q is not an entity", tb.URL, i+1, fk.ColumnReference, row[lc])
						}
					}
				}
			}
			var fks []string
			for _, fk := range meta.Tables[1].TableSchema.ForeignKeys {
				fks = append(fks, fk.ColumnReference)
			}
			if want := []string{"subject", "object", "written_subject"}; !slices.Equal(fks, want) {
				t.Errorf("statements foreign keys %q, want %q", fks, want)
			}
		})
	}
}

// cellValidator checks a cell against a CSVW datatype: a derived string
// type with a format regexp, or one of the built-in types the metadata
// uses.
func cellValidator(t *testing.T, raw json.RawMessage) func(string) bool {
	var name string
	if json.Unmarshal(raw, &name) == nil {
		switch name {
		case "string":
			return func(string) bool { return true }
		case "json":
			return func(s string) bool { return json.Valid([]byte(s)) }
		case "anyURI":
			return func(s string) bool { u, err := url.Parse(s); return err == nil && u.IsAbs() }
		case "boolean":
			return func(s string) bool { return s == "true" || s == "false" }
		case "date":
			return func(s string) bool { _, err := time.Parse(time.DateOnly, s); return err == nil }
		case "number":
			return plainNumber.MatchString
		case "positiveInteger":
			return regexp.MustCompile(`^[1-9][0-9]*$`).MatchString
		case "nonNegativeInteger":
			return regexp.MustCompile(`^(0|[1-9][0-9]*)$`).MatchString
		}
		t.Fatalf("datatype %q is not one the test knows", name)
	}
	var derived struct{ Base, Format string }
	if err := json.Unmarshal(raw, &derived); err != nil || derived.Base != "string" || derived.Format == "" {
		t.Fatalf("datatype %s is neither a built-in name nor a string with a format", raw)
	}
	return regexp.MustCompile(derived.Format).MatchString
}
