package e2e_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestCaseFile follows a renewal at the desk: a person is received, a
// "renouvellement" procedure is opened from their file, filed, then given
// its receipt with the date it runs until; the procedure screen offers only
// the statuses the rules allow, keeps each step, and the person page shows
// the procedure with its next key date and the timeline in order.
func TestCaseFile(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t)
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot(t, "casefile-failed")
		}
	})
	setUpStructure(t, b, s)
	createPerson(t, b)
	recordPersonVisit(t, b)

	b.step(t, "open a renewal from the person page",
		chromedp.SetValue(chromedp.ID("casefile-type"), "renouvellement"),
		chromedp.Click(chromedp.ID("casefile-open")),
		chromedp.WaitVisible(chromedp.ID("procedure-title")))
	b.waitText(t, "#procedure-title", "Renouvellement de titre de séjour")
	b.waitText(t, "#procedure-status", "À préparer")
	wantMoves(t, b, "depose", "clos")

	b.step(t, "file it today",
		chromedp.Click(chromedp.ID("procedure-move-depose")),
		chromedp.WaitVisible(chromedp.ID("move-day")),
		chromedp.Click(chromedp.ID("move-submit")))
	b.waitText(t, "#procedure-status", "Déposé")
	wantMoves(t, b, "recepisse", "favorable", "defavorable", "clos")

	// A receipt needs the day it runs until.
	until := time.Now().AddDate(0, 3, 0).Format("02/01/2006")
	b.step(t, "record the receipt without its end",
		chromedp.Click(chromedp.ID("procedure-move-recepisse")),
		chromedp.WaitVisible(chromedp.ID("move-receiptUntil")),
		chromedp.Click(chromedp.ID("move-submit")))
	b.waitText(t, "#move-receiptUntil-error", "Indiquez jusqu'à quand le récépissé est valable.")
	b.step(t, "record the receipt with its end",
		chromedp.SendKeys(chromedp.ID("move-receiptUntil"), until),
		chromedp.Click(chromedp.ID("move-submit")))
	b.waitText(t, "#procedure-status", "Récépissé")
	b.waitText(t, "#flash", "Statut changé : Récépissé.")
	wantMoves(t, b, "favorable", "defavorable", "clos")
	b.waitCount(t, `[data-testid="procedure-step"]`, 3)
	if got := b.value(t, "#procedure-receiptUntil"); got != until {
		t.Errorf("the receipt runs until %q, want %q", got, until)
	}
	b.screenshot(t, "30-procedure")

	b.step(t, "back to the person page",
		chromedp.Click(chromedp.ID("procedure-back")),
		chromedp.WaitVisible(chromedp.ID("casefile-procedures")))
	row := `[data-testid="procedure-row"]`
	if got := b.text(t, row+` [data-testid="procedure-status"]`); got != "Récépissé" {
		t.Errorf("the person page shows the status %q", got)
	}
	if got := b.text(t, row+` [data-testid="procedure-next"]`); got != until+" (fin du récépissé)" {
		t.Errorf("the next key date reads %q", got)
	}
	b.waitCount(t, `[data-testid="timeline-entry"]`, 4)
	want := []string{
		"step Renouvellement de titre de séjour : Récépissé",
		"step Renouvellement de titre de séjour : Déposé",
		"step Renouvellement de titre de séjour : démarche ouverte (À préparer)",
		"visit Accueil : Asile, Droits sociaux",
	}
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`Array.from(
		document.querySelectorAll('[data-testid="timeline-entry"]'),
		(e) => e.dataset.kind + " " + e.querySelector('[data-testid="timeline-title"]').textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the timeline reads:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	b.screenshot(t, "31-casefile")

	referAndFollow(t, b, s)

	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("the page threw errors:\n%s", strings.Join(errs, "\n"))
	}
	s.stop()
	noNamesInLogs(t, s, "zénobie", "zenobie", "testvalide")
}

// referAndFollow records a second visit that refers the person to a
// partner, marks the referral "pris en charge" from the pending list, and
// reads the person page: the outcome, the referral and the visit come on
// top of the timeline, newest first.
func referAndFollow(t *testing.T, b *browser, s *server) {
	t.Helper()
	s.call(t, "Partners", "Save", nil, map[string]any{"name": "Permanence Essai Juridique",
		"kind": "association", "commune": "Lyon"})
	personPage, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.hash`))
	if err != nil {
		t.Fatal(err)
	}
	b.step(t, "record a visit that refers the person",
		chromedp.Click(chromedp.ID("person-record-visit")),
		chromedp.WaitVisible(chromedp.ID("visit-referral-search")),
		chromedp.SetValue(chromedp.ID("visit-at"), nowInParis(t)),
		chromedp.Click(chromedp.ID("theme-asile")),
		chromedp.SendKeys(chromedp.ID("visit-referral-search"), "juridique"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="referral-add"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="referral-add"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="referral-chosen"]`)),
		chromedp.SendKeys(chromedp.ID("visit-referral-reason"), "Conseil sur le recours"),
		chromedp.Click(chromedp.ID("visit-submit")),
		chromedp.WaitVisible(chromedp.ID("person-record-visit")))
	b.waitText(t, "#flash", "Accueil enregistré, avec 1 orientation.")

	b.step(t, "mark the referral taken in charge",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-referrals"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="referral-row"]`)),
		chromedp.SetValue(chromedp.CSS(`[data-testid="referral-row"] select`), "taken"),
		chromedp.Click(chromedp.CSS(`[data-testid="referral-set"]`)))
	b.waitText(t, "#referrals-status", "Suite enregistrée : Pris en charge.")

	b.step(t, "back to the person page",
		chromedp.Evaluate[chromedp.Void](`window.location.hash = `+strconv.Quote(personPage)),
		chromedp.WaitVisible(chromedp.ID("casefile-procedures")))
	b.waitCount(t, `[data-testid="timeline-entry"]`, 7)
	kinds, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`Array.from(
		document.querySelectorAll('[data-testid="timeline-entry"]'), (e) => e.dataset.kind)`))
	if err != nil {
		t.Fatal(err)
	}
	// The second visit is timed to the minute, the steps to the second:
	// within the same minute they may come either way.
	got := strings.Join(kinds, " ")
	if got != "referral_outcome referral visit step step step visit" &&
		got != "referral_outcome referral step step step visit visit" {
		t.Errorf("the timeline's entries are %v, want the referral's outcome, the "+
			"referral, then the visits and the steps", kinds)
	}
	page, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](
		`document.querySelector('[data-testid="timeline-entry"]').textContent`))
	if err != nil || !strings.Contains(page, "Permanence Essai Juridique") ||
		!strings.Contains(page, "Pris en charge") {
		t.Errorf("the newest timeline entry reads %q (%v)", page, err)
	}
	b.screenshot(t, "34-casefile-referral")
}

