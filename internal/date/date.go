// Package date implements the calendar dates of fact files: ISO 8601 dates
// at year, month or day precision, each read as a granule (the whole year,
// month or day it names) rather than as an instant.
package date

import (
	"fmt"
	"strconv"
	"time"
)

// Precision is the size of a date's granule.
type Precision uint8

// Precisions, coarsest first.
const (
	Year Precision = iota + 1
	Month
	Day
)

// String names the precision in words, for messages.
func (p Precision) String() string {
	switch p {
	case Year:
		return "year"
	case Month:
		return "month"
	case Day:
		return "day"
	}
	return "unknown precision"
}

// Date is a calendar date with a precision. Month and Day are 0 below
// their precision, so equal dates compare equal with ==. It takes six
// bytes: a large fact base holds millions of dates.
type Date struct {
	Year  int16
	Month uint8
	Day   uint8
	Prec  Precision
}

// Parse reads YYYY, YYYY-MM or YYYY-MM-DD. Anything else, including a day
// the calendar does not have (2021-02-30), is an error.
func Parse(s string) (Date, error) {
	var d Date
	switch len(s) {
	case 4:
		d.Prec = Year
	case 7:
		d.Prec = Month
	case 10:
		d.Prec = Day
	default:
		return Date{}, fmt.Errorf("%q is not a date: write YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	year, err := digits(s[0:4])
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date: write YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	// The schema takes years written as numbers from 1000; a year
	// written as text must not get further (and 0999 written plainly is
	// a number with a leading zero, which the reader refuses).
	if year < 1000 {
		return Date{}, fmt.Errorf("%q is not a date: the year must be 1000 to 9999", s)
	}
	d.Year = int16(year)
	if d.Prec >= Month {
		if s[4] != '-' {
			return Date{}, fmt.Errorf("%q is not a date: write YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		month, err := digits(s[5:7])
		if err != nil || month < 1 || month > 12 {
			return Date{}, fmt.Errorf("%q is not a date: the month must be 01 to 12", s)
		}
		d.Month = uint8(month)
	}
	if d.Prec == Day {
		if s[7] != '-' {
			return Date{}, fmt.Errorf("%q is not a date: write YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		day, err := digits(s[8:10])
		if err != nil || day < 1 || day > daysIn(year, int(d.Month)) {
			return Date{}, fmt.Errorf("%q is not a date: %04d-%02d has no day %s", s, d.Year, d.Month, s[8:10])
		}
		d.Day = uint8(day)
	}
	return d, nil
}

// digits parses a fixed-width run of ASCII digits; strconv.Atoi alone
// would also accept signs.
func digits(s string) (int, error) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, strconv.ErrSyntax
		}
	}
	return strconv.Atoi(s)
}

func daysIn(year, month int) int {
	// Day 0 of the next month is the last day of this one.
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// String formats d at its precision, the inverse of Parse.
func (d Date) String() string {
	switch d.Prec {
	case Year:
		return fmt.Sprintf("%04d", d.Year)
	case Month:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case Day:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	return ""
}

// IsZero reports whether d is the zero Date (no date given).
func (d Date) IsZero() bool { return d.Prec == 0 }

// First is the first day of d's granule.
func (d Date) First() Daynum {
	return dayOf(int(d.Year), max(int(d.Month), 1), max(int(d.Day), 1))
}

// End is the first day after d's granule, so the granule is [First, End).
func (d Date) End() Daynum {
	switch d.Prec {
	case Year:
		return dayOf(int(d.Year)+1, 1, 1)
	case Month:
		return dayOf(int(d.Year), int(d.Month)+1, 1)
	}
	return dayOf(int(d.Year), int(d.Month), int(d.Day)+1)
}

// Daynum counts days since 1970-01-01 (negative before). It is the unit in
// which granules and intervals are compared; it never carries a time of
// day or a zone.
type Daynum int64

func dayOf(y, m, d int) Daynum {
	return Daynum(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// OfDay converts a day number back to a calendar date at day precision.
func OfDay(n Daynum) Date {
	t := time.Unix(int64(n)*86400, 0).UTC()
	return Date{Year: int16(t.Year()), Month: uint8(t.Month()), Day: uint8(t.Day()), Prec: Day}
}

// Compatible reports whether a and b may name the same day: their granules
// nest (2014 and 2014-10-16 agree; 2014 and 2015 do not).
func Compatible(a, b Date) bool {
	return a.First() < b.End() && b.First() < a.End()
}
