package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pappu/app"
	"pappu/backend"
)

// cli is the pappu-cli binary built once for these tests.
var cli string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pappu-cli-test")
	if err != nil {
		panic(err)
	}
	cli = filepath.Join(dir, "pappu-cli")
	build := exec.Command("go", "build", "-o", cli, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("building pappu-cli: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runCLI runs pappu-cli and returns its exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(cli, args...)
	cmd.Env = append(os.Environ(), "PAPPU_DATA_DIR=", "PAPPU_PASSWORD="+password)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errb.String()
}

// setUp creates a data folder with a structure, as the first start does.
func setUp(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "Données PAPPU")
	svc, err := app.Open(dir, nil)
	if err == nil {
		_, err = svc.Structure.Setup(backend.Setup{OrganisationName: "Accueil CLI",
			SiteName: "Permanence", UserName: "Alex T.", Login: "alex", Password: password})
		svc.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// password is the administrator's, given to pappu-cli in PAPPU_PASSWORD.
const password = "Jaune-Citron-77"

const sample = "../../../shared/data/import/accueils-2024-tableur.csv"

func TestImportJSON(t *testing.T) {
	if _, err := os.Stat(sample); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip("shared sample not found")
	}
	dir := setUp(t)
	code, out, stderr := runCLI(t, "import", sample, "--json", "--data-dir", dir, "--user", "alex")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Imported       *int `json:"imported"`
		PersonsCreated *int `json:"persons_created"`
		PersonsMatched *int `json:"persons_matched"`
		Anonymous      *int `json:"anonymous"`
		Rejected       []struct {
			Line   int    `json:"line"`
			Reason string `json:"reason"`
		} `json:"rejected"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || got.Imported == nil ||
		got.PersonsCreated == nil || got.PersonsMatched == nil || got.Anonymous == nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if *got.Imported != 300 || *got.PersonsCreated != 95 || *got.Anonymous != 44 ||
		len(got.Rejected) != 2 || got.Rejected[0].Line != 53 || got.Rejected[1].Line != 202 {
		t.Fatalf("report %s", out)
	}

	code, out, _ = runCLI(t, "stats", "--from", "2024-01-01", "--to", "2024-12-31",
		"--json", "--data-dir", dir, "--user", "alex")
	var stats map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &stats) != nil {
		t.Fatalf("stats: exit %d, %q", code, out)
	}
	for _, k := range []string{"visits", "persons", "new_persons", "anonymous_visits",
		"by_theme", "by_nationality", "by_sex"} {
		if _, ok := stats[k]; !ok {
			t.Errorf("stats lacks %q: %s", k, out)
		}
	}
	if stats["visits"] != 300.0 || stats["persons"] != 95.0 || stats["anonymous_visits"] != 44.0 {
		t.Errorf("stats %s", out)
	}
}

func TestCommandLineErrorsAreFrench(t *testing.T) {
	dir := setUp(t)
	empty := filepath.Join(t.TempDir(), "vide.csv")
	os.WriteFile(empty, nil, 0o600)
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, 2, "Usage"},
		{"unknown command", []string{"exporter"}, 2, "Commande inconnue"},
		{"import without file", []string{"import", "--data-dir", dir}, 2, "Usage"},
		{"missing file", []string{"import", "/nulle/part.csv", "--data-dir", dir}, 1,
			"impossible d'ouvrir"},
		{"empty file", []string{"import", empty, "--data-dir", dir, "--user", "alex"}, 1,
			"vide"},
		{"bad period", []string{"stats", "--from", "2024-02-30", "--to", "2024-03-01",
			"--data-dir", dir, "--user", "alex"}, 1, "date de début"},
		{"no user", []string{"stats", "--data-dir", dir}, 1, "--user"},
		{"wrong user", []string{"stats", "--data-dir", dir, "--user", "nobody"}, 1,
			"Identifiant ou mot de passe incorrect"},
		{"serve beyond loopback", []string{"serve", "--addr", "0.0.0.0:0",
			"--data-dir", dir}, 2, "boucle locale"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr, tc.code, tc.want)
			}
		})
	}
}

// writeLog writes a reception log of n made-up lines.
func writeLog(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("Date;Lieu;Intervenant;Nom;Prénom;Sexe;Date de naissance;Nationalité;Thème(s)\r\n")
	for i := 0; i < n; i++ {
		day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%300)
		fmt.Fprintf(&b, "%s;Permanence;Alex T.;Testnom%d;Prénom%d;F;01/01/1980;Maroc;Asile\r\n",
			day.Format("02/01/2006"), i%2000, i%2000)
	}
	path := filepath.Join(t.TempDir(), "journal.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// The desktop app and pappu-cli import may write to one database at once:
// both must succeed, without "database is locked".
func TestTwoProcessesWriteAtOnce(t *testing.T) {
	dir := setUp(t)
	const lines = 30000
	file := writeLog(t, lines)

	svc, err := app.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if _, err := svc.Session.Login("alex", password); err != nil {
		t.Fatal(err)
	}
	c, _ := svc.Structure.Context()
	cmd := exec.Command(cli, "import", file, "--json", "--data-dir", dir, "--user", "alex")
	cmd.Env = append(os.Environ(), "PAPPU_PASSWORD="+password)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	// Record visits, as the window would, until the import ends.
	recorded := 0
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("pappu-cli import failed: %v: %s", err, errb.String())
			}
			running = false
		default:
			_, err := svc.Visits.Record(backend.Visit{At: time.Now(), SiteID: c.Sites[0].ID,
				UserID: c.Users[0].ID, Sex: "F", AgeBracket: "26-35"})
			if err != nil {
				t.Fatalf("recording a visit during the import: %v", err)
			}
			recorded++
		}
	}
	var report backend.ImportReport
	if err := json.Unmarshal(out.Bytes(), &report); err != nil || report.Imported != lines {
		t.Fatalf("import report %q (%v)", out.String(), err)
	}
	if recorded < 10 {
		t.Fatalf("only %d visits recorded while importing: the two did not overlap", recorded)
	}
	d, err := svc.Stats.Dashboard(backend.Period{From: "2000-01-01", To: "2100-12-31"})
	if err != nil || d.Visits != lines+recorded {
		t.Fatalf("dashboard counts %d visits, want %d (%v)", d.Visits, lines+recorded, err)
	}
	t.Logf("%d visits recorded while %d lines were imported", recorded, lines)
}
