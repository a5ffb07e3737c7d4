package main_test

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"pappu/app"
	"pappu/backend"
	"pappu/backend/config"
)

// runCLIHome runs pappu-cli with its user configuration folder, where the
// default database lives, inside home.
func runCLIHome(t *testing.T, home string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(cli, args...)
	cmd.Env = append(os.Environ(), "PAPPU_DATA_DIR=", "PAPPU_PASSWORD="+password,
		"HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errb.String()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, out.String(), errb.String()
}

// Options may follow the file name, or come between other options and it:
// none is dropped, so nothing goes into the default database by mistake.
// Arguments a command does not take are refused.
func TestOptionsGoAnywhere(t *testing.T) {
	dir := setUp(t)
	file := writeLog(t, 3)
	home := t.TempDir()
	defaultDir := filepath.Join(home, ".config", "PAPPU")

	cases := []struct {
		name string
		args []string
		code int
		want string // in stdout when code is 0, else in stderr
	}{
		{"options after the file", []string{"import", file, "--json", "--data-dir", dir,
			"--user", "alex"}, 0, `"imported":3`},
		{"file between options", []string{"import", "--json", file, "--data-dir", dir,
			"--user", "alex"}, 0, `"skipped":3`},
		{"after --", []string{"import", "--data-dir", dir, "--user", "alex", "--json", "--",
			file}, 0, `"skipped":3`},
		{"stats with an extra argument", []string{"stats", "--from", "2025-01-01", "--to",
			"2025-12-31", "extra", "--data-dir", dir, "--user", "alex"}, 2,
			"argument inattendu : « extra »"},
		{"import of two files", []string{"import", file, file, "--data-dir", dir,
			"--user", "alex"}, 2, "argument inattendu"},
		{"demo with an argument", []string{"demo", "--persons", "2", "dix", "--visits", "3",
			"--data-dir", dir}, 2, "argument inattendu : « dix »"},
		{"export-person of two files", []string{"export-person", "2025-00001",
			"2025-00002", "--json", "x.json", "--data-dir", dir}, 2, "argument inattendu"},
		{"restore of two files", []string{"restore", "a.pappubak", "b.pappubak",
			"--data-dir", dir}, 2, "argument inattendu"},
		{"unknown option", []string{"stats", "--frm", "2025-01-01", "--data-dir", dir}, 2,
			"option inconnue : --frm"},
		{"option without its value", []string{"stats", "--data-dir", dir, "--from"}, 2,
			"il manque la valeur de l'option --from"},
		{"bad number", []string{"demo", "--persons", "dix", "--data-dir", dir}, 2,
			"valeur « dix » incorrecte pour l'option --persons"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runCLIHome(t, home, tc.args...)
			got := stderr
			if tc.code == 0 {
				got = out
			}
			if code != tc.code || !strings.Contains(got, tc.want) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want %d and %q", code, out, stderr,
					tc.code, tc.want)
			}
			if tc.code == 2 && !strings.Contains(stderr, "Usage : pappu-cli") {
				t.Errorf("no French usage line: %q", stderr)
			}
			if strings.Contains(stderr, "flag") {
				t.Errorf("English from the flag package: %q", stderr)
			}
		})
	}
	if got := countRows(t, config.DBPath(dir), "visits"); got != 3 {
		t.Errorf("%d visits in the chosen database, want 3", got)
	}
	if _, err := os.Stat(defaultDir); !os.IsNotExist(err) {
		t.Errorf("the default data folder %s was touched (%v)", defaultDir, err)
	}
}

func TestHelpIsFrench(t *testing.T) {
	code, out, _ := runCLIHome(t, t.TempDir(), "demo", "--help")
	if code != 0 || !strings.Contains(out, "Usage : pappu-cli demo") ||
		!strings.Contains(out, "--force") || !strings.Contains(out, "(par défaut : 5)") {
		t.Fatalf("exit %d, help %q", code, out)
	}
}

// stats wants a whole period, or none for the current month.
func TestStatsWantsBothEnds(t *testing.T) {
	dir := setUp(t)
	for _, args := range [][]string{{"--from", "2025-01-01"}, {"--to", "2025-01-31"}} {
		code, _, stderr := runCLI(t, asAdmin(dir, append([]string{"stats"}, args...)...)...)
		if code != 2 || !strings.Contains(stderr, "--from et --to") {
			t.Errorf("stats %v: exit %d, %q", args, code, stderr)
		}
	}
	if code, _, stderr := runCLI(t, asAdmin(dir, "stats")...); code != 0 {
		t.Errorf("stats without a period: exit %d, %q", code, stderr)
	}
}

