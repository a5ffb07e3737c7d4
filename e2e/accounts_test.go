package e2e_test

import (
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The receptionist the administrator creates in TestRoles.
const (
	deskName     = "Dominique Guichet"
	deskLogin    = "dominique"
	deskTempPass = "Provisoire-2026!"
	deskPassword = "Tournesol-Vert-58"
)

// TestRoles follows an account through its first day: the administrator
// creates a receptionist ("accueillant") with a temporary password and logs
// out; the receptionist logs in, must choose a password, then sees neither
// the dashboard nor the import nor private notes, and a call to the
// dashboard made by hand is refused in French; the administrator finds
// that refusal in the audit log.
func TestRoles(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t)
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot(t, "roles-failed")
		}
	})
	setUpStructure(t, b, s)

	createDeskAccount(t, b)
	b.step(t, "log out",
		chromedp.Click(chromedp.ID("nav-logout")),
		chromedp.WaitVisible(chromedp.ID("login-login")))
	if got := b.text(t, `[data-testid="gate-structure-name"]`); got != "Permanence d'essai" {
		t.Errorf("the login screen names the structure %q", got)
	}
	b.screenshot(t, "20-login")

	firstLogin(t, b)
	receptionSeesLess(t, b)

	status, msg := b.pageCall(t, "Stats", "Dashboard", map[string]string{})
	if status != http.StatusForbidden || msg != "Votre rôle (Accueillant) ne permet pas cette action." {
		t.Errorf("Stats.Dashboard called by hand as a receptionist: %d %q", status, msg)
	}

	adminTakesOver(t, b)
	if got := b.text(t, "#nav-user-name"); got != adminName {
		t.Errorf("after the administrator's login the navigation names %q", got)
	}
	findRefusalInAudit(t, b)

	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("the page threw errors:\n%s", strings.Join(errs, "\n"))
	}
	s.stop()
	noNamesInLogs(t, s, "ursule", "testrole", strings.ToLower(adminPassword),
		strings.ToLower(deskTempPass), strings.ToLower(deskPassword))
}

// adminTakesOver logs the receptionist out and the administrator in.
func adminTakesOver(t *testing.T, b *browser) {
	t.Helper()
	b.step(t, "the receptionist logs out, the administrator logs in",
		chromedp.Click(chromedp.ID("nav-logout")),
		chromedp.WaitVisible(chromedp.ID("login-login")),
		chromedp.SendKeys(chromedp.ID("login-login"), adminLogin),
		chromedp.SendKeys(chromedp.ID("login-password"), adminPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID("home-search")))
}

func createDeskAccount(t *testing.T, b *browser) {
	b.step(t, "open Utilisateurs",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-users"]`)),
		chromedp.WaitVisible(chromedp.ID("users-displayName")))
	b.waitCount(t, `[data-testid="user-row"]`, 1)
	b.step(t, "create a receptionist's account",
		chromedp.SendKeys(chromedp.ID("users-displayName"), deskName),
		chromedp.SendKeys(chromedp.ID("users-login"), deskLogin),
		chromedp.SetValue(chromedp.ID("users-role"), "accueillant"),
		chromedp.SendKeys(chromedp.ID("users-temporaryPassword"), deskTempPass),
		chromedp.Click(chromedp.ID("users-create")),
		chromedp.WaitVisible(chromedp.ID("users-created")))
	if got := b.text(t, "#users-created-login"); got != deskLogin {
		t.Errorf("the new account's login reads %q", got)
	}
	if got := b.text(t, "#users-created-password"); got != deskTempPass {
		t.Errorf("the temporary password reads %q", got)
	}
	if got := b.text(t, "#users-created-note"); !strings.Contains(got, "à changer à la première connexion") {
		t.Errorf("the new account's note reads %q", got)
	}
	b.waitCount(t, `[data-testid="user-row"]`, 2)
	row := `[data-testid="user-row"][data-login="` + deskLogin + `"]`
	if got := b.text(t, row+` [data-testid="user-role-label"]`); got != "Accueillant" {
		t.Errorf("the new account's role reads %q", got)
	}
	if got := b.value(t, "#users-displayName"); got != "" {
		t.Errorf("the creation form still reads %q after creating", got)
	}
	b.screenshot(t, "19-users")
}

