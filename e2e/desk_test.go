package e2e_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the desk's times are Europe/Paris whatever the machine's zone

	"github.com/chromedp/chromedp"
)

// The names typed for the test person; they must never reach a log.
const (
	firstName = "Zénobie"
	lastName  = "TESTVALIDE"
)

// The first administrator, as the setup creates them. Passwords must never
// reach a log either.
const (
	adminName     = "Camille Accueillante"
	adminLogin    = "camille"
	adminPassword = "Ch3val-Bleu-42"
)

// TestDesk follows a reception desk's first day on a fresh database: set up
// the structure, receive a new person and an anonymous one, read the
// dashboard, and make sure no name reached the logs.
func TestDesk(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t)
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot(t, "failed")
		}
	})

	setUpStructure(t, b, s)
	createPerson(t, b)
	recordPersonVisit(t, b)
	readDashboard(t, b, dashboard{visits: "1", persons: "1", newPersons: "1", anonymous: "0",
		themes: map[string]string{"asile": "1", "droits_sociaux": "1"}})
	recordAnonymousVisit(t, b)
	readDashboard(t, b, dashboard{visits: "2", persons: "1", newPersons: "1", anonymous: "1",
		themes: map[string]string{"asile": "2", "droits_sociaux": "1"}})
	dashboardFollowsNewVisits(t, b, s)
	searchFindsThePerson(t, b)
	duplicatesShowWhileCreating(t, b)

	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("the page threw errors:\n%s", strings.Join(errs, "\n"))
	}
	s.stop()
	noNamesInLogs(t, s, "zénobie", "zenobie", "testvalide", strings.ToLower(adminPassword))
}

// setUpStructure fills the first-start form, the administrator's login and
// password included: the administrator is then logged in, at home.
func setUpStructure(t *testing.T, b *browser, s *server) {
	b.step(t, "open the setup screen",
		chromedp.Navigate(s.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("setup-organisationName")))
	// Sites have no screen yet: the setup promises only what exists.
	if got := b.text(t, "#setup-intro"); !strings.HasSuffix(got,
		"Vous pourrez ajouter d'autres intervenants ensuite, dans Utilisateurs.") {
		t.Errorf("the setup screen says %q", got)
	}
	b.screenshot(t, "01-setup")
	b.step(t, "fill in the setup",
		chromedp.SendKeys(chromedp.ID("setup-organisationName"), "Permanence d'essai"),
		chromedp.SendKeys(chromedp.ID("setup-siteName"), "Local de la rue Haute"),
		chromedp.SendKeys(chromedp.ID("setup-siteCommune"), "Lyon"),
		chromedp.SendKeys(chromedp.ID("setup-userName"), adminName),
		chromedp.SendKeys(chromedp.ID("setup-login"), adminLogin),
		chromedp.SendKeys(chromedp.ID("setup-password"), "Court-1"),
		chromedp.SendKeys(chromedp.ID("setup-passwordConfirm"), "Court-1"),
		chromedp.Click(chromedp.ID("setup-submit")))
	// Go judges the password; its message goes next to the field.
	b.waitText(t, "#setup-password-error", "Le mot de passe doit contenir au moins 10 caractères.")
	b.step(t, "choose a longer password, mistype the confirmation",
		setValue("#setup-password", adminPassword),
		setValue("#setup-passwordConfirm", adminPassword+"?"),
		chromedp.Click(chromedp.ID("setup-submit")))
	// The confirmation is checked before anything is sent.
	b.waitText(t, "#setup-passwordConfirm-error", "Les deux mots de passe ne sont pas identiques.")
	b.waitText(t, "#setup-password-error", "")
	b.step(t, "confirm the password",
		setValue("#setup-passwordConfirm", adminPassword),
		chromedp.Click(chromedp.ID("setup-submit")),
		chromedp.WaitVisible(chromedp.ID("home-search")))
	if got := b.text(t, "#structure-name"); got != "Permanence d'essai" {
		t.Errorf("structure name shows %q", got)
	}
	if got := b.text(t, "#nav-user-name"); got != adminName {
		t.Errorf("the navigation names %q as the user", got)
	}
	if got := b.text(t, "#nav-user-role"); got != "Administrateur" {
		t.Errorf("the navigation gives the role %q", got)
	}
	b.screenshot(t, "02-home")
}

