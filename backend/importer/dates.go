package importer

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// day is a calendar date without time zone.
type day struct{ y, m, d int }

func (d day) iso() string { return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d) }

func (d day) before(o day) bool {
	if d.y != o.y {
		return d.y < o.y
	}
	if d.m != o.m {
		return d.m < o.m
	}
	return d.d < o.d
}

// clock is a time of day; set is false when the file gives none.
type clock struct {
	h, m int
	set  bool
}

var errBadDate = errors.New("bad date")

// Excel serial numbers accepted as dates: 1901-01-01 to 2099-12-31. Smaller
// numbers are more likely typing mistakes than dates.
const (
	minSerial = 367
	maxSerial = 73415
)

// parseVisitDate reads a visit date, with its time when the cell holds one:
// dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, dd/mm/yy (20yy), yyyy-mm-dd,
// an ISO date-time, or an Excel serial number.
func parseVisitDate(s string) (day, clock, error) {
	datePart, timePart := splitDateTime(s)
	d, c, err := parseDay(datePart, func(yy int) int { return 2000 + yy })
	if err != nil {
		return day{}, clock{}, err
	}
	if timePart != "" {
		if c, err = parseClock(timePart); err != nil {
			return day{}, clock{}, err
		}
	}
	return d, c, nil
}

// splitDateTime cuts "04/07/2024 14:30" and "2024-07-04T14:30:00".
func splitDateTime(s string) (string, string) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " T"); i > 0 {
		return s[:i], strings.TrimSpace(s[i+1:])
	}
	return s, ""
}

// parseDay reads a date; century tells the year of a two-digit year.
func parseDay(s string, century func(yy int) int) (day, clock, error) {
	if isNumber(s) {
		return serialDay(s)
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(parts) != 3 {
		return day{}, clock{}, errBadDate
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || len(p) > 4 {
			return day{}, clock{}, errBadDate
		}
		n[i] = v
	}
	var d day
	switch {
	case len(parts[0]) == 4:
		d = day{n[0], n[1], n[2]}
	case len(parts[2]) == 4:
		d = day{n[2], n[1], n[0]}
	case len(parts[2]) == 2:
		d = day{century(n[2]), n[1], n[0]}
	default:
		return day{}, clock{}, errBadDate
	}
	if !valid(d) {
		return day{}, clock{}, errBadDate
	}
	return d, clock{}, nil
}

// valid reports whether d exists in the calendar (no 31/02).
func valid(d day) bool {
	if d.y < 1 || d.m < 1 || d.m > 12 || d.d < 1 {
		return false
	}
	t := time.Date(d.y, time.Month(d.m), d.d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d.d && int(t.Month()) == d.m
}

// isNumber reports whether s is digits with at most one decimal mark.
func isNumber(s string) bool {
	if s == "" {
		return false
	}
	marks := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.' || c == ',':
			marks++
		case c < '0' || c > '9':
			return false
		}
	}
	return marks <= 1 && s[0] != '.' && s[0] != ','
}

// serialDay reads an Excel serial date, its fraction being the time of day.
func serialDay(s string) (day, clock, error) {
	s = strings.Replace(s, ",", ".", 1)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < minSerial || f >= maxSerial+1 {
		return day{}, clock{}, errBadDate
	}
	t, _ := serialTime(s, false)
	d := day{t.Year(), int(t.Month()), t.Day()}
	if t.Hour() == 0 && t.Minute() == 0 {
		return d, clock{}, nil
	}
	return d, clock{h: t.Hour(), m: t.Minute(), set: true}, nil
}

// parseClock reads a time of day: 14:30, 14h30, 14h, 9:05:00, 14 h 30, or
// a fraction of a day as a sheet stores it (0.5 is noon).
func parseClock(s string) (clock, error) {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if s == "" {
		return clock{}, nil
	}
	if isNumber(s) {
		f, _ := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		if f > 0 && f < 1 {
			mins := int(f*1440 + 0.5)
			return clock{h: mins / 60 % 24, m: mins % 60, set: true}, nil
		}
	}
	hs, ms, _ := strings.Cut(strings.NewReplacer("h", ":", ".", ":", ",", ":").Replace(s), ":")
	ms, _, _ = strings.Cut(ms, ":") // drop seconds
	h, err := strconv.Atoi(hs)
	if err != nil || h < 0 || h > 23 || len(hs) > 2 {
		return clock{}, errBadDate
	}
	m := 0
	if ms != "" {
		if m, err = strconv.Atoi(ms); err != nil || m < 0 || m > 59 || len(ms) != 2 {
			return clock{}, errBadDate
		}
	}
	return clock{h: h, m: m, set: true}, nil
}

// birthDate is a birth date, full or partial: "1985", "1985-07" or
// "1985-07-14", as backend.Person stores it.
type birthDate struct {
	iso   string
	first day // the earliest day it can be, to compare
}

// parseBirthDate reads a birth date as parseDay does, plus a year alone
// ("1985") or a month and year ("07/1985", "1985-07"). A two-digit year is
// in this century unless that puts the birth after the visit.
func parseBirthDate(s string, visit day) (birthDate, error) {
	s = strings.TrimSpace(s)
	if b, ok := partialBirthDate(s); ok {
		return b, nil
	}
	datePart, _ := splitDateTime(s) // a sheet may add 00:00:00
	d, _, err := parseDay(datePart, func(yy int) int { return 2000 + yy })
	if err != nil {
		return birthDate{}, err
	}
	if twoDigitYear(datePart) && visit.before(d) {
		if d.y -= 100; !valid(d) { // 29/02/00 is not a day of 1900
			return birthDate{}, errBadDate
		}
	}
	return birthDate{iso: d.iso(), first: d}, nil
}

// twoDigitYear reports whether a day/month/year date has a two-digit year.
func twoDigitYear(s string) bool {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	return len(parts) == 3 && len(parts[0]) != 4 && len(parts[2]) == 2
}

// partialBirthDate reads "1985", "07/1985", "7-1985" and "1985-07".
func partialBirthDate(s string) (birthDate, bool) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	var y, m int
	switch {
	case len(parts) == 1 && len(s) == 4:
		y = atoi(s)
	case len(parts) == 2 && len(parts[0]) == 4 && len(parts[1]) <= 2:
		y, m = atoi(parts[0]), atoi(parts[1])
	case len(parts) == 2 && len(parts[1]) == 4 && len(parts[0]) <= 2:
		y, m = atoi(parts[1]), atoi(parts[0])
	default:
		return birthDate{}, false
	}
	if y < 1880 || y > 2200 || len(parts) == 2 && (m < 1 || m > 12) {
		return birthDate{}, false
	}
	if m == 0 {
		return birthDate{iso: fmt.Sprintf("%04d", y), first: day{y, 1, 1}}, true
	}
	return birthDate{iso: fmt.Sprintf("%04d-%02d", y, m), first: day{y, m, 1}}, true
}

// atoi returns the number s spells, or -1.
func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// ageOn returns the age in whole years on day at, for a birth date known to
// the day, the month or the year (then taken as its middle).
func (b birthDate) ageOn(at day) int {
	born := b.first
	switch len(b.iso) {
	case 4:
		born.m, born.d = 7, 1
	case 7:
		born.d = 15
	}
	age := at.y - born.y
	if at.m < born.m || at.m == born.m && at.d < born.d {
		age--
	}
	return age
}
