package sqlite_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pappu/backend/sqlite"
)

// A database opens, and is created exactly where asked, in folders named as
// people name them: spaces, accents, apostrophes, "#", "%" and "?" (the last
// only outside Windows, which forbids it in names).
func TestOpenInAwkwardFolders(t *testing.T) {
	for _, name := range []string{
		"Hélène Dupont",
		"N'Diaye Aïssatou",
		"Permanence #2 (100% bénévole)",
		"données ?",
	} {
		dir := filepath.Join(t.TempDir(), name, "AppData", "Roaming", "PAPPU")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "pappu.db")
		db, err := sqlite.Open(path, nil)
		if err != nil {
			t.Fatalf("open in %q: %v", dir, err)
		}
		db.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("open in %q did not create %s: %v", dir, path, err)
		}
		entries, _ := os.ReadDir(filepath.Dir(dir))
		if len(entries) != 1 {
			t.Errorf("open in %q also created files beside the folder: %v", dir, entries)
		}
	}
}

// When the database cannot be opened, the message names the file as the
// person would type it, not as the connection string escapes it.
func TestOpenErrorNamesThePath(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Hélène Dupont #2")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	// pappu.db is a folder: SQLite cannot open it.
	path := filepath.Join(dir, "pappu.db")
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := sqlite.Open(path, nil)
	if err == nil {
		t.Fatal("opening a folder as the database: no error")
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("message %q does not name %q", err.Error(), path)
	}
}