func createPerson(t *testing.T, b *browser) {
	future := fmt.Sprintf("01/01/%d", time.Now().Year()+1)
	b.step(t, "open the new person form",
		chromedp.Click(chromedp.ID("home-new-visit")),
		chromedp.WaitVisible(chromedp.ID("person-lastName")))

	// A birth date in the future is refused next to the field, and what was
	// typed stays.
	b.step(t, "type a person born in the future",
		chromedp.SendKeys(chromedp.ID("person-lastName"), lastName),
		chromedp.SendKeys(chromedp.ID("person-firstNames"), firstName),
		chromedp.SendKeys(chromedp.ID("person-birthDate"), future),
		chromedp.Click(chromedp.ID("person-submit")))
	b.waitText(t, "#person-birthDate-error", "La date de naissance ne peut pas être dans le futur.")
	keepsNames(t, b)
	b.screenshot(t, "03-person-future-birth")

	// An error found by the server also lands next to its field.
	b.step(t, "fix the birth date, type a wrong e-mail address",
		setValue("#person-birthDate", ""),
		chromedp.SendKeys(chromedp.ID("person-birthDate"), "12/03/1990"),
		chromedp.SendKeys(chromedp.ID("person-email"), "pas-une-adresse"),
		chromedp.Click(chromedp.ID("person-submit")))
	b.waitText(t, "#person-email-error", "Le courriel n'est pas une adresse valide.")
	b.waitText(t, "#person-birthDate-error", "")
	keepsNames(t, b)

	// A nationality typed but not picked from the list is not dropped: the
	// form says so, keeps it, and saves nothing.
	b.step(t, "type a nationality that is not in the list",
		setValue("#person-email", ""),
		chromedp.SendKeys(chromedp.ID("person-nationality"), "marocaim"),
		chromedp.Click(chromedp.ID("person-submit")))
	b.waitText(t, "#person-nationality-error", "Choisissez un pays dans la liste.")
	if got := b.value(t, "#person-nationality"); got != "marocaim" {
		t.Errorf("the nationality typed now reads %q", got)
	}
	keepsNames(t, b)

	b.step(t, "save the person",
		setValue("#person-nationality", ""),
		chromedp.Click(chromedp.ID("person-submit")),
		chromedp.WaitVisible(chromedp.ID("visit-at")))
	if got := b.text(t, "#flash"); !strings.HasPrefix(got, "Dossier n° ") {
		t.Errorf("after saving the person the screen says %q", got)
	}
	if got := b.text(t, "#visit-person"); !strings.Contains(got, lastName+" "+firstName) {
		t.Errorf("the visit form is for %q", got)
	}
}

func keepsNames(t *testing.T, b *browser) {
	t.Helper()
	if got := b.value(t, "#person-lastName"); got != lastName {
		t.Errorf("last name now reads %q", got)
	}
	if got := b.value(t, "#person-firstNames"); got != firstName {
		t.Errorf("first names now read %q", got)
	}
}

func nowInParis(t *testing.T) string {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return time.Now().In(paris).Format("2006-01-02T15:04")
}

func recordPersonVisit(t *testing.T, b *browser) {
	// A visit needs its date and time.
	b.step(t, "record a visit without a date",
		setValue("#visit-at", ""),
		chromedp.Click(chromedp.ID("visit-submit")))
	b.waitText(t, "#visit-at-error", "Indiquez la date et l'heure de l'accueil.")
	b.screenshot(t, "04-visit-no-date")

	b.step(t, "record a visit with two themes",
		chromedp.SetValue(chromedp.ID("visit-at"), nowInParis(t)),
		chromedp.Click(chromedp.ID("theme-asile")),
		chromedp.Click(chromedp.ID("theme-droits_sociaux")),
		chromedp.SendKeys(chromedp.ID("visit-durationMin"), "30"),
		chromedp.Click(chromedp.ID("visit-submit")),
		chromedp.WaitVisible(chromedp.ID("person-record-visit")))
	b.waitText(t, "#flash", "Accueil enregistré.")
	b.waitCount(t, `[data-testid="timeline-entry"][data-kind="visit"]`, 1)
	b.screenshot(t, "05-person")
}

type dashboard struct {
	visits, persons, newPersons, anonymous string
	themes                                 map[string]string
}

func readDashboard(t *testing.T, b *browser, want dashboard) {
	t.Helper()
	b.step(t, "open the dashboard",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-dashboard"]`)),
		chromedp.WaitVisible(chromedp.ID("dash-from")))
	b.waitText(t, "#dash-visits", want.visits)
	b.waitText(t, "#dash-persons", want.persons)
	b.waitText(t, "#dash-newPersons", want.newPersons)
	b.waitText(t, "#dash-anonymous", want.anonymous)
	for code, n := range want.themes {
		b.waitText(t, fmt.Sprintf(`[data-testid="dash-theme-%s-n"]`, code), n)
	}
	b.screenshot(t, "06-dashboard-"+want.visits)
}

