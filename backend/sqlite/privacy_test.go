package sqlite_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"pappu/backend"
	"pappu/backend/sqlite"
)

// at runs fn with the database's clock set to when, as if it happened then.
func at(db *sqlite.DB, when time.Time, fn func()) {
	old := db.Now
	db.Now = func() time.Time { return when }
	defer func() { db.Now = old }()
	fn()
}

// archivedPerson is a person of the retention scenarios: when their file
// was created, when they came, and the made-up values that must vanish
// when they are anonymised.
type archivedPerson struct {
	name    string
	created time.Time
	visits  []time.Time
	person  backend.Person
	markers []string // for the raw-bytes search; also searched folded
	due     bool     // due at fixedNow with the default 5 years
	dueSoon bool     // due within 31 days of fixedNow
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, time.UTC) }

func retentionScenarios() []archivedPerson {
	return []archivedPerson{
		{name: "last visit 4 years 11 months ago", created: day(2020, 1, 10),
			visits: []time.Time{day(2020, 1, 10), fixedNow.AddDate(-4, -11, 0)},
			person: backend.Person{LastName: "Keplerovna", FirstNames: "Mira", Sex: "F",
				BirthDate: "1991-02-14", Nationality: "UA", Phone: "0655443322"},
			dueSoon: true},
		{name: "last visit 5 years and a day ago", created: day(2019, 3, 1),
			visits: []time.Time{day(2019, 3, 1), day(2020, 6, 2), fixedNow.AddDate(-5, 0, -1)},
			person: backend.Person{LastName: "Zorglubenko", BirthName: "Wrantzelow",
				FirstNames: "Ivanka", Sex: "F", BirthDate: "1984-07-23",
				BirthPlace: "Bakoulinsk", Nationality: "RU", Nationality2: "UA",
				Languages: "Glossolalien", Phone: "0699887766", Email: "zorg@exemple.invalid",
				Commune: "Troulbourg", FamilySituation: "Mariagemarqueur", Children: 2,
				ArrivalDate: "2018-09-17", AdminSituation: "demandeur_asile",
				ConsentDate: "2019-03-01", ConsentNote: "ConsentementMarqueur",
				Notes: "NoteDossierMarqueur"},
			markers: []string{"Zorglubenko", "Wrantzelow", "Ivanka", "1984-07-23",
				"Bakoulinsk", "Glossolalien", "0699887766", "zorg@exemple.invalid",
				"Troulbourg", "Mariagemarqueur", "2018-09-17", "ConsentementMarqueur",
				"NoteDossierMarqueur", "VisiteNoteMarqueur", "VisitePriveeMarqueur",
				"VisiteActionMarqueur", "VisiteOrientationMarqueur",
				"0677001122", "AncienneNoteMarqueur"},
			due: true, dueSoon: true},
		{name: "never visited, file created 6 years ago", created: day(2020, 2, 1),
			person: backend.Person{LastName: "Quaxtrombel", FirstNames: "Oswin", Sex: "M",
				BirthDate: "1979-11-05", Nationality: "DZ", Phone: "0611223344"},
			markers: []string{"Quaxtrombel", "Oswin", "1979-11-05", "0611223344"},
			due:     true, dueSoon: true},
		{name: "never visited, file created a year ago", created: day(2025, 4, 1),
			person: backend.Person{LastName: "Bramvelde", FirstNames: "Ines", Sex: "F",
				Nationality: "CD"}},
		{name: "visited last month, file created 11 years ago", created: day(2015, 6, 1),
			visits: []time.Time{day(2015, 6, 1), day(2026, 3, 2)},
			person: backend.Person{LastName: "Oldenhove", FirstNames: "Karim", Sex: "M",
				BirthDate: "1970-01-30", Nationality: "MA"}},
		{name: "birth year only, visited 9 years ago", created: day(2017, 2, 1),
			visits: []time.Time{day(2017, 2, 1), day(2017, 2, 20)},
			person: backend.Person{LastName: "Vlindermoor", FirstNames: "Tesfaye", Sex: "M",
				BirthDate: "1990", Nationality: "ER", Notes: "RemarqueVlinderMarqueur"},
			markers: []string{"Vlindermoor", "Tesfaye", "RemarqueVlinderMarqueur"},
			due:     true, dueSoon: true},
	}
}

