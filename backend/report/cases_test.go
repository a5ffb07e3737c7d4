package report_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"pappu/backend"
	"pappu/backend/demo"
	"pappu/backend/report"
	"pappu/backend/sqlite"
)

// The annual report holds the year's procedures, referrals and support to
// partners exactly as the statistics screen gives them, in the PDF and in
// the workbook, with what each figure counts.
func TestAnnualReportHoldsTheCaseWork(t *testing.T) {
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "pappu.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	paris, _ := time.LoadLocation("Europe/Paris")
	if _, err := demo.Generate(ctx, db, demo.Options{Persons: 120, Visits: 600, Seed: 3,
		Years: 2, Today: time.Date(2025, 3, 14, 12, 0, 0, 0, paris)}); err != nil {
		t.Fatal(err)
	}
	a, err := report.Build(ctx, db, 2024, time.Date(2025, 1, 15, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	screen, err := db.CaseFigures(ctx, backend.Period{From: "2024-01-01", To: "2024-12-31"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Cases, screen) {
		t.Errorf("case work of the report:\n%+v\nthe statistics say\n%+v", a.Cases, screen)
	}
	if a.Cases.Opened == 0 || a.Cases.Referrals == 0 || a.Cases.Support.Count == 0 {
		t.Fatalf("demo data too thin to check anything: %+v", a.Cases)
	}

	x := workbook(t, a)
	rows, err := x.GetRows(report.SheetCases)
	if err != nil {
		t.Fatal(err)
	}
	sheet := map[string]bool{}
	for _, r := range rows {
		sheet[strings.Join(r, "|")] = true
	}
	for _, want := range caseLines(a.Cases, strconv.Itoa) {
		if !sheet[want] {
			t.Errorf("case work sheet: no row %q", want)
		}
	}

	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is missing")
	}
	text := pdfText(t, a)
	lines := cellsOfLines(text)
	for _, want := range caseLines(a.Cases, report.Int) {
		if !lines[want] {
			t.Errorf("case work: no line %q in the PDF", want)
		}
	}
	if !strings.Contains(strings.Join(strings.Fields(text), " "),
		backend.CaseDefinitions[0].Text[:40]) {
		t.Errorf("the PDF does not say what %q counts", backend.CaseDefinitions[0].Label)
	}
}
