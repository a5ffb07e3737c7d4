package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"pappu/backend"
	"pappu/backend/privacyexport"
	"pappu/backend/sqlite"
)

// stdin is where passphrases and confirmations are read when no file gives
// them; one variable, so that nothing else reads the terminal by surprise.
var stdin io.Reader = os.Stdin

// runAnonymise applies the retention rule or erases one person:
//
//	pappu-cli anonymise --inactive [--dry-run]
//	pappu-cli anonymise --person NUMERO [--yes]
//
// It prints counts and file numbers, never a name.
func runAnonymise(ctx context.Context, e *env, args []string) int {
	fs := e.flags("anonymise", "anonymise --inactive [--dry-run] | --person NUMERO [--yes] "+
		"[--data-dir DOSSIER] --user IDENTIFIANT")
	inactive := fs.Bool("inactive", false,
		"anonymise les personnes sans accueil depuis la durée de conservation")
	dryRun := fs.Bool("dry-run", false, "avec --inactive : liste sans rien modifier")
	person := fs.String("person", "", "numéro du dossier à anonymiser (droit à l'effacement)")
	yes := fs.Bool("yes", false, "avec --person : ne demande pas de confirmation")
	if _, code := e.parse(fs, args, 0); code != parsed {
		return code
	}
	if msg := checkAnonymiseFlags(*inactive, *dryRun, *yes, *person); msg != "" {
		fmt.Fprintln(e.stderr, "Erreur :", msg)
		printUsage(e.stderr, fs, false)
		return 2
	}

	// The retention period is a setting of the structure; erasing one
	// person answers a request, as the right of access does.
	action := backend.ActPrivacyRequest
	if *inactive {
		action = backend.ActSettings
	}
	defer e.close()
	ctx, err := e.openAs(ctx, "cli.anonymise", action)
	if err != nil {
		return e.fail(err)
	}
	store := e.svc.Store()
	if *inactive {
		return anonymiseInactive(ctx, e, store, *dryRun)
	}
	return anonymiseOne(ctx, e, store, *person, *yes)
}

// checkAnonymiseFlags returns what is wrong with the options, in French, or "".
func checkAnonymiseFlags(inactive, dryRun, yes bool, person string) string {
	switch {
	case inactive == (person != ""):
		return "indiquez soit --inactive, soit --person NUMERO."
	case dryRun && !inactive:
		return "--dry-run ne s'emploie qu'avec --inactive."
	case yes && person == "":
		return "--yes ne s'emploie qu'avec --person."
	}
	return ""
}

func anonymiseInactive(ctx context.Context, e *env, store *sqlite.DB, dryRun bool) int {
	years, err := store.RetentionYears(ctx)
	if err != nil {
		return e.fail(err)
	}
	now := time.Now()
	limit := now.AddDate(-years, 0, 0).Format("02/01/2006")
	fmt.Fprintf(e.stdout, "Durée de conservation : %d ans (aucun accueil depuis le %s).\n",
		years, limit)

	if dryRun {
		files, err := store.PersonsDueForAnonymisation(ctx, now, 0)
		if err != nil {
			return e.fail(err)
		}
		fmt.Fprintf(e.stdout, "Dossiers à anonymiser : %d (rien n'a été modifié)\n", len(files))
		printFiles(e.stdout, files)
		return 0
	}

	files, err := store.AnonymiseInactiveFiles(ctx, now)
	fmt.Fprintf(e.stdout, "Dossiers anonymisés : %d\n", len(files))
	printFiles(e.stdout, files)
	if err != nil {
		return e.fail(err)
	}
	if len(files) > 0 {
		compact(ctx, e, store)
	}
	return 0
}

func anonymiseOne(ctx context.Context, e *env, store *sqlite.DB, number string, yes bool) int {
	p, err := store.PersonByFileNumber(ctx, number)
	if err != nil {
		return e.fail(err)
	}
	// Said before the confirmation: there is nothing left to erase.
	if done, err := store.AlreadyAnonymised(ctx, p.ID); err != nil || done {
		if err == nil {
			err = &backend.Error{Code: backend.EConflict, Message: sqlite.ErrAlreadyAnonymised}
		}
		return e.fail(err)
	}
	if !yes && !confirm(e, fmt.Sprintf("Anonymiser le dossier N° %s (créé le %s) ? Son "+
		"identité, ses coordonnées et les notes de ses accueils seront effacées "+
		"définitivement. Tapez « oui » pour confirmer : ", p.FileNumber,
		p.CreatedAt.Format("02/01/2006"))) {
		fmt.Fprintln(e.stderr, "Abandon : rien n'a été modifié (--yes confirme d'avance).")
		return 1
	}
	if err := store.AnonymisePerson(ctx, p.ID); err != nil {
		return e.fail(err)
	}
	fmt.Fprintf(e.stdout, "Dossier N° %s anonymisé.\n", p.FileNumber)
	compact(ctx, e, store)
	return 0
}

