package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"pappu/backend"
	"pappu/backend/demo"
	"pappu/backend/internal/statcheck"
	"pappu/backend/sqlite"
)

// The demonstration database the statistics tests share: generated once per
// test binary (it takes a while), opened by each test, never changed.
var shared struct {
	once sync.Once
	dir  string
	path string
	err  error
}

var demoToday = time.Date(2025, 6, 13, 15, 30, 0, 0, time.FixedZone("CEST", 2*3600))

func sharedDemo(t *testing.T) (*sqlite.DB, string) {
	t.Helper()
	shared.once.Do(func() {
		if shared.dir, shared.err = os.MkdirTemp("", "pappu-stats-"); shared.err != nil {
			return
		}
		shared.path = filepath.Join(shared.dir, "pappu.db")
		db, err := sqlite.Open(shared.path, nil)
		if err != nil {
			shared.err = err
			return
		}
		defer db.Close()
		_, shared.err = demo.Generate(context.Background(), db, demo.Options{
			Persons: 20000, Visits: 100000, Seed: 7, Today: demoToday})
	})
	if shared.err != nil {
		t.Fatalf("demo database: %v", shared.err)
	}
	db, err := sqlite.Open(shared.path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, shared.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// statsSeed is the seed of the random cases: PAPPU_STATS_SEED replays a
// failure, else a new one each run.
func statsSeed(t *testing.T) uint64 {
	if s := os.Getenv("PAPPU_STATS_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("PAPPU_STATS_SEED: %v", err)
		}
		return n
	}
	return uint64(time.Now().UnixNano())
}

// randomPeriod is a month, a quarter, a year or any span of the demo years.
func randomPeriod(r *rand.Rand) backend.Period {
	year := 2020 + r.IntN(6)
	switch r.IntN(4) {
	case 0:
		m := time.Date(year, time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
		return backend.Period{From: m.Format("2006-01-02"),
			To: m.AddDate(0, 1, -1).Format("2006-01-02")}
	case 1:
		q := time.Date(year, time.Month(1+3*r.IntN(4)), 1, 0, 0, 0, 0, time.UTC)
		return backend.Period{From: q.Format("2006-01-02"),
			To: q.AddDate(0, 3, -1).Format("2006-01-02")}
	case 2:
		return backend.Period{From: fmt.Sprintf("%d-01-01", year),
			To: fmt.Sprintf("%d-12-31", year)}
	}
	from := time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(1800))
	return backend.Period{From: from.Format("2006-01-02"),
		To: from.AddDate(0, 0, r.IntN(400)).Format("2006-01-02")}
}

// randomFilter restricts up to three dimensions to a few of the codes they
// take over all time.
func randomFilter(r *rand.Rand, codes map[string][]string, p backend.Period) backend.StatsFilter {
	f := backend.StatsFilter{Period: p}
	pick := func(dim string) []string {
		all := codes[dim]
		n := 1 + r.IntN(min(3, len(all)))
		out := []string{}
		for _, i := range r.Perm(len(all))[:n] {
			out = append(out, all[i])
		}
		return out
	}
	for range r.IntN(4) {
		switch dim := backend.Dimensions[1+r.IntN(len(backend.Dimensions)-1)].Code; dim {
		case backend.DimSite:
			f.Sites = pick(dim)
		case backend.DimUser:
			f.Users = pick(dim)
		case backend.DimTheme:
			f.Themes = pick(dim)
		case backend.DimNationality:
			f.Nationalities = pick(dim)
		case backend.DimSex:
			f.Sexes = pick(dim)
		case backend.DimAgeBracket:
			f.AgeBrackets = pick(dim)
		case backend.DimAdminSituation:
			f.AdminSituations = pick(dim)
		case backend.DimMode:
			f.Modes = pick(dim)
		case backend.DimIdentified:
			f.Identified = []string{backend.Anonymous, backend.Identified}[r.IntN(2)]
		}
	}
	return f
}

// allCodes lists the codes each dimension takes over the demo's years.
func allCodes(t *testing.T, db *sqlite.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	f := backend.StatsFilter{Period: backend.Period{From: "2019-01-01", To: "2025-12-31"}}
	for _, d := range backend.Dimensions {
		table, err := db.StatsTable(context.Background(), f, d.Code)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range table.Lines {
			out[d.Code] = append(out[d.Code], l.Code)
		}
	}
	return out
}

func TestStatisticsMatchSQLOnDemoData(t *testing.T) {
	db, path := sharedDemo(t)
	ctx := context.Background()
	seed := statsSeed(t)
	r := rand.New(rand.NewPCG(seed, 7))
	codes := allCodes(t, db)
	dims := slices.Collect(func(yield func(string) bool) {
		for _, d := range backend.Dimensions {
			if !yield(d.Code) {
				return
			}
		}
	})

	// Every dimension at least once, then random tables and cross-tables.
	for i := range max(len(dims), 6) {
		f := randomFilter(r, codes, randomPeriod(r))
		what := fmt.Sprintf("seed %d (PAPPU_STATS_SEED), case %d, filter %+v", seed, i, f)
		dim := dims[i%len(dims)]
		table, err := db.StatsTable(ctx, f, dim)
		if err != nil {
			t.Fatalf("%s: table by %s: %v", what, dim, err)
		}
		statcheck.CheckTable(t, path, what, table)

		row, col := dims[r.IntN(len(dims))], dims[r.IntN(len(dims))]
		if row == col {
			col = dims[(slices.Index(dims, row)+1)%len(dims)]
		}
		cross, err := db.StatsCross(ctx, f, row, col)
		if err != nil {
			t.Fatalf("%s: cross %s×%s: %v", what, row, col, err)
		}
		statcheck.CheckCross(t, path, what, cross)

		cmp, err := db.StatsCompare(ctx, f)
		if err != nil {
			t.Fatalf("%s: compare: %v", what, err)
		}
		for _, pf := range []backend.PeriodFigures{cmp.Current, cmp.Previous, cmp.YearEarlier} {
			g := f
			g.Period = pf.Period
			want, err := statcheck.Groups(path, g)
			if err != nil {
				t.Fatal(err)
			}
			if w, got := want[statcheck.Key{}], pf.Total; got.Visits != w.Visits ||
				got.Persons != w.Persons || got.NewPersons != w.NewPersons ||
				got.Minutes != w.Minutes {
				t.Errorf("%s: compare %s: got %+v, SQL says %+v", what, pf.Label, got, w)
			}
		}
		if t.Failed() {
			t.FailNow()
		}
	}
}

func TestStatisticsFollowPersonsAndVisits(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	p, err := db.CreatePerson(ctx, backend.Person{LastName: "Diallo", FirstNames: "Aminata",
		Sex: "F", BirthDate: "1990-03-20", Nationality: "SN", AdminSituation: "sans_titre"})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 3, 10, 10, 0, 0, 0, time.UTC)
	for _, themes := range [][]string{{"sejour", "sante"}, {"sejour"}} {
		if _, err := db.RecordVisit(ctx, backend.Visit{At: at, SiteID: c.Sites[0].ID,
			UserID: c.Users[0].ID, PersonID: p.ID, DurationMin: 30, Themes: themes}); err != nil {
			t.Fatal(err)
		}
		at = at.AddDate(0, 0, 7)
	}
	f := backend.StatsFilter{Period: backend.Period{From: "2025-03-01", To: "2025-03-31"}}

	// Two visits, one person, new, an hour; sejour twice, sante once, and the
	// theme table's total counts each visit once.
	byTheme, err := db.StatsTable(ctx, f, backend.DimTheme)
	if err != nil {
		t.Fatal(err)
	}
	want := backend.Measures{Visits: 2, Persons: 1, NewPersons: 1, Minutes: 60, Hours: 1}
	if byTheme.Total != want {
		t.Errorf("total = %+v, want %+v", byTheme.Total, want)
	}
	if len(byTheme.Lines) != 2 || byTheme.Lines[0].Code != "sejour" ||
		byTheme.Lines[0].Visits != 2 || byTheme.Lines[1].Visits != 1 {
		t.Errorf("by theme = %+v", byTheme.Lines)
	}
	statcheck.CheckTable(t, db.Path(), "two visits", byTheme)

	// The administrative situation is the person's current one, on every visit.
	p.AdminSituation = "titre_sejour"
	if _, err := db.UpdatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	byAdmin, err := db.StatsTable(ctx, f, backend.DimAdminSituation)
	if err != nil {
		t.Fatal(err)
	}
	if len(byAdmin.Lines) != 1 || byAdmin.Lines[0].Code != "titre_sejour" ||
		byAdmin.Lines[0].Visits != 2 {
		t.Errorf("by admin situation after the change = %+v", byAdmin.Lines)
	}
	statcheck.CheckTable(t, db.Path(), "after the change", byAdmin)
}

