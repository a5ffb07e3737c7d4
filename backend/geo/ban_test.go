package geo_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"pappu/backend/geo"
)

// banStub answers like the national address API: a street of Marseille's
// 15th district for every question.
func banStub(t *testing.T) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/search/" || r.URL.Query().Get("q") == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature",
			"geometry":{"type":"Point","coordinates":[5.3551,43.3717]},
			"properties":{"label":"19 Rue Cougit 13015 Marseille","score":0.93,
			"type":"housenumber","citycode":"13215","postcode":"13015",
			"city":"Marseille","district":"Marseille 15e Arrondissement"}}]}`))
	}))
	t.Cleanup(s.Close)
	return s
}

func TestBANReadsStreetResults(t *testing.T) {
	s := banStub(t)
	b := geo.NewBAN(s.URL, time.Second, geo.MustLoad())
	got, err := b.Geocode(context.Background(), geo.Address{Street: "19 rue Cougit", Commune: "Marseille"})
	if err != nil {
		t.Fatal(err)
	}
	want := geo.Result{Lat: 43.3717, Lon: 5.3551, INSEE: "13055", DistrictINSEE: "13215",
		Precision: geo.PrecisionStreet, Source: geo.SourceBAN, Label: "19 Rue Cougit 13015 Marseille"}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestBANUnreachableIsUnavailable(t *testing.T) {
	s := banStub(t)
	s.Close()
	b := geo.NewBAN(s.URL, time.Second, nil)
	_, err := b.Geocode(context.Background(), geo.Address{Street: "19 rue Cougit"})
	if !errors.Is(err, geo.ErrUnavailable) {
		t.Errorf("stopped server: %v", err)
	}
}

func TestNearestOrdersByDistance(t *testing.T) {
	places := []geo.Located{
		{ID: "aix", Lat: 43.5283, Lon: 5.44973},
		{ID: "marseille", Lat: 43.29695, Lon: 5.38107},
		{ID: "martigues", Lat: 43.40735, Lon: 5.05526},
		{ID: "paris", Lat: 48.85341, Lon: 2.3488},
	}
	from := orb.Point{5.3714, 43.4009} // between Marseille and Aix, nearer Marseille
	hits := geo.Nearest(from, places, 2, func(i int) bool { return places[i].ID != "paris" })
	if len(hits) != 2 || places[hits[0].Index].ID != "marseille" || places[hits[1].Index].ID != "aix" {
		t.Fatalf("hits %+v", hits)
	}
	if hits[0].Distance < 10000 || hits[0].Distance > 13000 {
		t.Errorf("Marseille at %.0f m", hits[0].Distance)
	}
}
