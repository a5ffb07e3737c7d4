package privacyexport_test

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"io"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"pappu/backend"
	"pappu/backend/privacyexport"
)

func sampleExport() backend.PersonExport {
	at := time.Date(2026, 4, 16, 14, 30, 0, 0, time.UTC)
	return backend.PersonExport{
		GeneratedAt:  at,
		Organisation: "Accueil Test",
		Person: backend.Person{ID: "p1", FileNumber: "2025-00042", LastName: "Benali",
			FirstNames: "Yasmine", Sex: "F", BirthDate: "1990-05-04", Nationality: "DZ",
			Phone: "0600000000", ConsentDate: "2025-01-10",
			ConsentNote: "Informée oralement ; notice « vos droits » remise",
			Notes:       "Parle l'arabe (العربية) et le français.",
			CreatedAt:   at.AddDate(-1, 0, 0), UpdatedAt: at},
		Labels: backend.PersonLabels{Sex: "Femme", Nationality: "Algérie",
			Referent: "Camille B."},
		Visits: []backend.ExportedVisit{{ID: "v1", At: at.Add(-time.Hour),
			Site: "Permanence Belsunce", User: "Camille B.",
			Mode:   backend.RefItem{Code: "walk_in", Label: "Sur place, sans rendez-vous"},
			Themes: []backend.RefItem{{Code: "asile", Label: "Asile"}},
			Note:   "Récépissé à renouveler", PrivateNote: "Inquiète"}},
		History: []backend.HistoryEntry{
			{At: at.AddDate(-1, 0, 0), UserID: "u1", UserName: "Camille B.",
				Action: "create", Entity: "person", EntityID: "p1",
				Fields: []string{"lastName", "phone"}},
			{At: at, UserID: backend.SystemActor, Action: "export", Entity: "person",
				EntityID: "p1", Fields: []string{}},
		},
	}
}

var streamRE = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)

// pdfText returns the PDF's bytes with every compressed stream inflated, so
// that the text its pages show can be searched (in Windows-1252).
func pdfText(t *testing.T, pdf []byte) []byte {
	t.Helper()
	out := append([]byte{}, pdf...)
	for _, m := range streamRE.FindAllSubmatch(pdf, -1) {
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue // not a deflated stream
		}
		b, _ := io.ReadAll(r)
		out = append(out, b...)
	}
	return out
}

func TestWritePDF(t *testing.T) {
	var buf bytes.Buffer
	if err := privacyexport.WritePDF(&buf, sampleExport(), "Accueil Test"); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", buf.Bytes()[:min(20, buf.Len())])
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{
		"2025-00042",
		"Donn\xe9es d\xe9tenues sur la personne \x97 dossier N\xb0 2025-00042", // cp1252
		"Identit\xe9", `Accueils \(1\)` /* PDF escapes parentheses */, "Historique des acc\xe8s",
		"Benali", "R\xe9c\xe9piss\xe9 \xe0 renouveler", "\xab vos droits \xbb",
		"Syst\xe8me", "Cr\xe9ation du dossier : nom, t\xe9l\xe9phone",
	} {
		if !bytes.Contains(text, []byte(want)) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
}

func TestWriteJSONRoundTrips(t *testing.T) {
	e := sampleExport()
	var buf bytes.Buffer
	if err := privacyexport.WriteJSON(&buf, e); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "العربية") || strings.Contains(buf.String(), `\u00`) {
		t.Fatalf("characters escaped or lost:\n%s", buf.String())
	}
	if strings.Contains(buf.String(), "anonymisedAt") {
		t.Errorf("a file never anonymised shows an anonymisation date")
	}
	var back backend.PersonExport
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, e) {
		t.Fatalf("round trip\n got %+v\nwant %+v", back, e)
	}
}