func TestStatisticsRefuseBadInput(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	f := backend.StatsFilter{Period: backend.Period{From: "2025-01-01", To: "2025-12-31"}}
	_, err := db.StatsTable(ctx, f, "couleur")
	wantInvalid(t, err, "dimension")
	_, err = db.StatsCross(ctx, f, backend.DimSex, backend.DimSex)
	wantInvalid(t, err, "colDim")
	_, err = db.StatsTable(ctx, backend.StatsFilter{Period: backend.Period{From: "2025-02-30",
		To: "2025-03-01"}}, backend.DimSex)
	wantInvalid(t, err, "from")
	f.Identified = "peut-être"
	_, err = db.StatsCompare(ctx, f)
	wantInvalid(t, err, "identified")
}

// checkEveryShape compares, for the year, the tables by month and by theme,
// the cross of themes by sex, and the tables by sex and by age bracket, with
// the SQL on the base tables.
func checkEveryShape(t *testing.T, db *sqlite.DB, what string) {
	t.Helper()
	ctx := context.Background()
	f := backend.StatsFilter{Period: backend.Period{From: "2025-01-01", To: "2025-12-31"}}
	for _, dim := range []string{backend.DimMonth, backend.DimTheme, backend.DimSex,
		backend.DimAgeBracket, backend.DimSite, backend.DimIdentified} {
		table, err := db.StatsTable(ctx, f, dim)
		if err != nil {
			t.Fatal(err)
		}
		statcheck.CheckTable(t, db.Path(), what+", by "+dim, table)
	}
	cross, err := db.StatsCross(ctx, f, backend.DimTheme, backend.DimSex)
	if err != nil {
		t.Fatal(err)
	}
	statcheck.CheckCross(t, db.Path(), what+", themes by sex", cross)
}