func recordAnonymousVisit(t *testing.T, b *browser) {
	b.step(t, "open the anonymous visit form",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-home"]`)),
		chromedp.Click(chromedp.ID("home-anonymous")),
		chromedp.WaitVisible(chromedp.ID("visit-sex")))
	b.step(t, "describe the anonymous person, with a nationality not in the list",
		chromedp.SetValue(chromedp.ID("visit-sex"), "F"),
		chromedp.SetValue(chromedp.ID("visit-ageBracket"), "26-35"),
		chromedp.SendKeys(chromedp.ID("visit-nationality"), "marocaim"),
		chromedp.Click(chromedp.ID("visit-submit")))
	b.waitText(t, "#visit-nationality-error", "Choisissez un pays dans la liste.")
	b.step(t, "pick the nationality from the list",
		setValue("#visit-nationality", ""),
		chromedp.SendKeys(chromedp.ID("visit-nationality"), "marocaine"),
		chromedp.Click(chromedp.CSS(`[data-testid="country-option-MA"]`), chromedp.NodeVisible))
	if got := b.value(t, "#visit-nationality"); got != "Maroc" {
		t.Errorf("nationality reads %q after picking Maroc", got)
	}
	b.screenshot(t, "07-anonymous")
	b.step(t, "record the anonymous visit",
		chromedp.Click(chromedp.ID("theme-asile")),
		chromedp.Click(chromedp.ID("visit-submit")),
		chromedp.WaitVisible(chromedp.ID("home-search")))
	b.waitText(t, "#flash", "Accueil enregistré.")
	b.waitCount(t, `[data-testid="today-row"]`, 2)
	b.screenshot(t, "08-home-two-visits")
}

// dashboardFollowsNewVisits records a visit elsewhere (straight through the
// API, as another window would) while the dashboard shows: it must update
// without being reopened.
func dashboardFollowsNewVisits(t *testing.T, b *browser, s *server) {
	var ctx struct {
		Sites []struct{ ID string } `json:"sites"`
		Users []struct{ ID string } `json:"users"`
	}
	s.call(t, "Structure", "Context", &ctx)
	if len(ctx.Sites) == 0 || len(ctx.Users) == 0 {
		t.Fatalf("the structure has no site or no user: %+v", ctx)
	}
	visit := map[string]any{
		"at":     time.Now().UTC().Format(time.RFC3339),
		"siteId": ctx.Sites[0].ID,
		"userId": ctx.Users[0].ID,
		"mode":   "phone",
		"themes": []string{"sante"},
	}
	s.call(t, "Visits", "Record", nil, visit)
	b.waitText(t, "#dash-visits", "3")
	b.waitText(t, "#dash-anonymous", "2")
	b.waitText(t, "#dash-persons", "1")
}

func searchFindsThePerson(t *testing.T, b *browser) {
	b.step(t, "search for the person",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-home"]`)),
		chromedp.WaitVisible(chromedp.ID("home-search")),
		chromedp.SendKeys(chromedp.ID("home-search"), "zeno"))
	b.waitCount(t, `[data-testid="search-result"]`, 1)
	got := b.text(t, `[data-testid="search-result"]`)
	for _, want := range []string{lastName + " " + firstName, "12/03/1990"} {
		if !strings.Contains(got, want) {
			t.Errorf("search result %q lacks %q", got, want)
		}
	}
}

// duplicatesShowWhileCreating types the same person again: before anything
// is saved, the form shows who may already be known.
func duplicatesShowWhileCreating(t *testing.T, b *browser) {
	b.step(t, "start creating the same person again",
		chromedp.Click(chromedp.ID("home-new-visit")),
		chromedp.WaitVisible(chromedp.ID("person-lastName")),
		chromedp.SendKeys(chromedp.ID("person-lastName"), lastName),
		chromedp.SendKeys(chromedp.ID("person-firstNames"), firstName),
		chromedp.SendKeys(chromedp.ID("person-birthDate"), "12/03/1990"))
	b.waitCount(t, `[data-testid="duplicate"]`, 1)
	b.waitText(t, "#person-duplicates-title", "Personnes déjà connues qui pourraient correspondre")
	b.screenshot(t, "09-duplicates")
	b.step(t, "open the known person",
		chromedp.Click(chromedp.CSS(`[data-testid="duplicate"] a`)),
		chromedp.WaitVisible(chromedp.ID("person-record-visit")))
	b.waitCount(t, `[data-testid="timeline-entry"][data-kind="visit"]`, 1)
}

// noNamesInLogs reads every log file and the server's output: a person is a
// file number or an id in a log, never a name.
// names are given in lower case, with and without accents.
func noNamesInLogs(t *testing.T, s *server, names ...string) {
	t.Helper()
	sources := map[string]string{"stdout": s.stdout.String(), "stderr": s.stderr.String()}
	logs := filepath.Join(s.DataDir, "logs")
	err := filepath.WalkDir(logs, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		sources[path] = string(data)
		return err
	})
	if err != nil {
		t.Fatalf("reading the logs: %v", err)
	}
	if len(sources) == 2 {
		t.Fatalf("no log file in %s", logs)
	}
	for where, text := range sources {
		lower := strings.ToLower(text)
		for _, name := range names {
			if strings.Contains(lower, name) {
				t.Errorf("%s contains the name %q", where, name)
			}
		}
	}
}
