package demo

import (
	"math/rand/v2"
	"sort"
	"time"
)

// Opening hours of the reception desks, in minutes after midnight, Paris time.
const (
	opensAt  = 9 * 60
	closesAt = 17 * 60
)

// calendar holds the days of the period and how busy each one is: desks open
// on weekdays, close on public holidays, and run slower in August and between
// Christmas and New Year.
type calendar struct {
	first   time.Time // the first day, at midnight UTC (a calendar date)
	days    int
	cum     []float64 // cum[i] = sum of the weights of days before day i
	lastEnd int       // when the last day's visits stop: now, if it is today
}

// newCalendar covers the years up to today (a time in Europe/Paris).
func newCalendar(today time.Time, years int) calendar {
	y, m, d := today.Date()
	last := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	first := last.AddDate(-years, 0, 1)
	c := calendar{first: first, days: int(last.Sub(first).Hours()/24) + 1}

	// Today counts only up to now, and not at all before half an hour of
	// opening: no visit is dated in the future.
	c.lastEnd = min(closesAt, today.Hour()*60+today.Minute())
	c.cum = make([]float64, c.days+1)
	for i := range c.days {
		w := c.weight(i)
		if i == c.days-1 && c.lastEnd < opensAt+30 {
			w = 0
		}
		c.cum[i+1] = c.cum[i] + w
	}
	return c
}

// date returns day i as a calendar date (midnight UTC).
func (c calendar) date(i int) time.Time { return c.first.AddDate(0, 0, i) }

// weight is how busy day i is, relative to an ordinary weekday.
func (c calendar) weight(i int) float64 {
	d := c.date(i)
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return 0
	}
	switch {
	case holiday(d):
		return 0
	case d.Month() == time.August:
		return 0.5
	case (d.Month() == time.December && d.Day() >= 24) ||
		(d.Month() == time.January && d.Day() == 2):
		return 0.3
	}
	return 1
}

// holiday reports the French public holidays that fall on a fixed date.
func holiday(d time.Time) bool {
	switch d.Month() {
	case time.January:
		return d.Day() == 1
	case time.May:
		return d.Day() == 1 || d.Day() == 8
	case time.July:
		return d.Day() == 14
	case time.August:
		return d.Day() == 15
	case time.November:
		return d.Day() == 1 || d.Day() == 11
	case time.December:
		return d.Day() == 25
	}
	return false
}

// mass is how busy days lo to hi included are in all.
func (c calendar) mass(lo, hi int) float64 { return c.cum[hi+1] - c.cum[lo] }

// meanWeight is how busy a day is on average.
func (c calendar) meanWeight() float64 { return c.cum[c.days] / float64(c.days) }

// day draws a day between lo and hi included, in proportion to how busy each
// is; the range must hold an open day.
func (c calendar) day(r *rand.Rand, lo, hi int) int { return c.dayIn(r, c.cum, lo, hi) }

// dayIn is day with other weights: cum[i] sums the weights before day i.
func (c calendar) dayIn(r *rand.Rand, cum []float64, lo, hi int) int {
	u := cum[lo] + r.Float64()*(cum[hi+1]-cum[lo])
	i := sort.Search(c.days, func(i int) bool { return cum[i+1] > u })
	if i > hi { // rounding put u on the upper bound: take the last open day
		for i = hi; cum[i+1] == cum[i]; i-- {
		}
	}
	return max(i, lo)
}

// at draws a time of day i within opening hours, on a five-minute mark.
func (c calendar) at(r *rand.Rand, i int) time.Time {
	end := closesAt
	if i == c.days-1 {
		end = c.lastEnd
	}
	minute := opensAt + 5*r.IntN((end-opensAt)/5)
	d := c.date(i)
	return time.Date(d.Year(), d.Month(), d.Day(), minute/60, minute%60, 0, 0, paris)
}

// paris is where the desks are.
var paris = mustLoadParis()

func mustLoadParis() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic("demo: Europe/Paris time zone missing: " + err.Error())
	}
	return loc
}
