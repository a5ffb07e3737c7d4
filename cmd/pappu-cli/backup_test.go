package main_test

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"pappu/app"
	"pappu/backend"
	"pappu/backend/config"
)

// backupPassphrase is the structure's, in a file as a text editor saves it.
const backupPassphrase = "Le hérisson dort à midi"

func passphraseFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "phrase.txt")
	if err := os.WriteFile(p, []byte("\xef\xbb\xbf"+text+"\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func countRows(t *testing.T, dbPath, table string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func hashFile(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestBackupCommands(t *testing.T) {
	dir := setUp(t)
	if code, _, stderr := runCLI(t, asAdmin(dir, "demo", "--persons", "20",
		"--visits", "60")...); code != 0 {
		t.Fatal(stderr)
	}
	dbPath := config.DBPath(dir)
	visits := countRows(t, dbPath, "visits")
	usb := t.TempDir()
	pf := passphraseFile(t, backupPassphrase)

	// Configure the daily backup, then back up with its key: no passphrase.
	code, out, stderr := runCLI(t, asAdmin(dir, "backup-config", "--to", usb,
		"--passphrase-file", pf)...)
	if code != 0 || !strings.Contains(out, "Sauvegarde quotidienne configurée dans "+usb) {
		t.Fatalf("backup-config: %d %s %s", code, out, stderr)
	}
	code, out, stderr = runCLIInput(t, "", asAdmin(dir, "backup")...)
	if code != 0 || !strings.Contains(out, "Sauvegarde écrite et vérifiée : "+usb) {
		t.Fatalf("backup: %d %s %s", code, out, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(usb, "pappu-*.pappubak"))
	if len(files) != 1 {
		t.Fatalf("backups: %v", files)
	}
	if !auditedEntry(t, dir, "backup", filepath.Base(files[0])) {
		t.Error("the backup is not in the audit log")
	}

	// A one-off backup elsewhere, the passphrase on standard input.
	other := t.TempDir()
	code, out, stderr = runCLIInput(t, "Une autre phrase, pour essayer\n",
		asAdmin(dir, "backup", "--to", other)...)
	if code != 0 {
		t.Fatalf("backup --to: %d %s %s", code, out, stderr)
	}

	// Into the daily folder, another passphrase is refused: that backup
	// could not be restored with the structure's own.
	code, _, stderr = runCLIInput(t, "Une autre phrase, pour essayer\n",
		asAdmin(dir, "backup", "--to", usb, "--passphrase-file",
			passphraseFile(t, "Une autre phrase, pour essayer"))...)
	if code == 0 || !strings.Contains(stderr, "n'est pas celle des sauvegardes quotidiennes") {
		t.Fatalf("backup with another passphrase into the daily folder: %d %s", code, stderr)
	}

	// Damage the database, then restore the daily backup with the passphrase.
	db, err := sql.Open("sqlite3", "file:"+dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM visit_themes; DELETE FROM visits`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, out, stderr = runCLIInput(t, backupPassphrase+"\n", "restore", files[0],
		"--data-dir", dir, "--yes")
	if code != 0 || !strings.Contains(out, "chiffrée avec la même phrase de passe, sous "+
		dbPath+".avant-restauration-") {
		t.Fatalf("restore: %d %s %s", code, out, stderr)
	}
	if got := countRows(t, dbPath, "visits"); got != visits {
		t.Errorf("%d visits after the restore, want %d", got, visits)
	}
	if !auditedEntry(t, dir, "restore", filepath.Base(files[0])) {
		t.Error("the restore is not in the restored database's audit log")
	}
	if code, _, stderr := runCLI(t, asAdmin(dir, "stats")...); code != 0 {
		t.Errorf("the restored database does not open: %s", stderr)
	}
	logged, _ := os.ReadFile(config.LogPath(dir))
	if !strings.Contains(string(logged), `msg="database restored"`) {
		t.Errorf("the restore is not in the log:\n%s", logged)
	}
}

func TestRestoreRefusals(t *testing.T) {
	dir := setUp(t)
	dbPath := config.DBPath(dir)
	usb := t.TempDir()
	pf := passphraseFile(t, backupPassphrase)
	if code, out, stderr := runCLI(t, asAdmin(dir, "backup", "--to", usb,
		"--passphrase-file", pf)...); code != 0 {
		t.Fatal(out, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(usb, "pappu-*.pappubak"))
	if len(files) != 1 {
		t.Fatalf("backups: %v", files)
	}
	truncated := filepath.Join(t.TempDir(), "tronquée.pappubak")
	b, _ := os.ReadFile(files[0])
	os.WriteFile(truncated, b[:len(b)/2], 0o600)
	before := hashFile(t, dbPath)

	cases := []struct {
		name  string
		input string
		args  []string
		code  int
		want  string
	}{
		{"wrong passphrase", "pas la bonne phrase\n", []string{"restore", files[0], "--yes"}, 1,
			"Erreur : Phrase de passe incorrecte ou fichier de sauvegarde altéré."},
		{"truncated", backupPassphrase + "\n", []string{"restore", truncated, "--yes"}, 1,
			"est incomplet (tronqué)"},
		{"not a backup", backupPassphrase + "\n", []string{"restore", dbPath, "--yes"}, 1,
			"n'est pas une sauvegarde PAPPU"},
		{"no confirmation", backupPassphrase + "\n", []string{"restore", files[0]}, 1,
			"Ajoutez --yes"},
		{"no passphrase", "", []string{"restore", files[0], "--yes"}, 1,
			"Aucune phrase de passe lue"},
		{"no file", "", []string{"restore"}, 2, "indiquez le fichier de sauvegarde"},
		{"a passphrase in argv", "", []string{"restore", files[0], "--passphrase",
			backupPassphrase}, 2, "option inconnue : --passphrase"},
		{"missing folder", backupPassphrase + "\n", asAdmin(dir, "backup", "--to",
			filepath.Join(usb, "absent"), "--passphrase-file", pf), 1,
			"Le dossier de sauvegarde " + filepath.Join(usb, "absent") + " n'existe pas"},
		{"short passphrase", "", asAdmin(dir, "backup", "--to", usb, "--passphrase-file",
			passphraseFile(t, "court")), 1, "au moins 12 caractères"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := c.args
			if c.args[0] == "restore" {
				args = append(append([]string{}, c.args...), "--data-dir", dir)
			}
			code, _, stderr := runCLIInput(t, c.input, args...)
			if code != c.code || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, c.code, c.want)
			}
			// A backup logs in, which the audit log records; a restore
			// refused must leave the database as it was, byte for byte.
			if c.args[0] == "restore" && hashFile(t, dbPath) != before {
				t.Error("the database changed")
			}
		})
	}

	// PAPPU open on the database, in another process: refused.
	svc, err := app.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if _, err := svc.Structure.Context(); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLIInput(t, backupPassphrase+"\n", "restore", files[0], "--yes",
		"--data-dir", dir)
	if code != 1 || !strings.Contains(stderr, "PAPPU est ouvert") {
		t.Errorf("restore while open: %d %q", code, stderr)
	}
}

func TestBackupCommandsCheckTheRole(t *testing.T) {
	dir := setUp(t)
	usb := t.TempDir()
	pf := passphraseFile(t, backupPassphrase)
	for _, role := range []string{backend.RoleManager, backend.RoleWorker,
		backend.RoleReception} {
		login := "cli." + role
		u := addAccount(t, dir, login, role)
		for _, command := range []string{"backup", "backup-config"} {
			t.Run(role+"/"+command, func(t *testing.T) {
				args := []string{command, "--to", usb, "--passphrase-file", pf,
					"--data-dir", dir, "--user", login}
				cmd := exec.Command(cli, args...)
				cmd.Env = append(os.Environ(), "PAPPU_PASSWORD="+password+"x")
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				err := cmd.Run()
				if err == nil || !strings.Contains(stderr.String(), "ne permet pas") {
					t.Fatalf("allowed, or refused without a French message: %v %q",
						err, stderr.String())
				}
				if !audited(t, dir, u.ID, "cli."+command) {
					t.Fatal("the refusal is not in the audit log")
				}
			})
		}
	}
	if entries, _ := os.ReadDir(usb); len(entries) != 0 {
		t.Errorf("written by refused commands: %v", entries)
	}
}

// auditedEntry reports whether the audit log has an entry with this action
// about entityID.
func auditedEntry(t *testing.T, dir, action, entityID string) bool {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+config.DBPath(dir)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM audit_log WHERE action = ? AND entity_id = ?`,
		action, entityID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}