func TestNewPersonsFollowVisitsMovedAndReassigned(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	person := func(last, sex, birth string) backend.Person {
		p, err := db.CreatePerson(ctx, backend.Person{LastName: last, FirstNames: "Test",
			Sex: sex, BirthDate: birth, Nationality: "ML"})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p, q := person("Keita", "M", "1985-06-01"), person("Traoré", "F", "2007-05-20")
	visit := func(v backend.Visit) backend.Visit {
		v.SiteID, v.UserID, v.DurationMin = c.Sites[0].ID, c.Users[0].ID, 20
		return mustRecord(t, db, ctx, v)
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 10, 0, 0, 0, time.UTC) }

	march := visit(backend.Visit{At: day(3, 10), PersonID: p.ID, Themes: []string{"sejour"}})
	visit(backend.Visit{At: day(3, 10), PersonID: p.ID, Themes: []string{"sante", "sejour"}})
	checkEveryShape(t, db, "two visits on the first day")

	// An earlier visit makes February the first day.
	feb := visit(backend.Visit{At: day(2, 3), PersonID: p.ID, Themes: []string{"logement"}})
	checkEveryShape(t, db, "an earlier visit")

	// Moved after the others, it gives the first day back to March.
	feb.At = day(6, 1)
	feb = visit(feb)
	checkEveryShape(t, db, "the earlier visit moved later")

	// A visit given to another person: first for them, no longer for p.
	march.PersonID = q.ID
	march.Themes = []string{"asile"}
	visit(march)
	checkEveryShape(t, db, "a visit given to another person")

	// An anonymous visit, and a change of the person's sex and age.
	visit(backend.Visit{At: day(3, 10), Sex: "F", AgeBracket: "26-35", Nationality: "FR",
		Themes: []string{"sejour"}})
	q.Sex, q.BirthDate = "X", "1960-01-01"
	if _, err := db.UpdatePerson(ctx, q); err != nil {
		t.Fatal(err)
	}
	checkEveryShape(t, db, "an anonymous visit and a person changed")
}

