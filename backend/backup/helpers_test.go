package backup_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"pappu/backend"
	"pappu/backend/demo"
	"pappu/backend/sqlite"
)

// passphrase is the structure's backup passphrase in these tests.
var passphrase = []byte("Sept poissons volants !")

// marker is a made-up name stored in every test database: no backup file
// may contain it.
const marker = "Zorglubowska"

// fixedNow is "now" in these tests: a Friday morning in Paris.
var fixedNow = time.Date(2026, 12, 4, 3, 0, 0, 0, paris)

var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return loc
}()

// newDB creates a PAPPU database with a structure, a person named marker and
// some made-up activity, and returns it open, as the running app has it.
func newDB(tb testing.TB) (*sqlite.DB, string) {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "Données PAPPU")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(dir, "pappu.db")
	db, err := sqlite.Open(path, nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	ctx := context.Background()
	if _, err := demo.Generate(ctx, db, demo.Options{Persons: 150, Visits: 1200, Seed: 7,
		Years: 1, Today: time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC)}); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.CreatePerson(ctx, backend.Person{LastName: marker,
		FirstNames: "Ada", Sex: "F", Notes: "Note sur " + marker}); err != nil {
		tb.Fatal(err)
	}
	return db, path
}

// closedDB is newDB closed, as when PAPPU is not running.
func closedDB(tb testing.TB) string {
	tb.Helper()
	db, path := newDB(tb)
	if err := db.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// fingerprint describes every table of the database at path: its row count
// and a hash of its rows in a stable order.
func fingerprint(tb testing.TB, path string) map[string]string {
	tb.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	tables, err := queryStrings(db, `SELECT name FROM sqlite_master
		WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]string{}
	for _, table := range tables {
		rows, err := rowsOf(db, table)
		if err != nil {
			tb.Fatal(err)
		}
		sort.Strings(rows)
		sum := sha256.Sum256([]byte(strings.Join(rows, "\n")))
		out[table] = fmt.Sprintf("%d rows %s", len(rows), hex.EncodeToString(sum[:8]))
	}
	return out
}

func rowsOf(db *sql.DB, table string) ([]string, error) {
	rows, err := db.Query(`SELECT * FROM "` + table + `"`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprintf("%q", vals))
	}
	return out, rows.Err()
}

func queryStrings(db *sql.DB, q string) ([]string, error) {
	rows, err := db.Query(q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// fileHashes hashes the database and its companion files, those present.
func fileHashes(tb testing.TB, dbPath string) map[string]string {
	tb.Helper()
	out := map[string]string{}
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(dbPath + suffix)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			tb.Fatal(err)
		}
		sum := sha256.Sum256(b)
		out[filepath.Base(dbPath+suffix)] = hex.EncodeToString(sum[:])
	}
	return out
}

// leftovers lists the files and folders in dir whose names start with a dot:
// temporary work that should have been removed.
func leftovers(tb testing.TB, dir string) []string {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	return out
}

func sameMap(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// message returns what a user would read for err.
func message(err error) string { return backend.ErrorMessage(err) }
