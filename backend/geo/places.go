package geo

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb"

	"pappu/backend"
)

// DefaultNearest is how many places a nearest-place search returns unless
// told otherwise.
const DefaultNearest = 10

// NearestPlaces returns the places nearest to q's commune, postal code,
// address or point that handle q's theme, nearest first, with distances.
func NearestPlaces(ctx context.Context, g *Gazetteer, places []backend.MapPlace,
	q backend.NearestQuery) (backend.Nearest, error) {
	var from backend.GeoPosition
	switch {
	case q.Lat != nil && q.Lon != nil:
		from = backend.GeoPosition{Lat: *q.Lat, Lon: *q.Lon, Source: "manual"}
	case q.From != "":
		r, err := g.Find(Address{Commune: q.From})
		if err != nil {
			return backend.Nearest{}, backend.Invalid("from",
				"Commune ou code postal introuvable : %s.", q.From)
		}
		from = backend.GeoPosition{Lat: r.Lat, Lon: r.Lon, Precision: string(r.Precision),
			Source: r.Source, INSEE: r.INSEE, DistrictINSEE: r.DistrictINSEE}
	default:
		return backend.Nearest{}, backend.Invalid("from",
			"Indiquez une commune, un code postal ou un point de départ.")
	}
	n := q.Limit
	if n <= 0 {
		n = DefaultNearest
	}
	located := make([]Located, len(places))
	for i, p := range places {
		located[i] = Located{ID: p.ID, Lat: p.Geo.Lat, Lon: p.Geo.Lon}
	}
	keep := func(i int) bool { return q.Theme == "" || handles(places[i], q.Theme) }
	out := backend.Nearest{From: from, Places: []backend.MapPlace{}}
	for _, h := range Nearest(orb.Point{from.Lon, from.Lat}, located, n, keep) {
		p := places[h.Index]
		p.Distance = h.Distance
		out.Places = append(out.Places, p)
	}
	return out, nil
}

func handles(p backend.MapPlace, theme string) bool {
	for _, t := range p.Themes {
		if t == theme {
			return true
		}
	}
	return false
}

// feature is a GeoJSON Feature of a place. (orb/geojson would bring a BSON
// library with it; a Point needs no more than this.)
type feature struct {
	Type       string         `json:"type"`
	ID         string         `json:"id"`
	Geometry   point          `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type point struct {
	Type        string    `json:"type"`
	Coordinates orb.Point `json:"coordinates"` // longitude, latitude
}

// GeoJSON writes places as a GeoJSON FeatureCollection, for publishing the
// directory and its map.
func GeoJSON(places []backend.MapPlace) ([]byte, error) {
	features := make([]feature, 0, len(places))
	for _, p := range places {
		props := map[string]any{
			"kind": p.Kind, "name": p.Name, "address": p.Address, "commune": p.Commune,
			"themes": p.Themes, "precision": p.Geo.Precision, "source": p.Geo.Source,
			"insee": p.Geo.INSEE,
		}
		if p.Geo.DistrictINSEE != "" {
			props["district_insee"] = p.Geo.DistrictINSEE
		}
		features = append(features, feature{Type: "Feature", ID: p.ID,
			Geometry:   point{Type: "Point", Coordinates: orb.Point{p.Geo.Lon, p.Geo.Lat}},
			Properties: props})
	}
	b, err := json.MarshalIndent(map[string]any{"type": "FeatureCollection",
		"features": features}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("geo: GeoJSON: %w", err)
	}
	return b, nil
}
