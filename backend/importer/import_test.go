package importer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"pappu/backend"
	"pappu/backend/importer"
)

func TestRejectedLines(t *testing.T) {
	data := csvFile(
		"Date;Nom;Prénom;Date de naissance;Heure",
		"04/07/2024;Diallo;Ali;01/01/1990;10:00",      // 2: kept
		"31/02/2024;Diallo;Ali;01/01/1990;",           // 3: no such day
		";Diallo;Ali;01/01/1990;",                     // 4: no date
		"03/07/2042;Diallo;Ali;01/01/1990;",           // 5: in the future
		"04/07/2024;Diallo;Ali;05/07/2024;",           // 6: born after the visit
		"04/07/2024;Diallo;Ali;2030-01-01;",           // 7: born in the future
		"04/07/2024;Diallo;Ali;31/02/1990;",           // 8: no such birth date
		"04/07/2024;Diallo;Ali;01/01/1990;25h00",      // 9: no such time
		"Diallo;Diallo;Ali;01/01/1990;",               // 10: a name in the date column
		"04/07/2024;;;05/07/2024;",                    // 11: anonymous, born after
		"05/07/2024;Diallo;Ali;01/01/1990;14h30",      // 12: kept
		"06/07/2024;Diallo;Ali;06/07/24;",             // 13: born on the visit day: kept
		"06/07/2024;Diallo;Ali;01/01/1990;;;;;;;;;;;", // 14: trailing separators: kept
	)
	report, sink := importData(t, data, nil)
	want := []string{
		"ligne 3 : date « 31/02/2024 » invalide (colonne « Date »)",
		"ligne 4 : date manquante (colonne « Date »)",
		"ligne 5 : date « 03/07/2042 » dans le futur (colonne « Date »)",
		"ligne 6 : date de naissance postérieure à la date de l'accueil " +
			"(colonne « Date de naissance »)",
		"ligne 7 : date de naissance postérieure à la date de l'accueil " +
			"(colonne « Date de naissance »)",
		"ligne 8 : date de naissance invalide (colonne « Date de naissance »)",
		"ligne 9 : heure « 25h00 » invalide (colonne « Heure »)",
		"ligne 10 : date invalide (colonne « Date »)",
		"ligne 11 : date de naissance postérieure à la date de l'accueil " +
			"(colonne « Date de naissance »)",
	}
	var got []string
	for _, r := range report.Rejected {
		got = append(got, r.Reason)
		if strings.Contains(r.Reason, "Diallo") || strings.Contains(r.Reason, "Ali") ||
			strings.Contains(r.Reason, "1990") {
			t.Errorf("reason %q shows personal data", r.Reason)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("reasons:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := visitLines(sink); !slices.Equal(got, []int{2, 12, 13, 14}) {
		t.Errorf("stored lines %v; want [2 12 13 14]", got)
	}
}

func visitLines(s *memSink) []int {
	var out []int
	for _, v := range s.visits {
		out = append(out, v.Line)
	}
	slices.Sort(out)
	return out
}

func TestPersonsAndAnonymousVisits(t *testing.T) {
	data := csvFile(
		"Date;Nom;Prénom;Sexe;Date de naissance;Âge;Nationalité;Situation administrative;"+
			"Thèmes;Mode;Durée;Téléphone;Commune",
		// The same person written three ways, the latest line giving the situation.
		"01/03/2024;KONÉ;Awa;Mme;11/04/1967;;Nigéria;Récépissé;Asile;RDV;45 min;;",
		"15/04/2024;Koné;Awa;F;1967-04-11;;nigériane;;Séjour;;;0601020304;Paris",
		"10/05/2024;kone;awa;;11-04-1967;;NG;Titre de séjour;;;;;",
		// Same names, another birth date: another person.
		"10/05/2024;Koné;Awa;F;11/04/1987;;Mali;;;;;;",
		// Anonymous: age bracket from the age, then from a birth date.
		"11/05/2024;;;H;;34 ans;marocain;Sans titre;Santé (AME);Téléphone;;;",
		"12/05/2024;;;Femme;01/06/2005;;;;;;;;",
	)
	report, sink := importData(t, data, nil)
	if report.Imported != 6 || report.PersonsCreated != 2 || report.Anonymous != 2 ||
		len(report.Rejected) != 0 {
		t.Fatalf("report %+v", report)
	}
	awa := sink.visits[0].Person
	want := backend.Person{LastName: "KONÉ", FirstNames: "Awa", Sex: "F",
		BirthDate: "1967-04-11", Nationality: "NG", AdminSituation: "titre_sejour",
		Phone: "0601020304", Commune: "Paris"}
	if !reflect.DeepEqual(*awa, want) {
		t.Errorf("person %+v; want %+v", *awa, want)
	}
	for _, v := range sink.visits[:3] {
		if !reflect.DeepEqual(*v.Person, want) {
			t.Errorf("line %d: person %+v differs from the merged one", v.Line, *v.Person)
		}
	}
	if v := sink.visits[0].Visit; v.Mode != "appointment" || v.DurationMin != 45 ||
		v.Sex != "" || v.Nationality != "" {
		t.Errorf("visit of a person %+v", v)
	}
	anon := sink.visits[4].Visit
	if anon.Sex != "M" || anon.AgeBracket != "26-35" || anon.Nationality != "MA" ||
		anon.Mode != "phone" || !slices.Equal(anon.Themes, []string{"sante"}) {
		t.Errorf("anonymous visit %+v", anon)
	}
	if anon := sink.visits[5].Visit; anon.AgeBracket != "18-25" || anon.Sex != "F" {
		t.Errorf("anonymous visit with a birth date %+v", anon)
	}
}

func TestUnresolvedValues(t *testing.T) {
	data := csvFile(basicHeader+";Sexe",
		"04/07/2024;Diallo;Ali;;Atlantide;Asile / Cours de cuisine;RAS;Z",
		"05/07/2024;;;;Atlantide;;;",
	)
	p := preview(t, data)
	want := []importer.Unresolved{
		{Field: "nationality", Value: "Atlantide", Lines: 2},
		{Field: "sex", Value: "Z", Lines: 1},
		{Field: "themes", Value: "Cours de cuisine", Lines: 1},
	}
	if !slices.Equal(p.Unresolved, want) {
		t.Errorf("unresolved %+v; want %+v", p.Unresolved, want)
	}
	_, sink := importData(t, data, nil)
	v := sink.visits[0]
	if v.Person.Nationality != "" || v.Person.Sex != "" ||
		!slices.Equal(v.Visit.Themes, []string{"asile", "autre"}) {
		t.Errorf("row %+v %+v", v.Visit, v.Person)
	}
	wantNote := "RAS\n" +
		"[Import] valeur non reconnue pour « Thème » : « Cours de cuisine »\n" +
		"[Import] valeur non reconnue pour « Sexe » : « Z »\n" +
		"[Import] valeur non reconnue pour « Nationalité » : « Atlantide »"
	if v.Visit.Note != wantNote {
		t.Errorf("note %q; want %q", v.Visit.Note, wantNote)
	}
}

func TestManualMapping(t *testing.T) {
	data := csvFile("Quand;Qui;Prénom;Sujet principal;Sujet secondaire",
		"04/07/2024;Diallo;Ali;Asile;Logement")
	_, err := testConfig.ReadPreview("x.csv", bytes.NewReader(data), int64(len(data)), nil)
	asInvalid(t, err) // "Quand" is no known date header

	m := importer.Mapping{0: importer.FieldDate, 1: importer.FieldLastName,
		2: importer.FieldFirstNames, 3: importer.FieldThemes, 4: importer.FieldThemes}
	p, err := testConfig.ReadPreview("x.csv", bytes.NewReader(data), int64(len(data)), m)
	if err != nil {
		t.Fatal(err)
	}
	if p.Columns[0].Field != "date" || p.Columns[4].Field != "themes" || p.Lines != 1 {
		t.Errorf("preview %+v", p)
	}
	_, sink := importData(t, data, m)
	if v := sink.visits[0]; v.Person.LastName != "Diallo" ||
		!slices.Equal(v.Visit.Themes, []string{"asile", "logement"}) {
		t.Errorf("row %+v", v)
	}

	bad := []importer.Mapping{
		{0: "date", 1: "nope"},
		{0: "date", 9: "note"},
		{0: "date", 1: "date"},
		{1: "last_name"},
	}
	for _, m := range bad {
		_, err := testConfig.ReadPreview("x.csv", bytes.NewReader(data), int64(len(data)), m)
		if e := asInvalid(t, err); e.Field != "colonnes" {
			t.Errorf("mapping %v: field %q, message %q", m, e.Field, e.Message)
		}
	}
}

func TestHeaderBelowTitle(t *testing.T) {
	data := csvFile("Registre des accueils 2024;;", "Date d'édition : 03/01/2025;;", ";;",
		"Date;Nom;Prénom",
		"04/07/2024;Diallo;Ali", "31/02/2024;Diallo;Ali")
	p := preview(t, data)
	if p.HeaderLine != 4 || p.Lines != 2 || len(p.Rejected) != 1 || p.Rejected[0].Line != 6 {
		t.Errorf("header line %d, %d lines, rejected %+v", p.HeaderLine, p.Lines, p.Rejected)
	}
}

func TestFullNameColumn(t *testing.T) {
	data := csvFile("Date;Nom Prénom", "04/07/2024;KONÉ Awa", "05/07/2024;Diallo Ali")
	_, sink := importData(t, data, nil)
	got := []string{sink.visits[0].Person.LastName, sink.visits[0].Person.FirstNames,
		sink.visits[1].Person.LastName, sink.visits[1].Person.FirstNames}
	if !slices.Equal(got, []string{"KONÉ", "Awa", "Diallo", "Ali"}) {
		t.Errorf("names %q", got)
	}
}

func TestKeys(t *testing.T) {
	data := csvFile(basicHeader,
		"04/07/2024;Diallo;Ali;;Mali;Asile;première note",
		"04/07/2024;Diallo;Ali;;Mali;Asile;deuxième note", // same visit again: #2
		"04/07/2024;;;;;Asile;",
		"04/07/2024;;;;;Asile;", // two identical anonymous visits
	)
	_, sink := importData(t, data, nil)
	keys := map[string]bool{}
	for _, v := range sink.visits {
		keys[v.Key] = true
	}
	if len(keys) != 4 {
		t.Fatalf("%d distinct keys for 4 lines", len(keys))
	}
	if !strings.HasSuffix(sink.visits[1].Key, "#2") {
		t.Errorf("key %q; want the #2 of the first line", sink.visits[1].Key)
	}

	// The same content, reordered, with another note, accents and spelling,
	// gives the same keys.
	edited := csvFile(basicHeader,
		"04/07/2024;;;;;asile;",
		"2024-07-04;DIALLO;ali;;malienne;ASILE;note corrigée",
		"04/07/2024;;;;;Asile;",
		"4/7/2024;Diallo;Ali;;ML;Asile;autre note",
	)
	report, err := testConfig.Import(context.Background(), sink, "edited.csv",
		bytes.NewReader(edited), int64(len(edited)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if report.Imported != 0 || report.Skipped != 4 {
		t.Errorf("report %+v; want 4 skipped", report)
	}
}

// TestBatches checks that batches hold about BatchSize rows, that a person's
// rows travel together, and that the person counts add up over batches.
func TestBatches(t *testing.T) {
	lines := []string{basicHeader}
	for i := range 50 {
		// 10 persons, each coming back 5 times, among anonymous visits.
		lines = append(lines,
			fmt.Sprintf("%02d/03/2024;Nom%d;Prénom;;;Asile;", i%28+1, i%10),
			fmt.Sprintf("%02d/03/2024;;;;;Visa;", i%28+1))
	}
	data := csvFile(lines...)
	cfg := testConfig
	cfg.BatchSize = 7
	sink := newMemSink()
	sink.persons[importer.PersonKey("Prénom", "Nom3", "")] = true // known already
	report, err := cfg.Import(context.Background(), sink, "x.csv", bytes.NewReader(data),
		int64(len(data)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if report.Imported != 100 || report.PersonsCreated != 9 || report.PersonsMatched != 1 ||
		report.Anonymous != 50 {
		t.Errorf("report %+v", report)
	}
	batchOf := map[string]int{}
	for i, b := range sink.batches {
		if len(b) > 7+4 { // a batch closes once it reaches 7 rows
			t.Errorf("batch %d holds %d rows", i, len(b))
		}
		for _, row := range b {
			if row.Person == nil {
				continue
			}
			key := row.Person.LastName
			if j, ok := batchOf[key]; ok && j != i {
				t.Errorf("%s in batches %d and %d", key, j, i)
			}
			batchOf[key] = i
		}
	}
}

func TestSinkError(t *testing.T) {
	data := csvFile(basicHeader, "04/07/2024;Diallo;Ali;;;;")
	sink := newMemSink()
	sink.fail = backend.Invalid("base", "base verrouillée")
	_, err := testConfig.Import(context.Background(), sink, "x.csv", bytes.NewReader(data),
		int64(len(data)), nil)
	var e *backend.Error
	if !errors.As(err, &e) || e.Message != "base verrouillée" {
		t.Errorf("error %v; want the sink's error wrapped", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = testConfig.Import(ctx, newMemSink(), "x.csv", bytes.NewReader(data),
		int64(len(data)), nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v; want context.Canceled", err)
	}
}

func TestFields(t *testing.T) {
	fields := importer.Fields()
	if len(fields) < 20 || fields[0].Code != importer.FieldDate || fields[0].Label == "" {
		t.Errorf("fields %+v", fields)
	}
}
