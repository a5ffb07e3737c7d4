// Package holidays knows the French public holidays (jours fériés) of any
// year, the three that follow Easter included, and which days are working
// days, so that a due date can avoid weekends and holidays.
package holidays

import "time"

// Region selects the holidays that apply: metropolitan France, or
// Alsace-Moselle, whose local law adds Good Friday and Saint Stephen's day.
type Region int

const (
	Metropolitan  Region = iota // the 11 holidays of the Code du travail
	AlsaceMoselle               // the same 11, plus Vendredi saint and 26 December
)

// Holiday is one public holiday.
type Holiday struct {
	Date time.Time // midnight UTC of the day; compare with SameDay or Key
	Name string    // its French name
}

// Key returns the day as YYYY-MM-DD.
func (h Holiday) Key() string { return h.Date.Format(time.DateOnly) }

// Easter returns Easter Sunday of a Gregorian year (the anonymous
// Gregorian algorithm, also known as Meeus/Jones/Butcher).
func Easter(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return date(year, time.Month(month), day)
}

// Of returns the public holidays of year in region, in date order.
func Of(year int, region Region) []Holiday {
	easter := Easter(year)
	out := []Holiday{
		{date(year, 1, 1), "Jour de l'an"},
		{easter.AddDate(0, 0, 1), "Lundi de Pâques"},
		{date(year, 5, 1), "Fête du Travail"},
		{date(year, 5, 8), "Victoire 1945"},
		{easter.AddDate(0, 0, 39), "Ascension"},
		{easter.AddDate(0, 0, 50), "Lundi de Pentecôte"},
		{date(year, 7, 14), "Fête nationale"},
		{date(year, 8, 15), "Assomption"},
		{date(year, 11, 1), "Toussaint"},
		{date(year, 11, 11), "Armistice 1918"},
		{date(year, 12, 25), "Noël"},
	}
	if region == AlsaceMoselle {
		out = append(out, Holiday{easter.AddDate(0, 0, -2), "Vendredi saint"},
			Holiday{date(year, 12, 26), "Saint-Étienne"})
	}
	sortByDate(out) // Ascension falls before 8 May in some years
	return out
}

func sortByDate(hs []Holiday) {
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && hs[j].Date.Before(hs[j-1].Date); j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
}

// IsHoliday reports whether the calendar day of t (in t's location) is a
// public holiday in region.
func IsHoliday(t time.Time, region Region) bool {
	day := date(t.Year(), t.Month(), t.Day())
	for _, h := range Of(t.Year(), region) {
		if h.Date.Equal(day) {
			return true
		}
	}
	return false
}

// WorkingDay reports whether the calendar day of t is a working day: a
// Monday to Friday that is not a public holiday.
func WorkingDay(t time.Time, region Region) bool {
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !IsHoliday(t, region)
}

// NextWorkingDay returns t itself when its day is a working day, else t
// moved forward whole days, keeping its clock time, to the next one.
func NextWorkingDay(t time.Time, region Region) time.Time {
	for !WorkingDay(t, region) {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

// PreviousWorkingDay is NextWorkingDay backwards: for what must be ready
// before a date, such as a renewal before a permit expires.
func PreviousWorkingDay(t time.Time, region Region) time.Time {
	for !WorkingDay(t, region) {
		t = t.AddDate(0, 0, -1)
	}
	return t
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
