package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pappu/app"
	"pappu/backend"
)

func TestGeocodePrintsJSON(t *testing.T) {
	code, out, errs := runCLI(t, "geocode", "19 rue Cougit 13015 Marseille", "--json")
	if code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, k := range []string{"lat", "lon", "insee", "district_insee", "precision", "source"} {
		if _, ok := got[k]; !ok {
			t.Errorf("no %s in %s", k, out)
		}
	}
	if got["insee"] != "13055" || got["district_insee"] != "13215" || got["precision"] != "district" {
		t.Errorf("got %s", out)
	}
	if code, _, errs := runCLI(t, "geocode", "nulle part du tout"); code != 1 ||
		!strings.Contains(errs, "introuvable") {
		t.Errorf("unknown address: code %d, %q", code, errs)
	}
}

func TestGazetteerPrintsCoverage(t *testing.T) {
	code, out, _ := runCLI(t, "gazetteer")
	if code != 0 || !strings.Contains(out, "Communes placées par GeoNames") ||
		!strings.Contains(out, "Population couverte") {
		t.Errorf("code %d: %s", code, out)
	}
}

// The directory exports as GeoJSON, to readers of the directory only.
func TestPlacesExportGeoJSON(t *testing.T) {
	dir := setUp(t)
	svc, err := app.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Session.Login("alex", password); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Sites.Save(backend.Site{Name: "SPADA", Address: "19 rue Cougit",
		PostalCode: "13015", Commune: "Marseille", Themes: []string{"asile"}, Active: true}); err != nil {
		t.Fatal(err)
	}
	svc.Close()

	file := filepath.Join(t.TempDir(), "lieux.geojson")
	code, _, errs := runCLI(t, "places", "export", "--geojson", file, "--data-dir", dir, "--user", "alex")
	if code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	data, _ := os.ReadFile(file)
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Geometry struct {
				Coordinates []float64 `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil || fc.Type != "FeatureCollection" ||
		len(fc.Features) != 1 || fc.Features[0].Properties["district_insee"] != "13215" ||
		fc.Features[0].Geometry.Coordinates[0] < 5 {
		t.Errorf("%v: %s", err, data)
	}
	checkCommandRoles(t, dir, []roleCase{
		{"places", []string{"places", "export", "--geojson", "-"}, backend.ActExport},
	})
}
