package date

import "testing"

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{in: "2004", want: Date{Year: 2004, Prec: Year}},
		{in: "2014-10", want: Date{Year: 2014, Month: 10, Prec: Month}},
		{in: "2014-10-16", want: Date{Year: 2014, Month: 10, Day: 16, Prec: Day}},
		{in: "2024-02-29", want: Date{Year: 2024, Month: 2, Day: 29, Prec: Day}},
		{in: "2021-02-30", wantErr: true},
		{in: "2023-02-29", wantErr: true},
		{in: "1900-02-29", wantErr: true},
		{in: "2014-13", wantErr: true},
		{in: "2014-00", wantErr: true},
		{in: "0000", wantErr: true},
		// Quoted or not, a year is 1000 to 9999, as the schema says of years
		// written as numbers (unquoted 0999 is refused as a number with a
		// leading zero; quoted, it must not get through either).
		{in: "0999", wantErr: true},
		{in: "0999-05-01", wantErr: true},
		{in: "204", wantErr: true},
		{in: "+204", wantErr: true},
		{in: "2014/10", wantErr: true},
		{in: "2014-1-01", wantErr: true},
		{in: "2014-10-16T00:00:00Z", wantErr: true},
		{in: "", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := Parse(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("Parse(%q) error = %v, want error %v", tc.in, err, tc.wantErr)
			}
			if err == nil {
				if got != tc.want {
					t.Fatalf("Parse(%q) = %+v, want %+v", tc.in, got, tc.want)
				}
				if got.String() != tc.in {
					t.Fatalf("String() = %q, want %q", got.String(), tc.in)
				}
			}
		})
	}
}

func TestGranules(t *testing.T) {
	mustParse := func(s string) Date {
		d, err := Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		in          string
		first, last string
	}{
		{in: "2011", first: "2011-01-01", last: "2011-12-31"},
		{in: "2011-02", first: "2011-02-01", last: "2011-02-28"},
		{in: "2012-02", first: "2012-02-01", last: "2012-02-29"},
		{in: "2011-12", first: "2011-12-01", last: "2011-12-31"},
		{in: "2011-06-15", first: "2011-06-15", last: "2011-06-15"},
		{in: "1899-12-31", first: "1899-12-31", last: "1899-12-31"},
	}
	for _, tc := range tests {
		d := mustParse(tc.in)
		if got := OfDay(d.First()).String(); got != tc.first {
			t.Errorf("%s first day = %s, want %s", tc.in, got, tc.first)
		}
		if got := OfDay(d.End() - 1).String(); got != tc.last {
			t.Errorf("%s last day = %s, want %s", tc.in, got, tc.last)
		}
	}
	if !Compatible(mustParse("2014"), mustParse("2014-10-16")) {
		t.Error("2014 and 2014-10-16 should be compatible")
	}
	if Compatible(mustParse("2014"), mustParse("2015-01")) {
		t.Error("2014 and 2015-01 should not be compatible")
	}
	if Compatible(mustParse("2014-09"), mustParse("2014-10-01")) {
		t.Error("2014-09 and 2014-10-01 should not be compatible")
	}
}