// schema12 turns a database back into what migration 0013 finds: no person
// keys, no first-visit marks, visit_themes with its three columns.
const schema12 = `
DROP INDEX visit_facts_period; DROP INDEX visit_facts_site; DROP INDEX visit_facts_user;
ALTER TABLE visit_facts DROP COLUMN person_key;
ALTER TABLE visit_facts DROP COLUMN first_visit;
CREATE INDEX visit_facts_day_person ON visit_facts (day, person_id);
CREATE TABLE visit_themes_old (day TEXT NOT NULL, theme TEXT NOT NULL,
	visit_id TEXT NOT NULL, PRIMARY KEY (day, theme, visit_id)) WITHOUT ROWID;
INSERT INTO visit_themes_old SELECT day, theme, visit_id FROM visit_themes;
DROP TABLE visit_themes;
ALTER TABLE visit_themes_old RENAME TO visit_themes;
DROP TABLE person_keys;
DELETE FROM schema_migrations WHERE version = 13;`

func TestStatisticsOfAnOlderDatabaseAfterMigration(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	at := time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	var persons []backend.Person
	for i, sex := range []string{"F", "M", "F", "X"} {
		p, err := db.CreatePerson(ctx, backend.Person{LastName: fmt.Sprintf("Personne %d", i),
			FirstNames: "Test", Sex: sex, BirthDate: fmt.Sprintf("19%d0-02-01", 5+i),
			Nationality: []string{"SN", "ML", "DZ", "AF"}[i], AdminSituation: "sans_titre"})
		if err != nil {
			t.Fatal(err)
		}
		persons = append(persons, p)
	}
	themes := [][]string{{"sejour"}, {"sante", "logement"}, nil, {"asile", "sejour"}}
	for i := range 40 {
		v := backend.Visit{At: at.AddDate(0, 0, 9*i), SiteID: c.Sites[0].ID,
			UserID: c.Users[0].ID, DurationMin: 10 + i, Themes: themes[i%4]}
		if i%5 == 4 {
			v.Sex, v.AgeBracket, v.Nationality = "M", "18-25", "FR" // anonymous
		} else {
			v.PersonID = persons[(i*7)%len(persons)].ID
		}
		mustRecord(t, db, ctx, v)
	}
	want := map[string]backend.StatsTable{}
	f := backend.StatsFilter{Period: backend.Period{From: "2025-01-01", To: "2025-12-31"}}
	for _, d := range backend.Dimensions {
		table, err := db.StatsTable(context.Background(), f, d.Code)
		if err != nil {
			t.Fatal(err)
		}
		want[d.Code] = table
	}
	path := db.Path()
	db.Close()

	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(schema12); err != nil {
		t.Fatalf("back to version 12: %v", err)
	}
	raw.Close()

	db, err = sqlite.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, d := range backend.Dimensions {
		table, err := db.StatsTable(context.Background(), f, d.Code)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(table, want[d.Code]) {
			t.Errorf("by %s after migration:\n got %+v\nwant %+v", d.Code, table, want[d.Code])
		}
		statcheck.CheckTable(t, path, "migrated, by "+d.Code, table)
	}
	checkEveryShape(t, db, "migrated")
}

// A period of statistics stays within years of activity: the year 1 or
// 9999 is a typing error, and would build tables of thousands of months.
func TestStatisticsRefuseAbsurdPeriods(t *testing.T) {
	db, _ := mustOpen(t)
	for _, p := range []backend.Period{
		{From: "0001-01-01", To: "2026-12-31"},
		{From: "2026-01-01", To: "9999-12-31"},
	} {
		_, err := db.StatsTable(t.Context(), backend.StatsFilter{Period: p}, backend.DimMonth)
		var be *backend.Error
		if !asError(err, &be) || be.Code != backend.EInvalid ||
			!strings.Contains(be.Message, "entre 1900 et 2100") {
			t.Errorf("%v: %v", p, err)
		}
	}
}