// seedArchive records the scenarios' persons and visits at their dates,
// with anonymous visits around them, and returns the persons as created.
func seedArchive(t *testing.T, db *sqlite.DB, c backend.Context,
	scenarios []archivedPerson) []backend.Person {
	t.Helper()
	ctx := actorCtx(c)
	site, user := c.Sites[0].ID, c.Users[0].ID
	themes := [][]string{{"asile"}, {"sante", "domiciliation"}, {"asile", "sante"}}
	var out []backend.Person
	for i, s := range scenarios {
		var p backend.Person
		var err error
		at(db, s.created, func() { p, err = db.CreatePerson(ctx, s.person) })
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		for j, when := range s.visits {
			v := backend.Visit{PersonID: p.ID, At: when, SiteID: site, UserID: user,
				Mode: "walk_in", DurationMin: 20, Themes: themes[(i+j)%len(themes)]}
			if len(s.markers) > 0 {
				v.Note, v.PrivateNote = "VisiteNoteMarqueur", "VisitePriveeMarqueur"
				v.Actions, v.Referrals = "VisiteActionMarqueur", "VisiteOrientationMarqueur"
			}
			at(db, when, func() {
				mustRecord(t, db, ctx, v)
				mustRecord(t, db, ctx, backend.Visit{At: when.Add(time.Hour), SiteID: site,
					UserID: user, Sex: "M", AgeBracket: "26-35", Nationality: "SN",
					Themes: []string{"asile"}})
			})
		}
		out = append(out, p)
	}
	return out
}

// periods lists every month and every year from 2015 to fixedNow.
func periods() []backend.Period {
	var out []backend.Period
	for y := 2015; y <= fixedNow.Year(); y++ {
		out = append(out, backend.Period{From: fmt.Sprintf("%d-01-01", y),
			To: fmt.Sprintf("%d-12-31", y)})
		for m := time.January; m <= time.December; m++ {
			first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
			out = append(out, backend.Period{From: first.Format("2006-01-02"),
				To: first.AddDate(0, 1, -1).Format("2006-01-02")})
		}
	}
	return out
}

