package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestStatistics opens the statistics screen and records visits elsewhere
// (through the API, as another window would): the count of their theme
// goes up without a reload. Clicking a line then filters by it.
func TestStatistics(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t)
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot(t, "statistics-failed")
		}
	})
	setUpStructure(t, b, s)

	var ctx struct {
		Sites []struct{ ID string } `json:"sites"`
		Users []struct{ ID string } `json:"users"`
	}
	s.call(t, "Structure", "Context", &ctx)
	record := func(theme string) {
		t.Helper()
		s.call(t, "Visits", "Record", nil, map[string]any{
			"at": time.Now().UTC().Format(time.RFC3339), "siteId": ctx.Sites[0].ID,
			"userId": ctx.Users[0].ID, "mode": "walk_in", "durationMin": 30,
			"themes": []string{theme}, "sex": "F", "ageBracket": "26-35",
		})
	}
	record("asile")

	b.step(t, "open the statistics",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-statistics"]`)),
		chromedp.WaitVisible(chromedp.ID("stats-dimension")))
	b.waitText(t, "#stats-line-asile-visits", "1")
	b.waitText(t, "#stats-current-visits", "1")
	if n := b.count(t, "#stats-chart"); n != 1 {
		t.Errorf("%d charts, want 1", n)
	}
	if got := b.text(t, "#stats-definitions"); !strings.Contains(got, "Nouvelles personnes") {
		t.Errorf("the definitions say %q", got)
	}

	// The page listens: a visit recorded elsewhere counts at once.
	record("asile")
	b.waitText(t, "#stats-line-asile-visits", "2")
	b.waitText(t, "#stats-current-visits", "2")
	b.waitText(t, "#stats-current-hours", "1")
	record("sante")
	b.waitText(t, "#stats-line-sante-visits", "1")
	b.waitText(t, "#stats-line-asile-visits", "2")
	b.waitText(t, "#stats-line-total-visits", "3")

	// Clicking a line filters by it: only the visits about asile remain.
	b.step(t, "filter by asile",
		chromedp.Click(chromedp.CSS(`[data-testid="stats-line-asile"] button`)))
	b.waitCount(t, `[data-testid="stats-chip-theme-asile"]`, 1)
	b.waitText(t, "#stats-current-visits", "2")
	b.waitCount(t, `[data-testid="stats-line-sante"]`, 0)

	// The case work of the month: a procedure opened as filed, a referral,
	// an hour and a half of support to a partner.
	var person, partner struct{ ID string }
	s.call(t, "Persons", "Create", &person, map[string]any{"lastName": "TESTSTATS",
		"firstNames": "Amina"})
	s.call(t, "Procedures", "Open", nil, map[string]any{"personId": person.ID,
		"type": "asile", "status": "depose"})
	s.call(t, "Partners", "Save", &partner, map[string]any{"name": "Permanence Essai Stats",
		"kind": "association", "commune": "Lyon"})
	s.call(t, "Referrals", "Create", nil, map[string]any{"personId": person.ID,
		"partnerIds": []string{partner.ID}, "reason": "accès au droit"})
	s.call(t, "Supports", "Record", nil, map[string]any{"partnerId": partner.ID,
		"mode": "telephone", "durationMin": 90, "themes": []string{"asile"}})
	b.step(t, "show the period again",
		chromedp.Click(chromedp.ID("stats-apply")))
	b.waitText(t, "#stats-cases-opened", "1")
	b.waitText(t, "#stats-cases-filed", "1")
	b.waitText(t, "#stats-cases-decided", "0")
	b.waitText(t, "#stats-cases-referrals", "1")
	b.waitText(t, "#stats-cases-support", "1")
	b.waitText(t, "#stats-cases-support-hours", "1,5")
	b.waitText(t, `[data-testid="stats-cases-opened-type-asile-n"]`, "1")
	b.waitText(t, `[data-testid="stats-cases-referral-kind-association-n"]`, "1")
	b.waitText(t, `[data-testid="stats-cases-referral-outcome-pending-n"]`, "1")
	if got := b.text(t, "#stats-cases"); !strings.Contains(got, "Démarches déposées") ||
		!strings.Contains(got, "Passages au statut") {
		t.Errorf("the case work section says %q", got)
	}

	b.screenshot(t, "statistics")
	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("the page threw errors:\n%s", strings.Join(errs, "\n"))
	}
}
