// Command pappu-cli is PAPPU's command-line companion: it works on the same
// database as the desktop app, which may be open at the same time.
//
//	pappu-cli import FILE [--json]
//	pappu-cli stats --from AAAA-MM-JJ --to AAAA-MM-JJ [--json]
//	pappu-cli demo --persons N --visits M [--seed S]
//	pappu-cli serve [--addr 127.0.0.1:8080] [--static DIR]
//	pappu-cli anonymise --inactive [--dry-run] | --person NUMERO [--yes]
//	pappu-cli export-person NUMERO [--json FILE] [--pdf FILE]
//	pappu-cli backup [--to DIR] [--passphrase-file FILE]
//	pappu-cli backup-config --to DIR [--passphrase-file FILE]
//	pappu-cli restore FILE [--passphrase-file FILE] [--yes]
//	pappu-cli --version
//
// Every command accepts --data-dir (else PAPPU_DATA_DIR, else the user's
// configuration folder). restore wants PAPPU closed; the others do not.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"

	"pappu/app"
	"pappu/backend"
	"pappu/backend/config"
)

// version is stamped at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `Usage : pappu-cli <commande> [options]

Commandes :
  import FICHIER   importe un journal d'accueil (CSV ou XLSX)
  stats            affiche les chiffres d'une période
  demo             remplit la base avec des données fictives
  serve            sert l'interface et l'API sur HTTP (boucle locale)
  anonymise        --inactive [--dry-run] : applique la durée de conservation ;
                   --person NUMERO : efface l'identité d'une personne à sa demande
  export-person NUMERO --json FICHIER --pdf FICHIER
                   écrit tout ce que PAPPU détient sur une personne (droit d'accès)
  backup           écrit une sauvegarde chiffrée maintenant (--to DOSSIER)
  backup-config    configure la sauvegarde quotidienne (--to DOSSIER)
  restore FICHIER  remplace la base par une sauvegarde (PAPPU fermé)

Options communes : --data-dir DOSSIER (sinon PAPPU_DATA_DIR, sinon le dossier
de configuration de l'utilisateur).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	app.Version = version
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "--version", "-version", "version":
		fmt.Fprintln(stdout, version)
		return 0
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	commands := map[string]func(context.Context, *env, []string) int{
		"import": runImport,
		"stats":  runStats,
		"demo":   runDemo,
		"serve":  runServe,

		"anonymise":     runAnonymise,
		"export-person": runExportPerson,

		"backup":        runBackup,
		"backup-config": runBackupConfig,
		"restore":       runRestore,
	}
	f, ok := commands[cmd]
	if !ok {
		fmt.Fprintf(stderr, "Commande inconnue : %q\n\n%s", cmd, usage)
		return 2
	}
	return f(ctx, &env{stdout: stdout, stderr: stderr}, rest)
}

// env is what every command shares: its output, and the services once open.
type env struct {
	stdout, stderr io.Writer
	dataDir        string
	user           string // --user: the login the command acts as
	passwordFile   string
	log            *slog.Logger
	closeLog       io.Closer
	svc            *app.Services
}

// flags returns a flag set with the common --data-dir option.
func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&e.dataDir, "data-dir", "", "dossier des données de PAPPU")
	fs.StringVar(&e.user, "user", "", "votre identifiant PAPPU (mot de passe : "+
		"variable PAPPU_PASSWORD ou --password-file)")
	fs.StringVar(&e.passwordFile, "password-file", "", "fichier contenant votre mot de passe")
	return fs
}

// open opens the data folder, the log and the services.
func (e *env) open() error {
	dir, err := config.DataDir(e.dataDir)
	if err != nil {
		return err
	}
	e.dataDir = dir
	if e.log, e.closeLog, err = config.OpenLog(dir, slog.LevelInfo); err != nil {
		return err
	}
	e.svc, err = app.Open(dir, e.log)
	return err
}

func (e *env) close() {
	if e.svc != nil {
		e.svc.Close()
	}
	if e.closeLog != nil {
		e.closeLog.Close()
	}
}

// login opens a session as --user and checks that its role allows action:
// the same check as the window's, refusals audited alike. It returns the
// context to call the store with.
func (e *env) login(method, action string) (context.Context, error) {
	password := os.Getenv("PAPPU_PASSWORD")
	if e.passwordFile != "" {
		b, err := os.ReadFile(e.passwordFile)
		if err != nil {
			return nil, backend.Invalid("password-file",
				"Impossible de lire le fichier de mot de passe %s.", e.passwordFile)
		}
		password = strings.TrimRight(string(b), "\r\n")
	}
	if err := e.svc.LoginAs(e.user, password); err != nil {
		return nil, err
	}
	return e.svc.Authorize(method, action)
}

// fail prints an error in French and returns the exit code 1.
func (e *env) fail(err error) int {
	var shown interface{ UserMessage() string }
	if errors.As(err, &shown) {
		fmt.Fprintln(e.stderr, "Erreur :", shown.UserMessage())
		return 1
	}
	fmt.Fprintln(e.stderr, "Erreur :", backend.ErrorMessage(err))
	return 1
}
