package statcheck

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"pappu/backend"
)

// The statistics model (tables, cross-tables) recomputed from the base
// tables: every fact of a visit is worked out here from visits and persons
// (the age on the visit date from the birth date, the person's current
// administrative situation, the themes from the visit's JSON array), never
// read from the storage's statistics tables.

// Key is the codes of a group: none, one or two dimensions.
type Key [2]string

// baseVisits is one row per live visit with every fact statistics count by.
const baseVisits = `WITH base AS (
	SELECT v.id, v.day, v.person_id, v.site_id, v.user_id, v.mode, v.duration_min,
		coalesce(v.themes, '[]') AS themes,
		CASE WHEN v.person_id IS NULL THEN v.sex ELSE p.sex END AS sex,
		CASE WHEN v.person_id IS NULL THEN v.nationality ELSE p.nationality END AS nat,
		CASE WHEN v.person_id IS NULL THEN v.age_bracket ELSE ` + ageOnVisitDay + ` END AS age,
		coalesce(p.admin_situation, '') AS admin
	FROM visits v LEFT JOIN persons p ON p.id = v.person_id
	WHERE v.deleted_at IS NULL
), firsts AS (
	SELECT person_id, min(day) AS first_day FROM visits
	WHERE deleted_at IS NULL AND person_id IS NOT NULL GROUP BY person_id
) `

// ageOnVisitDay is the bracket of the person's age on the visit's day: a
// birth date known to the year counts from 1 July, to the month from the
// 15th.
const ageOnVisitDay = `(SELECT CASE
		WHEN a IS NULL OR a < 0 THEN ''
		WHEN a < 18 THEN '0-17' WHEN a <= 25 THEN '18-25' WHEN a <= 35 THEN '26-35'
		WHEN a <= 45 THEN '36-45' WHEN a <= 59 THEN '46-59' ELSE '60+' END
	FROM (SELECT CASE WHEN length(p.birth_date) < 4 THEN NULL ELSE
		CAST(substr(v.day, 1, 4) AS INTEGER) - CAST(substr(p.birth_date, 1, 4) AS INTEGER)
		- (substr(v.day, 6, 5) < CASE length(p.birth_date)
			WHEN 10 THEN substr(p.birth_date, 6, 5)
			WHEN 7 THEN substr(p.birth_date, 6, 2) || '-15'
			ELSE '07-01' END) END AS a))`

var baseColumns = map[string]string{
	backend.DimMonth: "substr(b.day, 1, 7)", backend.DimSite: "b.site_id",
	backend.DimUser: "b.user_id", backend.DimTheme: "th.value",
	backend.DimNationality: "b.nat", backend.DimSex: "b.sex",
	backend.DimAgeBracket: "b.age", backend.DimAdminSituation: "b.admin",
	backend.DimMode:       "b.mode",
	backend.DimIdentified: "iif(b.person_id IS NULL, 'anonymous', 'identified')",
}

// Groups recomputes the measures of the filtered visits grouped by dims,
// keyed by the groups' codes; with no dims, the one group is the total.
func Groups(dbPath string, f backend.StatsFilter, dims ...string) (
	map[Key]backend.Measures, error) {
	db, err := openReadOnly(dbPath)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	cols := []string{"''", "''"}
	from := "base b"
	for i, d := range dims {
		cols[i] = baseColumns[d]
		if d == backend.DimTheme {
			from += ", json_each(b.themes) th"
		}
	}
	group := ""
	if len(dims) > 0 {
		group = " GROUP BY 1, 2"
	}
	where, args := baseWhere(f)

	out := map[Key]backend.Measures{}
	rows, err := tx.Query(baseVisits+`SELECT `+cols[0]+`, `+cols[1]+`, count(*),
		count(DISTINCT b.person_id), coalesce(sum(b.duration_min), 0)
		FROM `+from+` WHERE `+where+group, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k Key
		var m backend.Measures
		if err := rows.Scan(&k[0], &k[1], &m.Visits, &m.Persons, &m.Minutes); err != nil {
			rows.Close()
			return nil, err
		}
		if m.Visits > 0 {
			out[k] = m
		}
	}
	rows.Close()

	// New: persons whose first visit ever falls in the period, counted under
	// the visits of that first day.
	rows, err = tx.Query(baseVisits+`SELECT `+cols[0]+`, `+cols[1]+`,
		count(DISTINCT b.person_id)
		FROM `+from+`, firsts fi
		WHERE fi.person_id = b.person_id AND b.day = fi.first_day AND `+where+group, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k Key
		var n int
		if err := rows.Scan(&k[0], &k[1], &n); err != nil {
			return nil, err
		}
		m := out[k]
		m.NewPersons = n
		out[k] = m
	}
	return out, rows.Err()
}

