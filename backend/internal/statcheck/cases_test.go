package statcheck_test

import (
	"context"
	"testing"

	"pappu/backend"
	"pappu/backend/internal/statcheck"
)

// The case work figures of the statistics agree with a count made row by row
// from the base tables on demo data, over a year, a month and all time, and a
// wrong figure is caught.
func TestCaseFiguresMatchBaseTables(t *testing.T) {
	db, path := demoDB(t, 200, 1000, 9)
	for _, p := range []backend.Period{
		{From: "2024-01-01", To: "2024-12-31"},
		{From: "2024-06-01", To: "2024-06-30"},
		{From: "2000-01-01", To: "2030-12-31"},
	} {
		got, err := db.CaseFigures(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		if p.From == "2024-01-01" && (got.Opened < 10 || got.Filed < 5 || got.Decided < 3 ||
			len(got.DecidedByOutcome) != 2 || got.Referrals < 10 ||
			len(got.ReferralsByKind) < 3 || got.Support.Count < 50) {
			t.Fatalf("demo data too thin to check anything: %+v", got)
		}
		statcheck.CheckCaseFigures(t, path, p, got)

		if p.From != "2024-01-01" {
			continue
		}
		for name, change := range map[string]func(*backend.CaseFigures){
			"opened":           func(f *backend.CaseFigures) { f.Opened++ },
			"filed type":       func(f *backend.CaseFigures) { f.FiledByType[0].N-- },
			"decided outcome":  func(f *backend.CaseFigures) { f.DecidedByOutcome[0].Code = "clos" },
			"decided type":     func(f *backend.CaseFigures) { f.DecidedByType = f.DecidedByType[1:] },
			"referral kind":    func(f *backend.CaseFigures) { f.ReferralsByKind[0].N++ },
			"referral outcome": func(f *backend.CaseFigures) { f.ReferralsByOutcome[0].Label = "" },
			"support hours":    func(f *backend.CaseFigures) { f.Support.Minutes++ },
		} {
			wrong := got
			for _, l := range []*[]backend.Count{&wrong.FiledByType, &wrong.DecidedByOutcome,
				&wrong.DecidedByType, &wrong.ReferralsByKind, &wrong.ReferralsByOutcome} {
				*l = append([]backend.Count(nil), *l...)
			}
			change(&wrong)
			r := &recorder{TB: t}
			statcheck.CheckCaseFigures(r, path, p, wrong)
			if len(r.failures) == 0 {
				t.Errorf("a wrong %s passed the check", name)
			}
		}
	}
}
