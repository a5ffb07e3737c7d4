package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestDashboardFigures reads a month of a thousand visits, none with a
// theme and one of a man: figures have French thousands separators, a
// share too small to round to 1 % is not shown as 0 %, and the theme table
// says no theme was given rather than that nobody came.
func TestDashboardFigures(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t)
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot(t, "dashboard-failed")
		}
	})
	setUpStructure(t, b, s)

	var ctx struct {
		Sites []struct{ ID string } `json:"sites"`
		Users []struct{ ID string } `json:"users"`
	}
	s.call(t, "Structure", "Context", &ctx)
	at := time.Now().UTC().Format(time.RFC3339)
	for i := 0; i < 1000; i++ {
		sex := "F"
		if i == 0 {
			sex = "M"
		}
		s.call(t, "Visits", "Record", nil, map[string]any{"at": at,
			"siteId": ctx.Sites[0].ID, "userId": ctx.Users[0].ID, "sex": sex})
	}

	b.step(t, "open the dashboard",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-dashboard"]`)),
		chromedp.WaitVisible(chromedp.ID("dash-from")))
	b.waitText(t, `[data-testid="dash-sex-F-n"]`, "999")
	for css, want := range map[string]string{
		"#dash-visits":                         "1 000",
		"#dash-anonymous":                      "1 000",
		`[data-testid="dash-sex-M"] .share`:    "< 1 %",
		`[data-testid="dash-sex-F"] .share`:    "100 %",
		`[data-testid="dash-theme"] .empty`:    "Aucune thématique renseignée dans la période.",
		`[data-testid="dash-site"] .num.share`: "100 %",
	} {
		// Intl writes narrow no-break spaces; compare the words.
		if got := strings.Fields(b.text(t, css)); strings.Join(got, " ") != want {
			t.Errorf("%s reads %q, want %q", css, got, want)
		}
	}
	b.screenshot(t, "12-dashboard-thousand")
}