func baseWhere(f backend.StatsFilter) (string, []any) {
	conds := []string{"b.day BETWEEN ? AND ?"}
	args := []any{f.Period.From, f.Period.To}
	for _, c := range []struct {
		col   string
		codes []string
	}{
		{"b.site_id", f.Sites}, {"b.user_id", f.Users}, {"b.nat", f.Nationalities},
		{"b.sex", f.Sexes}, {"b.age", f.AgeBrackets}, {"b.admin", f.AdminSituations},
		{"b.mode", f.Modes},
	} {
		if len(c.codes) == 0 {
			continue
		}
		conds = append(conds, c.col+" IN ("+strings.TrimSuffix(strings.Repeat("?,",
			len(c.codes)), ",")+")")
		for _, code := range c.codes {
			args = append(args, code)
		}
	}
	for i, th := range f.Themes {
		if i == 0 {
			conds = append(conds, "(0")
		}
		conds[len(conds)-1] += " OR b.themes LIKE ?"
		args = append(args, `%"`+th+`"%`)
		if i == len(f.Themes)-1 {
			conds[len(conds)-1] += ")"
		}
	}
	switch f.Identified {
	case backend.Anonymous:
		conds = append(conds, "b.person_id IS NULL")
	case backend.Identified:
		conds = append(conds, "b.person_id IS NOT NULL")
	}
	return strings.Join(conds, " AND "), args
}

// openReadOnly opens the database file through a read-only connection of
// its own, sharing nothing with the storage's.
func openReadOnly(dbPath string) (*sql.DB, error) {
	return sql.Open("sqlite3", readOnlyDSN(dbPath))
}

// CheckTable fails t unless got agrees, line by line and in total, with the
// figures recomputed from the base tables. what names the case, with the
// seed that made it, in failures.
func CheckTable(t testing.TB, dbPath, what string, got backend.StatsTable) {
	t.Helper()
	want, err := Groups(dbPath, got.Filter, got.Dimension)
	if err != nil {
		t.Fatalf("statcheck: %v", err)
	}
	total, err := Groups(dbPath, got.Filter)
	if err != nil {
		t.Fatalf("statcheck: %v", err)
	}
	have := map[Key]backend.Measures{}
	for _, l := range got.Lines {
		if l.Visits > 0 {
			have[Key{l.Code}] = withoutHours(l.Measures)
		}
	}
	sameGroups(t, what+" by "+got.Dimension, have, want)
	sameMeasures(t, what+" total", withoutHours(got.Total), total[Key{}])
}

// CheckCross is CheckTable for a cross-table: cells, row and column totals,
// grand total.
func CheckCross(t testing.TB, dbPath, what string, got backend.CrossTable) {
	t.Helper()
	cells := map[Key]backend.Measures{}
	for i, r := range got.Rows {
		for j, c := range got.Columns {
			if m := got.Cells[i][j]; m.Visits > 0 {
				cells[Key{r.Code, c.Code}] = withoutHours(m)
			}
		}
	}
	for _, part := range []struct {
		name string
		have map[Key]backend.Measures
		dims []string
	}{
		{"cells", cells, []string{got.RowDim, got.ColDim}},
		{"rows", lineGroups(got.Rows), []string{got.RowDim}},
		{"columns", lineGroups(got.Columns), []string{got.ColDim}},
		{"total", map[Key]backend.Measures{{}: withoutHours(got.Total)}, nil},
	} {
		want, err := Groups(dbPath, got.Filter, part.dims...)
		if err != nil {
			t.Fatalf("statcheck: %v", err)
		}
		sameGroups(t, fmt.Sprintf("%s %s×%s %s", what, got.RowDim, got.ColDim, part.name),
			part.have, want)
	}
}

func lineGroups(lines []backend.Line) map[Key]backend.Measures {
	out := map[Key]backend.Measures{}
	for _, l := range lines {
		if l.Visits > 0 {
			out[Key{l.Code}] = withoutHours(l.Measures)
		}
	}
	return out
}

func withoutHours(m backend.Measures) backend.Measures {
	if backend.HoursOf(m.Minutes) != m.Hours {
		m.Hours = -1 // shows as a difference
	} else {
		m.Hours = 0
	}
	return m
}

func sameGroups(t testing.TB, what string, got, want map[Key]backend.Measures) {
	t.Helper()
	for k, w := range want {
		sameMeasures(t, fmt.Sprintf("%s %q", what, k[:]), got[k], w)
	}
	for k, g := range got {
		if _, ok := want[k]; !ok && g != (backend.Measures{}) {
			t.Errorf("%s %q: got %+v, SQL has no such group", what, k[:], g)
		}
	}
}

func sameMeasures(t testing.TB, what string, got, want backend.Measures) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}
