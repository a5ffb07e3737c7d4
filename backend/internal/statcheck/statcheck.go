// Package statcheck recomputes the dashboard's figures straight from the
// base tables (visits, persons), with plain SQL that shares nothing with the
// storage's statistics tables, and compares them with what the dashboard
// said. Tests use it on generated and imported data.
package statcheck

import (
	"database/sql"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"testing"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver

	"pappu/backend"
)

// Figures are a period's figures, every breakdown complete (no top-10 cut).
type Figures struct {
	Visits, Persons, NewPersons, AnonymousVisits int

	ByTheme, BySex, ByNationality, BySite map[string]int
	SiteNames                             map[string]string // site id -> name
}

// Check fails t unless got, the dashboard of period p, agrees with the
// figures recomputed from the database file at dbPath.
func Check(t testing.TB, dbPath string, p backend.Period, got backend.Dashboard) {
	t.Helper()
	want, err := Compute(dbPath, p)
	if err != nil {
		t.Fatalf("statcheck: %v", err)
	}
	where := p.From + ".." + p.To
	if got.Period != p {
		t.Errorf("%s: dashboard period = %+v", where, got.Period)
	}
	for _, f := range []struct {
		name      string
		got, want int
	}{
		{"visits", got.Visits, want.Visits},
		{"persons", got.Persons, want.Persons},
		{"new persons", got.NewPersons, want.NewPersons},
		{"anonymous visits", got.AnonymousVisits, want.AnonymousVisits},
	} {
		if f.got != f.want {
			t.Errorf("%s: %s = %d, SQL says %d", where, f.name, f.got, f.want)
		}
	}
	sameCounts(t, where+": by theme", got.ByTheme, want.ByTheme)
	sameCounts(t, where+": by sex", got.BySex, want.BySex)
	sameCounts(t, where+": by site", got.BySite, want.BySite)
	for _, c := range got.BySite {
		if name := want.SiteNames[c.Code]; c.Label != name {
			t.Errorf("%s: site %s labelled %q, named %q", where, c.Code, c.Label, name)
		}
	}
	checkTopNationalities(t, where, got, want)
}

// sameCounts compares a breakdown with the complete counts by code.
func sameCounts(t testing.TB, what string, got []backend.Count, want map[string]int) {
	t.Helper()
	have := map[string]int{}
	for _, c := range got {
		if _, dup := have[c.Code]; dup {
			t.Errorf("%s: code %q listed twice", what, c.Code)
		}
		have[c.Code] = c.N
	}
	if !maps.Equal(have, want) {
		t.Errorf("%s:\n got %v\nwant %v", what, have, want)
	}
}

// checkTopNationalities checks the ten largest nationalities one by one, then
// that "autres" holds exactly the rest.
func checkTopNationalities(t testing.TB, where string, got backend.Dashboard, want Figures) {
	t.Helper()
	const top = 10
	lines := got.ByNationality
	if len(want.ByNationality) <= top {
		sameCounts(t, where+": by nationality", lines, want.ByNationality)
		return
	}
	if len(lines) != top+1 || lines[top].Code != "autres" {
		t.Errorf("%s: by nationality has %d lines, want the top %d and \"autres\"",
			where, len(lines), top)
		return
	}

	// The named lines are right, and none left out is larger.
	named := map[string]bool{}
	sum, smallest := 0, int(^uint(0)>>1)
	for _, c := range lines[:top] {
		if n, ok := want.ByNationality[c.Code]; !ok || n != c.N {
			t.Errorf("%s: nationality %q = %d, SQL says %d", where, c.Code, c.N, n)
		}
		named[c.Code] = true
		sum += c.N
		smallest = min(smallest, c.N)
	}
	rest := 0
	for _, code := range slices.Sorted(maps.Keys(want.ByNationality)) {
		if n := want.ByNationality[code]; !named[code] {
			rest += n
			if n > smallest {
				t.Errorf("%s: nationality %q (%d) left out of the top %d (smallest %d)",
					where, code, n, top, smallest)
			}
		}
	}
	if lines[top].N != rest {
		t.Errorf("%s: \"autres\" = %d, SQL says %d", where, lines[top].N, rest)
	}
	if sum+lines[top].N != got.Visits {
		t.Errorf("%s: top %d + autres = %d, visits = %d", where, top, sum+lines[top].N,
			got.Visits)
	}
}

