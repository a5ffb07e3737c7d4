package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"pappu/backend"
	"pappu/backend/geo"
)

// runGeocode prints where the offline gazetteer places an address:
// pappu-cli geocode "ADRESSE" [--json]. It reads no database.
func runGeocode(_ context.Context, e *env, args []string) int {
	fs := newFlags("geocode", `geocode "ADRESSE" [--json]`)
	asJSON := fs.Bool("json", false, "écrit le résultat en JSON")
	rest, code := e.parse(fs, args, 1)
	if code != parsed {
		return code
	}
	if len(rest) != 1 || strings.TrimSpace(rest[0]) == "" {
		fmt.Fprintln(e.stderr, "Erreur : indiquez l'adresse entre guillemets.")
		printUsage(e.stderr, fs, false)
		return 2
	}
	r, err := geo.NewOffline(geo.MustLoad()).Geocode(context.Background(),
		geo.Address{Street: rest[0]})
	if errors.Is(err, geo.ErrNotFound) {
		fmt.Fprintln(e.stderr, "Adresse introuvable : aucune commune reconnue.")
		return 1
	}
	if err != nil {
		return e.fail(err)
	}
	if *asJSON {
		r.Label = ""
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.Encode(r)
		return 0
	}
	fmt.Fprintf(e.stdout, "%s (INSEE %s", r.Label, r.INSEE)
	if r.DistrictINSEE != "" {
		fmt.Fprintf(e.stdout, ", arrondissement %s", r.DistrictINSEE)
	}
	fmt.Fprintf(e.stdout, ")\n%.5f, %.5f — précision : %s\n", r.Lat, r.Lon, precisionFR[r.Precision])
	return 0
}

var precisionFR = map[geo.Precision]string{
	geo.PrecisionStreet:      "rue",
	geo.PrecisionDistrict:    "arrondissement",
	geo.PrecisionCommune:     "commune",
	geo.PrecisionDepartement: "département (commune sans position propre)",
}

// runGazetteer prints how much of France the embedded gazetteer places.
func runGazetteer(_ context.Context, e *env, args []string) int {
	fs := newFlags("gazetteer", "gazetteer [--json]")
	asJSON := fs.Bool("json", false, "écrit les chiffres en JSON")
	if _, code := e.parse(fs, args, 0); code != parsed {
		return code
	}
	c := geo.MustLoad().Coverage()
	if *asJSON {
		json.NewEncoder(e.stdout).Encode(c)
		return 0
	}
	fmt.Fprintf(e.stdout, "Communes placées par GeoNames : %d / %d (%.1f %%)\n",
		c.Placed, c.Communes, 100*c.PlacedShare)
	fmt.Fprintf(e.stdout, "Population couverte : %.1f %% (%d / %d habitants)\n",
		100*c.PlacedPopulationRate, c.PlacedPopulation, c.Population)
	fmt.Fprintf(e.stdout, "Arrondissements de Paris, Lyon, Marseille placés : %d / %d\n",
		c.PlacedDistricts, c.Districts)
	fmt.Fprintln(e.stdout, "Les autres communes prennent le centre de leur arrondissement "+
		"départemental (précision « département »).")
	return 0
}

// runPlaces exports the directory: pappu-cli places export --geojson FILE.
func runPlaces(ctx context.Context, e *env, args []string) int {
	fs := e.flags("places", "places export --geojson FICHIER [--data-dir DOSSIER] --user IDENTIFIANT")
	out := fs.String("geojson", "", "fichier GeoJSON à écrire (« - » : la sortie)")
	rest, code := e.parse(fs, args, 1)
	if code != parsed {
		return code
	}
	if len(rest) != 1 || rest[0] != "export" || *out == "" {
		fmt.Fprintln(e.stderr, "Erreur : écrivez « places export --geojson FICHIER ».")
		printUsage(e.stderr, fs, false)
		return 2
	}
	defer e.close()
	ctx, err := e.openAs(ctx, "cli.places", backend.ActExport)
	if err != nil {
		return e.fail(err)
	}
	places, err := e.svc.Store().MapPlaces(ctx)
	if err != nil {
		return e.fail(err)
	}
	data, err := geo.GeoJSON(places)
	if err != nil {
		return e.fail(err)
	}
	if *out == "-" {
		e.stdout.Write(append(data, '\n'))
		return 0
	}
	if err := os.WriteFile(*out, data, 0o600); err != nil {
		fmt.Fprintf(e.stderr, "Erreur : impossible d'écrire %s.\n", *out)
		return 1
	}
	fmt.Fprintf(e.stdout, "%d lieux écrits dans %s\n", len(places), *out)
	return 0
}
