package sqlite_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"pappu/backend"
	"pappu/backend/sqlite"
)

// The database and its WAL and shared-memory files are readable by their
// owner only, even in a data folder that already existed with wider
// permissions; a database left readable by others is tightened.
func TestDatabaseFilesArePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps the files private through the profile's access lists")
	}
	dir := filepath.Join(t.TempDir(), "PAPPU")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "pappu.db")
	wantPrivate := func(when string) {
		t.Helper()
		for _, name := range []string{path, path + "-wal", path + "-shm"} {
			info, err := os.Stat(name)
			if err != nil {
				t.Fatalf("%s: %v", when, err)
			}
			if perm := info.Mode().Perm(); perm != 0o600 {
				t.Errorf("%s: %s has mode %o, want 600", when, filepath.Base(name), perm)
			}
		}
	}

	db, err := sqlite.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantPrivate("new database")
	db.Close()

	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err = sqlite.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	wantPrivate("database that was readable by all")
}

// A file that is not a PAPPU database, or a damaged one, is refused with a
// French message naming it and pointing at the restore.
func TestOpenRefusesADamagedFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Hélène Dupont")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	notADB := filepath.Join(dir, "texte.db")
	if err := os.WriteFile(notADB, []byte(strings.Repeat("pas une base ", 1000)),
		0o600); err != nil {
		t.Fatal(err)
	}

	// A real database whose schema page is overwritten.
	damaged := filepath.Join(dir, "pappu.db")
	db, err := sqlite.Open(damaged, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	f, err := os.OpenFile(damaged, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte(strings.Repeat("\xff", 3000)), 100)
	f.Close()

	for _, path := range []string{notADB, damaged} {
		_, err := sqlite.Open(path, nil)
		if err == nil {
			t.Fatalf("open %s: no error", path)
		}
		msg := backend.ErrorMessage(err)
		if !strings.Contains(msg, "Le fichier "+path+" n'est pas une base PAPPU lisible") ||
			!strings.Contains(msg, "pappu-cli restore") {
			t.Errorf("open %s: message %q", filepath.Base(path), msg)
		}
	}
}

// Closing empties the WAL even while another process keeps the database
// open, so that its file does not stay at its largest.
func TestCloseEmptiesTheWAL(t *testing.T) {
	db, c := mustOpen(t)
	other := rawDB(t, db)
	if err := other.Ping(); err != nil {
		t.Fatal(err)
	}
	ctx := actorCtx(c)
	for i := 0; i < 50; i++ {
		if _, err := db.CreatePerson(ctx, backend.Person{LastName: "Walden",
			FirstNames: "Personne"}); err != nil {
			t.Fatal(err)
		}
	}
	wal := db.Path() + "-wal"
	if info, err := os.Stat(wal); err != nil || info.Size() == 0 {
		t.Fatalf("no WAL written: %v", err)
	}

	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(wal); err != nil {
		t.Fatal(err)
	} else if info.Size() != 0 {
		t.Fatalf("the WAL still holds %d bytes after close", info.Size())
	}
	var n int
	if err := other.QueryRow(`SELECT count(*) FROM persons`).Scan(&n); err != nil || n != 50 {
		t.Fatalf("the other connection reads %d persons (%v)", n, err)
	}
}