// confirm asks a question on stderr and reads the answer.
func confirm(e *env, question string) bool {
	fmt.Fprint(e.stderr, question)
	answer, _ := bufio.NewReader(stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "oui", "o":
		return true
	}
	fmt.Fprintln(e.stderr)
	return false
}

func printFiles(w io.Writer, files []string) {
	for _, f := range files {
		fmt.Fprintf(w, "  %s\n", f)
	}
}

// compact makes the erased values leave the database files. When the app
// keeps the database open it cannot: the values are already unreadable
// through PAPPU, and the next compaction removes them from the disk.
func compact(ctx context.Context, e *env, store *sqlite.DB) {
	if err := store.Compact(ctx); err != nil {
		fmt.Fprintln(e.stderr, "Attention :", backend.ErrorMessage(err),
			"Relancez la commande une fois PAPPU fermé pour effacer aussi les copies "+
				"sur le disque.")
	}
}

// runExportPerson writes what PAPPU holds on a person (right of access):
// pappu-cli export-person NUMERO --json FICHIER --pdf FICHIER.
func runExportPerson(ctx context.Context, e *env, args []string) int {
	fs := e.flags("export-person", "export-person NUMERO [--json FICHIER] [--pdf FICHIER] "+
		"[--data-dir DOSSIER] --user IDENTIFIANT (au moins un des deux fichiers)")
	jsonPath := fs.String("json", "", "fichier JSON à écrire")
	pdfPath := fs.String("pdf", "", "fichier PDF à écrire")
	numbers, code := e.parse(fs, args, 1)
	if code != parsed {
		return code
	}
	if len(numbers) == 0 || (*jsonPath == "" && *pdfPath == "") {
		fmt.Fprintln(e.stderr, "Erreur : indiquez le numéro du dossier et au moins un "+
			"fichier à écrire (--json ou --pdf).")
		printUsage(e.stderr, fs, false)
		return 2
	}
	number := numbers[0]

	defer e.close()
	ctx, err := e.openAs(ctx, "cli.export-person", backend.ActPrivacyRequest)
	if err != nil {
		return e.fail(err)
	}
	store := e.svc.Store()
	p, err := store.PersonByFileNumber(ctx, number)
	if err != nil {
		return e.fail(err)
	}
	export, err := store.PersonExport(ctx, p.ID)
	if err != nil {
		return e.fail(err)
	}

	if code := e.writeOutputs([]output{
		{*jsonPath, func(w io.Writer) error { return privacyexport.WriteJSON(w, export) }},
		{*pdfPath, func(w io.Writer) error {
			return privacyexport.WritePDF(w, export, export.Organisation)
		}},
	}); code != 0 {
		return code
	}
	fmt.Fprintf(e.stdout, "Export du dossier N° %s : ces fichiers contiennent des données "+
		"personnelles ; remettez-les à la personne puis supprimez-les.\n", p.FileNumber)
	return 0
}

// output is a file a command writes, if its path was given.
type output struct {
	path  string
	write func(io.Writer) error
}

// writeOutputs writes each output whose path is set, as writeNewFile does,
// and says so; it returns the exit code 1 on the first failure.
func (e *env) writeOutputs(outs []output) int {
	for _, out := range outs {
		if out.path == "" {
			continue
		}
		if err := writeNewFile(out.path, out.write); err != nil {
			fmt.Fprintln(e.stderr, "Erreur :", err)
			return 1
		}
		fmt.Fprintf(e.stdout, "Écrit : %s\n", out.path)
	}
	return 0
}

// writeNewFile writes a file readable by its owner only, and never over an
// existing one. The error is French.
func writeNewFile(path string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return fmt.Errorf("impossible de préparer %s.", path)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("le fichier %s existe déjà ; choisissez un autre nom.", path)
	}
	if err != nil {
		return fmt.Errorf("impossible de créer le fichier %s.", path)
	}
	_, err = f.Write(buf.Bytes())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("impossible d'écrire le fichier %s.", path)
	}
	return nil
}