// Compute recomputes the figures of period p from the base tables, through
// a read-only connection of its own.
func Compute(dbPath string, p backend.Period) (Figures, error) {
	db, err := openReadOnly(dbPath)
	if err != nil {
		return Figures{}, err
	}
	defer db.Close()

	// One read transaction, so that every figure sees the same data.
	tx, err := db.Begin()
	if err != nil {
		return Figures{}, err
	}
	defer tx.Rollback()

	var f Figures
	err = tx.QueryRow(`SELECT
			count(*),
			count(DISTINCT person_id),
			count(*) FILTER (WHERE person_id IS NULL)
		FROM visits
		WHERE deleted_at IS NULL AND day BETWEEN ? AND ?`, p.From, p.To).
		Scan(&f.Visits, &f.Persons, &f.AnonymousVisits)
	if err != nil {
		return f, err
	}

	// A person is new in the period when their first visit ever falls in it.
	err = tx.QueryRow(`SELECT count(*) FROM (
			SELECT person_id, min(day) AS first_day
			FROM visits
			WHERE deleted_at IS NULL AND person_id IS NOT NULL
			GROUP BY person_id)
		WHERE first_day BETWEEN ? AND ?`, p.From, p.To).Scan(&f.NewPersons)
	if err != nil {
		return f, err
	}

	// A visit counts once under each of its themes.
	if f.ByTheme, err = counts(tx, `SELECT theme.value, count(DISTINCT v.id)
		FROM visits v, json_each(v.themes) AS theme
		WHERE v.deleted_at IS NULL AND v.day BETWEEN ? AND ?
		GROUP BY theme.value`, p); err != nil {
		return f, err
	}

	// An identified visit is described by its person, an anonymous one by
	// its own fields.
	if f.BySex, err = counts(tx, `SELECT
			CASE WHEN v.person_id IS NULL THEN v.sex ELSE p.sex END,
			count(*)
		FROM visits v
		LEFT JOIN persons p ON p.id = v.person_id
		WHERE v.deleted_at IS NULL AND v.day BETWEEN ? AND ?
		GROUP BY 1`, p); err != nil {
		return f, err
	}
	if f.ByNationality, err = counts(tx, `SELECT
			CASE WHEN v.person_id IS NULL THEN v.nationality ELSE p.nationality END,
			count(*)
		FROM visits v
		LEFT JOIN persons p ON p.id = v.person_id
		WHERE v.deleted_at IS NULL AND v.day BETWEEN ? AND ?
		GROUP BY 1`, p); err != nil {
		return f, err
	}
	if f.BySite, err = counts(tx, `SELECT site_id, count(*)
		FROM visits
		WHERE deleted_at IS NULL AND day BETWEEN ? AND ?
		GROUP BY site_id`, p); err != nil {
		return f, err
	}
	f.SiteNames, err = siteNames(tx)
	return f, err
}

// readOnlyDSN opens dbPath read-only, waiting for a writer if need be.
func readOnlyDSN(dbPath string) string {
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("_busy_timeout", "10000")
	return "file:" + url.PathEscape(filepath.ToSlash(dbPath)) + "?" + q.Encode()
}

func counts(tx *sql.Tx, query string, p backend.Period) (map[string]int, error) {
	rows, err := tx.Query(query, p.From, p.To)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return nil, err
		}
		out[code] = n
	}
	return out, rows.Err()
}

func siteNames(tx *sql.Tx) (map[string]string, error) {
	rows, err := tx.Query(`SELECT id, name FROM sites`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}
