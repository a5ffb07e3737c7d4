package main

import (
	"context"
	"fmt"
	"time"

	"pappu/backend"
	"pappu/backend/demo"
)

// runDemo fills the database with made-up activity:
// pappu-cli demo --persons N --visits M [--seed S] [--years Y].
func runDemo(ctx context.Context, e *env, args []string) int {
	fs := e.flags("demo", "demo --persons N --visits M [--seed S] [--years A] [--force] "+
		"[--data-dir DOSSIER]")
	persons := fs.Int("persons", 0, "nombre de personnes reçues (au moins une)")
	visits := fs.Int("visits", 0, "nombre de passages, dont environ 10 % anonymes")
	seed := fs.Int64("seed", 1, "graine : la même graine donne les mêmes données")
	years := fs.Int("years", 5, "nombre d'années d'activité, jusqu'à aujourd'hui")
	force := fs.Bool("force", false, "écrit même dans une base qui contient déjà "+
		"de vraies personnes ou de vrais accueils")
	if _, code := e.parse(fs, args, 0); code != parsed {
		return code
	}
	if msg := checkDemoFlags(*persons, *visits, *years); msg != "" {
		fmt.Fprintln(e.stderr, "Erreur :", msg)
		printUsage(e.stderr, fs, false)
		return 2
	}

	if err := e.open(); err != nil {
		return e.fail(err)
	}
	defer e.close()
	// A new database has no structure yet: Generate sets one up. Otherwise
	// filling it with made-up people is an administrator's business, and
	// only with --force beside real ones.
	if c, err := e.svc.Store().Context(ctx); err != nil {
		return e.fail(err)
	} else if c.Ready {
		actx, err := e.login("cli.demo", backend.ActSettings)
		if err != nil {
			return e.fail(err)
		}
		ctx = withCancel(actx, ctx)
		other, err := demo.HoldsOtherData(ctx, e.svc.Store())
		if err != nil {
			return e.fail(err)
		}
		if other && !*force {
			fmt.Fprintf(e.stderr, "Erreur : la base %s contient déjà de vraies personnes ou "+
				"de vrais accueils ; les données fictives s'y mêleraient aux statistiques.\n"+
				"Choisissez un autre dossier avec --data-dir, ou ajoutez --force pour les "+
				"ajouter quand même.\n", e.svc.Store().Path())
			return 1
		}
	}

	start := time.Now()
	lastReport := start
	sum, err := demo.Generate(ctx, e.svc.Store(), demo.Options{
		Persons: *persons, Visits: *visits, Seed: *seed, Years: *years,
		Progress: func(done, total int) {
			if time.Since(lastReport) >= 5*time.Second {
				lastReport = time.Now()
				fmt.Fprintf(e.stderr, "… %d passages sur %d\n", done, total)
			}
		},
	})
	if err != nil {
		return e.fail(err)
	}

	fmt.Fprintf(e.stdout, "Données de démonstration (graine %d, %d ans) :\n", *seed, *years)
	fmt.Fprintf(e.stdout, "Personnes créées : %d\n", sum.Persons)
	fmt.Fprintf(e.stdout, "Passages enregistrés : %d (dont anonymes : %d)\n",
		sum.Visits, sum.Anonymous)
	if sum.Skipped > 0 {
		fmt.Fprintf(e.stdout, "Passages déjà présents (même graine) : %d\n", sum.Skipped)
	}
	fmt.Fprintf(e.stdout, "Démarches ouvertes : %d\n", sum.Procedures)
	fmt.Fprintf(e.stdout, "Durée : %s\n", time.Since(start).Round(100*time.Millisecond))
	return 0
}

// checkDemoFlags returns what is wrong with the options, in French, or "".
func checkDemoFlags(persons, visits, years int) string {
	switch {
	case persons <= 0:
		return "--persons doit être un nombre entier positif (le nombre de personnes)."
	case visits < 0:
		return "--visits ne peut pas être négatif."
	case visits < persons:
		return fmt.Sprintf("--visits (%d) doit être au moins égal à --persons (%d) : "+
			"chaque personne vient au moins une fois.", visits, persons)
	case years < 1 || years > 30:
		return "--years doit être entre 1 et 30."
	}
	return ""
}
