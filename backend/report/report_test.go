package report_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"pappu/backend"
	"pappu/backend/importer"
	"pappu/backend/report"
	"pappu/backend/sqlite"
)

// samplePath is the made-up reception log of 2024 shared with the project.
const samplePath = "../../../shared/data/import/accueils-2024-tableur.csv"

// sampleYear imports the 2024 sample into a new database and builds its
// annual report.
func sampleYear(t *testing.T) (*sqlite.DB, report.Annual) {
	t.Helper()
	data, err := os.ReadFile(samplePath)
	if err != nil {
		t.Skipf("no sample spreadsheet: %v", err)
	}
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "pappu.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	if _, err := db.Setup(ctx, backend.Setup{OrganisationName: "Accueil Étrangers Paris Est",
		SiteName: "PAADE 10e/11e", UserName: "Camille B."}); err != nil {
		t.Fatal(err)
	}
	if _, err := importer.Import(ctx, db, "accueils-2024-tableur.csv",
		bytes.NewReader(data), int64(len(data)), nil); err != nil {
		t.Fatal(err)
	}
	a, err := report.Build(ctx, db, 2024, time.Date(2025, 1, 15, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return db, a
}

func TestAnnualReportHoldsTheSampleFigures(t *testing.T) {
	db, a := sampleYear(t)

	// The sample's README: 300 visits, 95 persons, 44 of the visits anonymous.
	total := a.Comparison.Current.Total
	if total.Visits != 300 || total.Persons != 95 || total.NewPersons != 95 {
		t.Errorf("2024: %+v, want 300 visits, 95 persons, all new", total)
	}
	for _, tb := range a.Tables {
		if tb.Dimension == backend.DimIdentified {
			for _, l := range tb.Lines {
				if l.Code == backend.Anonymous && l.Visits != 44 {
					t.Errorf("anonymous visits = %d, want 44", l.Visits)
				}
			}
		}
		// The report holds what the screen shows.
		again, err := db.StatsTable(context.Background(), tb.Filter, tb.Dimension)
		if err != nil {
			t.Fatal(err)
		}
		if len(again.Lines) != len(tb.Lines) || again.Total != tb.Total {
			t.Errorf("table by %s differs from the statistics service", tb.Dimension)
		}
	}
}

func TestAnnualPDFReadsBackWithTheFigures(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext (poppler-utils) is missing")
		}
		t.Skip("pdftotext (poppler-utils) is missing")
	}
	_, a := sampleYear(t)
	text := pdfText(t, a)

	for _, want := range []string{a.Organisation, "Bilan d'activité 2024",
		"Ce que les chiffres veulent dire", backend.MeasureDefinitions[0].Label} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not say %q", want)
		}
	}
	lines := cellsOfLines(text)
	for _, tb := range a.Tables {
		for _, l := range append(tb.Lines, backend.Line{Label: "Total", Measures: tb.Total}) {
			want := []string{l.Label, report.Int(l.Visits), report.Int(l.Persons),
				report.Int(l.NewPersons), report.Hours(l.Hours)}
			if !lines[strings.Join(want, "|")] {
				t.Errorf("table by %s: no line %q in the PDF", tb.Dimension, want)
			}
		}
	}
}

// pdfText writes a's PDF and reads its text back with pdftotext.
func pdfText(t *testing.T, a report.Annual) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bilan.pdf")
	var buf bytes.Buffer
	if err := report.WritePDF(&buf, a); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// workbook writes a's XLSX and opens it again.
func workbook(t *testing.T, a report.Annual) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := report.WriteXLSX(&buf, a); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

// caseLines are the label|count lines the case work part must hold: every
// line of every breakdown, and its total.
func caseLines(c backend.CaseFigures, n func(int) string) []string {
	var out []string
	for _, tb := range report.CaseTables(c) {
		out = append(out, tb.Heading+"|Nombre", "Total|"+n(tb.Total))
		for _, l := range tb.Lines {
			out = append(out, l.Label+"|"+n(l.N))
		}
	}
	return out
}

// cellsOfLines splits each line of pdftotext's layout into the cells two
// spaces or more apart, joined by "|".
func cellsOfLines(text string) map[string]bool {
	gap := regexp.MustCompile(`\s{2,}`)
	out := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		out[strings.Join(gap.Split(strings.TrimSpace(line), -1), "|")] = true
	}
	return out
}

func TestAnnualXLSXReadsBackWithTheFigures(t *testing.T) {
	_, a := sampleYear(t)
	x := workbook(t, a)

	for _, tb := range a.Tables {
		rows, err := x.GetRows(report.TableSheet(tb))
		if err != nil {
			t.Fatalf("sheet of %s: %v", tb.Dimension, err)
		}
		want := append(tb.Lines, backend.Line{Label: "Total", Measures: tb.Total})
		if len(rows) != len(want)+1 {
			t.Fatalf("sheet of %s: %d rows, want %d", tb.Dimension, len(rows), len(want)+1)
		}
		for i, l := range want {
			got := rows[i+1]
			hours, _ := strconv.ParseFloat(got[4], 64)
			if got[0] != l.Label || got[1] != strconv.Itoa(l.Visits) ||
				got[2] != strconv.Itoa(l.Persons) || got[3] != strconv.Itoa(l.NewPersons) ||
				hours != l.Hours {
				t.Errorf("sheet of %s, row %d: %q, want %+v", tb.Dimension, i+2, got, l)
			}
		}
	}
	defs, err := x.GetRows(report.SheetDefinitions)
	if err != nil || len(defs) != len(report.Definitions()) {
		t.Errorf("definitions sheet: %d rows, %v", len(defs), err)
	}
}

func TestTableCSVIsWhatExcelInFrenchExpects(t *testing.T) {
	tb := backend.StatsTable{Dimension: backend.DimSex, Lines: []backend.Line{
		{Code: "F", Label: "Femme", Measures: backend.Measures{Visits: 1200, Persons: 40,
			NewPersons: 3, Minutes: 90, Hours: 1.5}}},
		Total: backend.Measures{Visits: 1200, Persons: 40, NewPersons: 3, Minutes: 90,
			Hours: 1.5}}
	var buf bytes.Buffer
	if err := report.WriteTableCSV(&buf, tb); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFSexe;Accueils;Personnes reçues;Nouvelles personnes;Heures\r\n" +
		"Femme;1200;40;3;1,5\r\nTotal;1200;40;3;1,5\r\n"
	if buf.String() != want {
		t.Errorf("CSV:\n%q\nwant\n%q", buf.String(), want)
	}
}
