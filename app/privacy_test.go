package app_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"pappu/app"
	"pappu/backend"
	"pappu/backend/sqlite"
)

// receivedPerson records a made-up person and one visit with a note.
func receivedPerson(t *testing.T, svc *app.Services, c backend.Context) backend.Person {
	t.Helper()
	p, err := svc.Persons.Create(backend.Person{LastName: "Oumarou", FirstNames: "Aïcha",
		BirthDate: "1990-07-14", Nationality: "NE", Sex: "F", Phone: "0611223344"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Visits.Record(backend.Visit{PersonID: p.ID, At: time.Now(),
		SiteID: c.Sites[0].ID, UserID: c.Users[0].ID, Mode: "walk_in",
		Themes: []string{"asile"}, Note: "Dossier OFPRA à compléter"}); err != nil {
		t.Fatal(err)
	}
	return p
}

// audited reports whether the audit log has an entry with this action and
// entity id.
func audited(t *testing.T, svc *app.Services, action, entityID string) bool {
	t.Helper()
	entries, err := svc.Audit.Log(sqlite.AuditFilter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(entries, func(e sqlite.AuditEntry) bool {
		return e.EntityID == entityID
	})
}

func registryText(r backend.Registry) string {
	var b strings.Builder
	for _, s := range r.Sections {
		b.WriteString(s.Title + "\n" + strings.Join(s.Lines, "\n") + "\n")
	}
	return b.String()
}

func TestRegistryFollowsTheRetentionSetting(t *testing.T) {
	svc, _ := mustServices(t)
	r, err := svc.Privacy.Registry()
	if err != nil {
		t.Fatal(err)
	}
	text := registryText(r)
	for _, want := range []string{"Espace Test", "Jusqu'à 5 ans après le dernier accueil",
		"Administrateur : ", "Accueillant : l'identité et les coordonnées des personnes",
		"Sauvegardes : à chiffrer"} {
		if !strings.Contains(text, want) {
			t.Errorf("the registry does not say %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Accueillant : l'identité et les coordonnées des personnes, "+
		"les accueils : date, lieu, thématiques, notes partagées et les notes privées") {
		t.Error("the registry gives private notes to the accueillant")
	}

	if got, err := svc.Privacy.SetRetention(7); err != nil || got != 7 {
		t.Fatalf("set 7 years: %d %v", got, err)
	}
	if got, err := svc.Privacy.Retention(); err != nil || got != 7 {
		t.Fatalf("retention %d %v, want 7", got, err)
	}
	r, _ = svc.Privacy.Registry()
	if text := registryText(r); !strings.Contains(text, "Jusqu'à 7 ans") {
		t.Fatalf("the registry kept the old period:\n%s", text)
	}
	if !audited(t, svc, "settings", backend.SettingRetentionYears) {
		t.Error("the change of retention period is not audited")
	}

	for _, years := range []int{0, -3, 31} {
		_, err := svc.Privacy.SetRetention(years)
		m := windowError(t, err)
		if m["code"] != "invalid" || m["field"] != backend.SettingRetentionYears ||
			!strings.Contains(m["message"], "comprise entre 1 et 30 ans") {
			t.Errorf("%d years: %v", years, m)
		}
	}
	if got, _ := svc.Privacy.Retention(); got != 7 {
		t.Fatalf("a refused period changed the setting: %d", got)
	}
}

func TestExportPersonFromTheWindow(t *testing.T) {
	svc, c := mustServices(t)
	p := receivedPerson(t, svc, c)

	files, err := svc.Privacy.ExportPerson(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	js, err := base64.StdEncoding.DecodeString(files.JSON)
	if err != nil {
		t.Fatal(err)
	}
	var e backend.PersonExport
	if err := json.Unmarshal(js, &e); err != nil {
		t.Fatal(err)
	}
	if e.Person.LastName != "Oumarou" || e.Person.Phone != "0611223344" ||
		len(e.Visits) != 1 || e.Visits[0].Note != "Dossier OFPRA à compléter" {
		t.Fatalf("the export misses the person's data: %s", js)
	}
	if !slices.ContainsFunc(e.History, func(h backend.HistoryEntry) bool {
		return h.Action == "export"
	}) {
		t.Error("the export does not list itself in the history")
	}
	pdf, _ := base64.StdEncoding.DecodeString(files.PDF)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatal("the PDF is not a PDF")
	}
	for _, name := range []string{files.PDFName, files.JSONName} {
		if !strings.Contains(name, p.FileNumber) || strings.Contains(name, "Oumarou") {
			t.Errorf("file name %q: want the file number, never the name", name)
		}
	}
	if !strings.HasSuffix(files.PDFName, ".pdf") || !strings.HasSuffix(files.JSONName, ".json") {
		t.Errorf("names %q %q", files.PDFName, files.JSONName)
	}
	if !audited(t, svc, "export", p.ID) {
		t.Error("the export is not in the audit log")
	}

	// Over HTTP there is no save dialog: the window downloads instead.
	_, err = svc.Privacy.SaveFile(files.JSONName, files.JSON)
	if m := windowError(t, err); m["field"] != "dialog" {
		t.Fatalf("save without a dialog: %v", m)
	}
}

func TestAnonymiseFromTheWindow(t *testing.T) {
	svc, c := mustServices(t)
	p := receivedPerson(t, svc, c)

	got, err := svc.Privacy.Anonymise(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.LastName != "" || got.FirstNames != "" || got.Phone != "" ||
		got.BirthDate != "1990" || got.FileNumber != p.FileNumber {
		t.Fatalf("after erasure: %+v", got)
	}
	visits, _ := svc.Persons.Visits(p.ID)
	if len(visits) != 1 {
		t.Fatalf("the visit must stay for the statistics: %+v", visits)
	}
	if !audited(t, svc, "anonymise", p.ID) {
		t.Error("the erasure is not in the audit log")
	}

	_, err = svc.Privacy.Anonymise(p.ID)
	if m := windowError(t, err); m["code"] != "conflict" ||
		m["message"] != "Ce dossier est déjà anonymisé." {
		t.Fatalf("second erasure: %v", m)
	}
	_, err = svc.Privacy.Anonymise("inconnu")
	if m := windowError(t, err); m["code"] != "not_found" {
		t.Fatalf("unknown person: %v", m)
	}
}

func TestFilesDueForAnonymisationWithinAMonth(t *testing.T) {
	svc, _ := mustServices(t)
	store := svc.Store()
	now := time.Now()
	create := func(created time.Time, name string) backend.Person {
		store.Now = func() time.Time { return created }
		defer func() { store.Now = time.Now }()
		p, err := svc.Persons.Create(backend.Person{LastName: name, FirstNames: "Test"})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	due := create(now.AddDate(-5, 0, 10), "Bientôt") // due in about 10 days
	late := create(now.AddDate(-6, 0, 0), "Dépassé") // already due
	create(now.AddDate(-5, 2, 0), "Pas encore")      // due in about two months
	create(now, "Récent")

	files, err := svc.Privacy.DueForAnonymisation()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{late.FileNumber, due.FileNumber}
	slices.Sort(want)
	if !slices.Equal(files, want) {
		t.Fatalf("due within 30 days: %v, want %v", files, want)
	}
}