// demo writes into a new database, or one that holds only demonstration
// data; beside real persons or visits it wants --force.
func TestDemoKeepsOffRealData(t *testing.T) {
	// A new database, then a second run on what only demo wrote.
	fresh := filepath.Join(t.TempDir(), "démo")
	code, _, stderr := runCLI(t, "demo", "--persons", "3", "--visits", "5",
		"--data-dir", fresh)
	if code != 0 {
		t.Fatalf("demo on a new database: exit %d, %s", code, stderr)
	}
	// Before anyone can log in, a command acts as the structure's first
	// administrator (not as whichever worker sorts first).
	if code, _, stderr := runCLI(t, "stats", "--data-dir", fresh); code != 0 {
		t.Fatalf("stats on a demo database before any login: exit %d, %s", code, stderr)
	}
	code, _, stderr = runCLI(t, "demo", "--persons", "3", "--visits", "5", "--seed", "3",
		"--data-dir", fresh)
	if code != 0 {
		t.Fatalf("demo again before any login: exit %d, %s", code, stderr)
	}
	claimAdmin(t, fresh)
	code, _, stderr = runCLI(t, asAdmin(fresh, "demo", "--persons", "3", "--visits", "5",
		"--seed", "2")...)
	if code != 0 {
		t.Fatalf("demo on demonstration data: exit %d, %s", code, stderr)
	}

	// A structure with one real person, then one real anonymous visit.
	withPerson := setUp(t)
	withVisit := setUp(t)
	svc, err := app.Open(withPerson, nil)
	if err == nil {
		_, err = svc.Session.Login("alex", password)
	}
	if err == nil {
		_, err = svc.Persons.Create(backend.Person{LastName: "Réelle", FirstNames: "Anne"})
	}
	svc.Close()
	if err != nil {
		t.Fatal(err)
	}
	svc, err = app.Open(withVisit, nil)
	if err == nil {
		_, err = svc.Session.Login("alex", password)
	}
	if err == nil {
		c, _ := svc.Structure.Context()
		_, err = svc.Visits.Record(backend.Visit{At: time.Now(), SiteID: c.Sites[0].ID,
			UserID: c.Users[0].ID, Sex: "F"})
	}
	svc.Close()
	if err != nil {
		t.Fatal(err)
	}

	for _, dir := range []string{withPerson, withVisit} {
		before := countRows(t, config.DBPath(dir), "visits")
		code, _, stderr := runCLI(t, asAdmin(dir, "demo", "--persons", "3", "--visits", "5")...)
		if code != 1 || !strings.Contains(stderr, "--force") ||
			!strings.Contains(stderr, config.DBPath(dir)) {
			t.Fatalf("demo beside real data: exit %d, %q", code, stderr)
		}
		if got := countRows(t, config.DBPath(dir), "visits"); got != before {
			t.Fatalf("the refused demo wrote %d visits", got-before)
		}
		code, _, stderr = runCLI(t, asAdmin(dir, "demo", "--persons", "3", "--visits", "5",
			"--force")...)
		if code != 0 {
			t.Fatalf("demo --force: exit %d, %s", code, stderr)
		}
	}
}

// claimAdmin gives the demonstration database's first user the login alex,
// as the claim screen does, so that later commands can log in.
func claimAdmin(t *testing.T, dir string) {
	t.Helper()
	svc, err := app.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if _, err := svc.Session.ClaimAdmin("alex", password); err != nil {
		t.Fatal(err)
	}
}

// serve stops on SIGTERM as on Ctrl+C: it closes the database, whose WAL
// file goes away, and exits 0. It also listens on "localhost".
func TestServeStopsOnSIGTERM(t *testing.T) {
	dir := setUp(t)
	cmd := exec.Command(cli, "serve", "--addr", "localhost:0", "--data-dir", dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	listening := regexp.MustCompile(`listening on http://127\.0\.0\.1:\d+`)
	line, _ := bufio.NewReader(out).ReadString('\n')
	if !listening.MatchString(line) {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("serve said %q, stderr %q", line, stderr.String())
	}
	if _, err := os.Stat(config.DBPath(dir) + "-wal"); err != nil {
		t.Fatalf("no WAL file while serving: %v", err)
	}

	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve after SIGTERM: %v, stderr %q", err, stderr.String())
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("serve did not stop on SIGTERM")
	}
	if _, err := os.Stat(config.DBPath(dir) + "-wal"); !os.IsNotExist(err) {
		t.Errorf("the WAL file is still there: the database was not closed (%v)", err)
	}
}

// On a damaged database the command says so, naming the file, instead of
// an internal error.
func TestDamagedDatabaseIsNamed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "PAPPU")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	db := config.DBPath(dir)
	if err := os.WriteFile(db, bytes.Repeat([]byte("pas une base "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, asAdmin(dir, "stats")...)
	if code != 1 || !strings.Contains(stderr, "Le fichier "+db+" n'est pas une base PAPPU "+
		"lisible") || !strings.Contains(stderr, "pappu-cli restore") {
		t.Fatalf("exit %d, %q", code, stderr)
	}
}
