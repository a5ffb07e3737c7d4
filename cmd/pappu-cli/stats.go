package main

import (
	"context"
	"encoding/json"
	"fmt"

	"pappu/backend"
)

// statsJSON is the machine-readable shape of the dashboard: breakdowns as
// code -> count objects.
type statsJSON struct {
	From            string         `json:"from"`
	To              string         `json:"to"`
	Visits          int            `json:"visits"`
	Persons         int            `json:"persons"`
	NewPersons      int            `json:"new_persons"`
	AnonymousVisits int            `json:"anonymous_visits"`
	ByTheme         map[string]int `json:"by_theme"`
	ByNationality   map[string]int `json:"by_nationality"`
	BySex           map[string]int `json:"by_sex"`
	BySite          map[string]int `json:"by_site"`
}

// runStats prints a period's figures: pappu-cli stats --from D --to D [--json].
func runStats(ctx context.Context, e *env, args []string) int {
	fs := e.flags("stats", "stats [--from AAAA-MM-JJ --to AAAA-MM-JJ] [--json] "+
		"[--data-dir DOSSIER] --user IDENTIFIANT")
	from := fs.String("from", "", "premier jour (AAAA-MM-JJ) ; sans --from ni --to, le mois en cours")
	to := fs.String("to", "", "dernier jour inclus (AAAA-MM-JJ)")
	asJSON := fs.Bool("json", false, "écrit les chiffres en JSON")
	if _, code := e.parse(fs, args, 0); code != parsed {
		return code
	}
	if (*from == "") != (*to == "") {
		fmt.Fprintln(e.stderr, "Erreur : indiquez la période entière, --from et --to, "+
			"ou aucune des deux pour le mois en cours.")
		printUsage(e.stderr, fs, false)
		return 2
	}
	defer e.close()
	ctx, err := e.openAs(ctx, "cli.stats", backend.ActStats)
	if err != nil {
		return e.fail(err)
	}
	d, err := e.svc.Store().Dashboard(ctx, backend.Period{From: *from, To: *to})
	if err != nil {
		return e.fail(err)
	}
	if *asJSON {
		out := statsJSON{From: d.Period.From, To: d.Period.To, Visits: d.Visits,
			Persons: d.Persons, NewPersons: d.NewPersons, AnonymousVisits: d.AnonymousVisits,
			ByTheme: codes(d.ByTheme), ByNationality: codes(d.ByNationality),
			BySex: codes(d.BySex), BySite: labels(d.BySite)}
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.Encode(out)
		return 0
	}
	fmt.Fprintf(e.stdout, "Période du %s au %s\n", d.Period.From, d.Period.To)
	fmt.Fprintf(e.stdout, "Passages : %d\nPersonnes reçues : %d\nNouvelles personnes : %d\n"+
		"Accueils anonymes : %d\n", d.Visits, d.Persons, d.NewPersons, d.AnonymousVisits)
	for _, part := range []struct {
		title string
		lines []backend.Count
	}{{"Thématiques", d.ByTheme}, {"Nationalités", d.ByNationality},
		{"Sexe", d.BySex}, {"Lieux", d.BySite}} {
		fmt.Fprintf(e.stdout, "\n%s\n", part.title)
		for _, l := range part.lines {
			fmt.Fprintf(e.stdout, "  %-40s %d\n", l.Label, l.N)
		}
	}
	return 0
}

func codes(lines []backend.Count) map[string]int {
	m := make(map[string]int, len(lines))
	for _, l := range lines {
		m[l.Code] = l.N
	}
	return m
}

func labels(lines []backend.Count) map[string]int {
	m := make(map[string]int, len(lines))
	for _, l := range lines {
		m[l.Label] = l.N
	}
	return m
}