func dashboards(t *testing.T, db *sqlite.DB) []backend.Dashboard {
	t.Helper()
	var out []backend.Dashboard
	for _, p := range periods() {
		d, err := db.Dashboard(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

// rawFiles returns the bytes of the database file, its WAL and its shared
// memory file, lowercased, by file name.
func rawFiles(t *testing.T, db *sqlite.DB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(db.Path() + suffix)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		out["pappu.db"+suffix] = bytes.ToLower(b)
	}
	return out
}

func findMarker(files map[string][]byte, marker string) string {
	for name, b := range files {
		if bytes.Contains(b, []byte(strings.ToLower(marker))) {
			return name
		}
	}
	return ""
}

// Done-when 2 of the privacy issue: with a fixed clock, the retention job
// anonymises exactly the persons past the limit, every past figure stays
// the same, and once compacted no anonymised value is left in the files.
func TestRetentionAnonymisesExactlyTheInactive(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	scenarios := retentionScenarios()
	persons := seedArchive(t, db, c, scenarios)

	// Older states that only the change log still holds: a phone number
	// changed, and a note rewritten.
	zorg := persons[1]
	zorg.Phone = "0677001122"
	at(db, day(2019, 3, 2), func() {
		if _, err := db.UpdatePerson(ctx, zorg); err != nil {
			t.Fatal(err)
		}
	})
	zorg.Phone = "0699887766"
	at(db, day(2019, 3, 3), func() {
		if _, err := db.UpdatePerson(ctx, zorg); err != nil {
			t.Fatal(err)
		}
	})
	rows, _ := db.PersonVisits(ctx, zorg.ID)
	v, _ := db.Visit(ctx, rows[len(rows)-1].ID) // the first one
	v.Note = "AncienneNoteMarqueur"
	at(db, v.At, func() { mustRecord(t, db, ctx, v) })
	v.Note = "VisiteNoteMarqueur"
	at(db, v.At, func() { mustRecord(t, db, ctx, v) })

	// Every marker is in the files before: the search below would see it.
	before := rawFiles(t, db)
	for _, s := range scenarios {
		for _, m := range s.markers {
			if findMarker(before, m) == "" {
				t.Fatalf("marker %q not found before anonymisation: the search is blind", m)
			}
		}
	}

	var wantDue, wantSoon []string
	for i, s := range scenarios {
		if s.due {
			wantDue = append(wantDue, persons[i].FileNumber)
		}
		if s.dueSoon {
			wantSoon = append(wantSoon, persons[i].FileNumber)
		}
	}
	slices.Sort(wantDue)
	slices.Sort(wantSoon)
	due, err := db.PersonsDueForAnonymisation(ctx, fixedNow, 0)
	if err != nil || !slices.Equal(due, wantDue) {
		t.Fatalf("due now: %v (%v), want %v", due, err, wantDue)
	}
	soon, err := db.PersonsDueForAnonymisation(ctx, fixedNow, 31*24*time.Hour)
	if err != nil || !slices.Equal(soon, wantSoon) {
		t.Fatalf("due within a month: %v (%v), want %v", soon, err, wantSoon)
	}

	stats := dashboards(t, db)
	n, err := db.AnonymiseInactive(ctx, fixedNow)
	if err != nil || n != len(wantDue) {
		t.Fatalf("anonymised %d (%v), want %d", n, err, len(wantDue))
	}
	if n, err := db.AnonymiseInactive(ctx, fixedNow); err != nil || n != 0 {
		t.Fatalf("second run anonymised %d (%v), want 0", n, err)
	}
	if !reflect.DeepEqual(dashboards(t, db), stats) {
		t.Fatal("the statistics of past periods changed with the anonymisation")
	}

	for i, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			got, err := db.Person(ctx, persons[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			if !s.due {
				if got.LastName != s.person.LastName || got.BirthDate != s.person.BirthDate {
					t.Fatalf("a person within the retention period was changed: %+v", got)
				}
				return
			}
			wantAnonymised(t, db, persons[i], got)
		})
	}

	// Nothing anonymised is left in the bytes once compacted; what is kept
	// still is (the search works).
	if err := db.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	after := rawFiles(t, db)
	for _, s := range scenarios {
		for _, m := range s.markers {
			if where := findMarker(after, m); where != "" {
				t.Errorf("%s: %q is still in %s", s.name, m, where)
			}
		}
	}
	for _, kept := range []string{"Keplerovna", "0655443322", "Oldenhove"} {
		if findMarker(after, kept) == "" {
			t.Errorf("%q of a kept person is not found in the files", kept)
		}
	}
}

// wantAnonymised checks what is left of an anonymised person: the coded
// values, the birth year, the file number and the visits without text, one
// change-log row per entity, and the audit entry.
func wantAnonymised(t *testing.T, db *sqlite.DB, was, got backend.Person) {
	t.Helper()
	want := was.Anonymised()
	want.UpdatedAt = got.UpdatedAt
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("anonymised person\n got %+v\nwant %+v", got, want)
	}
	if got.FileNumber != was.FileNumber || got.Sex != was.Sex ||
		got.Nationality != was.Nationality || got.BirthDate != was.BirthDate[:4] {
		t.Fatalf("kept values changed: %+v", got)
	}
	if m, _ := db.SearchPersons(context.Background(), was.LastName, 10); len(m) != 0 {
		t.Fatalf("still found by name: %+v", m)
	}
	if m, _ := db.SearchPersons(context.Background(), was.FileNumber, 10); len(m) != 1 {
		t.Fatalf("not found by file number: %+v", m)
	}

	raw := rawDB(t, db)
	var note, anonymisedAt string
	raw.QueryRow(`SELECT coalesce(group_concat(actions || referrals || note || private_note
		|| coalesce(import_key, ''), ''), '') FROM visits WHERE person_id = ?`, got.ID).
		Scan(&note)
	raw.QueryRow(`SELECT coalesce(anonymised_at, '') FROM persons WHERE id = ?`, got.ID).
		Scan(&anonymisedAt)
	if note != "" || anonymisedAt == "" {
		t.Fatalf("visit text %q, anonymised_at %q", note, anonymisedAt)
	}
	var entities, changes int
	raw.QueryRow(`SELECT count(DISTINCT entity_id), count(*) FROM changes
		WHERE entity_id = ? OR entity_id IN (SELECT id FROM visits WHERE person_id = ?)`,
		got.ID, got.ID).Scan(&entities, &changes)
	if changes != entities {
		t.Fatalf("%d change-log rows for %d entities: older states were kept", changes, entities)
	}
	var data string
	raw.QueryRow(`SELECT data FROM changes WHERE entity_id = ?`, got.ID).Scan(&data)
	if !strings.Contains(data, `"anonymisedAt"`) || strings.Contains(data, was.LastName) {
		t.Fatalf("change-log snapshot %s", data)
	}
	var fields string
	raw.QueryRow(`SELECT fields FROM audit_log WHERE action = 'anonymise' AND entity_id = ?`,
		got.ID).Scan(&fields)
	if !strings.Contains(fields, "lastName") {
		t.Fatalf("audit fields %q", fields)
	}
}

