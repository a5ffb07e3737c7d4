package statcheck_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"pappu/backend"
	"pappu/backend/demo"
	"pappu/backend/internal/statcheck"
	"pappu/backend/sqlite"
)

// recorder is a testing.TB that keeps the failures instead of reporting them.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) { r.Errorf(format, args...) }

// TestCheckCatchesWrongFigures makes sure the check fails when any figure of
// a right dashboard is changed.
func TestCheckCatchesWrongFigures(t *testing.T) {
	db, path := demoDB(t, 300, 2000, 5)
	p := backend.Period{From: "2024-01-01", To: "2024-12-31"}
	right, err := db.Dashboard(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(right.ByNationality) != 11 {
		t.Fatalf("want a top 10 and \"autres\", got %d lines", len(right.ByNationality))
	}

	r := &recorder{TB: t}
	statcheck.Check(r, path, p, right)
	if len(r.failures) > 0 {
		t.Fatalf("a right dashboard fails: %v", r.failures)
	}

	for _, tc := range []struct {
		name   string
		change func(*backend.Dashboard)
	}{
		{"visits", func(d *backend.Dashboard) { d.Visits++ }},
		{"persons", func(d *backend.Dashboard) { d.Persons-- }},
		{"new persons", func(d *backend.Dashboard) { d.NewPersons++ }},
		{"anonymous", func(d *backend.Dashboard) { d.AnonymousVisits++ }},
		{"period", func(d *backend.Dashboard) { d.Period.To = "2024-12-30" }},
		{"a theme", func(d *backend.Dashboard) { d.ByTheme[0].N++ }},
		{"a missing theme", func(d *backend.Dashboard) { d.ByTheme = d.ByTheme[1:] }},
		{"a sex", func(d *backend.Dashboard) { d.BySex[0].Code = "?" }},
		{"a site", func(d *backend.Dashboard) { d.BySite[0].N-- }},
		{"a site label", func(d *backend.Dashboard) { d.BySite[0].Label = "Ailleurs" }},
		{"a nationality", func(d *backend.Dashboard) { d.ByNationality[3].N++ }},
		{"others", func(d *backend.Dashboard) { d.ByNationality[10].N-- }},
		{"no others", func(d *backend.Dashboard) { d.ByNationality = d.ByNationality[:10] }},
		{"a smaller nationality named", func(d *backend.Dashboard) {
			d.ByNationality[9].Code = "ZZ"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wrong := right
			wrong.ByTheme = slices.Clone(right.ByTheme)
			wrong.BySex = slices.Clone(right.BySex)
			wrong.BySite = slices.Clone(right.BySite)
			wrong.ByNationality = slices.Clone(right.ByNationality)
			tc.change(&wrong)
			r := &recorder{TB: t}
			statcheck.Check(r, path, p, wrong)
			if len(r.failures) == 0 {
				t.Error("the check passed")
			}
		})
	}
}

// demoDB fills a new database with two years of demo data up to March 2025.
func demoDB(t *testing.T, persons, visits int, seed int64) (*sqlite.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pappu.db")
	db, err := sqlite.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	paris, _ := time.LoadLocation("Europe/Paris")
	_, err = demo.Generate(context.Background(), db, demo.Options{Persons: persons,
		Visits: visits, Seed: seed, Years: 2, Today: time.Date(2025, 3, 14, 12, 0, 0, 0, paris)})
	if err != nil {
		t.Fatal(err)
	}
	return db, path
}
