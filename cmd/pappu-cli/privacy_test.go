package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pappu/app"
	"pappu/backend"
)

// seedPrivacy adds, at their dates, a person inactive for six years, one
// received today and one who will ask to be erased; it returns their file
// numbers.
func seedPrivacy(t *testing.T, dir string) (old, recent, erased string) {
	t.Helper()
	svc, err := app.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	store := svc.Store()
	c, err := store.Context(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx := backend.WithActor(context.Background(), c.Users[0].ID)
	create := func(when time.Time, p backend.Person) backend.Person {
		store.Now = func() time.Time { return when }
		defer func() { store.Now = time.Now }()
		out, err := store.CreatePerson(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	o := create(time.Now().AddDate(-6, 0, 0), backend.Person{LastName: "Oublienko",
		FirstNames: "Anton", BirthDate: "1975-03-04", Phone: "0612345678"})
	r := create(time.Now(), backend.Person{LastName: "Gardienne", FirstNames: "Rose"})
	if _, err := store.RecordVisit(ctx, backend.Visit{PersonID: r.ID, At: time.Now(),
		SiteID: c.Sites[0].ID, UserID: c.Users[0].ID}); err != nil {
		t.Fatal(err)
	}
	e := create(time.Now(), backend.Person{LastName: "Effacenko", FirstNames: "Lou"})
	return o.FileNumber, r.FileNumber, e.FileNumber
}

// asAdmin adds to args the data folder and the administrator's login.
func asAdmin(dir string, args ...string) []string {
	return append(append([]string{}, args...), "--data-dir", dir, "--user", "alex")
}

// runCLIInput runs pappu-cli with stdin.
func runCLIInput(t *testing.T, input string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(cli, args...)
	cmd.Env = append(os.Environ(), "PAPPU_DATA_DIR=", "PAPPU_PASSWORD="+password)
	cmd.Stdin = strings.NewReader(input)
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

func wantNoNames(t *testing.T, outputs ...string) {
	t.Helper()
	for _, o := range outputs {
		for _, name := range []string{"Oublienko", "Gardienne", "Effacenko", "0612345678"} {
			if strings.Contains(o, name) {
				t.Fatalf("the output names a person: %q", o)
			}
		}
	}
}

func TestAnonymiseCommands(t *testing.T) {
	dir := setUp(t)
	old, recent, erased := seedPrivacy(t, dir)

	code, out, stderr := runCLI(t, asAdmin(dir, "anonymise", "--inactive", "--dry-run")...)
	if code != 0 || !strings.Contains(out, "Dossiers à anonymiser : 1") ||
		!strings.Contains(out, old) || strings.Contains(out, recent) {
		t.Fatalf("dry run: exit %d, %q %q", code, out, stderr)
	}
	wantNoNames(t, out, stderr)

	code, out, stderr = runCLI(t, asAdmin(dir, "anonymise", "--inactive")...)
	if code != 0 || !strings.Contains(out, "Dossiers anonymisés : 1") ||
		!strings.Contains(out, old) || stderr != "" {
		t.Fatalf("anonymise: exit %d, %q %q", code, out, stderr)
	}
	wantNoNames(t, out, stderr)
	code, out, _ = runCLI(t, asAdmin(dir, "anonymise", "--inactive", "--dry-run")...)
	if code != 0 || !strings.Contains(out, "Dossiers à anonymiser : 0") {
		t.Fatalf("after the run: %q", out)
	}

	// Erasure asks for a confirmation, unless --yes.
	code, _, stderr = runCLIInput(t, "", asAdmin(dir, "anonymise", "--person", erased)...)
	if code != 1 || !strings.Contains(stderr, "Abandon") {
		t.Fatalf("without confirmation: exit %d, %q", code, stderr)
	}
	code, out, stderr = runCLIInput(t, "oui\n", asAdmin(dir, "anonymise", "--person", erased)...)
	if code != 0 || !strings.Contains(out, "Dossier N° "+erased+" anonymisé") {
		t.Fatalf("confirmed: exit %d, %q %q", code, out, stderr)
	}
	wantNoNames(t, out, stderr)
	// Twice is refused, with or without --yes: nothing is left to erase.
	for _, input := range []string{"oui\n", ""} {
		args := asAdmin(dir, "anonymise", "--person", erased)
		if input == "" {
			args = append(args, "--yes")
		}
		code, out, stderr = runCLIInput(t, input, args...)
		if code != 1 || !strings.Contains(stderr, "Ce dossier est déjà anonymisé.") ||
			strings.Contains(out, "anonymisé") {
			t.Fatalf("anonymised twice: exit %d, %q %q", code, out, stderr)
		}
	}

	svc, err := app.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	for _, n := range []string{old, erased} {
		p, err := svc.Store().PersonByFileNumber(context.Background(), n)
		if err != nil || p.LastName != "" || p.FirstNames != "" || p.Phone != "" {
			t.Fatalf("%s after anonymisation: %+v (%v)", n, p, err)
		}
	}
	if p, _ := svc.Store().PersonByFileNumber(context.Background(), recent); p.LastName == "" {
		t.Fatal("the recent person was anonymised")
	}
}

func TestExportPersonCommand(t *testing.T) {
	dir := setUp(t)
	_, recent, _ := seedPrivacy(t, dir)
	out := t.TempDir()
	jsonPath, pdfPath := filepath.Join(out, "dossier.json"), filepath.Join(out, "dossier.pdf")

	code, stdout, stderr := runCLI(t, asAdmin(dir, "export-person", recent, "--json", jsonPath,
		"--pdf", pdfPath)...)
	if code != 0 {
		t.Fatalf("exit %d: %q %q", code, stdout, stderr)
	}
	wantNoNames(t, stdout, stderr)
	var e backend.PersonExport
	b, _ := os.ReadFile(jsonPath)
	if err := json.Unmarshal(b, &e); err != nil || e.Person.FileNumber != recent ||
		e.Person.LastName != "Gardienne" || len(e.Visits) != 1 || len(e.History) == 0 {
		t.Fatalf("JSON export %s (%v)", b, err)
	}
	pdf, _ := os.ReadFile(pdfPath)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatal("the PDF is not a PDF")
	}
	for _, p := range []string{jsonPath, pdfPath} {
		if info, err := os.Stat(p); err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v, want readable by its owner only", p, info.Mode(), err)
		}
	}

	// An existing file is never overwritten.
	code, _, stderr = runCLI(t, asAdmin(dir, "export-person", recent, "--json", jsonPath)...)
	if code != 1 || !strings.Contains(stderr, "existe déjà") {
		t.Fatalf("over an existing file: exit %d, %q", code, stderr)
	}
}

func TestPrivacyCommandErrors(t *testing.T) {
	dir := setUp(t)
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"anonymise without a mode", []string{"anonymise"}, 2, "--inactive"},
		{"both modes", []string{"anonymise", "--inactive", "--person", "2025-00001"}, 2,
			"soit --inactive"},
		{"dry run of one person", []string{"anonymise", "--person", "2025-00001",
			"--dry-run"}, 2, "--dry-run"},
		{"unknown file number", []string{"anonymise", "--person", "1999-00001", "--yes"}, 1,
			"Aucune personne"},
		{"export without a file", []string{"export-person", "2025-00001"}, 2, "Usage"},
		{"export without a number", []string{"export-person", "--json", "x.json"}, 2,
			"Usage"},
		{"export of nobody", []string{"export-person", "1999-00001", "--json",
			filepath.Join(t.TempDir(), "x.json")}, 1, "Aucune personne"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, asAdmin(dir, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", code, stderr, tc.code, tc.want)
			}
		})
	}
}

// Erasure and the right of access are for the roles allowed privacy
// requests; the retention run is a setting, for administrators.
func TestPrivacyCommandsCheckTheRole(t *testing.T) {
	dir := setUp(t)
	_, recent, erased := seedPrivacy(t, dir)
	out := t.TempDir()
	checkCommandRoles(t, dir, []roleCase{
		{"export-person", []string{"export-person", recent, "--json",
			filepath.Join(out, "%s.json")}, backend.ActPrivacyRequest},
		{"anonymise", []string{"anonymise", "--person", erased, "--yes"},
			backend.ActPrivacyRequest},
		{"anonymise", []string{"anonymise", "--inactive", "--dry-run"}, backend.ActSettings},
	})
}
