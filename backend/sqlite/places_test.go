package sqlite_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"pappu/backend"
	"pappu/backend/geo"
	"pappu/backend/sqlite"
)

func mustSaveSite(t *testing.T, db *sqlite.DB, ctx context.Context, s backend.Site) backend.Site {
	t.Helper()
	s, err := db.SaveSite(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSaveSiteChecksSlotsAndClosures(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	_, err := db.SaveSite(ctx, backend.Site{Name: "SPADA", Slots: []backend.OpeningSlot{
		{Weekday: 2, Start: "14:00", End: "09:00"}}})
	wantInvalid(t, err, "slots")
	_, err = db.SaveSite(ctx, backend.Site{Name: "SPADA", Closures: []backend.Closure{
		{From: "2026-08-31", To: "2026-08-01"}}})
	wantInvalid(t, err, "closures")
	_, err = db.SaveSite(ctx, backend.Site{Name: " "})
	wantInvalid(t, err, "name")
}

// The directory finds sites by theme, commune, and opening days, closures
// included; a saved site keeps its slots.
func TestSearchSitesByThemeCommuneAndOpening(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	spada := mustSaveSite(t, db, ctx, backend.Site{Name: "SPADA", Address: "19 rue Cougit",
		Commune: "Marseille", Themes: []string{"asile"}, Active: true, WalkIn: true,
		Slots:    []backend.OpeningSlot{{Weekday: 1, Start: "09:00", End: "12:00"}},
		Closures: []backend.Closure{{From: "2026-08-01", To: "2026-08-31", Reason: "congés"}}})
	mustSaveSite(t, db, ctx, backend.Site{Name: "MJD Aix", Commune: "Aix-en-Provence",
		Themes: []string{"sejour"}, Active: true,
		Slots: []backend.OpeningSlot{{Weekday: 3, Start: "14:00", End: "17:00"}}})
	mustSaveSite(t, db, ctx, backend.Site{Name: "Fermée", Commune: "Marseille",
		Themes: []string{"asile"}, Active: false})

	got, err := db.Site(ctx, spada.ID)
	if err != nil || len(got.Slots) != 1 || len(got.Closures) != 1 || !got.WalkIn {
		t.Fatalf("site %+v, %v", got, err)
	}
	for _, tc := range []struct {
		f    backend.SiteFilter
		want []string
	}{
		{backend.SiteFilter{Theme: "asile"}, []string{"SPADA"}},
		{backend.SiteFilter{Commune: "aix"}, []string{"MJD Aix"}},
		{backend.SiteFilter{OpenOn: "2026-06-01"}, []string{"SPADA"}},   // a Monday
		{backend.SiteFilter{OpenOn: "2026-08-03"}, nil},                 // a Monday of the closure
		{backend.SiteFilter{OpenOn: "2026-06-03"}, []string{"MJD Aix"}}, // a Wednesday
		{backend.SiteFilter{Text: "cougit"}, []string{"SPADA"}},
		{backend.SiteFilter{Theme: "asile", IncludeInactive: true}, []string{"Fermée", "SPADA"}},
	} {
		sites, err := db.SearchSites(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, s := range sites {
			names = append(names, s.Name)
		}
		if len(names) != len(tc.want) || (len(names) > 0 && names[0] != tc.want[0]) {
			t.Errorf("%+v: %v, want %v", tc.f, names, tc.want)
		}
	}
}

// banServer speaks the national address API's format on loopback.
func banServer(t *testing.T) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature",
			"geometry":{"type":"Point","coordinates":[5.3551,43.3717]},
			"properties":{"label":"19 Rue Cougit 13015 Marseille","score":0.93,
			"type":"housenumber","citycode":"13215","postcode":"13015","city":"Marseille"}}]}`))
	}))
	t.Cleanup(s.Close)
	return s
}

func geocodingJob(db *sqlite.DB, now *time.Time, banURL string) *geo.Job {
	g := geo.MustLoad()
	db.Now = func() time.Time { return *now }
	return &geo.Job{Store: db, Offline: geo.NewOffline(g), Now: func() time.Time { return *now },
		Online: func(context.Context) (geo.Geocoder, error) {
			return geo.NewBAN(banURL, time.Second, g), nil
		}}
}

// With the online geocoder reachable, a site is stored at street level.
func TestGeocodingJobStoresStreetResults(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	site := mustSaveSite(t, db, ctx, backend.Site{Name: "SPADA", Address: "19 rue Cougit",
		Commune: "Marseille", Active: true})
	now := fixedNow
	if err := geocodingJob(db, &now, banServer(t).URL).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, err := db.Site(ctx, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Geo == nil || got.Geo.Precision != "street" || got.Geo.Source != "ban" ||
		got.Geo.DistrictINSEE != "13215" || got.Geo.Lat != 43.3717 {
		t.Errorf("position %+v", got.Geo)
	}
}

// With the online geocoder stopped, the offline position stays and the job
// tries again later; once it is back, the street result replaces it.
func TestGeocodingJobRetriesWhenOffline(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	site := mustSaveSite(t, db, ctx, backend.Site{Name: "SPADA", Address: "19 rue Cougit",
		PostalCode: "13015", Commune: "Marseille", Active: true})
	ban := banServer(t)
	url := ban.URL
	ban.Close()
	now := fixedNow
	job := geocodingJob(db, &now, url)
	if err := job.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Site(ctx, site.ID)
	if got.Geo == nil || got.Geo.Precision != "district" || got.Geo.Source != "gazetteer" {
		t.Fatalf("offline position %+v", got.Geo)
	}
	next, err := db.NextGeocodingAttempt(ctx, "site", site.ID)
	if err != nil || !next.Equal(fixedNow.Add(15*time.Minute)) {
		t.Fatalf("next attempt %v, %v", next, err)
	}

	// Too early: nothing is tried. Later, still down: the wait doubles.
	now = fixedNow.Add(5 * time.Minute)
	job.Run(context.Background())
	if n, _ := db.NextGeocodingAttempt(ctx, "site", site.ID); !n.Equal(next) {
		t.Errorf("retried too early: %v", n)
	}
	now = fixedNow.Add(20 * time.Minute)
	job.Run(context.Background())
	if n, _ := db.NextGeocodingAttempt(ctx, "site", site.ID); !n.Equal(now.Add(30 * time.Minute)) {
		t.Errorf("second wait: next %v", n)
	}

	// Back online: the street result upgrades the offline one.
	now = now.Add(time.Hour)
	job = geocodingJob(db, &now, banServer(t).URL)
	if err := job.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, _ = db.Site(ctx, site.ID)
	if got.Geo == nil || got.Geo.Precision != "street" {
		t.Errorf("upgraded position %+v", got.Geo)
	}
	if n, _ := db.NextGeocodingAttempt(ctx, "site", site.ID); !n.IsZero() {
		t.Errorf("retry left after success: %v", n)
	}
}

// A site is refused, field by field, for a partner that does not exist, a
// position off the Earth and a theme no list holds; nothing is written.
func TestSiteInputIsChecked(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	for field, s := range map[string]backend.Site{
		"partnerId": {Name: "Antenne", PartnerID: "inconnu"},
		"geo":       {Name: "Antenne", Geo: &backend.GeoPosition{Lat: 999, Lon: 999}},
		"themes":    {Name: "Antenne", Themes: []string{"zzz"}},
	} {
		_, err := db.SaveSite(ctx, s)
		wantInvalid(t, err, field)
	}
}