func TestRetentionYearsSetting(t *testing.T) {
	db, c := mustOpen(t)
	seedArchive(t, db, c, retentionScenarios())
	raw := rawDB(t, db)
	cases := []struct {
		value string
		due   int
		code  string
	}{
		{"", 3, ""},     // the default, 5 years
		{"4", 4, ""},    // the 4 years 11 months one joins
		{" 10 ", 0, ""}, // nobody is that old
		{"0", 0, backend.EInvalid},
		{"-3", 0, backend.EInvalid},
		{"cinq", 0, backend.EInvalid},
	}
	for _, tc := range cases {
		raw.Exec(`DELETE FROM settings WHERE key = 'retention_years'`)
		if tc.value != "" {
			raw.Exec(`INSERT INTO settings (key, value) VALUES ('retention_years', ?)`, tc.value)
		}
		due, err := db.PersonsDueForAnonymisation(context.Background(), fixedNow, 0)
		if backend.ErrorCode(err) != tc.code && !(err == nil && tc.code == "") {
			t.Errorf("%q: error %v, want code %q", tc.value, err, tc.code)
			continue
		}
		if err == nil && len(due) != tc.due {
			t.Errorf("%q: %d due, want %d", tc.value, len(due), tc.due)
		}
		if tc.code != "" {
			if _, err := db.AnonymiseInactive(context.Background(), fixedNow); err == nil {
				t.Errorf("%q: the job ran with a bad retention period", tc.value)
			}
		}
	}
}

// A file anonymised, then written to again (a visit attached to it with a
// note), is anonymised again once inactive.
func TestWritesAfterAnonymisationAreAnonymisedInTurn(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	persons := seedArchive(t, db, c, retentionScenarios()[2:3])
	if n, err := db.AnonymiseInactive(ctx, fixedNow); n != 1 || err != nil {
		t.Fatalf("anonymised %d (%v)", n, err)
	}
	late := fixedNow.Add(time.Hour)
	at(db, late, func() {
		mustRecord(t, db, ctx, backend.Visit{PersonID: persons[0].ID, At: late,
			SiteID: c.Sites[0].ID, UserID: c.Users[0].ID, Note: "Revenu avec un papier"})
	})
	later := late.AddDate(6, 0, 0)
	at(db, later, func() {
		if n, err := db.AnonymiseInactive(ctx, later); n != 1 || err != nil {
			t.Fatalf("anonymised again %d (%v), want 1", n, err)
		}
	})
	var note string
	rawDB(t, db).QueryRow(`SELECT group_concat(note, '') FROM visits WHERE person_id = ?`,
		persons[0].ID).Scan(&note)
	if note != "" {
		t.Fatalf("a note written after the first anonymisation survived: %q", note)
	}
}

