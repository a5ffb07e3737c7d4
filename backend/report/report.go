// Package report writes the annual activity report ("Bilan d'activité") of
// a structure as PDF and XLSX, and any statistics table as CSV. It takes
// its figures from the statistics service and only lays them out: the
// report and the screen cannot disagree.
package report

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"pappu/backend"
)

// Source is what the report reads: the statistics and the structure's name.
type Source interface {
	StatsTable(ctx context.Context, f backend.StatsFilter, dim string) (backend.StatsTable, error)
	StatsCross(ctx context.Context, f backend.StatsFilter, row, col string) (
		backend.CrossTable, error)
	StatsCompare(ctx context.Context, f backend.StatsFilter) (backend.Comparison, error)
	Context(ctx context.Context) (backend.Context, error)
	CaseFigures(ctx context.Context, p backend.Period) (backend.CaseFigures, error)
}

// Annual is the content of a year's activity report.
type Annual struct {
	Organisation string
	Year         int
	GeneratedAt  time.Time
	Comparison   backend.Comparison   // the year beside the year before
	Tables       []backend.StatsTable // by month, theme, sex…
	Cross        backend.CrossTable   // themes by sex
	Cases        backend.CaseFigures  // procedures, referrals, support to partners
}

// annualDimensions are the tables of the report, in order.
var annualDimensions = []string{backend.DimMonth, backend.DimTheme, backend.DimSex,
	backend.DimAgeBracket, backend.DimNationality, backend.DimAdminSituation,
	backend.DimSite, backend.DimMode, backend.DimIdentified}

// Build gathers the figures of year from src.
func Build(ctx context.Context, src Source, year int, now time.Time) (Annual, error) {
	if year < 1901 || year > 2100 {
		return Annual{}, backend.Invalid("year",
			"L'année « %d » n'est pas valide : choisissez une année entre 1901 et 2100.", year)
	}
	c, err := src.Context(ctx)
	if err != nil {
		return Annual{}, err
	}
	f := backend.StatsFilter{Period: backend.Period{From: fmt.Sprintf("%04d-01-01", year),
		To: fmt.Sprintf("%04d-12-31", year)}}
	a := Annual{Organisation: c.Organisation.Name, Year: year, GeneratedAt: now}
	if a.Comparison, err = src.StatsCompare(ctx, f); err != nil {
		return a, err
	}
	for _, dim := range annualDimensions {
		t, err := src.StatsTable(ctx, f, dim)
		if err != nil {
			return a, err
		}
		a.Tables = append(a.Tables, t)
	}
	if a.Cross, err = src.StatsCross(ctx, f, backend.DimTheme, backend.DimSex); err != nil {
		return a, err
	}
	a.Cases, err = src.CaseFigures(ctx, f.Period)
	return a, err
}

// Title is the report's title.
func (a Annual) Title() string {
	return fmt.Sprintf("Bilan d'activité %d", a.Year)
}

// measureColumns are the four figures of a table, in order, with their
// column headings.
var measureColumns = []struct {
	code, heading string
	value         func(backend.Measures) string
}{
	{backend.MeasureVisits, "Accueils", func(m backend.Measures) string { return Int(m.Visits) }},
	{backend.MeasurePersons, "Personnes", func(m backend.Measures) string { return Int(m.Persons) }},
	{backend.MeasureNewPersons, "Nouvelles", func(m backend.Measures) string {
		return Int(m.NewPersons)
	}},
	{backend.MeasureHours, "Heures", func(m backend.Measures) string { return Hours(m.Hours) }},
}

// Int writes n the French way, with a space between thousands: 12 345.
func Int(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Hours writes hours with one decimal and a decimal comma: 1 234,5.
func Hours(h float64) string {
	tenths := int(h*10 + 0.5)
	return Int(tenths/10) + "," + strconv.Itoa(tenths%10)
}

// measureValue returns one measure of m by its code.
func measureValue(m backend.Measures, code string) string {
	for _, c := range measureColumns {
		if c.code == code {
			return c.value(m)
		}
	}
	return ""
}

// tableTitle names a table of the report.
func tableTitle(t backend.StatsTable) string {
	if t.Dimension == backend.DimIdentified {
		return "Accueils anonymes ou identifiés"
	}
	l := backend.DimensionLabel(t.Dimension)
	return "Par " + strings.ToLower(l[:1]) + l[1:]
}
