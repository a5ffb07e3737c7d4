package e2e_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPrivacyRegistryAndBackupNow: an administrator reads the retention
// period on the registry page, then sets the backups' folder and
// passphrase and makes a backup at once, which the screen names.
func TestPrivacyRegistryAndBackupNow(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t)
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot(t, "privacy-failed")
		}
	})
	setUpStructure(t, b, s)

	b.step(t, "open the registry",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-privacy"]`)),
		chromedp.WaitVisible(chromedp.ID("privacy-registry")))
	b.screenshot(t, "privacy-registry")
	if got := b.text(t, "#privacy-retention-current"); got != "Durée actuelle : 5 ans." {
		t.Errorf("the retention period reads %q", got)
	}
	if got := b.text(t, "#privacy-registry"); !strings.Contains(got,
		"Jusqu'à 5 ans après le dernier accueil") || !strings.Contains(got, "Qui y a accès") {
		t.Errorf("the registry does not give the period and who sees what: %q", got)
	}

	folder := t.TempDir()
	const passphrase = "Le herisson dort a midi"
	b.step(t, "open the backups",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-backups"]`)),
		chromedp.WaitVisible(chromedp.ID("backups-config-form")))
	b.waitText(t, "#backups-status-none", "Les sauvegardes ne sont pas encore configurées.")
	b.step(t, "set the folder and the passphrase, twice",
		chromedp.SendKeys(chromedp.ID("backups-folder"), folder),
		chromedp.SendKeys(chromedp.ID("backups-passphrase"), passphrase),
		chromedp.SendKeys(chromedp.ID("backups-passphrase2"), passphrase),
		chromedp.Click(chromedp.ID("backups-configure")))
	b.waitText(t, "#backups-configured", "Sauvegarde quotidienne configurée dans "+folder+".")

	b.step(t, "back up now",
		chromedp.Click(chromedp.ID("backups-now")),
		chromedp.WaitVisible(chromedp.ID("backups-now-done")))
	b.screenshot(t, "privacy-backup-done")
	done := b.text(t, "#backups-now-done")
	m := regexp.MustCompile(`^Sauvegarde écrite et vérifiée : (pappu-\d{4}-\d\d-\d\dT\d{6}\.pappubak)\.$`).
		FindStringSubmatch(done)
	if m == nil {
		t.Fatalf("the screen says %q", done)
	}
	if _, err := os.Stat(filepath.Join(folder, m[1])); err != nil {
		t.Errorf("the backup named on screen is not in the folder: %v", err)
	}
	if got := b.text(t, "#backups-status-success"); !strings.Contains(got, m[1]) {
		t.Errorf("the status does not name the last backup: %q", got)
	}
	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("the page threw errors:\n%s", strings.Join(errs, "\n"))
	}
}
