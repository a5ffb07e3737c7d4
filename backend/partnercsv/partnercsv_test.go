package partnercsv_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"pappu/backend"
	"pappu/backend/partnercsv"
	"pappu/backend/sqlite"
)

// sample is the public list of reception places the shared data folder
// holds; the product never reads it.
const sample = "../../../shared/data/places/lieux-accueil-paca.csv"

func openDB(t *testing.T) (*sqlite.DB, context.Context) {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "pappu.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return time.Date(2026, 4, 16, 14, 30, 0, 0, time.UTC) }
	c, err := db.Setup(context.Background(), backend.Setup{OrganisationName: "Accueil",
		SiteName: "Permanence", UserName: "Camille B."})
	if err != nil {
		t.Fatal(err)
	}
	return db, backend.WithActor(context.Background(), c.Users[0].ID)
}

func importBytes(t *testing.T, db *sqlite.DB, ctx context.Context, data []byte) backend.PartnerImport {
	t.Helper()
	res, err := partnercsv.Import(ctx, db, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func search(t *testing.T, db *sqlite.DB, ctx context.Context, text string) []string {
	t.Helper()
	rows, err := db.SearchPartners(ctx, backend.PartnerQuery{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.Name)
	}
	return out
}

func TestImportTheSampleOfReceptionPlaces(t *testing.T) {
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Skipf("the shared sample is not here: %v", err)
	}
	db, ctx := openDB(t)
	res := importBytes(t, db, ctx, data)
	if res.Created != 8 || len(res.Rejected) != 0 {
		t.Fatalf("first import: %+v", res)
	}

	// Every row is in, those without a postal code too, with its kind.
	all, err := db.AllPartners(ctx)
	if err != nil || len(all) != 8 {
		t.Fatalf("%d partners, %v", len(all), err)
	}
	kinds := map[string]string{}
	for _, p := range all {
		kinds[p.Name[:min(len(p.Name), 24)]] = p.Kind + "/" + p.PostalCode
	}
	for name, want := range map[string]string{
		"SPADA de Marseille (prem": "association/",
		"Service de l'immigration": "administration/",
		"PAADE 4e et 12e arrondis": "association/13004",
		"Maison de Justice et du ": "autre/13090",
	} {
		if kinds[name] != want {
			t.Errorf("%s: %s, want %s", name, kinds[name], want)
		}
	}

	for _, tc := range []struct {
		text string
		want []string
	}{
		{"SPADA", []string{"SPADA de Marseille (premier accueil des demandeurs d'asile)"}},
		{"justice", []string{
			"Maison de Justice et du Droit d'Aix-en-Provence (accès au droit généraliste)",
			"Maison de la Justice et du Droit de Marseille (accès au droit généraliste)"}},
		{"forum refugies", []string{
			"SPADA de Marseille (premier accueil des demandeurs d'asile)"}},
		{"martigues", []string{"Maison de l'hospitalité de Martigues (orientation, " +
			"permanences juridiques) hébergée à la MJC"}},
		// The sample holds no Cimade office: nothing may be found.
		{"cimade", nil},
	} {
		if got := search(t, db, ctx, tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.text, got, tc.want)
		}
	}

	// Importing again adds nothing.
	again := importBytes(t, db, ctx, data)
	if again.Created != 0 || again.Updated != 0 || again.Unchanged != 8 {
		t.Fatalf("second import: %+v", again)
	}
}

