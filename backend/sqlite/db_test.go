package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pappu/backend"
	"pappu/backend/sqlite"
)

// fixedNow is "now" in these tests: a Thursday afternoon in Paris.
var fixedNow = time.Date(2026, 4, 16, 14, 30, 0, 0, time.UTC)

// mustOpen opens a fresh database in a temporary folder, set up with one
// structure, site and user.
func mustOpen(tb testing.TB) (*sqlite.DB, backend.Context) {
	tb.Helper()
	db, err := sqlite.Open(filepath.Join(tb.TempDir(), "pappu.db"), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return fixedNow }
	c, err := db.Setup(context.Background(), backend.Setup{OrganisationName: "Accueil Test",
		SiteName: "Permanence Belsunce", SiteCommune: "Marseille", UserName: "Camille B."})
	if err != nil {
		tb.Fatal(err)
	}
	return db, c
}

// actorCtx is the context of the structure's first user.
func actorCtx(c backend.Context) context.Context {
	return backend.WithActor(context.Background(), c.Users[0].ID)
}

func rawDB(tb testing.TB, db *sqlite.DB) *sql.DB {
	tb.Helper()
	raw, err := sql.Open("sqlite3", "file:"+db.Path()+"?_busy_timeout=5000")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { raw.Close() })
	return raw
}

func wantInvalid(t *testing.T, err error, field string) {
	t.Helper()
	var be *backend.Error
	if err == nil {
		t.Fatalf("want an invalid %q error, got none", field)
	}
	if !asError(err, &be) || be.Code != backend.EInvalid || be.Field != field {
		t.Fatalf("want invalid %q, got %#v", field, err)
	}
	if be.Message == "" || strings.Contains(be.Message, "sql") {
		t.Fatalf("message not fit for a user: %q", be.Message)
	}
}

func asError(err error, target **backend.Error) bool {
	e, ok := err.(*backend.Error)
	if ok {
		*target = e
	}
	return ok
}

func TestOpenMigratesOnceAndReopens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Hélène Dupont", "pappu.db")
	if err := mkdirAll(filepath.Dir(path)); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir("migrations")
	for i := 0; i < 3; i++ {
		db, err := sqlite.Open(path, nil)
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		var n, max int
		rawDB(t, db).QueryRow(`SELECT count(*), max(version) FROM schema_migrations`).
			Scan(&n, &max)
		if n != len(entries) || max != len(entries) {
			t.Fatalf("open %d: %d migrations recorded up to %d, want each of the %d once",
				i, n, max, len(entries))
		}
		db.Close()
	}
	db, _ := sqlite.Open(path, nil)
	defer db.Close()
	var mode string
	rawDB(t, db).QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	if mode != "wal" {
		t.Fatalf("journal mode %q, want wal", mode)
	}
}

func TestOlderBinaryRefusesNewerDatabase(t *testing.T) {
	db, _ := mustOpen(t)
	path := db.Path()
	raw := rawDB(t, db)
	if _, err := raw.Exec(`INSERT INTO schema_migrations VALUES (99, '2030-01-01')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err := sqlite.Open(path, nil)
	if err == nil || !strings.Contains(err.Error(), "version plus récente de PAPPU") {
		t.Fatalf("want a refusal naming a newer PAPPU, got %v", err)
	}
	if backend.ErrorCode(err) != backend.EConflict {
		t.Fatalf("code %q", backend.ErrorCode(err))
	}
}

func TestSetupRunsOnce(t *testing.T) {
	db, c := mustOpen(t)
	if !c.Ready || len(c.Sites) != 1 || len(c.Users) != 1 {
		t.Fatalf("context after setup: %+v", c)
	}
	_, err := db.Setup(context.Background(), backend.Setup{OrganisationName: "Autre",
		SiteName: "x", UserName: "y"})
	if backend.ErrorCode(err) != backend.EConflict {
		t.Fatalf("second setup: %v", err)
	}
	fresh, err := sqlite.Open(filepath.Join(t.TempDir(), "p.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	_, err = fresh.Setup(context.Background(), backend.Setup{SiteName: "x", UserName: "y"})
	wantInvalid(t, err, "organisationName")
}

func TestRowsCarrySyncColumnsAndLogs(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	p, err := db.CreatePerson(ctx, backend.Person{LastName: "Benali", FirstNames: "Yasmine",
		BirthDate: "1990-05-04", Phone: "0600000000"})
	if err != nil {
		t.Fatal(err)
	}
	raw := rawDB(t, db)
	var id, created, updated, version string
	var deleted sql.NullString
	raw.QueryRow(`SELECT id, created_at, updated_at, deleted_at, version FROM persons`).
		Scan(&id, &created, &updated, &deleted, &version)
	if len(id) != 36 || id[14] != '7' {
		t.Errorf("id %q is not a UUIDv7", id)
	}
	if created != "2026-04-16T14:30:00.000Z" || updated != created || deleted.Valid {
		t.Errorf("timestamps %q %q %v", created, updated, deleted)
	}
	if !strings.HasSuffix(version, db.DeviceID()) {
		t.Errorf("version %q lacks the device id %q", version, db.DeviceID())
	}

	var changes int
	raw.QueryRow(`SELECT count(*) FROM changes WHERE entity = 'person' AND entity_id = ?`,
		p.ID).Scan(&changes)
	if changes != 1 {
		t.Errorf("change log has %d person rows, want 1", changes)
	}
	var user, action, fields string
	raw.QueryRow(`SELECT user_id, action, fields FROM audit_log WHERE entity_id = ?`, p.ID).
		Scan(&user, &action, &fields)
	if user != c.Users[0].ID || action != "create" || !strings.Contains(fields, "lastName") {
		t.Errorf("audit row %q %q %q", user, action, fields)
	}
	if strings.Contains(fields, "Benali") || strings.Contains(fields, "0600000000") {
		t.Errorf("audit row holds values: %q", fields)
	}
	if _, err := raw.Exec(`DELETE FROM audit_log`); err == nil {
		t.Error("the audit log accepted a delete")
	}

	// An update logs a newer version and names only the changed fields.
	p.Phone = "0611111111"
	if _, err := db.UpdatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	var v2 string
	raw.QueryRow(`SELECT version FROM persons`).Scan(&v2)
	if v2 <= version {
		t.Errorf("version did not increase: %q then %q", version, v2)
	}
	raw.QueryRow(`SELECT fields FROM audit_log WHERE action = 'update'`).Scan(&fields)
	if fields != "phone" {
		t.Errorf("update audited fields %q, want phone", fields)
	}
}
