package backup_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"pappu/backend/backup"
)

// day returns the name of the backup made at 03:00 on a day of 2026.
func day(month time.Month, d int) string {
	return backup.FileName(time.Date(2026, month, d, 3, 0, 0, 0, paris))
}

// daily returns the names of one backup at 03:00 each day from first to
// last, both included.
func daily(first, last time.Time) []string {
	var out []string
	for t := first; !t.After(last); t = t.AddDate(0, 0, 1) {
		out = append(out, backup.FileName(t))
	}
	return out
}

func TestPrune(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, paris) // a Friday, ISO week 49
	at3 := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 3, 0, 0, 0, paris) }

	cases := []struct {
		name  string
		files []string
		kept  []string
	}{{
		name:  "a year of daily backups",
		files: daily(at3(2025, 12, 5), at3(2026, 12, 4)),
		kept: []string{
			// 7 days
			day(12, 4), day(12, 3), day(12, 2), day(12, 1), day(11, 30), day(11, 29), day(11, 28),
			// 4 weeks: 49 (12-04, already kept), 48, 47, 46, each its Sunday
			day(11, 22), day(11, 15),
			// 12 months: December to January, each its last day
			day(10, 31), day(9, 30), day(8, 31), day(7, 31), day(6, 30), day(5, 31),
			day(4, 30), day(3, 31), day(2, 28), day(1, 31),
		},
	}, {
		name: "several a day: the newest of each day",
		files: []string{
			backup.FileName(time.Date(2026, 12, 4, 9, 5, 0, 0, paris)),
			backup.FileName(time.Date(2026, 12, 4, 11, 59, 0, 0, paris)),
			backup.FileName(time.Date(2026, 12, 3, 8, 0, 0, 0, paris)),
			backup.FileName(time.Date(2026, 12, 3, 17, 30, 0, 0, paris)),
		},
		kept: []string{
			backup.FileName(time.Date(2026, 12, 4, 11, 59, 0, 0, paris)),
			backup.FileName(time.Date(2026, 12, 3, 17, 30, 0, 0, paris)),
		},
	}, {
		name:  "a PC left off for months keeps its last 7 days",
		files: daily(at3(2026, 5, 20), at3(2026, 6, 10)),
		kept: []string{
			// 7 days
			day(6, 10), day(6, 9), day(6, 8), day(6, 7), day(6, 6), day(6, 5), day(6, 4),
			// 4 weeks: 24 (06-10, kept), 23 (06-07, kept), 22, 21
			day(5, 31), day(5, 24),
			// months: June (kept), May (05-31, kept)
		},
	}, {
		name: "a backup dated after now is kept and does not count",
		files: append(daily(at3(2026, 11, 20), at3(2026, 12, 4)),
			backup.FileName(time.Date(2031, 1, 1, 3, 0, 0, 0, paris))),
		kept: []string{
			backup.FileName(time.Date(2031, 1, 1, 3, 0, 0, 0, paris)),
			day(12, 4), day(12, 3), day(12, 2), day(12, 1), day(11, 30), day(11, 29), day(11, 28),
			day(11, 22),
		},
	}, {
		name: "other files are never touched",
		files: []string{day(12, 4), day(12, 3), "notes.txt", "pappu-2026-13-01T0300.pappubak",
			"pappu-2026-12-01T0300.pappubak.copie", "PAPPU-2020-01-01T0300.pappubak",
			"pappu-2020-01-01T03:00.pappubak", "pappu-2020-1-01T0300.pappubak"},
		kept: []string{day(12, 4), day(12, 3), "notes.txt", "pappu-2026-13-01T0300.pappubak",
			"pappu-2026-12-01T0300.pappubak.copie", "PAPPU-2020-01-01T0300.pappubak",
			"pappu-2020-01-01T03:00.pappubak", "pappu-2020-1-01T0300.pappubak"},
	}, {
		// Backups written before names had seconds keep being rotated.
		name: "names to the minute, to the second, and a second one in the same second",
		files: []string{"pappu-2026-12-04T0900.pappubak", "pappu-2026-12-04T110000.pappubak",
			"pappu-2026-12-04T110000-2.pappubak", "pappu-2026-12-03T1730.pappubak",
			"pappu-2026-12-03T080000.pappubak", "pappu-2026-12-02T0800-3.pappubak"},
		kept: []string{"pappu-2026-12-04T110000-2.pappubak", "pappu-2026-12-03T1730.pappubak",
			"pappu-2026-12-02T0800-3.pappubak"},
	}, {
		name: "a suffix that is not a second backup's is not a backup's name",
		files: []string{day(12, 4), "pappu-2026-12-04T110000-1.pappubak",
			"pappu-2026-12-04T110000-02.pappubak", "pappu-2026-12-04T110000-x.pappubak"},
		kept: []string{day(12, 4), "pappu-2026-12-04T110000-1.pappubak",
			"pappu-2026-12-04T110000-02.pappubak", "pappu-2026-12-04T110000-x.pappubak"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, name := range c.files {
				if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			removed, err := backup.Prune(dir, now)
			if err != nil {
				t.Fatal(err)
			}
			entries, _ := os.ReadDir(dir)
			var left []string
			for _, e := range entries {
				left = append(left, e.Name())
			}
			slices.Sort(left)
			want := slices.Clone(c.kept)
			slices.Sort(want)
			if !slices.Equal(left, want) {
				t.Errorf("kept:\n%v\nwant:\n%v", left, want)
			}
			if len(removed)+len(left) != len(c.files) {
				t.Errorf("removed %d files and kept %d, of %d", len(removed), len(left),
					len(c.files))
			}
			for _, p := range removed {
				if filepath.Dir(p) != dir {
					t.Errorf("removed %s, outside the folder", p)
				}
			}
		})
	}
}

func TestPruneRemovesStaleTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, ".pappu-en-cours-123.tmp")
	fresh := filepath.Join(dir, ".pappu-en-cours-456.tmp")
	for _, p := range []string{stale, fresh} {
		os.WriteFile(p, []byte("x"), 0o600)
	}
	old := time.Now().Add(-25 * time.Hour)
	os.Chtimes(stale, old, old)

	removed, err := backup.Prune(dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(removed, []string{stale}) {
		t.Errorf("removed %v, want only the stale file", removed)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a backup being written was removed")
	}
}

func TestPruneMissingFolder(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "absent")
	_, err := backup.Prune(missing, time.Now())
	if want := "Le dossier de sauvegarde " + missing + " n'existe pas (clé USB ou lecteur " +
		"réseau non branché ?)."; message(err) != want {
		t.Errorf("got %q, want %q", message(err), want)
	}
}

// Two backups within the same second (the daily job and a click on
// "Sauvegarder maintenant") are two files: the second never replaces the
// first.
func TestBackupsInTheSameSecondKeepDistinctNames(t *testing.T) {
	_, dbPath := newDB(t)
	dest := t.TempDir()
	var files []string
	for range 3 {
		f, err := backup.Backup(t.Context(), dbPath, dest, passphrase, fixedNow)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, filepath.Base(f))
	}
	want := []string{"pappu-2026-12-04T030000.pappubak", "pappu-2026-12-04T030000-2.pappubak",
		"pappu-2026-12-04T030000-3.pappubak"}
	if !slices.Equal(files, want) {
		t.Fatalf("names %v, want %v", files, want)
	}
	for _, f := range files {
		if err := backup.Verify(filepath.Join(dest, f), passphrase); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	removed, err := backup.Prune(dest, fixedNow)
	if err != nil || len(removed) != 2 {
		t.Fatalf("prune removed %v (%v), want the two older of the day", removed, err)
	}
	if _, err := os.Stat(filepath.Join(dest, want[2])); err != nil {
		t.Fatal("prune did not keep the newest of the day")
	}
}