func firstLogin(t *testing.T, b *browser) {
	b.step(t, "log in with a wrong password",
		chromedp.SendKeys(chromedp.ID("login-login"), deskLogin),
		chromedp.SendKeys(chromedp.ID("login-password"), "pas-le-bon-mot"),
		chromedp.Click(chromedp.ID("login-submit")))
	b.waitText(t, "#login-password-error", "Identifiant ou mot de passe incorrect.")
	if got := b.value(t, "#login-login"); got != deskLogin {
		t.Errorf("after a failed login the login reads %q", got)
	}

	b.step(t, "log in with the temporary password",
		chromedp.SendKeys(chromedp.ID("login-password"), deskTempPass),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID("pw-currentPassword")))
	b.screenshot(t, "21-new-password")
	if n := b.count(t, "#nav-home"); n != 0 {
		t.Errorf("the navigation shows before the new password is chosen")
	}

	b.step(t, "choose a password built on one's own name",
		chromedp.SendKeys(chromedp.ID("pw-currentPassword"), deskTempPass),
		chromedp.SendKeys(chromedp.ID("pw-password"), "Dominique-2026!"),
		chromedp.SendKeys(chromedp.ID("pw-passwordConfirm"), "Dominique-2026!"),
		chromedp.Click(chromedp.ID("pw-submit")))
	b.waitText(t, "#pw-password-error", "Le mot de passe ne doit pas contenir votre nom ou votre identifiant.")

	b.step(t, "choose a good password",
		setValue("#pw-password", deskPassword),
		setValue("#pw-passwordConfirm", deskPassword),
		chromedp.Click(chromedp.ID("pw-submit")),
		chromedp.WaitVisible(chromedp.ID("home-search")))
	b.waitText(t, "#flash", "Votre mot de passe est enregistré.")
	if got := b.text(t, "#nav-user-name"); got != deskName {
		t.Errorf("the navigation names %q", got)
	}
	if got := b.text(t, "#nav-user-role"); got != "Accueillant" {
		t.Errorf("the navigation gives the role %q", got)
	}
}

func receptionSeesLess(t *testing.T, b *browser) {
	for _, css := range []string{`[data-testid="nav-dashboard"]`, `[data-testid="nav-import"]`,
		`[data-testid="nav-users"]`, `[data-testid="nav-audit"]`} {
		if n := b.count(t, css); n != 0 {
			t.Errorf("a receptionist's navigation shows %s", css)
		}
	}
	b.screenshot(t, "22-reception-home")

	// Typing the address does not open the dashboard either.
	b.step(t, "go to the dashboard's address",
		chromedp.Evaluate[chromedp.Void](`window.location.hash = "#/dashboard"`))
	b.waitText(t, "#screen h1", "Votre rôle ne permet pas d'ouvrir cette page.")

	b.step(t, "create a person",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-home"]`)),
		chromedp.Click(chromedp.ID("home-new-visit")),
		chromedp.WaitVisible(chromedp.ID("person-lastName")))
	if n := b.count(t, "#person-notes"); n != 0 {
		t.Errorf("a receptionist's person form has the notes field")
	}
	b.step(t, "save the person",
		chromedp.SendKeys(chromedp.ID("person-lastName"), "TESTROLE"),
		chromedp.SendKeys(chromedp.ID("person-firstNames"), "Ursule"),
		chromedp.Click(chromedp.ID("person-submit")),
		chromedp.WaitVisible(chromedp.ID("visit-at")))
	if n := b.count(t, "#visit-privateNote"); n != 0 {
		t.Errorf("a receptionist's visit form has the private note field")
	}
	if n := b.count(t, "#visit-note"); n != 1 {
		t.Errorf("the visit form has %d note fields, want 1", n)
	}
	b.screenshot(t, "23-reception-visit")

	who, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](
		`document.querySelector("#visit-userId").selectedOptions[0].textContent`))
	if err != nil {
		t.Fatalf("reading the visit's worker: %v", err)
	}
	if who != deskName {
		t.Errorf("the visit form names %q as the worker, want the logged-in user", who)
	}
}

