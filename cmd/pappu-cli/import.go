package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"pappu/backend"
	"pappu/backend/importer"
)

// runImport imports a spreadsheet: pappu-cli import FILE [--json].
func runImport(ctx context.Context, e *env, args []string) int {
	fs := e.flags("import", "import FICHIER [--json] [--data-dir DOSSIER] --user IDENTIFIANT")
	asJSON := fs.Bool("json", false, "écrit le compte rendu en JSON")
	files, code := e.parse(fs, args, 1)
	if code != parsed {
		return code
	}
	if len(files) == 0 {
		fmt.Fprintln(e.stderr, "Erreur : indiquez le fichier à importer.")
		printUsage(e.stderr, fs, false)
		return 2
	}
	file := files[0]

	f, err := os.Open(file)
	if err != nil {
		fmt.Fprintf(e.stderr, "Erreur : impossible d'ouvrir le fichier %s.\n", file)
		return 1
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.IsDir() {
		fmt.Fprintf(e.stderr, "Erreur : %s n'est pas un fichier lisible.\n", file)
		return 1
	}

	defer e.close()
	ctx, err = e.openAs(ctx, "cli.import", backend.ActImport)
	if err != nil {
		return e.fail(err)
	}
	report, err := importer.Import(ctx, e.svc.Store(), info.Name(), f, info.Size(), nil)
	if err != nil {
		return e.fail(err)
	}

	if *asJSON {
		if report.Rejected == nil {
			report.Rejected = []backend.RejectedLine{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.Encode(report)
		return 0
	}
	fmt.Fprintf(e.stdout, "Accueils importés : %d (dont anonymes : %d)\n",
		report.Imported, report.Anonymous)
	fmt.Fprintf(e.stdout, "Personnes créées : %d, retrouvées : %d\n",
		report.PersonsCreated, report.PersonsMatched)
	if report.Skipped > 0 {
		fmt.Fprintf(e.stdout, "Lignes déjà importées : %d\n", report.Skipped)
	}
	fmt.Fprintf(e.stdout, "Lignes rejetées : %d\n", len(report.Rejected))
	for _, r := range report.Rejected {
		fmt.Fprintf(e.stdout, "  %s\n", r.Reason)
	}
	return 0
}
