package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"pappu/backend"
	"pappu/backend/geo"
)

// benchSites is how many sites the nearest-place search looks among.
const benchSites = 10000

// measurePlaces measures the nearest 10 places among 10 000 sites handling
// a theme, and the offline geocoding of addresses typed as people do.
func (b *bench) measurePlaces(ctx context.Context) error {
	nearest, geocode, err := benchPlaces(ctx, b.opt.seed, b.opt.queries)
	if err != nil {
		return err
	}
	b.add(figure{name: "nearest_p99", value: ms(nearest), unit: "ms", max: 2})
	b.add(figure{name: "geocode_offline_p99", value: ms(geocode), unit: "ms", max: 1})
	return nil
}

// typedAddresses are addresses as they come, each geocoded in turn.
var typedAddresses = []string{
	"19 rue Cougit (15e arrondissement) Marseille",
	"18 rue du Monastère 13004 Marseille",
	"19 bd de St Loup 13010",
	"Chemin Bruno Durand, Groupe scolaire Joseph d'Arbaud 13090 Aix-en-Provence",
	"Boulevard Emile Zola, Martigues",
	"Mairie, St Cyr sur Mer",
	"avenue de la gare 83500 la seyne",
	"place Bellecour, Lyon 2e",
	"12 rue de Vaugirard 75006 Paris",
	"3 place de la République, Strasbourg",
}

// benchPlaces returns the 99th percentiles of the nearest-place search and
// of offline geocoding, over queries runs of each.
func benchPlaces(ctx context.Context, seed int64, queries int) (nearest, geocode time.Duration, err error) {
	g, err := geo.Load()
	if err != nil {
		return 0, 0, err
	}
	r := rand.New(rand.NewPCG(uint64(seed), 8))
	themes := []string{"sejour", "asile", "sante", "droits_sociaux", "famille"}
	places := make([]backend.MapPlace, benchSites)
	for i := range places {
		places[i] = backend.MapPlace{Kind: "site", ID: fmt.Sprint(i),
			Themes: []string{themes[r.IntN(len(themes))], themes[r.IntN(len(themes))]},
			Geo:    backend.GeoPosition{Lat: 42.5 + r.Float64()*8, Lon: -4.5 + r.Float64()*12.5}}
	}
	from := []string{"Marseille", "13015", "Lyon 3e", "Aix-en-Provence", "75011", "Lille"}
	times := make([]time.Duration, queries)
	for i := range times {
		q := backend.NearestQuery{From: from[i%len(from)], Theme: themes[i%len(themes)], Limit: 10}
		start := time.Now()
		if _, err := geo.NearestPlaces(ctx, g, places, q); err != nil {
			return 0, 0, err
		}
		times[i] = time.Since(start)
	}
	nearest = percentile(times, 99)

	off := geo.NewOffline(g)
	for i := range times {
		a := geo.Address{Street: typedAddresses[i%len(typedAddresses)]}
		start := time.Now()
		if _, err := off.Geocode(ctx, a); err != nil {
			return 0, 0, fmt.Errorf("%s: %w", a.Street, err)
		}
		times[i] = time.Since(start)
	}
	return nearest, percentile(times, 99), nil
}
