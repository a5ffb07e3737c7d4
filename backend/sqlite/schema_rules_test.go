package sqlite_test

import (
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// localTables are the tables that are not structure data, each with why it
// needs no sync columns. Any other table must carry them: a new table
// missing from this list and without them fails TestEveryTableFollowsTheDataRules.
var localTables = map[string]string{
	"schema_migrations":   "the migrations this file has applied; each device has its own",
	"settings":            "this device's settings (device id, lock delay, clock)",
	"login_attempts":      "this device's login slow-down, never shared",
	"geocode_attempts":    "this device's geocoding retries; each PC retries on its own",
	"person_terms":        "search index, derived from persons",
	"file_counters":       "last file number given here, derived from persons",
	"visit_facts":         "statistics rows, derived from visits and persons",
	"visit_themes":        "statistics rows, derived from visits",
	"person_first_visits": "statistics rows, derived from visits",
	"person_keys":         "statistics keys of persons, derived from visits",
	"daily_counts":        "statistics counts, derived from visits",
	"daily_theme_counts":  "statistics counts, derived from visits",
	"changes":             "the change log itself",
	"audit_log":           "append-only audit of this device's users, never edited",
	"notifications":       "reminders this device has shown; each PC shows its own",
}

// syncViolations walks sqlite_master and lists, for every table not in
// exempt, what it lacks of DESIGN.md's data rules: a UUIDv7 text primary key
// named id, created_at, updated_at, deleted_at (nullable) and version.
func syncViolations(db *sql.DB, exempt map[string]string) ([]string, error) {
	rows, err := db.Query(`SELECT name FROM sqlite_master
		WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, name)
	}
	rows.Close()

	var out []string
	for _, table := range tables {
		if _, ok := exempt[table]; ok {
			continue
		}
		problems, err := tableViolations(db, table)
		if err != nil {
			return nil, err
		}
		for _, p := range problems {
			out = append(out, table+": "+p)
		}
	}
	return out, nil
}

type column struct {
	typ     string
	notNull bool
	pk      int
}

func tableViolations(db *sql.DB, table string) ([]string, error) {
	rows, err := db.Query(`SELECT name, type, "notnull", pk FROM pragma_table_info(?)`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := map[string]column{}
	pks := 0
	for rows.Next() {
		var name string
		var c column
		if err := rows.Scan(&name, &c.typ, &c.notNull, &c.pk); err != nil {
			return nil, err
		}
		c.typ = strings.ToUpper(c.typ)
		cols[name] = c
		if c.pk > 0 {
			pks++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}

	var problems []string
	if id, ok := cols["id"]; !ok || id.pk != 1 || pks != 1 || id.typ != "TEXT" {
		problems = append(problems, "no TEXT primary key named id alone")
	}
	for _, want := range []struct {
		name    string
		notNull bool
	}{{"created_at", true}, {"updated_at", true}, {"deleted_at", false}, {"version", true}} {
		c, ok := cols[want.name]
		switch {
		case !ok:
			problems = append(problems, "no "+want.name+" column")
		case c.typ != "TEXT":
			problems = append(problems, fmt.Sprintf("%s is %s, not TEXT", want.name, c.typ))
		case c.notNull != want.notNull:
			problems = append(problems, fmt.Sprintf("%s NOT NULL is %v", want.name, c.notNull))
		}
	}
	return problems, nil
}

func TestEveryTableFollowsTheDataRules(t *testing.T) {
	db, _ := mustOpen(t)
	raw := rawDB(t, db)
	problems, err := syncViolations(raw, localTables)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Fatalf("tables of structure data without the sync columns (or to be listed "+
			"in localTables with a reason):\n%s", strings.Join(problems, "\n"))
	}
	// Every exemption names a table that exists: a stale one would hide
	// nothing but mislead.
	for table := range localTables {
		var n int
		raw.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`,
			table).Scan(&n)
		if n == 0 {
			t.Errorf("localTables lists %s, which no migration creates", table)
		}
	}
}

// The checker itself: a table added without the rules is caught, and so is
// one with an integer key or a NOT NULL tombstone.
func TestDataRulesCheckerCatchesBadTables(t *testing.T) {
	db, _ := mustOpen(t)
	raw := rawDB(t, db)
	for _, stmt := range []string{
		`CREATE TABLE bad_plain (id TEXT PRIMARY KEY, name TEXT)`,
		`CREATE TABLE bad_int_key (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL,
			updated_at TEXT NOT NULL, deleted_at TEXT, version TEXT NOT NULL)`,
		`CREATE TABLE bad_tombstone (id TEXT PRIMARY KEY, created_at TEXT NOT NULL,
			updated_at TEXT NOT NULL, deleted_at TEXT NOT NULL, version TEXT NOT NULL)`,
		`CREATE TABLE good_one (id TEXT PRIMARY KEY, created_at TEXT NOT NULL,
			updated_at TEXT NOT NULL, deleted_at TEXT, version TEXT NOT NULL)`,
	} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	problems, err := syncViolations(raw, localTables)
	if err != nil {
		t.Fatal(err)
	}
	bad := map[string]bool{}
	for _, p := range problems {
		bad[strings.SplitN(p, ":", 2)[0]] = true
	}
	var got []string
	for table := range bad {
		got = append(got, table)
	}
	sort.Strings(got)
	if want := "bad_int_key,bad_plain,bad_tombstone"; strings.Join(got, ",") != want {
		t.Fatalf("tables caught: %v, want %s\n%s", got, want, strings.Join(problems, "\n"))
	}
}
