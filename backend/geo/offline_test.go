package geo_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"

	"pappu/backend/geo"
)

// sharedPlaces is the folder of the real reception places of PACA and what
// geocoding must find for them (see its README).
func sharedPlaces(t *testing.T) string {
	t.Helper()
	for _, dir := range []string{"../../../shared/data/places", "/work/shared/data/places"} {
		if _, err := os.Stat(filepath.Join(dir, "lieux-accueil-paca.csv")); err == nil {
			return dir
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("shared/data/places is missing")
	}
	t.Skip("shared/data/places is missing")
	return ""
}

func readSemicolonCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = row[i]
		}
		out = append(out, m)
	}
	return out
}

// Every real reception place of PACA lands offline in its commune (and
// district where the address gives one), within 3 km of where it is.
func TestOfflineGeocodesRealPlaces(t *testing.T) {
	dir := sharedPlaces(t)
	places := readSemicolonCSV(t, filepath.Join(dir, "lieux-accueil-paca.csv"))
	expected := readSemicolonCSV(t, filepath.Join(dir, "lieux-accueil-paca.expected.csv"))
	if len(places) != len(expected) || len(places) == 0 {
		t.Fatalf("%d places, %d expected", len(places), len(expected))
	}
	g := geo.NewOffline(geo.MustLoad())
	for i, p := range places {
		want := expected[i]
		addr := geo.Address{Street: p["adresse"], PostalCode: p["code_postal"], Commune: p["commune"]}
		got, err := g.Geocode(context.Background(), addr)
		if err != nil {
			t.Errorf("%s: %v", addr.Text(), err)
			continue
		}
		if got.INSEE != want["commune_insee_attendue"] {
			t.Errorf("%s: commune %s, want %s", addr.Text(), got.INSEE, want["commune_insee_attendue"])
		}
		if d := want["arrondissement_insee_attendu"]; d != "" && got.DistrictINSEE != d {
			t.Errorf("%s: district %q, want %s", addr.Text(), got.DistrictINSEE, d)
		}
		at := orb.Point{parse(t, want["lon_approx"]), parse(t, want["lat_approx"])}
		if d := orbgeo.Distance(at, orb.Point{got.Lon, got.Lat}); d > 3000 {
			t.Errorf("%s: %.0f m from where it is", addr.Text(), d)
		}
		if got.Source != geo.SourceGazetteer {
			t.Errorf("%s: source %q", addr.Text(), got.Source)
		}
	}
}

// Addresses typed on one line, as people do.
func TestOfflineReadsAddressesAsTyped(t *testing.T) {
	g := geo.NewOffline(geo.MustLoad())
	for _, tc := range []struct {
		typed, insee, district string
		precision              geo.Precision
	}{
		{"19 rue Cougit (15e arrondissement) Marseille", "13055", "13215", geo.PrecisionDistrict},
		{"19 rue Cougit 13015 Marseille", "13055", "13215", geo.PrecisionDistrict},
		// The postal code wins over a commune of the same name elsewhere.
		{"13100 Aix", "13001", "", geo.PrecisionCommune},
		{"13090 Aix", "13001", "", geo.PrecisionCommune},
		{"19 RUE COUGIT 13015", "13055", "13215", geo.PrecisionDistrict},
		{"Marseille 3e", "13055", "13203", geo.PrecisionDistrict},
		{"66 rue Saint-Sébastien, Marseille", "13055", "", geo.PrecisionCommune},
		{"place Bellecour, Lyon 2e", "69123", "69382", geo.PrecisionDistrict},
		{"12 rue de Vaugirard 75006 Paris", "75056", "75106", geo.PrecisionCommune},
		{"Mairie, St Cyr sur Mer", "83112", "", geo.PrecisionCommune},
		{"Mairie, Six-Fours-les-Plages", "83129", "", geo.PrecisionCommune},
		{"La Seyne", "83126", "", geo.PrecisionCommune},
		{"avenue de la gare 83500 la seyne", "83126", "", geo.PrecisionCommune},
		{"aix en provence", "13001", "", geo.PrecisionCommune},
		{"Résidence Les Pins, 3 chemin des Vignes, Martigues", "13056", "", geo.PrecisionCommune},
		{"13090", "13001", "", geo.PrecisionCommune},
		{"ste maxime", "83115", "", geo.PrecisionCommune},
	} {
		got, err := g.Geocode(context.Background(), geo.Address{Street: tc.typed})
		if err != nil {
			t.Errorf("%q: %v", tc.typed, err)
			continue
		}
		if got.INSEE != tc.insee || got.DistrictINSEE != tc.district || got.Precision != tc.precision {
			t.Errorf("%q: %s/%s %s (%s), want %s/%s %s", tc.typed, got.INSEE,
				got.DistrictINSEE, got.Precision, got.Label, tc.insee, tc.district, tc.precision)
		}
	}
	if _, err := g.Geocode(context.Background(), geo.Address{Street: "nulle part du tout"}); err != geo.ErrNotFound {
		t.Errorf("unknown place: %v", err)
	}
}

// The gazetteer places most of the population itself, and every commune
// somewhere.
func TestGazetteerCoverage(t *testing.T) {
	c := geo.MustLoad().Coverage()
	if c.Communes < 34000 || c.PlacedPopulationRate < 0.85 || c.PlacedDistricts != 25 {
		t.Errorf("coverage %+v", c)
	}
}

func parse(t *testing.T, s string) float64 {
	t.Helper()
	var f float64
	if _, err := fmt.Sscan(s, &f); err != nil {
		t.Fatal(err)
	}
	return f
}
