package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPlacesMapOffline opens "Lieux d'accueil" in a browser that reaches
// nothing but this machine: the map draws the embedded country outlines and,
// over them, one marker per placed site; a marker opens the site's card.
func TestPlacesMapOffline(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t)
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot(t, "places-failed")
		}
	})
	setUpStructure(t, b, s)

	for _, site := range []map[string]any{
		{"name": "SPADA de Marseille", "address": "19 rue Cougit (15e arrondissement)",
			"commune": "Marseille", "themes": []string{"asile"}, "active": true,
			"slots": []map[string]any{{"weekday": 1, "start": "09:00", "end": "12:00"}}},
		{"name": "Maison de Justice et du Droit", "address": "Chemin Bruno Durand",
			"postalCode": "13090", "commune": "Aix-en-Provence", "active": true},
		{"name": "Maison de l'hospitalité", "address": "Boulevard Emile Zola",
			"postalCode": "13500", "commune": "Martigues", "active": true},
	} {
		s.call(t, "Sites", "Save", nil, site)
	}

	b.step(t, "open Lieux d'accueil",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-places"]`)),
		chromedp.WaitVisible(chromedp.ID("places-map")))
	b.waitCount(t, "#places-map path.place-marker", 3)
	if n := b.count(t, "#places-map path.base-layer"); n < 50 {
		t.Errorf("the base layer draws %d country outlines", n)
	}
	// Markers lie in the overlay above the base layer: the same SVG, drawn later.
	if n := b.count(t, "#places-map svg path.base-layer ~ path.place-marker"); n != 3 {
		t.Errorf("%d markers drawn after the base layer, want 3", n)
	}
	if n := b.count(t, "#places-map path.precision-district"); n != 1 {
		t.Errorf("%d district-precision markers, want 1 (Marseille 15e)", n)
	}
	if n := b.count(t, ".leaflet-tile"); n != 0 {
		t.Errorf("%d online tiles with no tile layer configured", n)
	}

	png, err := chromedp.Run(b.ctx, chromedp.Screenshot("#places-map", chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("screenshot of the map: %v", err)
	}
	dir := os.Getenv("PAPPU_E2E_SHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	shot := filepath.Join(dir, "places-map.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil || len(png) < 1000 {
		t.Errorf("screenshot %s: %d bytes, %v", shot, len(png), err)
	}

	b.step(t, "open a site's card from its marker",
		chromedp.Click(chromedp.CSS("#places-map path.precision-district")),
		chromedp.WaitVisible(chromedp.ID("place-card-name")))
	if got := b.text(t, "#place-card-name"); got != "SPADA de Marseille" {
		t.Errorf("card of %q", got)
	}
	if got := b.text(t, "#place-card-precision"); !strings.Contains(got, "arrondissement") {
		t.Errorf("card precision %q", got)
	}

	// Where to send someone from Martigues: there first, then Marseille's
	// north (about 28 km) before Aix (about 35 km).
	b.step(t, "find the nearest places",
		chromedp.SendKeys(chromedp.ID("nearest-from"), "13500 Martigues"),
		chromedp.Click(chromedp.ID("nearest-search")))
	b.waitCount(t, `[data-testid="nearest-place"]`, 3)
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`Array.from(
		document.querySelectorAll('[data-testid="nearest-place"] strong'), (e) => e.textContent)`))
	if err != nil || strings.Join(got, " | ") !=
		"Maison de l'hospitalité | SPADA de Marseille | Maison de Justice et du Droit" {
		t.Errorf("the nearest places read %q (%v)", got, err)
	}
	if text := b.text(t, `[data-testid="nearest-place"]:nth-child(2)`); !strings.Contains(text, " km") {
		t.Errorf("the second nearest place reads %q, without its distance", text)
	}

	// An administrator adds a place with its opening slots, as typed on a
	// door; a wrong line is named.
	b.step(t, "add a place",
		chromedp.Click(chromedp.ID("places-new")),
		chromedp.WaitVisible(chromedp.ID("site-name")),
		chromedp.SendKeys(chromedp.ID("site-name"), "Permanence de Vitrolles"),
		chromedp.SendKeys(chromedp.ID("site-postalCode"), "13127"),
		chromedp.SendKeys(chromedp.ID("site-commune"), "Vitrolles"),
		chromedp.Click(chromedp.ID("site-theme-asile")),
		chromedp.SendKeys(chromedp.ID("site-slots"), "mardi 9h-12h\nmarzipan 9-12"),
		chromedp.Click(chromedp.ID("site-submit")))
	b.waitText(t, "#site-slots-error", "« marzipan 9-12 » : écrivez le jour puis les heures, par exemple « lundi 9:00-12:00 ».")
	b.step(t, "correct the slots",
		chromedp.SetValue(chromedp.ID("site-slots"), "mar 9h-12h\njeudi 14:00-17:30"),
		chromedp.Click(chromedp.ID("site-submit")),
		chromedp.WaitVisible(chromedp.ID("places-map")))
	b.waitText(t, "#flash", "Lieu enregistré.")
	b.waitCount(t, "#places-map path.place-marker", 4)
	var saved []struct {
		Name  string `json:"name"`
		Slots []struct {
			Weekday    int
			Start, End string
		} `json:"slots"`
	}
	s.call(t, "Sites", "List", &saved, map[string]any{"text": "vitrolles"})
	if len(saved) != 1 || len(saved[0].Slots) != 2 || saved[0].Slots[1].Weekday != 4 ||
		saved[0].Slots[1].End != "17:30" {
		t.Errorf("the saved place: %+v", saved)
	}
	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("the page threw errors:\n%s", strings.Join(errs, "\n"))
	}
}
