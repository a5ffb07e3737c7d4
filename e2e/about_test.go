package e2e_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestAbout opens "À propos" on a set-up structure: it shows the version
// pappu-cli was stamped with, the server's data folder, and the licence of
// the built-in country list.
func TestAbout(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t)
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot(t, "about-failed")
		}
	})
	out, err := exec.Command(cli(t), "--version").Output()
	if err != nil {
		t.Fatalf("pappu-cli --version: %v", err)
	}
	version := strings.TrimSpace(string(out))

	setUpStructure(t, b, s)
	b.step(t, "open À propos",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-about"]`)),
		chromedp.WaitVisible(chromedp.ID("about-version")))
	b.screenshot(t, "about")

	if got := b.text(t, "#about-version"); got != version {
		t.Errorf("À propos shows version %q, pappu-cli --version says %q", got, version)
	}
	if got := b.text(t, "#about-data-dir"); got != s.DataDir {
		t.Errorf("À propos shows the data folder %q, want %q", got, s.DataDir)
	}
	if got := b.text(t, "#about-licences-title + p + .data-set"); !strings.Contains(got, "ODbL") ||
		!strings.Contains(got, "world-countries") {
		t.Errorf("the first data set does not name world-countries and the ODbL: %q", got)
	}
	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("the page threw errors:\n%s", strings.Join(errs, "\n"))
	}
}