func TestImportReportsBadLinesAndKeepsTheRest(t *testing.T) {
	db, ctx := openDB(t)
	file := "Nom;Commune;Code postal;Type;Courriel;Thématiques\r\n" +
		"La Cimade Marseille;Marseille;13001;asso;;asile, séjour\r\n" +
		";Marseille;;;;\r\n" +
		"CCAS de Vitrolles;Vitrolles;137;CCAS;;\r\n" +
		"Cabinet Martin;Marseille;;cabinet d'avocats;pas-une-adresse;\r\n" +
		"Accueil de nuit;Nice;06000;péniche;;\r\n" +
		"Permanence santé;Nice;;PASS;;astrologie\r\n"
	res := importBytes(t, db, ctx, []byte(file))
	var reasons []string
	for _, r := range res.Rejected {
		reasons = append(reasons, r.Reason)
	}
	if res.Created != 2 || len(reasons) != 4 {
		t.Fatalf("created %d, rejected %q", res.Created, reasons)
	}
	for i, want := range []string{"Ligne 3 : le nom", "Ligne 4 : Le code postal",
		"Ligne 5 : Le courriel", "Ligne 7 : la thématique"} {
		if !strings.HasPrefix(reasons[i], want) {
			t.Errorf("rejection %d: %q, want %q…", i, reasons[i], want)
		}
	}
	rows, _ := db.SearchPartners(ctx, backend.PartnerQuery{Text: "cimade"})
	if len(rows) != 1 || rows[0].Kind != backend.PartnerAssociation {
		t.Fatalf("cimade: %+v", rows)
	}
	night, _ := db.SearchPartners(ctx, backend.PartnerQuery{Text: "accueil de nuit"})
	p, _ := db.Partner(ctx, night[0].ID)
	if p.Kind != backend.PartnerOther || !strings.Contains(p.Notes, "péniche") {
		t.Fatalf("an unknown type is kept in the notes: %+v", p)
	}

	// A file without a name column is refused as a whole.
	_, err := partnercsv.Import(ctx, db, strings.NewReader("commune;type\nNice;autre\n"))
	if err == nil || !strings.Contains(backend.ErrorMessage(err), "nom") {
		t.Fatalf("no name column: %v", err)
	}
}

func TestExportThenImportGivesTheSameDirectory(t *testing.T) {
	db, ctx := openDB(t)
	for _, p := range []backend.Partner{
		{Name: "La Cimade", Organisation: "La Cimade", Kind: "association",
			Themes: []string{"asile", "sante", "eloignement"}, Address: "8 rue Jean-Marc Cathala",
			PostalCode: "13002", Commune: "Marseille", Phone: "04 91 90 49 70",
			Email: "marseille@example.org", Website: "https://example.org",
			Notes: "Permanence le mardi;\nsur rendez-vous « seulement »",
			Contacts: []backend.PartnerContact{
				{Name: "Inès Garnier", Role: "juriste", Phone: "06 00 00 00 01",
					Email: "ines@example.org"},
				{Name: "Paul Roux"}}},
		{Name: "Préfecture", Kind: "administration", Commune: "Marseille"},
		{Name: "Foyer d'accueil", Kind: "hebergement", Commune: "Nice", PostalCode: "06000"},
		// Typed by anyone: a spreadsheet must not take it for a formula.
		{Name: "=2+3", Kind: "autre", Commune: "Nice", Notes: "@SUM(1,1)"},
	} {
		if _, err := db.CreatePartner(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	want, _ := db.AllPartners(ctx)
	var file bytes.Buffer
	if err := partnercsv.Write(&file, want); err != nil {
		t.Fatal(err)
	}

	fresh, fctx := openDB(t)
	res := importBytes(t, fresh, fctx, file.Bytes())
	if bytes.Contains(file.Bytes(), []byte(";=2+3")) || bytes.Contains(file.Bytes(), []byte("\n=2+3")) ||
		bytes.Contains(file.Bytes(), []byte(";@SUM")) {
		t.Fatalf("a cell starts like a formula:\n%s", file.Bytes())
	}
	if res.Created != 4 || len(res.Rejected) != 0 {
		t.Fatalf("import of the export: %+v", res)
	}
	got, _ := fresh.AllPartners(fctx)
	if !reflect.DeepEqual(withoutIDs(got), withoutIDs(want)) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", withoutIDs(got), withoutIDs(want))
	}

	// The same file saved by a French Windows spreadsheet reads alike.
	cp1252, err := charmap.Windows1252.NewEncoder().Bytes(
		bytes.TrimPrefix(file.Bytes(), []byte("\uFEFF")))
	if err != nil {
		t.Fatal(err)
	}
	again := importBytes(t, fresh, fctx, cp1252)
	if again.Unchanged != 4 {
		t.Fatalf("Windows-1252 copy: %+v", again)
	}
}

func withoutIDs(ps []backend.Partner) []backend.Partner {
	out := slices.Clone(ps)
	for i := range out {
		out[i].ID = ""
		out[i].Contacts = slices.Clone(out[i].Contacts)
		for j := range out[i].Contacts {
			out[i].Contacts[j].ID = ""
		}
	}
	return out
}

// A workbook given instead of a CSV file is told so, with what to do.
func TestAWorkbookIsRefusedWithWhatToDo(t *testing.T) {
	_, _, err := partnercsv.Read([]byte("PK\x03\x04\x14\x00\x06\x00 classeur"))
	if err == nil || !strings.Contains(backend.ErrorMessage(err), "enregistrez-le au format") {
		t.Fatalf("a workbook: %v", err)
	}
}
