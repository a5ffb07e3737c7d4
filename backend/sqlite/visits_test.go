package sqlite_test

import (
	"context"
	"testing"
	"time"

	"pappu/backend"
	"pappu/backend/sqlite"
)

func mustRecord(t testing.TB, db *sqlite.DB, ctx context.Context, v backend.Visit) backend.Visit {
	t.Helper()
	out, err := db.RecordVisit(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRecordVisitChecksInput(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	site, user := c.Sites[0].ID, c.Users[0].ID
	cases := []struct {
		name  string
		in    backend.Visit
		field string
	}{
		{"no date", backend.Visit{SiteID: site, UserID: user}, "at"},
		{"in the future", backend.Visit{At: fixedNow.AddDate(0, 1, 0), SiteID: site,
			UserID: user}, "at"},
		{"unknown site", backend.Visit{At: fixedNow, SiteID: "nope", UserID: user}, "siteId"},
		{"unknown person", backend.Visit{At: fixedNow, SiteID: site, UserID: user,
			PersonID: "nope"}, "personId"},
		{"unknown theme", backend.Visit{At: fixedNow, SiteID: site, UserID: user,
			Themes: []string{"astrologie"}}, "themes"},
		{"unknown mode", backend.Visit{At: fixedNow, SiteID: site, UserID: user,
			Mode: "pigeon"}, "mode"},
		{"bad age bracket", backend.Visit{At: fixedNow, SiteID: site, UserID: user,
			AgeBracket: "12-13"}, "ageBracket"},
		{"negative duration", backend.Visit{At: fixedNow, SiteID: site, UserID: user,
			DurationMin: -5}, "durationMin"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.RecordVisit(ctx, tc.in)
			wantInvalid(t, err, tc.field)
		})
	}
	if rows, _ := db.VisitsOfDay(ctx, ""); len(rows) != 0 {
		t.Fatalf("refused visits were stored: %+v", rows)
	}
}

func TestDashboardCountsByDefinition(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	site, user := c.Sites[0].ID, c.Users[0].ID
	awa, _ := db.CreatePerson(ctx, backend.Person{LastName: "Koné", FirstNames: "Awa",
		Sex: "F", Nationality: "CI", BirthDate: "1967-04-11"})
	omar, _ := db.CreatePerson(ctx, backend.Person{LastName: "Said", FirstNames: "Omar",
		Sex: "M", Nationality: "KM"})
	feb := time.Date(2026, 2, 10, 10, 0, 0, 0, time.UTC)
	march := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

	// Omar came in February, then in March; Awa only in March, twice.
	mustRecord(t, db, ctx, backend.Visit{PersonID: omar.ID, At: feb, SiteID: site,
		UserID: user, Themes: []string{"asile"}})
	mustRecord(t, db, ctx, backend.Visit{PersonID: omar.ID, At: march, SiteID: site,
		UserID: user, Themes: []string{"asile", "domiciliation"}})
	mustRecord(t, db, ctx, backend.Visit{PersonID: awa.ID, At: march, SiteID: site,
		UserID: user, Themes: []string{"asile", "sante", "domiciliation"}})
	mustRecord(t, db, ctx, backend.Visit{PersonID: awa.ID, At: march.Add(time.Hour),
		SiteID: site, UserID: user})
	// One anonymous visit, and one on the last evening of March in Paris,
	// which is already April in UTC.
	mustRecord(t, db, ctx, backend.Visit{At: march, SiteID: site, UserID: user, Sex: "M",
		Nationality: "DZ", AgeBracket: "18-25", Themes: []string{"asile"}})
	lastEvening := time.Date(2026, 3, 31, 22, 30, 0, 0, time.UTC) // 00:30 on 1 April in Paris
	mustRecord(t, db, ctx, backend.Visit{PersonID: awa.ID, At: lastEvening, SiteID: site,
		UserID: user})

	d, err := db.Dashboard(ctx, backend.Period{From: "2026-03-01", To: "2026-03-31"})
	if err != nil {
		t.Fatal(err)
	}
	if d.Visits != 4 || d.Persons != 2 || d.NewPersons != 1 || d.AnonymousVisits != 1 {
		t.Fatalf("visits %d persons %d new %d anonymous %d, want 4 2 1 1",
			d.Visits, d.Persons, d.NewPersons, d.AnonymousVisits)
	}
	wantCounts(t, "theme", d.ByTheme, map[string]int{"asile": 3, "domiciliation": 2,
		"sante": 1})
	wantCounts(t, "sex", d.BySex, map[string]int{"F": 2, "M": 2})
	wantCounts(t, "nationality", d.ByNationality, map[string]int{"CI": 2, "KM": 1, "DZ": 1})

	april, _ := db.Dashboard(ctx, backend.Period{From: "2026-04-01", To: "2026-04-30"})
	if april.Visits != 1 || april.NewPersons != 0 {
		t.Fatalf("April: %d visits, %d new, want 1 visit and no new person",
			april.Visits, april.NewPersons)
	}

	// Moving Omar's February visit into March makes him new in March.
	v, _ := db.VisitsOfDay(ctx, "2026-02-10")
	moved, _ := db.Visit(ctx, v[0].ID)
	moved.At = march
	mustRecord(t, db, ctx, moved)
	d, _ = db.Dashboard(ctx, backend.Period{From: "2026-03-01", To: "2026-03-31"})
	if d.Visits != 5 || d.NewPersons != 2 {
		t.Fatalf("after the move: %d visits, %d new, want 5 and 2", d.Visits, d.NewPersons)
	}
}

func wantCounts(t *testing.T, what string, got []backend.Count, want map[string]int) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("by %s: %+v, want %v", what, got, want)
	}
	for _, c := range got {
		if want[c.Code] != c.N || c.Label == "" {
			t.Fatalf("by %s: %+v, want %v", what, got, want)
		}
	}
}

func TestDashboardRefusesBadPeriods(t *testing.T) {
	db, _ := mustOpen(t)
	for _, p := range []backend.Period{{From: "2026-13-01", To: "2026-12-31"},
		{From: "2026-03-01", To: "hier"}, {From: "2026-03-31", To: "2026-03-01"}} {
		if _, err := db.Dashboard(context.Background(), p); backend.ErrorCode(err) != backend.EInvalid {
			t.Errorf("period %+v: %v", p, err)
		}
	}
}
