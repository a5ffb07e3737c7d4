package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A reception log as a spreadsheet exports it: one line is a known person,
// one an anonymous visit, one has an impossible date.
const importCSV = "Date;Heure;Nom;Prénom;Date de naissance;Nationalité;Thème\r\n" +
	"06/01/2025;10:00;IMPORTESSAI;Ophélie;03/04/1985;marocaine;Asile\r\n" +
	"06/01/2025;11:30;;;;;Santé\r\n" +
	"32/13/2025;10:00;IMPORTESSAI;Ophélie;03/04/1985;marocaine;Asile\r\n"

// TestImport brings in a spreadsheet through the import screen: the columns
// are recognised, the report counts what was taken and names the rejected
// line, and the dashboard of that month shows the visits.
func TestImport(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t)
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot(t, "import-failed")
		}
	})
	setUpStructure(t, b, s)

	file := filepath.Join(t.TempDir(), "journal-janvier.csv")
	if err := os.WriteFile(file, []byte(importCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	b.step(t, "choose the file",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-import"]`)),
		chromedp.WaitVisible(chromedp.ID("import-file")),
		chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{file}),
		chromedp.WaitVisible(chromedp.ID("import-mapping")))
	for css, want := range map[string]string{
		"#import-map-0": "date", "#import-map-2": "last_name", "#import-map-3": "first_names",
		"#import-map-4": "birth_date", "#import-map-6": "themes",
	} {
		if got := b.value(t, css); got != want {
			t.Errorf("%s maps to %q, want %q", css, got, want)
		}
	}
	b.screenshot(t, "10-import-preview")

	b.step(t, "import",
		chromedp.Click(chromedp.ID("import-run")),
		chromedp.WaitVisible(chromedp.ID("import-report")))
	b.waitText(t, "#import-imported", "2")
	b.waitText(t, "#import-personsCreated", "1")
	b.waitText(t, "#import-anonymous", "1")
	b.waitCount(t, `[data-testid="import-rejected-row"]`, 1)
	if got := b.text(t, `[data-testid="import-rejected-row"]`); !strings.HasPrefix(got, "4") {
		t.Errorf("the rejected line reads %q, want line 4", got)
	}
	b.screenshot(t, "11-import-report")

	b.step(t, "open the dashboard of January 2025",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-dashboard"]`)),
		chromedp.WaitVisible(chromedp.ID("dash-from")),
		chromedp.SetValue(chromedp.ID("dash-from"), "2025-01-01"),
		chromedp.SetValue(chromedp.ID("dash-to"), "2025-01-31"),
		chromedp.Click(chromedp.ID("dash-apply")))
	b.waitText(t, "#dash-visits", "2")
	b.waitText(t, "#dash-persons", "1")
	b.waitText(t, "#dash-anonymous", "1")

	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("the page threw errors:\n%s", strings.Join(errs, "\n"))
	}
	s.stop()
	noNamesInLogs(t, s, "ophélie", "ophelie", "importessai")
}
