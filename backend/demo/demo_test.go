package demo_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"pappu/backend"
	"pappu/backend/demo"
	"pappu/backend/internal/statcheck"
	"pappu/backend/refdata"
	"pappu/backend/sqlite"
)

var paris, _ = time.LoadLocation("Europe/Paris")

// today is a Friday afternoon: the last day of generated activity.
var today = time.Date(2025, 6, 13, 15, 30, 0, 0, paris)

// small is a few years of a small desk, quick to generate.
var small = demo.Options{Persons: 1000, Visits: 5000, Seed: 7, Years: 3, Today: today}

func openDB(t *testing.T) (*sqlite.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pappu.db")
	db, err := sqlite.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func generate(t *testing.T, db *sqlite.DB, opt demo.Options) demo.Summary {
	t.Helper()
	sum, err := demo.Generate(context.Background(), db, opt)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return sum
}

func dashboard(t *testing.T, db *sqlite.DB, p backend.Period) backend.Dashboard {
	t.Helper()
	d, err := db.Dashboard(context.Background(), p)
	if err != nil {
		t.Fatalf("Dashboard %+v: %v", p, err)
	}
	return d
}

var allTime = backend.Period{From: "2000-01-01", To: "2030-12-31"}

func TestDashboardMatchesSQL(t *testing.T) {
	db, path := openDB(t)
	sum := generate(t, db, small)

	for _, p := range []backend.Period{
		{From: "2025-03-01", To: "2025-03-31"}, // a month
		{From: "2025-06-01", To: "2025-06-30"}, // the month of today
		{From: "2024-01-01", To: "2024-12-31"}, // a year
		{From: "2022-06-14", To: "2025-06-13"}, // exactly the generated years
		allTime,
		{From: "2024-08-15", To: "2024-08-15"}, // a public holiday: nothing
		{From: "2025-06-13", To: "2025-06-13"}, // today, up to now
	} {
		statcheck.Check(t, path, p, dashboard(t, db, p))
	}

	d := dashboard(t, db, allTime)
	if d.Visits != sum.Visits || d.Persons != sum.Persons || d.NewPersons != sum.Persons ||
		d.AnonymousVisits != sum.Anonymous {
		t.Errorf("all time: dashboard %d visits, %d persons, %d new, %d anonymous; "+
			"generated %+v", d.Visits, d.Persons, d.NewPersons, d.AnonymousVisits, sum)
	}
	if n := len(dashboard(t, db, backend.Period{From: "2024-01-01", To: "2024-12-31"}).
		ByNationality); n != 11 {
		t.Errorf("a year shows %d nationality lines, want the top 10 and \"autres\"", n)
	}
}

func TestGenerateWritesWhatWasAsked(t *testing.T) {
	db, _ := openDB(t)
	sum := generate(t, db, small)
	// The procedures have a test of their own.
	want := demo.Summary{Persons: 1000, Visits: 5000, Anonymous: 500, Procedures: sum.Procedures}
	if sum != want {
		t.Errorf("summary = %+v, want %+v", sum, want)
	}

	c, err := db.Context(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c.Organisation.Name != "Association de démonstration" || len(c.Sites) != 3 ||
		len(c.Users) < 4 || len(c.Users) > 6 {
		t.Errorf("structure = %q, %d sites, %d users", c.Organisation.Name, len(c.Sites),
			len(c.Users))
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	figures := func(opt demo.Options) []backend.Dashboard {
		db, _ := openDB(t)
		generate(t, db, opt)
		var out []backend.Dashboard
		for _, p := range []backend.Period{
			{From: "2025-03-01", To: "2025-03-31"},
			{From: "2024-01-01", To: "2024-12-31"},
			allTime,
		} {
			d := dashboard(t, db, p)
			// Site ids differ from one database to the next; names do not.
			for i := range d.BySite {
				d.BySite[i].Code = d.BySite[i].Label
			}
			out = append(out, d)
		}
		return out
	}

	a, b := figures(small), figures(small)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("same seed, different figures:\n%+v\n%+v", a, b)
	}
	other := small
	other.Seed++
	if c := figures(other); reflect.DeepEqual(a, c) {
		t.Error("another seed gave the same figures")
	}
}

func TestGenerateTwiceAddsNothing(t *testing.T) {
	db, path := openDB(t)
	generate(t, db, small)
	before := dashboard(t, db, allTime)

	sum := generate(t, db, small)
	if want := (demo.Summary{Skipped: small.Visits}); sum != want {
		t.Errorf("second run = %+v, want %+v", sum, want)
	}
	after := dashboard(t, db, allTime)
	if !reflect.DeepEqual(before, after) {
		t.Errorf("figures changed:\n%+v\n%+v", before, after)
	}
	statcheck.Check(t, path, allTime, after)
}

func TestAboutOneVisitInTenIsAnonymous(t *testing.T) {
	db, _ := openDB(t)
	opt := small
	opt.Visits, opt.Seed = 7777, 3
	sum := generate(t, db, opt)
	share := float64(sum.Anonymous) / float64(sum.Visits)
	if share < 0.09 || share > 0.11 {
		t.Errorf("%d anonymous visits of %d (%.1f %%)", sum.Anonymous, sum.Visits, 100*share)
	}
	if d := dashboard(t, db, allTime); d.AnonymousVisits != sum.Anonymous {
		t.Errorf("dashboard counts %d anonymous visits, generated %d",
			d.AnonymousVisits, sum.Anonymous)
	}
}

// TestGeneratedActivityIsPlausible reads the base tables back: opening hours,
// distinct persons, how often persons come, known codes.
func TestGeneratedActivityIsPlausible(t *testing.T) {
	db, path := openDB(t)
	generate(t, db, small)
	conn, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	// Every visit falls on a weekday, between 9:00 and 17:00 in Paris, and
	// not after today.
	rows, err := conn.Query(`SELECT at, themes FROM visits`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var at, themes string
		if err := rows.Scan(&at, &themes); err != nil {
			t.Fatal(err)
		}
		tm, _ := time.Parse(time.RFC3339, at)
		local := tm.In(paris)
		if wd := local.Weekday(); wd == time.Saturday || wd == time.Sunday ||
			local.Hour() < 9 || local.Hour() >= 17 || tm.After(today) {
			t.Errorf("visit at %s (%s)", local, wd)
		}
	}
	rows.Close()

	// Persons are distinct, come from many countries, and some know only
	// their year of birth.
	var persons, keys, nats, yearOnly int
	err = conn.QueryRow(`SELECT count(*), count(DISTINCT match_key),
		count(DISTINCT nationality), count(*) FILTER (WHERE length(birth_date) = 4)
		FROM persons`).Scan(&persons, &keys, &nats, &yearOnly)
	if err != nil {
		t.Fatal(err)
	}
	if keys != persons || nats < 20 || yearOnly == 0 {
		t.Errorf("%d persons, %d match keys, %d nationalities, %d birth years only",
			persons, keys, nats, yearOnly)
	}
	natRows, err := conn.Query(`SELECT DISTINCT nationality FROM persons
		UNION SELECT DISTINCT nationality FROM visits`)
	if err != nil {
		t.Fatal(err)
	}
	for natRows.Next() {
		var code string
		natRows.Scan(&code)
		if code != "" && refdata.CountryName(code) == code {
			t.Errorf("unknown nationality %q", code)
		}
	}
	natRows.Close()

	// Most persons come one to three times, a few ten times or more.
	var few, many int
	err = conn.QueryRow(`SELECT count(*) FILTER (WHERE n <= 3), count(*) FILTER (WHERE n >= 10)
		FROM (SELECT count(*) AS n FROM visits WHERE person_id IS NOT NULL
		GROUP BY person_id)`).Scan(&few, &many)
	if err != nil {
		t.Fatal(err)
	}
	if few < persons/2 || many == 0 {
		t.Errorf("of %d persons, %d come at most 3 times and %d at least 10 times",
			persons, few, many)
	}
}

func TestGenerateKeepsAnExistingStructure(t *testing.T) {
	db, _ := openDB(t)
	ctx := context.Background()
	if _, err := db.Setup(ctx, backend.Setup{OrganisationName: "Accueil du Panier",
		SiteName: "Le Panier", UserName: "Marie Durand"}); err != nil {
		t.Fatal(err)
	}
	opt := small
	opt.Persons, opt.Visits = 20, 100
	generate(t, db, opt)
	c, err := db.Context(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Organisation.Name != "Accueil du Panier" || len(c.Sites) != 4 {
		t.Errorf("structure = %q with %d sites", c.Organisation.Name, len(c.Sites))
	}
}

func TestGenerateRefusesBadOptions(t *testing.T) {
	db, _ := openDB(t)
	for _, tc := range []struct {
		name string
		opt  demo.Options
	}{
		{"negative persons", demo.Options{Persons: -1, Visits: 10}},
		{"negative visits", demo.Options{Persons: 0, Visits: -5}},
		{"fewer visits than persons", demo.Options{Persons: 10, Visits: 9}},
		{"too many years", demo.Options{Persons: 1, Visits: 1, Years: 31}},
		{"today in the future", demo.Options{Persons: 1, Visits: 1,
			Today: time.Now().Add(48 * time.Hour)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := demo.Generate(context.Background(), db, tc.opt)
			if backend.ErrorCode(err) != backend.EInvalid {
				t.Errorf("err = %v, want an invalid-input error", err)
			}
		})
	}
}
