package importer_test

import (
	"context"
	"os"
	"slices"
	"testing"

	"pappu/backend"
	"pappu/backend/importer"
	"pappu/backend/refdata"
)

const samplePath = "../../../shared/data/import/accueils-2024-tableur.csv"

func openSample(t testing.TB) *os.File {
	t.Helper()
	f, err := os.Open(samplePath)
	if os.IsNotExist(err) {
		t.Skip("sample file absent: " + samplePath)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func fileSize(t testing.TB, f *os.File) int64 {
	t.Helper()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// TestImportSample checks the figures the sample's README gives, at the level
// of what the importer hands to storage.
func TestImportSample(t *testing.T) {
	f := openSample(t)
	size := fileSize(t, f)

	preview, err := importer.ReadPreview("accueils-2024-tableur.csv", f, size)
	if err != nil {
		t.Fatal(err)
	}
	if preview.Lines != 302 {
		t.Errorf("data lines = %d; want 302", preview.Lines)
	}
	if preview.Encoding != "Windows-1252" || preview.Separator != ";" {
		t.Errorf("encoding %q, separator %q", preview.Encoding, preview.Separator)
	}
	for _, c := range preview.Columns {
		if c.Field == "" {
			t.Errorf("column %q not recognised", c.Header)
		}
	}
	if len(preview.Unresolved) != 0 {
		t.Errorf("unresolved values: %+v", preview.Unresolved)
	}

	sink := newMemSink()
	report, err := importer.Import(context.Background(), sink, "accueils.csv", f, size, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.visits) != 300 || report.Imported != 300 {
		t.Errorf("rows stored = %d, imported = %d; want 300", len(sink.visits), report.Imported)
	}
	if report.Anonymous != 44 {
		t.Errorf("anonymous = %d; want 44", report.Anonymous)
	}
	if report.PersonsCreated != 95 || len(sink.persons) != 95 {
		t.Errorf("persons created = %d (sink %d); want 95", report.PersonsCreated,
			len(sink.persons))
	}
	if report.PersonsMatched != 0 {
		t.Errorf("persons matched = %d; want 0 on a first import", report.PersonsMatched)
	}
	lines := []int{}
	for _, r := range report.Rejected {
		lines = append(lines, r.Line)
		t.Logf("rejected: %s", r.Reason)
	}
	if !slices.Equal(lines, []int{53, 202}) {
		t.Errorf("rejected lines %v; want [53 202]", lines)
	}
	wantReasons := []string{
		"ligne 53 : date « 31/02/2024 » invalide (colonne « Date »)",
		"ligne 202 : date manquante (colonne « Date »)",
	}
	for i, r := range report.Rejected {
		if i < len(wantReasons) && r.Reason != wantReasons[i] {
			t.Errorf("reason %q; want %q", r.Reason, wantReasons[i])
		}
	}
	checkSampleRows(t, sink.visits)

	// A second import of the same file stores nothing new.
	again, err := importer.Import(context.Background(), sink, "copie.csv", f, size, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Imported != 0 || again.Skipped != 300 || again.PersonsCreated != 0 ||
		again.PersonsMatched != 95 {
		t.Errorf("second import: %+v", again)
	}
}

// checkSampleRows checks a few lines of the sample field by field.
func checkSampleRows(t *testing.T, rows []backend.ImportRow) {
	t.Helper()
	byLine := map[int]backend.ImportRow{}
	for _, r := range rows {
		if r.Key == "" || r.Visit.At.IsZero() {
			t.Errorf("line %d: key %q, date %v", r.Line, r.Key, r.Visit.At)
		}
		for _, th := range r.Visit.Themes {
			if refdata.ThemeLabel(th) == th {
				t.Errorf("line %d: unknown theme code %q", r.Line, th)
			}
		}
		if p := r.Person; p != nil && p.Nationality == "" {
			t.Errorf("line %d: no nationality", r.Line)
		}
		byLine[r.Line] = r
	}

	// Row 2: anonymous, two themes, a note with a line break.
	r := byLine[2]
	if r.Person != nil || r.Visit.Sex != "M" || r.Visit.Nationality != "KM" ||
		!slices.Equal(r.Visit.Themes, []string{"asile", "naturalisation"}) ||
		r.Visit.Note != "Sœur hébergeante\nà recontacter" || r.SiteName != "PAADE 10e/11e" ||
		r.UserName != "Camille B." {
		t.Errorf("row 2: %+v", r)
	}
	if got := r.Visit.At.Format("2006-01-02T15:04Z07:00"); got != "2024-07-03T22:00Z" {
		t.Errorf("row 2 at %s; want midnight in Paris", got)
	}
	// Row 3: the line numbering survives the line break of row 2.
	r = byLine[3]
	if r.Person == nil || r.Person.LastName != "KONÉ" || r.Person.BirthDate != "1967-04-11" ||
		r.Person.Sex != "F" || r.Person.Nationality != "NG" || r.Visit.Referrals != "Préfecture" {
		t.Errorf("row 3: %+v %+v", r, r.Person)
	}
	// Row 4: a two-digit birth year in the past century.
	if p := byLine[4].Person; p == nil || p.BirthDate != "1962-05-10" {
		t.Errorf("row 4 person: %+v", p)
	}
}
