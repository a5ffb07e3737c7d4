package statcheck_test

import (
	"context"
	"testing"

	"pappu/backend"
	"pappu/backend/internal/statcheck"
)

// The support-to-partners figures of the dashboard agree with plain SQL on
// demo data, over a year, a month and all time, and a wrong figure is caught.
func TestSupportFiguresMatchSQL(t *testing.T) {
	db, path := demoDB(t, 200, 1000, 9)
	for _, p := range []backend.Period{
		{From: "2024-01-01", To: "2024-12-31"},
		{From: "2024-06-01", To: "2024-06-30"},
		{From: "2000-01-01", To: "2030-12-31"},
	} {
		got, err := db.SupportFigures(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		if p.From == "2024-01-01" && (got.Count < 50 || len(got.ByKind) < 3 ||
			len(got.ByMode) != 5) {
			t.Fatalf("demo data too thin to check anything: %+v", got)
		}
		statcheck.CheckSupport(t, path, p, got)

		if p.From != "2024-01-01" {
			continue
		}
		for name, change := range map[string]func(*backend.SupportFigures){
			"count":   func(f *backend.SupportFigures) { f.Count++ },
			"minutes": func(f *backend.SupportFigures) { f.Minutes-- },
			"a kind":  func(f *backend.SupportFigures) { f.ByKind[0].N++ },
			"a theme": func(f *backend.SupportFigures) { f.ByTheme = f.ByTheme[1:] },
			"a mode":  func(f *backend.SupportFigures) { f.ByMode[0].Code = "fax" },
		} {
			wrong := got
			wrong.ByKind = append([]backend.Count(nil), got.ByKind...)
			wrong.ByTheme = append([]backend.Count(nil), got.ByTheme...)
			wrong.ByMode = append([]backend.Count(nil), got.ByMode...)
			change(&wrong)
			r := &recorder{TB: t}
			statcheck.CheckSupport(r, path, p, wrong)
			if len(r.failures) == 0 {
				t.Errorf("a wrong %s passed the check", name)
			}
		}
	}
}
