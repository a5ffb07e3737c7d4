package backup_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pappu/backend"
	"pappu/backend/backup"
	"pappu/backend/sqlite"
)

func TestBackupThenRestoreAfterDamage(t *testing.T) {
	damages := []struct {
		name   string
		damage func(t *testing.T, dbPath string)
	}{
		{"rows deleted", func(t *testing.T, dbPath string) {
			db, err := sql.Open("sqlite3", "file:"+dbPath+"?_journal_mode=WAL")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for _, q := range []string{`DELETE FROM visit_themes`, `DELETE FROM visits`,
				`UPDATE persons SET last_name = 'X'`} {
				if _, err := db.Exec(q); err != nil {
					t.Fatal(q, err)
				}
			}
		}},
		{"bytes overwritten", func(t *testing.T, dbPath string) {
			f, err := os.OpenFile(dbPath, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			info, _ := f.Stat()
			junk := bytes.Repeat([]byte{0xA5}, 3*4096)
			if _, err := f.WriteAt(junk, info.Size()/2/4096*4096); err != nil {
				t.Fatal(err)
			}
			if _, err := f.WriteAt(junk[:100], 0); err != nil { // the header too
				t.Fatal(err)
			}
		}},
		{"file deleted", func(t *testing.T, dbPath string) {
			if err := os.Remove(dbPath); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, d := range damages {
		t.Run(d.name, func(t *testing.T) {
			ctx := context.Background()
			db, dbPath := newDB(t)
			dest := t.TempDir()

			want := fingerprint(t, dbPath)
			file, err := backup.Backup(ctx, dbPath, dest, passphrase, fixedNow)
			if err != nil {
				t.Fatal(err)
			}
			if got, wantName := filepath.Base(file), "pappu-2026-12-04T030000.pappubak"; got != wantName {
				t.Errorf("backup named %s, want %s", got, wantName)
			}
			if err := backup.Verify(file, passphrase); err != nil {
				t.Fatal(err)
			}
			db.Close() // PAPPU is closed before a restore

			d.damage(t, dbPath)
			damaged := fileHashes(t, dbPath)

			restoredAt := time.Date(2026, 12, 5, 9, 15, 30, 0, paris)
			aside, err := backup.Restore(ctx, file, passphrase, dbPath, restoredAt)
			if err != nil {
				t.Fatal(err)
			}
			if got := fingerprint(t, dbPath); !sameMap(got, want) {
				t.Errorf("restored database differs:\n got %v\nwant %v", got, want)
			}

			// The damaged database is kept aside as it was.
			if d.name == "file deleted" {
				if aside != "" {
					t.Errorf("no database to set aside, got %q", aside)
				}
			} else {
				base := dbPath + ".avant-restauration-2026-12-05T091530"
				if aside != base+backup.FileExt {
					t.Errorf("aside = %q, want %q", aside, base+backup.FileExt)
				}
				// Sealed with the restore's passphrase: no plaintext is
				// left, and each file decrypts to what it was.
				for name, sum := range damaged {
					plain := strings.Replace(name, "pappu.db", filepath.Base(base), 1)
					if _, err := os.Stat(filepath.Join(filepath.Dir(dbPath), plain)); err == nil {
						t.Errorf("%s left in the clear", plain)
					}
					out := filepath.Join(t.TempDir(), "clair")
					err := backup.DecryptFile(ctx, filepath.Join(filepath.Dir(dbPath),
						plain+backup.FileExt), passphrase, out)
					if err != nil {
						t.Fatalf("%s: %v", plain, err)
					}
					if got := fileHashes(t, out)["clair"]; got != sum {
						t.Errorf("%s set aside changed", name)
					}
				}
			}
			if left := leftovers(t, filepath.Dir(dbPath)); len(left) > 0 {
				t.Errorf("left in the data folder: %v", left)
			}

			// PAPPU opens the restored database.
			reopened, err := sqlite.Open(dbPath, nil)
			if err != nil {
				t.Fatal(err)
			}
			reopened.Close()
		})
	}
}

// TestRefusedFiles damages a backup in every way and checks that Verify and
// Restore refuse it with a clear message, leaving the database untouched.
func TestRefusedFiles(t *testing.T) {
	dbPath := closedDB(t)
	dest := t.TempDir()
	good, err := backup.Backup(context.Background(), dbPath, dest, passphrase, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	const (
		chunk     = 64<<10 + 16
		wrongPass = "Phrase de passe incorrecte ou fichier de sauvegarde altéré."
		altered   = "est altéré"
		truncated = "est incomplet (tronqué)"
		notBackup = "n'est pas une sauvegarde PAPPU"
	)
	if len(orig) < 96+3*chunk {
		t.Fatalf("the test database is too small: %d bytes", len(orig))
	}
	flip := func(at int) func([]byte) []byte {
		return func(b []byte) []byte {
			b = bytes.Clone(b)
			b[at] ^= 0x01
			return b
		}
	}
	cases := []struct {
		name   string
		pass   []byte // nil: the right one
		change func([]byte) []byte
		want   string
	}{
		{"wrong passphrase", []byte("Sept poissons volants ?"), nil, wrongPass},
		{"empty passphrase", []byte{}, nil, wrongPass},
		{"empty file", nil, func([]byte) []byte { return nil }, "est vide"},
		{"random bytes", nil, func(b []byte) []byte {
			return bytes.Repeat([]byte("n'importe quoi "), 5000)
		}, notBackup},
		{"a plain SQLite database", nil, func([]byte) []byte {
			b, _ := os.ReadFile(dbPath)
			return b
		}, notBackup},
		{"header cut", nil, func(b []byte) []byte { return b[:40] }, truncated},
		{"cut in the first chunk", nil, func(b []byte) []byte { return b[:96+1000] }, truncated},
		{"cut at a chunk boundary", nil, func(b []byte) []byte { return b[:96+2*chunk] }, truncated},
		{"last byte missing", nil, func(b []byte) []byte { return b[:len(b)-1] }, truncated},
		{"byte appended", nil, func(b []byte) []byte { return append(bytes.Clone(b), 0) }, altered},
		{"magic flipped", nil, flip(0), notBackup},
		{"version flipped", nil, flip(8), altered},
		{"newer version", nil, func(b []byte) []byte {
			b = bytes.Clone(b)
			b[8] = 2
			return b
		}, "version plus récente de PAPPU (format 2)"},
		{"threads flipped", nil, flip(11), wrongPass},
		{"time flipped", nil, flip(15), wrongPass},
		{"memory flipped", nil, flip(16), altered}, // 2^24 KiB: over the bound
		{"chunk size flipped", nil, flip(21), altered},
		{"size flipped", nil, flip(31), truncated},
		{"salt flipped", nil, flip(40), wrongPass},
		{"nonce prefix flipped", nil, flip(50), altered},
		{"key check flipped", nil, flip(80), wrongPass},
		{"first chunk flipped", nil, flip(100), altered},
		{"middle flipped", nil, func(b []byte) []byte { return flip(len(b) / 2)(b) }, altered},
		{"last tag flipped", nil, func(b []byte) []byte { return flip(len(b) - 1)(b) }, altered},
		{"chunks swapped", nil, func(b []byte) []byte {
			b = bytes.Clone(b)
			one := bytes.Clone(b[96 : 96+chunk])
			copy(b[96:], b[96+chunk:96+2*chunk])
			copy(b[96+chunk:], one)
			return b
		}, altered},
		{"chunk repeated", nil, func(b []byte) []byte {
			b = bytes.Clone(b)
			copy(b[96+chunk:], b[96:96+chunk])
			return b
		}, altered},
	}
	before := fileHashes(t, dbPath)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file, pass := good, c.pass
			if pass == nil {
				pass = passphrase
			}
			if c.change != nil {
				file = filepath.Join(t.TempDir(), "copie.pappubak")
				if err := os.WriteFile(file, c.change(orig), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			err := backup.Verify(file, pass)
			if err == nil || !strings.Contains(message(err), c.want) {
				t.Errorf("Verify: got %v, want a message with %q", err, c.want)
			}
			if backend.ErrorCode(err) == backend.EInternal {
				t.Errorf("Verify: internal error %v", err)
			}
			aside, err := backup.Restore(context.Background(), file, pass, dbPath, fixedNow)
			if err == nil || !strings.Contains(message(err), c.want) {
				t.Errorf("Restore: got %v, want a message with %q", err, c.want)
			}
			if aside != "" {
				t.Errorf("Restore set the database aside as %s", aside)
			}
			if after := fileHashes(t, dbPath); !sameMap(before, after) {
				t.Errorf("the database changed: %v, then %v", before, after)
			}
			if left := leftovers(t, filepath.Dir(dbPath)); len(left) > 0 {
				t.Errorf("left in the data folder: %v", left)
			}
		})
	}
}

func TestWrongPassphraseMessage(t *testing.T) {
	dbPath := closedDB(t)
	file, err := backup.Backup(context.Background(), dbPath, t.TempDir(), passphrase, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	err = backup.Verify(file, []byte("une autre phrase de passe"))
	want := "Phrase de passe incorrecte ou fichier de sauvegarde altéré."
	if got := message(err); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestBackupWhileWriting backs up while another goroutine records visits:
// the copy is one consistent state, between the counts before and after.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	db, dbPath := newDB(t)
	c, err := db.Context(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before := countVisits(t, dbPath)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var written atomic.Int64
	var writeErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := db.RecordVisit(ctx, backend.Visit{At: at.Add(time.Duration(i) * time.Second),
				SiteID: c.Sites[0].ID, UserID: c.Users[0].ID, Themes: []string{"sejour"},
				Sex: "F", Mode: "walk_in"}); err != nil {
				writeErr = err
				return
			}
			written.Add(1)
		}
	}()

	// Back up while the writer runs, a few times to overlap its writes.
	dest := t.TempDir()
	var files []string
	for i := range 3 {
		for written.Load() < int64(20*(i+1)) && writeErr == nil {
			time.Sleep(time.Millisecond)
		}
		at := fixedNow.Add(time.Duration(i) * time.Minute)
		file, err := backup.Backup(ctx, dbPath, dest, passphrase, at)
		if err != nil {
			close(stop)
			wg.Wait()
			t.Fatal(err)
		}
		files = append(files, file)
	}
	close(stop)
	wg.Wait()
	if writeErr != nil {
		t.Fatal(writeErr)
	}
	after := countVisits(t, dbPath)
	if after <= before {
		t.Fatalf("the writer wrote nothing: %d then %d", before, after)
	}

	for _, file := range files {
		restored := filepath.Join(t.TempDir(), "pappu.db")
		if _, err := backup.Restore(ctx, file, passphrase, restored, fixedNow); err != nil {
			t.Fatal(err)
		}
		n := countVisits(t, restored)
		if n < before || n > after {
			t.Errorf("%s: %d visits, want between %d and %d", filepath.Base(file), n, before, after)
		}
		// Every visit and its change log entry are written in one
		// transaction: a consistent copy has as many of each.
		changes := count(t, restored, `SELECT count(DISTINCT entity_id) FROM changes
			WHERE entity = 'visit'`)
		if changes != n {
			t.Errorf("%s: %d visits but %d in the change log", filepath.Base(file), n, changes)
		}
	}
}

func countVisits(t *testing.T, path string) int {
	return count(t, path, `SELECT count(*) FROM visits`)
}

func count(t *testing.T, path, q string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBackupHoldsNoPlaintext(t *testing.T) {
	db, dbPath := newDB(t)
	// Checkpoint, so that the marker is in the database file itself.
	raw, err := sql.Open("sqlite3", "file:"+dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	plain, err := os.ReadFile(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(plain, []byte(marker)) {
		t.Fatal("the marker is not in the database file: the test proves nothing")
	}

	file, err := backup.Backup(context.Background(), dbPath, t.TempDir(), passphrase, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	sealed, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, clear := range [][]byte{[]byte(marker), []byte("SQLite format 3"),
		[]byte("CREATE TABLE"), []byte("Accueil"), passphrase} {
		if bytes.Contains(sealed, clear) {
			t.Errorf("the backup contains %q in clear", clear)
		}
	}
	info, _ := os.Stat(file)
	if info.Mode().Perm()&0o077 != 0 {
		t.Errorf("backup file mode %v, want readable by its owner only", info.Mode().Perm())
	}
	if left := leftovers(t, filepath.Dir(dbPath)); len(left) > 0 {
		t.Errorf("left in the data folder: %v", left)
	}
}

// TestPlaintextRemovedOnFailure backs up a damaged database: the copy fails
// integrity_check after it was written, and must not stay on disk.
func TestPlaintextRemovedOnFailure(t *testing.T) {
	dbPath := closedDB(t)
	corruptIndex(t, dbPath)
	dest := t.TempDir()

	_, err := backup.Backup(context.Background(), dbPath, dest, passphrase, fixedNow)
	if err == nil || !strings.Contains(message(err), "est endommagée") {
		t.Fatalf("got %v, want a damaged database", err)
	}
	if left := leftovers(t, filepath.Dir(dbPath)); len(left) > 0 {
		t.Errorf("left in the data folder: %v", left)
	}
	if entries, _ := os.ReadDir(dest); len(entries) > 0 {
		t.Errorf("left in the destination: %v", entries)
	}

	// A cancelled backup leaves nothing either.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	healthy := closedDB(t)
	_, err = backup.Backup(ctx, healthy, dest, passphrase, fixedNow)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	if left := leftovers(t, filepath.Dir(healthy)); len(left) > 0 {
		t.Errorf("left in the data folder: %v", left)
	}
	if entries, _ := os.ReadDir(dest); len(entries) > 0 {
		t.Errorf("left in the destination: %v", entries)
	}
}

// corruptIndex overwrites the pages of an index, which SQLite's backup API
// copies as they are and integrity_check then reports.
func corruptIndex(t *testing.T, dbPath string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var root int64
	err = db.QueryRow(`SELECT rootpage FROM sqlite_master WHERE type = 'index'
		AND tbl_name = 'visits' ORDER BY rootpage DESC LIMIT 1`).Scan(&root)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(dbPath, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(bytes.Repeat([]byte{0x5A}, 4000), (root-1)*4096+50); err != nil {
		t.Fatal(err)
	}
}

func TestDestinationAndInputErrors(t *testing.T) {
	dbPath := closedDB(t)
	ctx := context.Background()
	notDir := filepath.Join(t.TempDir(), "fichier.txt")
	os.WriteFile(notDir, []byte("x"), 0o600)
	missing := filepath.Join(t.TempDir(), "Clé USB", "Sauvegardes")

	cases := []struct {
		name, db, dest, pass, want string
	}{
		{"missing folder", dbPath, missing, string(passphrase),
			"Le dossier de sauvegarde " + missing + " n'existe pas"},
		{"a file, not a folder", dbPath, notDir, string(passphrase), notDir + " n'est pas un dossier"},
		{"no folder given", dbPath, "", string(passphrase), "Indiquez le dossier"},
		{"short passphrase", dbPath, t.TempDir(), "court", "au moins 12 caractères"},
		{"11 characters", dbPath, t.TempDir(), "élan-ÉLAN-é", "au moins 12 caractères"},
		{"missing database", dbPath + ".absent", t.TempDir(), string(passphrase), "est introuvable"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := backup.Backup(ctx, c.db, c.dest, []byte(c.pass), fixedNow)
			if err == nil || !strings.Contains(message(err), c.want) {
				t.Errorf("got %v, want a message with %q", err, c.want)
			}
		})
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Error("the missing folder was created")
	}

	t.Run("read-only folder", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root writes into read-only folders")
		}
		ro := t.TempDir()
		os.Chmod(ro, 0o500)
		defer os.Chmod(ro, 0o700)
		_, err := backup.Backup(ctx, dbPath, ro, passphrase, fixedNow)
		if want := "Impossible d'écrire dans le dossier de sauvegarde " + ro; err == nil ||
			!strings.Contains(message(err), want) {
			t.Errorf("got %v, want %q", err, want)
		}
	})
}

func TestRestoreRefusedWhileOpen(t *testing.T) {
	ctx := context.Background()
	db, dbPath := newDB(t)
	file, err := backup.Backup(ctx, dbPath, t.TempDir(), passphrase, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	const inUse = "PAPPU est ouvert"

	// An app that does not take the lock file: SQLite tells.
	_, err = backup.Restore(ctx, file, passphrase, dbPath, fixedNow)
	if err == nil || !strings.Contains(message(err), inUse) {
		t.Errorf("open database: got %v, want %q", err, inUse)
	}
	db.Close()
	before := fileHashes(t, dbPath)

	// An app that takes it, while the database is closed for a moment.
	release, err := backup.HoldDatabase(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	other, err := backup.HoldDatabase(dbPath) // a second process may hold it too
	if err != nil {
		t.Fatal(err)
	}
	other()
	_, err = backup.Restore(ctx, file, passphrase, dbPath, fixedNow)
	if err == nil || !strings.Contains(message(err), inUse) {
		t.Errorf("held database: got %v, want %q", err, inUse)
	}
	if after := fileHashes(t, dbPath); !sameMap(before, after) {
		t.Error("the database changed")
	}
	release()

	if _, err := backup.Restore(ctx, file, passphrase, dbPath, fixedNow); err != nil {
		t.Fatalf("once released: %v", err)
	}
	if _, err := os.Stat(backup.LockPath(dbPath)); err != nil {
		t.Errorf("the lock file: %v", err)
	}
}

func TestRestoreChecks(t *testing.T) {
	ctx := context.Background()
	dbPath := closedDB(t)
	file, err := backup.Backup(ctx, dbPath, t.TempDir(), passphrase, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	before := fileHashes(t, dbPath)

	refuse := backup.CheckWith(func(ctx context.Context, path string) error {
		return backend.Invalid("file", "Refusé par le contrôle.")
	})
	_, err = backup.Restore(ctx, file, passphrase, dbPath, fixedNow, refuse)
	if message(err) != "Refusé par le contrôle." {
		t.Errorf("got %v", err)
	}
	if after := fileHashes(t, dbPath); !sameMap(before, after) {
		t.Error("the database changed")
	}

	// The command line's check: package sqlite opens (and upgrades) the copy.
	var opened bool
	open := backup.CheckWith(func(ctx context.Context, path string) error {
		db, err := sqlite.Open(path, nil)
		if err != nil {
			return err
		}
		opened = true
		return db.Close()
	})
	fresh := filepath.Join(t.TempDir(), "Nouveau PC", "pappu.db")
	aside, err := backup.Restore(ctx, file, passphrase, fresh, fixedNow, open)
	if err != nil || !opened || aside != "" {
		t.Fatalf("restore on a new PC: aside %q, opened %v, %v", aside, opened, err)
	}
	if got, want := fingerprint(t, fresh), fingerprint(t, dbPath); !sameMap(got, want) {
		t.Errorf("restored database differs:\n got %v\nwant %v", got, want)
	}
}

// TestPassphraseIsNormalised restores with the decomposed form of an accent
// a backup made with the composed one, as typed on another system.
func TestPassphraseIsNormalised(t *testing.T) {
	dbPath := closedDB(t)
	composed := []byte("Phrase de passe très sûre")
	decomposed := []byte("Phrase de passe tre\u0300s su\u0302re")
	file, err := backup.Backup(context.Background(), dbPath, t.TempDir(), composed, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if err := backup.Verify(file, decomposed); err != nil {
		t.Fatal(err)
	}
}

// A restore made by mistake can be undone: the replaced database, sealed
// with the same passphrase, is itself a file Restore takes back.
func TestTheReplacedDatabaseCanBeRestoredBack(t *testing.T) {
	ctx := context.Background()
	db, dbPath := newDB(t)
	file, err := backup.Backup(ctx, dbPath, t.TempDir(), passphrase, fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePerson(ctx, backend.Person{LastName: "Tardive"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	later := fingerprint(t, dbPath)

	aside, err := backup.Restore(ctx, file, passphrase, dbPath, fixedNow.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if sameMap(fingerprint(t, dbPath), later) {
		t.Fatal("the restore changed nothing")
	}
	if _, err := backup.Restore(ctx, aside, passphrase, dbPath,
		fixedNow.Add(2*time.Hour)); err != nil {
		t.Fatalf("restoring the replaced database back: %v", err)
	}
	if got := fingerprint(t, dbPath); !sameMap(got, later) {
		t.Errorf("the database restored back differs:\n got %v\nwant %v", got, later)
	}
}
