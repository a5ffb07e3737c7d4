package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPartners follows a partner from the directory to the dashboard: the
// partner is created with a contact, a new person is referred to it from
// their visit, the referral is marked "pris en charge" from the pending
// list and shows on the partner's page, and a support given to the partner
// counts on the dashboard.
func TestPartners(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t)
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot(t, "partners-failed")
		}
	})
	setUpStructure(t, b, s)

	b.step(t, "create a partner with a contact",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-partners"]`)),
		chromedp.WaitVisible(chromedp.ID("partners-new")),
		chromedp.Click(chromedp.ID("partners-new")),
		chromedp.WaitVisible(chromedp.ID("partner-name")),
		chromedp.SendKeys(chromedp.ID("partner-name"), "Association Essai d'Asile"),
		chromedp.SendKeys(chromedp.ID("partner-commune"), "Lyon"),
		chromedp.Click(chromedp.ID("partner-theme-asile")),
		chromedp.Click(chromedp.ID("partner-add-contact")),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="partner-contact-row"] input`), "Nora Juriste"),
		chromedp.Click(chromedp.ID("partner-submit")),
		chromedp.WaitVisible(chromedp.ID("partner-kind")))
	b.waitText(t, "#flash", "Partenaire enregistré.")
	b.waitText(t, "h1#partner-name", "Association Essai d'Asile")
	b.waitCount(t, `[data-testid="partner-contact"]`, 1)

	// The directory finds it, whatever the case and accents typed.
	b.step(t, "search the directory",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-partners"]`)),
		chromedp.WaitVisible(chromedp.ID("partners-search")),
		chromedp.SendKeys(chromedp.ID("partners-search"), "ESSAI D ASILE"))
	b.waitCount(t, `[data-testid="partner-row"]`, 1)

	b.step(t, "a new person comes",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-home"]`)),
		chromedp.WaitVisible(chromedp.ID("home-new-visit")),
		chromedp.Click(chromedp.ID("home-new-visit")),
		chromedp.WaitVisible(chromedp.ID("person-lastName")),
		chromedp.SendKeys(chromedp.ID("person-lastName"), "ORIENTÉE"),
		chromedp.SendKeys(chromedp.ID("person-firstNames"), "Maëlle"),
		chromedp.Click(chromedp.ID("person-submit")),
		chromedp.WaitVisible(chromedp.ID("visit-referral-search")))
	b.step(t, "refer the person from the visit",
		chromedp.Click(chromedp.ID("theme-asile")),
		chromedp.SendKeys(chromedp.ID("visit-referral-search"), "essai"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="referral-add"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="referral-add"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="referral-chosen"]`)),
		chromedp.SendKeys(chromedp.ID("visit-referral-reason"), "Demande d'asile à déposer"),
		chromedp.Click(chromedp.ID("visit-submit")),
		chromedp.WaitVisible(chromedp.ID("person-record-visit")))
	b.waitText(t, "#flash", "Accueil enregistré, avec 1 orientation.")

	b.step(t, "open the pending referrals",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-referrals"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="referral-row"]`)))
	if got := b.text(t, `[data-testid="referral-row"]`); !strings.Contains(got, "ORIENTÉE Maëlle") ||
		!strings.Contains(got, "Association Essai d'Asile") ||
		!strings.Contains(got, "Demande d'asile à déposer") {
		t.Errorf("the pending referral reads %q", got)
	}
	b.step(t, "mark it taken in charge",
		chromedp.SetValue(chromedp.CSS(`[data-testid="referral-row"] select`), "taken"),
		chromedp.Click(chromedp.CSS(`[data-testid="referral-set"]`)))
	b.waitText(t, "#referrals-status", "Suite enregistrée : Pris en charge.")
	b.waitText(t, "#referrals-empty", "Aucune orientation en attente.")

	b.step(t, "open the partner's page",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-partners"]`)),
		chromedp.WaitVisible(chromedp.ID("partners-search")),
		chromedp.SendKeys(chromedp.ID("partners-search"), "essai"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="partner-row"] a`)),
		chromedp.Click(chromedp.CSS(`[data-testid="partner-row"] a`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="partner-referral"]`)))
	if got := b.text(t, `[data-testid="partner-referral"]`); !strings.Contains(got, "ORIENTÉE Maëlle") ||
		!strings.Contains(got, "Pris en charge (") {
		t.Errorf("the partner page lists the referral as %q", got)
	}
	b.screenshot(t, "partners-page")

	b.step(t, "record a support to the partner",
		chromedp.Click(chromedp.ID("partner-support")),
		chromedp.WaitVisible(chromedp.ID("support-mode")),
		chromedp.SetValue(chromedp.ID("support-mode"), "formation"),
		chromedp.SendKeys(chromedp.ID("support-durationMin"), "45"),
		chromedp.Click(chromedp.ID("support-theme-asile")),
		chromedp.SendKeys(chromedp.ID("support-question"), "Procédure Dublin"),
		chromedp.Click(chromedp.ID("support-submit")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="partner-support-row"]`)))
	b.waitText(t, "#flash", "Appui enregistré.")

	b.step(t, "read the dashboard",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-dashboard"]`)),
		chromedp.WaitVisible(chromedp.ID("dash-support-count")))
	b.waitText(t, "#dash-support-count", "1")
	b.waitText(t, "#dash-support-hours", "0,8")
	b.waitText(t, `[data-testid="dash-support-mode-formation-n"]`, "1")
	b.screenshot(t, "partners-dashboard")

	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("the page threw errors:\n%s", strings.Join(errs, "\n"))
	}
	s.stop()
	noNamesInLogs(t, s, "maëlle", "orientée", "nora")
}