func findRefusalInAudit(t *testing.T, b *browser) {
	b.step(t, "open the audit log",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-audit"]`)),
		chromedp.WaitVisible(chromedp.ID("audit-action")))
	b.waitCount(t, `[data-testid="audit-row"][data-action="login_failed"]`, 1)
	b.step(t, "show the refusals",
		chromedp.SetValue(chromedp.ID("audit-action"), "refused"),
		chromedp.Click(chromedp.ID("audit-apply")))
	b.waitCount(t, `[data-testid="audit-row"]`, 1)
	row := `[data-testid="audit-row"][data-action="refused"]`
	if got := b.text(t, row+` [data-testid="audit-action"]`); got != "Refusé" {
		t.Errorf("the refusal's action reads %q", got)
	}
	if got := b.text(t, row+` [data-testid="audit-user"]`); got != deskName {
		t.Errorf("the refusal is under %q", got)
	}
	if got := b.text(t, row+` [data-testid="audit-entity"]`); !strings.Contains(got, "Tableau de bord") {
		t.Errorf("the refusal's object reads %q", got)
	}
	if got := b.text(t, row+` [data-testid="audit-fields"]`); got != "statistiques" {
		t.Errorf("the refusal's details read %q", got)
	}
	b.screenshot(t, "24-audit")
}

// TestLock locks the desk in the middle of a form: with the button, then
// behind the window's back (as the server's inactivity lock would). Either
// way the lock screen shows, and once unlocked the form is there as it was
// typed, ready to be sent again.
func TestLock(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t)
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot(t, "lock-failed")
		}
	})
	setUpStructure(t, b, s)

	b.step(t, "start typing a person",
		chromedp.Click(chromedp.ID("home-new-visit")),
		chromedp.WaitVisible(chromedp.ID("person-lastName")),
		chromedp.SendKeys(chromedp.ID("person-lastName"), "TESTVERROU"),
		chromedp.SendKeys(chromedp.ID("person-firstNames"), "Aurèle"))

	b.step(t, "lock",
		chromedp.Click(chromedp.ID("nav-lock")),
		chromedp.WaitVisible(chromedp.ID("lock-password")),
		chromedp.WaitNotVisible(chromedp.ID("person-lastName")))
	if got := b.text(t, "#lock-title"); got != "Session verrouillée — "+adminName {
		t.Errorf("the lock screen reads %q", got)
	}
	b.screenshot(t, "30-locked")
	status, msg := b.pageCall(t, "Persons", "Search", "tes", 10)
	if status != http.StatusForbidden || msg != "La session est verrouillée : saisissez votre mot de passe." {
		t.Errorf("a search while locked: %d %q", status, msg)
	}

	b.step(t, "unlock with a wrong password",
		chromedp.SendKeys(chromedp.ID("lock-password"), "pas-le-bon-mot"),
		chromedp.Click(chromedp.ID("lock-submit")))
	b.waitText(t, "#lock-password-error", "Mot de passe incorrect.")
	b.step(t, "unlock",
		chromedp.SendKeys(chromedp.ID("lock-password"), adminPassword),
		chromedp.Click(chromedp.ID("lock-submit")),
		chromedp.WaitVisible(chromedp.ID("person-lastName")))
	keepsTyped(t, b)
	b.waitText(t, "#flash", "Session déverrouillée : vous pouvez reprendre là où vous en étiez.")

	// The session locks while the form is open, without the window knowing:
	// sending the form shows the lock screen, nothing is lost.
	if status, msg := b.pageCall(t, "Session", "Lock"); status != http.StatusOK {
		t.Fatalf("Session.Lock: %d %q", status, msg)
	}
	b.step(t, "send the form while the session is locked",
		chromedp.Click(chromedp.ID("person-submit")),
		chromedp.WaitVisible(chromedp.ID("lock-password")))
	b.step(t, "unlock again",
		chromedp.SendKeys(chromedp.ID("lock-password"), adminPassword),
		chromedp.Click(chromedp.ID("lock-submit")),
		chromedp.WaitVisible(chromedp.ID("person-lastName")))
	keepsTyped(t, b)
	b.waitText(t, "#person-summary", "La session s'est verrouillée avant l'enregistrement : rien n'a été "+
		"enregistré. Votre saisie est conservée ; enregistrez de nouveau.")
	b.screenshot(t, "31-unlocked-retry")
	b.step(t, "send the form again",
		chromedp.Click(chromedp.ID("person-submit")),
		chromedp.WaitVisible(chromedp.ID("visit-at")))

	// Changing user then coming back as the same user keeps the screen too.
	b.step(t, "lock and change user",
		chromedp.SendKeys(chromedp.ID("visit-durationMin"), "25"),
		chromedp.Click(chromedp.ID("nav-lock")),
		chromedp.WaitVisible(chromedp.ID("lock-switch")),
		chromedp.Click(chromedp.ID("lock-switch")),
		chromedp.WaitVisible(chromedp.ID("login-login")))
	b.step(t, "log in as the same user",
		chromedp.SendKeys(chromedp.ID("login-login"), adminLogin),
		chromedp.SendKeys(chromedp.ID("login-password"), adminPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID("visit-durationMin")))
	if got := b.value(t, "#visit-durationMin"); got != "25" {
		t.Errorf("the visit's duration reads %q after logging in again", got)
	}

	// Nobody touches the keyboard or the mouse for longer than the lock
	// delay (10 minutes by default): the window locks itself. The page's
	// clock is moved forward rather than waiting.
	b.step(t, "leave the desk for eleven minutes",
		chromedp.Evaluate[chromedp.Void](`(() => {
			const real = Date.now.bind(Date);
			window.pappuRealNow = real;
			Date.now = () => real() + 11 * 60 * 1000;
		})()`),
		chromedp.WaitVisible(chromedp.ID("lock-password")))
	b.step(t, "come back",
		chromedp.Evaluate[chromedp.Void](`Date.now = window.pappuRealNow`),
		chromedp.SendKeys(chromedp.ID("lock-password"), adminPassword),
		chromedp.Click(chromedp.ID("lock-submit")),
		chromedp.WaitVisible(chromedp.ID("visit-durationMin")))
	if got := b.value(t, "#visit-durationMin"); got != "25" {
		t.Errorf("the visit's duration reads %q after the inactivity lock", got)
	}

	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("the page threw errors:\n%s", strings.Join(errs, "\n"))
	}
	s.stop()
	noNamesInLogs(t, s, "aurèle", "aurele", "testverrou", strings.ToLower(adminPassword))
}