func TestAnonymisePersonOnRequest(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	p, err := db.CreatePerson(ctx, backend.Person{LastName: "Effacenko", FirstNames: "Lou",
		Sex: "X", BirthDate: "2001-05-06", Nationality: "AF", Phone: "0700112233"})
	if err != nil {
		t.Fatal(err)
	}
	mustRecord(t, db, ctx, backend.Visit{PersonID: p.ID, At: fixedNow.Add(-time.Hour),
		SiteID: c.Sites[0].ID, UserID: c.Users[0].ID, Note: "Demande d'effacement",
		Themes: []string{"asile"}})
	stats := dashboards(t, db)

	if err := db.AnonymisePerson(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	got, err := db.Person(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantAnonymised(t, db, p, got)
	if !reflect.DeepEqual(dashboards(t, db), stats) {
		t.Fatal("erasure changed the statistics")
	}
	var user string
	rawDB(t, db).QueryRow(`SELECT user_id FROM audit_log WHERE action = 'anonymise'
		AND entity_id = ?`, p.ID).Scan(&user)
	if user != c.Users[0].ID {
		t.Fatalf("anonymisation audited as %q, want the acting user", user)
	}

	// Nothing was written since: a second erasure must not report success.
	err = db.AnonymisePerson(ctx, p.ID)
	if backend.ErrorCode(err) != backend.EConflict ||
		backend.ErrorMessage(err) != "Ce dossier est déjà anonymisé." {
		t.Fatalf("second anonymisation: %v", err)
	}
	// A visit recorded later brings personal text back: erasable again.
	late := fixedNow.Add(time.Hour)
	at(db, late, func() {
		mustRecord(t, db, ctx, backend.Visit{PersonID: p.ID, At: late,
			SiteID: c.Sites[0].ID, UserID: c.Users[0].ID, Note: "Revenu"})
		if err := db.AnonymisePerson(ctx, p.ID); err != nil {
			t.Fatalf("anonymising after a later write: %v", err)
		}
	})

	if err := db.AnonymisePerson(ctx, "nope"); backend.ErrorCode(err) != backend.ENotFound {
		t.Fatalf("unknown person: %v", err)
	}
	if _, err := db.PersonByFileNumber(ctx, " "+p.FileNumber+" "); err != nil {
		t.Fatalf("by file number: %v", err)
	}
	if _, err := db.PersonByFileNumber(ctx, "1999-00001"); backend.ErrorCode(err) !=
		backend.ENotFound {
		t.Fatalf("unknown file number: %v", err)
	}
}

func TestPersonExportHoldsEverything(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	p, err := db.CreatePerson(ctx, backend.Person{LastName: "Accèsdroit", FirstNames: "Élise",
		Sex: "F", BirthDate: "1988-08-08", Nationality: "CM", AdminSituation: "recepisse",
		ReferentID: c.Users[0].ID, ConsentDate: "2026-04-01",
		ConsentNote: "Informée oralement, notice remise"})
	if err != nil {
		t.Fatal(err)
	}
	p.Phone = "0600000001"
	if _, err := db.UpdatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	mustRecord(t, db, ctx, backend.Visit{PersonID: p.ID, At: fixedNow.Add(-2 * time.Hour),
		SiteID: c.Sites[0].ID, UserID: c.Users[0].ID, Mode: "appointment", DurationMin: 45,
		Themes: []string{"asile", "sante"}, Note: "Partagée", PrivateNote: "Privée"})

	e, err := db.PersonExport(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if e.Person.ConsentNote != "Informée oralement, notice remise" || e.Person.Phone == "" ||
		e.Organisation != "Accueil Test" || !e.AnonymisedAt.IsZero() {
		t.Fatalf("export person %+v", e)
	}
	if e.Labels.Nationality != "Cameroun" || e.Labels.Referent != "Camille B." ||
		e.Labels.AdminSituation == "" || e.Labels.Sex == "" {
		t.Fatalf("labels %+v", e.Labels)
	}
	if len(e.Visits) != 1 || e.Visits[0].Site != "Permanence Belsunce" ||
		e.Visits[0].User != "Camille B." || e.Visits[0].PrivateNote != "Privée" ||
		e.Visits[0].Mode.Label == "" || len(e.Visits[0].Themes) != 2 ||
		e.Visits[0].Themes[1].Label == "" {
		t.Fatalf("visits %+v", e.Visits)
	}
	var actions []string
	for _, h := range e.History {
		actions = append(actions, h.Entity+":"+h.Action)
		if h.UserName != "Camille B." {
			t.Errorf("history entry without its user: %+v", h)
		}
	}
	want := []string{"person:create", "person:update", "visit:create", "person:export"}
	if !slices.Equal(actions, want) {
		t.Fatalf("history %v, want %v", actions, want)
	}

	// The JSON is clean and round-trips.
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var back backend.PersonExport
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, e) {
		t.Fatalf("round trip\n got %+v\nwant %+v", back, e)
	}

	if _, err := db.PersonExport(ctx, "nope"); backend.ErrorCode(err) != backend.ENotFound {
		t.Fatalf("unknown person: %v", err)
	}
}

func TestConsentNoteIsStored(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	p, err := db.CreatePerson(ctx, backend.Person{LastName: "Note", ConsentNote: " Affiche "})
	if err != nil || p.ConsentNote != "Affiche" {
		t.Fatalf("created %+v (%v)", p, err)
	}
	p.ConsentNote = "Notice en arabe remise"
	p, err = db.UpdatePerson(ctx, p)
	if err != nil || p.ConsentNote != "Notice en arabe remise" {
		t.Fatalf("updated %+v (%v)", p, err)
	}
	var fields string
	rawDB(t, db).QueryRow(`SELECT fields FROM audit_log WHERE action = 'update'`).Scan(&fields)
	if fields != "consentNote" {
		t.Fatalf("audited fields %q", fields)
	}
	p.ConsentNote = strings.Repeat("x", 20001)
	_, err = db.UpdatePerson(ctx, p)
	wantInvalid(t, err, "consentNote")
}

func TestRegistrySettings(t *testing.T) {
	db, _ := mustOpen(t)
	raw := rawDB(t, db)
	raw.Exec(`INSERT INTO settings (key, value) VALUES ('retention_years', '7'),
		('registry_contact', 'rgpd@accueil.invalid')`)
	s, err := db.RegistrySettings(context.Background())
	if err != nil || s.RetentionYears != 7 || s.Organisation != "Accueil Test" ||
		s.Contact != "rgpd@accueil.invalid" {
		t.Fatalf("settings %+v (%v)", s, err)
	}
}

// More persons than one transaction takes are anonymised batch after batch.
func TestRetentionRunsInBatches(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	const n = 230
	at(db, day(2019, 1, 7), func() {
		for i := range n {
			if _, err := db.CreatePerson(ctx, backend.Person{
				LastName: fmt.Sprintf("Lotnom%d", i)}); err != nil {
				t.Fatal(err)
			}
		}
	})
	files, err := db.AnonymiseInactiveFiles(ctx, fixedNow)
	if err != nil || len(files) != n || !slices.IsSorted(files) {
		t.Fatalf("anonymised %d files (%v), want %d in order", len(files), err, n)
	}
	if m, _ := db.SearchPersons(ctx, "lotnom", 10); len(m) != 0 {
		t.Fatalf("still found by name: %v", m)
	}
}
