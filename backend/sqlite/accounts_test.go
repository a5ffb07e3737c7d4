package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pappu/backend"
	"pappu/backend/sqlite"
)

const adminPassword = "Bleu-Canard-42"

// mustOpenWithAccount is mustOpen with a first user who can log in.
func mustOpenWithAccount(t *testing.T) (*sqlite.DB, backend.Context, *time.Time) {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "pappu.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := fixedNow
	db.Now = func() time.Time { return now }
	c, err := db.Setup(context.Background(), backend.Setup{OrganisationName: "Accueil",
		SiteName: "Permanence", UserName: "Samira K.", Login: "samira",
		Password: adminPassword})
	if err != nil {
		t.Fatal(err)
	}
	return db, c, &now
}

func TestLoginAndSlowDown(t *testing.T) {
	db, c, now := mustOpenWithAccount(t)
	ctx := context.Background()
	s, err := db.Authenticate(ctx, "Samira", adminPassword)
	if err != nil || s.User.ID != c.Users[0].ID || s.User.Role != backend.RoleAdmin {
		t.Fatalf("login: %+v %v", s, err)
	}

	// Three misses pass at once; the fourth must wait 2 s, then 4 s…
	for i := 1; i <= 3; i++ {
		_, err := db.Authenticate(ctx, "samira", "mauvais")
		if !strings.Contains(backend.ErrorMessage(err), "incorrect") {
			t.Fatalf("miss %d: %v", i, err)
		}
	}
	_, err = db.Authenticate(ctx, "samira", adminPassword)
	if !strings.Contains(backend.ErrorMessage(err), "réessayez dans 2 secondes") {
		t.Fatalf("right password too soon after three misses: %v", err)
	}
	*now = now.Add(2 * time.Second)
	db.Authenticate(ctx, "samira", "encore faux")
	_, err = db.Authenticate(ctx, "samira", adminPassword)
	if !strings.Contains(backend.ErrorMessage(err), "réessayez dans 4 secondes") {
		t.Fatalf("after a fourth miss: %v", err)
	}
	*now = now.Add(4 * time.Second)
	if _, err := db.Authenticate(ctx, "samira", adminPassword); err != nil {
		t.Fatalf("after the wait: %v", err)
	}
	// A success clears the count.
	if _, err := db.Authenticate(ctx, "samira", "faux"); !strings.Contains(
		backend.ErrorMessage(err), "incorrect") {
		t.Fatalf("count not cleared: %v", err)
	}

	// Unknown logins are slowed down alike and say nothing more.
	for i := 0; i < 4; i++ {
		_, err = db.Authenticate(ctx, "personne", "x")
	}
	if !strings.Contains(backend.ErrorMessage(err), "réessayez") {
		t.Fatalf("unknown login not slowed down: %v", err)
	}

	entries, err := db.AuditLog(ctx, sqlite.AuditFilter{Action: "login_failed"})
	if err != nil || len(entries) < 5 {
		t.Fatalf("failed logins audited: %d %v", len(entries), err)
	}
	for _, e := range entries {
		if strings.Contains(e.Fields+e.EntityID, "personne") {
			t.Fatalf("the login typed was kept: %+v", e)
		}
	}
}

func TestAccountsLifecycle(t *testing.T) {
	db, c, _ := mustOpenWithAccount(t)
	ctx := backend.WithActor(context.Background(), c.Users[0].ID)
	in := sqlite.NewAccount{DisplayName: "Jonas Petit", Login: "jonas",
		Role: backend.RoleReception, TemporaryPassword: "Provisoire-2026!"}
	u, err := db.CreateUser(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(ctx, in); backend.ErrorCode(err) != backend.EConflict {
		t.Fatalf("same login twice: %v", err)
	}
	weak := in
	weak.Login, weak.TemporaryPassword = "jonas2", "jonas12345"
	if _, err := db.CreateUser(ctx, weak); backend.ErrorCode(err) != backend.EInvalid {
		t.Fatalf("weak password accepted: %v", err)
	}

	s, err := db.Authenticate(ctx, "jonas", "Provisoire-2026!")
	if err != nil || !s.MustChange {
		t.Fatalf("first login must ask for a new password: %+v %v", s, err)
	}
	err = db.ChangePassword(ctx, u.ID, "Provisoire-2026!", "court")
	wantInvalid(t, err, "password")
	err = db.ChangePassword(ctx, u.ID, "pas le bon", "Un-Autre-Secret-9")
	wantInvalid(t, err, "currentPassword")
	if err := db.ChangePassword(ctx, u.ID, "Provisoire-2026!", "Un-Autre-Secret-9"); err != nil {
		t.Fatal(err)
	}
	if s, err := db.Authenticate(ctx, "jonas", "Un-Autre-Secret-9"); err != nil || s.MustChange {
		t.Fatalf("after the change: %+v %v", s, err)
	}

	if err := db.SetUserRole(ctx, u.ID, backend.RoleReception, false); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Authenticate(ctx, "jonas", "Un-Autre-Secret-9"); err == nil {
		t.Fatal("a deactivated account logged in")
	}
	err = db.SetUserRole(ctx, c.Users[0].ID, backend.RoleWorker, true)
	if backend.ErrorCode(err) != backend.EConflict {
		t.Fatalf("the last administrator was demoted: %v", err)
	}
}

func TestRegistrySaysWhetherBackupsAreEncrypted(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	before, err := db.RegistrySettings(ctx)
	if err != nil || before.EncryptedBackups {
		t.Fatalf("before any backup set-up: %+v %v", before, err)
	}
	if err := db.SetSetting(ctx, "backup.config", `{"dir":"x"}`); err != nil {
		t.Fatal(err)
	}
	after, err := db.RegistrySettings(ctx)
	if err != nil || !after.EncryptedBackups {
		t.Fatalf("after the set-up: %+v %v", after, err)
	}
}

// A worker an import named (visits under "Camille B.") is given a login by
// creating an account with that name: the same user, not a second one, so
// that their imported visits are theirs.
func TestAnImportedWorkerGetsALogin(t *testing.T) {
	needSample(t)
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	importFile(t, db, ctx, samplePath)
	var before string
	raw := rawDB(t, db)
	if err := raw.QueryRow(`SELECT id FROM users WHERE display_name = 'Camille B.'
		AND login IS NULL`).Scan(&before); err != nil {
		t.Fatalf("the import named no such worker: %v", err)
	}
	u, err := db.CreateUser(ctx, sqlite.NewAccount{DisplayName: "Camille B.",
		Login: "camille.b", Role: backend.RoleWorker, TemporaryPassword: "Provisoire-2026!"})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	raw.QueryRow(`SELECT count(*) FROM users WHERE display_name = 'Camille B.'`).Scan(&n)
	if u.ID != before || n != 1 {
		t.Fatalf("account %s for imported user %s; %d users of that name", u.ID, before, n)
	}
	s, err := db.Authenticate(ctx, "camille.b", "Provisoire-2026!")
	if err != nil || s.User.ID != before || !s.MustChange {
		t.Fatalf("login of the imported worker: %+v %v", s, err)
	}
}