// wantMoves checks that the procedure screen offers exactly these statuses.
func wantMoves(t *testing.T, b *browser, statuses ...string) {
	t.Helper()
	b.waitCount(t, `[data-testid="procedure-move"]`, len(statuses))
	for _, s := range statuses {
		if n := b.count(t, `#procedure-move-`+s); n != 1 {
			t.Errorf("no button to move to %s", s)
		}
	}
}

// TestReceptionSeesNoProcedureDetails: an accueillant opening a person's
// file sees the procedure's type and status, no key date and no link; the
// details called by hand are refused in French, and the administrator finds
// the refusal in the audit log.
func TestReceptionSeesNoProcedureDetails(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t)
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot(t, "casefile-reception-failed")
		}
	})
	setUpStructure(t, b, s)
	var person, procedure struct {
		ID string `json:"id"`
	}
	s.call(t, "Persons", "Create", &person, map[string]any{"lastName": "TESTACCUEIL",
		"firstNames": "Olga"})
	s.call(t, "Procedures", "Open", &procedure, map[string]any{"personId": person.ID,
		"type": "asile", "notes": "récit à traduire"})
	var ctx struct {
		Sites []struct{ ID string } `json:"sites"`
		Users []struct{ ID string } `json:"users"`
	}
	s.call(t, "Structure", "Context", &ctx)
	var visit struct {
		ID string `json:"id"`
	}
	s.call(t, "Visits", "Record", &visit, map[string]any{
		"at": time.Now().UTC().Format(time.RFC3339), "siteId": ctx.Sites[0].ID,
		"userId": ctx.Users[0].ID, "personId": person.ID, "privateNote": "SecretDeLaNote"})

	createDeskAccount(t, b)
	b.step(t, "log out",
		chromedp.Click(chromedp.ID("nav-logout")),
		chromedp.WaitVisible(chromedp.ID("login-login")))
	firstLogin(t, b)

	b.step(t, "open the person's file",
		chromedp.Evaluate[chromedp.Void](`window.location.hash = "#/person/`+person.ID+`"`),
		chromedp.WaitVisible(chromedp.ID("casefile-procedures")))
	row := `[data-testid="procedure-row"]`
	if got := b.text(t, row+` [data-testid="procedure-type"]`); got != "Demande d'asile" {
		t.Errorf("the receptionist sees the type %q", got)
	}
	if got := b.text(t, row+` [data-testid="procedure-status"]`); got != "À préparer" {
		t.Errorf("the receptionist sees the status %q", got)
	}
	for _, css := range []string{`[data-testid="procedure-link"]`,
		`[data-testid="procedure-next"]`, "#casefile-new"} {
		if n := b.count(t, css); n != 0 {
			t.Errorf("the receptionist's case file shows %s", css)
		}
	}
	b.screenshot(t, "32-reception-casefile")

	b.step(t, "type the procedure's address",
		chromedp.Evaluate[chromedp.Void](`window.location.hash = "#/procedure/`+procedure.ID+`"`))
	b.waitText(t, "#screen h1", "Votre rôle ne permet pas d'ouvrir cette page.")
	status, msg := b.pageCall(t, "Procedures", "Get", procedure.ID)
	if status != http.StatusForbidden || msg != "Votre rôle (Accueillant) ne permet pas cette action." {
		t.Errorf("Procedures.Get called by hand as a receptionist: %d %q", status, msg)
	}

	// The private note of a colleague's visit is not shown, and an export of
	// the person's data is refused like any call the role does not allow.
	// No screen of the window opens a visit for editing yet: the call a
	// page would make is made by hand, as someone poking at the API would.
	body, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`fetch("/api/Visits/Get", {
		method: "POST", headers: { "Content-Type": "application/json" },
		body: JSON.stringify(["`+visit.ID+`"]) }).then((r) => r.text())`,
		chromedp.EvalAwaitPromise))
	if err != nil || !strings.Contains(body, `"id"`) || strings.Contains(body, "SecretDeLaNote") {
		t.Errorf("Visits.Get as a receptionist: %s (%v), want the visit without its private note",
			body, err)
	}
	b.step(t, "open the person's file again",
		chromedp.Evaluate[chromedp.Void](`window.location.hash = "#/person/`+person.ID+`"`),
		chromedp.WaitVisible(chromedp.ID("casefile-procedures")))
	page, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if err != nil || strings.Contains(page, "SecretDeLaNote") {
		t.Errorf("the private note reached a receptionist's page (%v)", err)
	}
	status, msg = b.pageCall(t, "Privacy", "ExportPerson", person.ID)
	if status != http.StatusForbidden || !strings.Contains(msg, "ne permet pas") {
		t.Errorf("Privacy.ExportPerson called by a receptionist: %d %q", status, msg)
	}

	adminTakesOver(t, b)
	b.step(t, "open the audit log's refusals",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-audit"]`)),
		chromedp.WaitVisible(chromedp.ID("audit-action")),
		chromedp.SetValue(chromedp.ID("audit-action"), "refused"),
		chromedp.Click(chromedp.ID("audit-apply")))
	b.waitCount(t, `[data-testid="audit-row"][data-action="refused"]`, 2)
	entities, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`Array.from(
		document.querySelectorAll('[data-testid="audit-row"][data-action="refused"] [data-testid="audit-entity"]'),
		(e) => e.textContent)`))
	if err != nil || len(entities) != 2 || !strings.Contains(entities[0], "Export des données") {
		t.Errorf("the refusals read %q (%v), want the export, then the procedure", entities, err)
	}
	refusal := `[data-testid="audit-row"][data-action="refused"]:last-child`
	if got := b.text(t, refusal+` [data-testid="audit-user"]`); got != deskName {
		t.Errorf("the refusal is under %q", got)
	}
	if got := b.text(t, refusal+` [data-testid="audit-entity"]`); !strings.Contains(got,
		"Détails d'une démarche") {
		t.Errorf("the refusal's object reads %q", got)
	}
	if got := b.text(t, refusal+` [data-testid="audit-fields"]`); got != "détails du suivi" {
		t.Errorf("the refusal's details read %q", got)
	}
	b.screenshot(t, "33-audit-procedure")

	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("the page threw errors:\n%s", strings.Join(errs, "\n"))
	}
	s.stop()
	noNamesInLogs(t, s, "testaccueil", "olga", "récit", "secretdelanote")
}
