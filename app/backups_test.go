package app_test

import (
	"database/sql"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"pappu/app"
	"pappu/backend"
)

const backupPassphrase = "Le hérisson dort à midi"

// tableRows reads every row of the structure's tables from the database
// file, through a connection of its own, as text.
func tableRows(t *testing.T, dbPath string) map[string]string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]string{}
	for _, table := range []string{"organisations", "sites", "users", "persons", "visits"} {
		rows, err := db.Query(`SELECT * FROM ` + table + ` ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var b strings.Builder
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%v\n", vals)
		}
		rows.Close()
		out[table] = b.String()
	}
	return out
}

// configuredBackups sets a backups folder and the passphrase, as the
// administrator does on the backups screen.
func configuredBackups(t *testing.T, svc *app.Services) string {
	t.Helper()
	folder := t.TempDir()
	st, err := svc.Backups.Configure(folder, backupPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Configured || st.Folder != folder {
		t.Fatalf("status after configuring: %+v", st)
	}
	return folder
}

func TestConfigureBackupsFromTheWindow(t *testing.T) {
	svc, _ := mustServices(t)
	st, err := svc.Backups.Status()
	if err != nil || st.Configured || !st.LastSuccess.IsZero() || st.MinLength != 12 {
		t.Fatalf("before configuring: %+v %v", st, err)
	}
	_, err = svc.Backups.Now()
	if m := windowError(t, err); m["field"] != "folder" || !strings.Contains(m["message"],
		"Choisissez d'abord") {
		t.Fatalf("backup before configuring: %v", m)
	}

	cases := []struct {
		name, folder, pass, field, message string
	}{
		{"short passphrase", t.TempDir(), "trop court", "passphrase", "au moins 12 caractères"},
		{"missing folder", filepath.Join(t.TempDir(), "absent"), backupPassphrase, "folder",
			"n'existe pas"},
		{"no folder", " ", backupPassphrase, "folder", "Indiquez le dossier"},
	}
	for _, tc := range cases {
		_, err := svc.Backups.Configure(tc.folder, tc.pass)
		if m := windowError(t, err); m["field"] != tc.field ||
			!strings.Contains(m["message"], tc.message) {
			t.Errorf("%s: %v", tc.name, m)
		}
	}
	if st, _ := svc.Backups.Status(); st.Configured {
		t.Fatal("a refused configuration was stored")
	}
	configuredBackups(t, svc)
}

// The window's whole path: back up, change the data, restore; a wrong
// passphrase, a truncated or an altered file are refused and change nothing.
func TestBackupThenRestoreFromTheWindow(t *testing.T) {
	svc, c := mustServices(t)
	dbPath := svc.Store().Path()
	p := receivedPerson(t, svc, c)
	folder := configuredBackups(t, svc)

	done, err := svc.Backups.Now()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^pappu-\d{4}-\d\d-\d\dT\d{6}\.pappubak$`).MatchString(done.File) ||
		filepath.Dir(done.Path) != folder {
		t.Fatalf("backup %+v", done)
	}
	if done.Status.LastFile != done.File || done.Status.LastSuccess.IsZero() {
		t.Fatalf("status after the backup: %+v", done.Status)
	}
	if !audited(t, svc, "backup", done.File) {
		t.Fatal("the backup is not in the audit log")
	}
	want := tableRows(t, dbPath)

	// After the backup, the data changes: a file is erased, a person added.
	if _, err := svc.Privacy.Anonymise(p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Persons.Create(backend.Person{LastName: "Après", FirstNames: "Coup"}); err != nil {
		t.Fatal(err)
	}
	changed := tableRows(t, dbPath)
	if maps.Equal(changed, want) {
		t.Fatal("the data did not change")
	}

	// Refused restores leave the live database as it is, and the app goes on.
	truncated := filepath.Join(t.TempDir(), "coupée.pappubak")
	altered := filepath.Join(t.TempDir(), "altérée.pappubak")
	whole, _ := os.ReadFile(done.Path)
	os.WriteFile(truncated, whole[:len(whole)/2], 0o600)
	flipped := append([]byte(nil), whole...)
	flipped[len(flipped)-100] ^= 0x40
	os.WriteFile(altered, flipped, 0o600)
	refusals := []struct{ name, file, pass, message string }{
		{"wrong passphrase", done.Path, "Une autre phrase de passe", "Phrase de passe incorrecte"},
		{"truncated file", truncated, backupPassphrase, "incomplet (tronqué)"},
		{"altered file", altered, backupPassphrase, "est altéré"},
		{"missing file", filepath.Join(folder, "absente.pappubak"), backupPassphrase,
			"introuvable"},
	}
	for _, r := range refusals {
		_, err := svc.Backups.Restore(r.file, r.pass)
		if m := windowError(t, err); m["code"] != "invalid" ||
			!strings.Contains(m["message"], r.message) {
			t.Errorf("%s: %v", r.name, m)
		}
		if got := tableRows(t, dbPath); !maps.Equal(got, changed) {
			t.Fatalf("%s: the live database changed", r.name)
		}
		if found, err := svc.Persons.Search("après", 5); err != nil || len(found) != 1 {
			t.Fatalf("%s: the app stopped serving: %v %v", r.name, found, err)
		}
	}

	restored, err := svc.Backups.Restore(done.Path, backupPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	if restored.File != done.File || !strings.Contains(restored.Aside, "avant-restauration") {
		t.Fatalf("restore %+v", restored)
	}
	if _, err := os.Stat(restored.Aside); err != nil {
		t.Fatalf("the replaced database was not kept aside: %v", err)
	}
	if got := tableRows(t, dbPath); !maps.Equal(got, want) {
		for table := range want {
			if got[table] != want[table] {
				t.Errorf("%s after the restore:\n%s\nwant:\n%s", table, got[table], want[table])
			}
		}
		t.FailNow()
	}

	// The restored database has its own accounts: the user logs in again,
	// and the app serves calls on it.
	st, err := svc.Session.State()
	if err != nil || st.LoggedIn {
		t.Fatalf("still logged in after a restore: %+v %v", st, err)
	}
	_, err = svc.Persons.Search("oumarou", 5)
	if m := windowError(t, err); m["field"] != "session" {
		t.Fatalf("a call passed without login: %v", m)
	}
	if _, err := svc.Session.Login("helene", adminPassword); err != nil {
		t.Fatal(err)
	}
	found, err := svc.Persons.Search("oumarou", 5)
	if err != nil || len(found) != 1 || found[0].ID != p.ID {
		t.Fatalf("the erased person is back as backed up: %+v %v", found, err)
	}
	if !audited(t, svc, "restore", done.File) {
		t.Error("the restore is not in the restored database's audit log")
	}
	if again, err := svc.Backups.Now(); err != nil || again.File == done.File {
		t.Fatalf("backup after the restore: %+v %v", again, err)
	}
}

// The backups of one minute used to share a file name.
func TestTwoBackupsInTheSameSecondFromTheWindow(t *testing.T) {
	svc, _ := mustServices(t)
	configuredBackups(t, svc)
	at := time.Date(2026, 3, 2, 10, 15, 30, 0, time.UTC)
	svc.Store().Now = func() time.Time { return at }
	first, err := svc.Backups.Now()
	if err != nil {
		t.Fatal(err)
	}
	second, err := svc.Backups.Now()
	if err != nil {
		t.Fatal(err)
	}
	if first.File == second.File || !strings.HasSuffix(second.File, "-2.pappubak") {
		t.Fatalf("names %s and %s", first.File, second.File)
	}
}
