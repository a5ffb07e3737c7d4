package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"

	"pappu/backend"
	"pappu/backend/partnercsv"
)

const partnersUsage = "partners import FICHIER [--json] | partners export [FICHIER|-]"

// runPartners imports or exports the partner directory:
// pappu-cli partners import FILE [--json] | partners export [FILE|-].
func runPartners(ctx context.Context, e *env, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "import":
			return runPartnersImport(ctx, e, args[1:])
		case "export":
			return runPartnersExport(ctx, e, args[1:])
		case "-h", "-help", "--help":
			fmt.Fprintf(e.stdout, "Usage : pappu-cli %s\n", partnersUsage)
			return 0
		}
	}
	fmt.Fprintf(e.stderr, "Erreur : indiquez « import » ou « export ».\nUsage : pappu-cli %s\n",
		partnersUsage)
	return 2
}

func runPartnersImport(ctx context.Context, e *env, args []string) int {
	fs := e.flags("partners import", "partners import FICHIER [--json] [--data-dir DOSSIER] "+
		"--user IDENTIFIANT")
	asJSON := fs.Bool("json", false, "écrit le compte rendu en JSON")
	files, code := e.parse(fs, args, 1)
	if code != parsed {
		return code
	}
	if len(files) == 0 {
		fmt.Fprintln(e.stderr, "Erreur : indiquez le fichier de l'annuaire à importer.")
		printUsage(e.stderr, fs, false)
		return 2
	}
	f, err := os.Open(files[0])
	if err != nil {
		fmt.Fprintf(e.stderr, "Erreur : impossible d'ouvrir le fichier %s.\n", files[0])
		return 1
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		fmt.Fprintf(e.stderr, "Erreur : %s est un dossier ; indiquez le fichier CSV de "+
			"l'annuaire.\n", files[0])
		return 1
	}

	defer e.close()
	ctx, err = e.openAs(ctx, "cli.partners.import", backend.ActPartnerWrite)
	if err != nil {
		return e.fail(err)
	}
	res, err := partnercsv.Import(ctx, e.svc.Store(), f)
	if err != nil {
		return e.fail(err)
	}
	if *asJSON {
		if res.Rejected == nil {
			res.Rejected = []backend.RejectedLine{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.Encode(res)
		return 0
	}
	fmt.Fprintf(e.stdout, "Partenaires ajoutés : %d, mis à jour : %d, inchangés : %d\n",
		res.Created, res.Updated, res.Unchanged)
	fmt.Fprintf(e.stdout, "Lignes rejetées : %d\n", len(res.Rejected))
	for _, r := range res.Rejected {
		fmt.Fprintf(e.stdout, "  %s\n", r.Reason)
	}
	return 0
}

func runPartnersExport(ctx context.Context, e *env, args []string) int {
	fs := e.flags("partners export", "partners export [FICHIER|-] [--data-dir DOSSIER] "+
		"--user IDENTIFIANT")
	files, code := e.parse(fs, args, 1)
	if code != parsed {
		return code
	}
	out := "-"
	if len(files) == 1 {
		out = files[0]
	}

	defer e.close()
	ctx, err := e.openAs(ctx, "cli.partners.export", backend.ActExport)
	if err != nil {
		return e.fail(err)
	}
	partners, err := e.svc.Store().AllPartners(ctx)
	if err != nil {
		return e.fail(err)
	}
	var buf bytes.Buffer
	if err := partnercsv.Write(&buf, partners); err != nil {
		return e.fail(err)
	}
	if err := e.svc.Store().Audit(ctx, "export", "partner", "", []string{
		fmt.Sprintf("count:%d", len(partners))}); err != nil {
		return e.fail(err)
	}
	if out == "-" {
		e.stdout.Write(buf.Bytes())
		return 0
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o600); err != nil {
		fmt.Fprintf(e.stderr, "Erreur : impossible d'écrire le fichier %s.\n", out)
		return 1
	}
	fmt.Fprintf(e.stdout, "Annuaire exporté : %d partenaires dans %s\n", len(partners), out)
	return 0
}
