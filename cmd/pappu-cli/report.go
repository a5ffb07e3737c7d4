package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"pappu/backend"
	"pappu/backend/report"
)

// runReport writes the annual activity report: pappu-cli report --year Y
// [--pdf F] [--xlsx F] [--csv DOSSIER].
func runReport(ctx context.Context, e *env, args []string) int {
	fs := e.flags("report", "report --year AAAA [--pdf FICHIER] [--xlsx FICHIER] "+
		"[--csv DOSSIER] [--data-dir DOSSIER] --user IDENTIFIANT (au moins une sortie)")
	year := fs.Int("year", 0, "l'année du bilan")
	pdfPath := fs.String("pdf", "", "fichier PDF à écrire")
	xlsxPath := fs.String("xlsx", "", "classeur XLSX à écrire (une feuille par tableau)")
	csvDir := fs.String("csv", "", "dossier où écrire chaque tableau en CSV")
	if _, code := e.parse(fs, args, 0); code != parsed {
		return code
	}
	if *year == 0 || (*pdfPath == "" && *xlsxPath == "" && *csvDir == "") {
		fmt.Fprintln(e.stderr, "Erreur : indiquez l'année (--year) et au moins une sortie "+
			"(--pdf, --xlsx ou --csv).")
		printUsage(e.stderr, fs, false)
		return 2
	}

	// A report is both statistics and data taken out of PAPPU.
	defer e.close()
	ctx, err := e.openAs(ctx, "cli.report", backend.ActStats)
	if err == nil {
		_, err = e.svc.Authorize("cli.report", backend.ActExport)
	}
	if err != nil {
		return e.fail(err)
	}
	store := e.svc.Store()
	a, err := report.Build(ctx, store, *year, store.Now())
	if err != nil {
		return e.fail(err)
	}

	outputs := []output{
		{*pdfPath, func(w io.Writer) error { return report.WritePDF(w, a) }},
		{*xlsxPath, func(w io.Writer) error { return report.WriteXLSX(w, a) }},
	}
	if *csvDir != "" {
		if err := os.MkdirAll(*csvDir, 0o700); err != nil {
			return e.fail(backend.Invalid("csv", "Impossible de créer le dossier %s.", *csvDir))
		}
		for _, t := range a.Tables {
			name := fmt.Sprintf("bilan-%d-%s.csv", *year, t.Dimension)
			outputs = append(outputs, output{filepath.Join(*csvDir, name),
				func(w io.Writer) error { return report.WriteTableCSV(w, t) }})
		}
	}
	if code := e.writeOutputs(outputs); code != 0 {
		return code
	}
	fmt.Fprintf(e.stdout, "Bilan d'activité %d : %s accueils, %s personnes reçues.\n", *year,
		report.Int(a.Comparison.Current.Total.Visits),
		report.Int(a.Comparison.Current.Total.Persons))
	return 0
}