func keepsTyped(t *testing.T, b *browser) {
	t.Helper()
	if got := b.value(t, "#person-lastName"); got != "TESTVERROU" {
		t.Errorf("last name reads %q after unlocking", got)
	}
	if got := b.value(t, "#person-firstNames"); got != "Aurèle" {
		t.Errorf("first names read %q after unlocking", got)
	}
}

// TestClaim opens a database made before accounts existed (here by
// pappu-cli demo, which sets the structure up without any login): the
// window asks for the first administrator's login and password, then
// opens with everything an administrator sees.
func TestClaim(t *testing.T) {
	dataDir := t.TempDir()
	demo := exec.Command(cli(t), "demo", "--persons", "3", "--visits", "5", "--data-dir", dataDir)
	demo.Dir = repoRoot
	if out, err := demo.CombinedOutput(); err != nil {
		t.Fatalf("pappu-cli demo: %v\n%s", err, out)
	}
	b := newBrowser(t)
	s := startServerOn(t, dataDir)
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot(t, "claim-failed")
		}
	})

	b.step(t, "open the window",
		chromedp.Navigate(s.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("claim-login")))
	b.screenshot(t, "40-claim")
	b.step(t, "choose the administrator's login and password",
		chromedp.SendKeys(chromedp.ID("claim-login"), "responsable.demo"),
		chromedp.SendKeys(chromedp.ID("claim-password"), adminPassword),
		chromedp.SendKeys(chromedp.ID("claim-passwordConfirm"), adminPassword),
		chromedp.Click(chromedp.ID("claim-submit")),
		chromedp.WaitVisible(chromedp.ID("home-search")))
	b.waitText(t, "#flash", "Compte administrateur créé. Bienvenue !")
	if got := b.text(t, "#nav-user-role"); got != "Administrateur" {
		t.Errorf("after claiming, the role reads %q", got)
	}
	for _, css := range []string{`[data-testid="nav-dashboard"]`, `[data-testid="nav-import"]`,
		`[data-testid="nav-users"]`, `[data-testid="nav-audit"]`} {
		if n := b.count(t, css); n != 1 {
			t.Errorf("an administrator's navigation lacks %s", css)
		}
	}

	b.step(t, "log out and back in",
		chromedp.Click(chromedp.ID("nav-logout")),
		chromedp.WaitVisible(chromedp.ID("login-login")),
		chromedp.SendKeys(chromedp.ID("login-login"), "responsable.demo"),
		chromedp.SendKeys(chromedp.ID("login-password"), adminPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID("home-search")))

	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("the page threw errors:\n%s", strings.Join(errs, "\n"))
	}
	s.stop()
	noNamesInLogs(t, s, strings.ToLower(adminPassword))
}
