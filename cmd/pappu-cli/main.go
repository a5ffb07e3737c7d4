// Command pappu-cli is PAPPU's command-line companion: it works on the same
// database as the desktop app, which may be open at the same time.
//
//	pappu-cli import FILE [--json]
//	pappu-cli stats [--from AAAA-MM-JJ --to AAAA-MM-JJ] [--json]
//	pappu-cli demo --persons N --visits M [--seed S] [--force]
//	pappu-cli serve [--addr 127.0.0.1:8080] [--static DIR]
//	pappu-cli anonymise --inactive [--dry-run] | --person NUMERO [--yes]
//	pappu-cli export-person NUMERO [--json FILE] [--pdf FILE]
//	pappu-cli backup [--to DIR] [--passphrase-file FILE]
//	pappu-cli backup-config --to DIR [--passphrase-file FILE]
//	pappu-cli restore FILE [--passphrase-file FILE] [--yes]
//	pappu-cli geocode "ADRESSE" [--json]
//	pappu-cli gazetteer [--json]
//	pappu-cli places export --geojson FILE
//	pappu-cli partners import FILE [--json] | partners export [FILE|-]
//	pappu-cli --version
//
// Every command accepts --data-dir (else PAPPU_DATA_DIR, else the user's
// configuration folder), and options before or after its other arguments.
// restore wants PAPPU closed; the others do not.
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
	"regexp"
	"strings"
	"syscall"

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
  geocode "ADRESSE" [--json]
                   place une adresse avec le répertoire des communes intégré
  gazetteer        dit combien de communes ce répertoire place lui-même
  places export --geojson FICHIER
                   exporte l'annuaire des lieux d'accueil et partenaires placés
  partners import FICHIER | partners export [FICHIER|-]
                   importe ou exporte l'annuaire des partenaires (CSV)
  report --year AAAA --pdf FICHIER --xlsx FICHIER [--csv DOSSIER]
                   écrit le bilan d'activité de l'année

Options communes : --data-dir DOSSIER (sinon PAPPU_DATA_DIR, sinon le dossier
de configuration de l'utilisateur).
`

func main() {
	// SIGTERM too: a service manager, or kill, stops serve that way, and the
	// database must still be closed cleanly.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
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

		"geocode":   runGeocode,
		"gazetteer": runGazetteer,
		"places":    runPlaces,
		"partners":  runPartners,
		"report":    runReport,
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

// flags returns a flag set with the common options: --data-dir, --user and
// --password-file. synopsis is the command's usage after "pappu-cli ".
func (e *env) flags(name, synopsis string) *flag.FlagSet {
	fs := newFlags(name, synopsis)
	fs.StringVar(&e.dataDir, "data-dir", "", "dossier des données de PAPPU")
	fs.StringVar(&e.user, "user", "", "votre identifiant PAPPU (mot de passe : "+
		"variable PAPPU_PASSWORD ou --password-file)")
	fs.StringVar(&e.passwordFile, "password-file", "", "fichier contenant votre mot de passe")
	return fs
}

// newFlags returns a flag set whose usage is the French synopsis. It prints
// nothing by itself: parse says what is wrong, in French.
func newFlags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() { fmt.Fprintf(fs.Output(), "Usage : pappu-cli %s\n", synopsis) }
	return fs
}

// parsed is what parse returns as its code when the command may go on.
const parsed = -1

// parse reads args into fs, options and other arguments in any order ("import
// FILE --json" and "import --json FILE" alike), and returns the arguments
// that are not options; after "--", all are. More than most of them is a
// mistake. On a mistake, or on --help, it prints the usage and returns the
// exit code; otherwise code is parsed.
func (e *env) parse(fs *flag.FlagSet, args []string, most int) (rest []string, code int) {
	rest, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printUsage(e.stdout, fs, true)
		return nil, 0
	case err != nil:
		fmt.Fprintln(e.stderr, "Erreur :", frenchFlagError(err))
		printUsage(e.stderr, fs, false)
		return nil, 2
	case len(rest) > most:
		fmt.Fprintf(e.stderr, "Erreur : argument inattendu : « %s ».\n", rest[most])
		printUsage(e.stderr, fs, false)
		return nil, 2
	}
	return rest, parsed
}

// parseInterspersed parses args with fs, which by itself stops at the first
// argument that is not an option, and collects those arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		left := fs.Args()
		if len(left) == 0 {
			return rest, nil
		}
		if used := len(args) - len(left); used > 0 && args[used-1] == "--" {
			return append(rest, left...), nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}

// invalidValue matches the flag package's `invalid value "x" for flag -n: …`
// and `invalid boolean value "x" for -n: …`.
var invalidValue = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-(\S+?):`)

// frenchFlagError translates the flag package's messages.
func frenchFlagError(err error) string {
	msg := err.Error()
	for _, tr := range []struct{ prefix, french string }{
		{"flag provided but not defined: ", "option inconnue : "},
		{"flag needs an argument: ", "il manque la valeur de l'option "},
		{"bad flag syntax: ", "option mal écrite : "},
	} {
		if rest, ok := strings.CutPrefix(msg, tr.prefix); ok {
			// The README and --help write options with two dashes.
			if strings.HasPrefix(rest, "-") && !strings.HasPrefix(rest, "--") {
				rest = "-" + rest
			}
			return tr.french + rest
		}
	}
	if m := invalidValue.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("valeur « %s » incorrecte pour l'option --%s.", m[1], m[2])
	}
	return msg
}

// printUsage writes the command's usage line and, when full, its options.
func printUsage(w io.Writer, fs *flag.FlagSet, full bool) {
	fs.SetOutput(w)
	fs.Usage()
	fs.SetOutput(io.Discard)
	if !full {
		fmt.Fprintf(w, "(pappu-cli %s --help : toutes les options)\n", fs.Name())
		return
	}
	fmt.Fprintln(w, "\nOptions :")
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + frenchValueName(name)
		}
		fmt.Fprintf(w, "%s\n      %s", line, usage)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			fmt.Fprintf(w, " (par défaut : %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

func frenchValueName(name string) string {
	switch name {
	case "string", "value":
		return "VALEUR"
	case "int", "uint", "int64", "uint64":
		return "NOMBRE"
	}
	return strings.ToUpper(name)
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

// openAs opens the data folder and a session as --user allowed action, and
// returns the context to call the store with, cancelled with ctx. The caller
// defers e.close() whatever the outcome.
func (e *env) openAs(ctx context.Context, method, action string) (context.Context, error) {
	if err := e.open(); err != nil {
		return nil, err
	}
	actx, err := e.login(method, action)
	if err != nil {
		return nil, err
	}
	return withCancel(actx, ctx), nil
}

// withCancel returns values' context cancelled when stop is: the session's
// context carries who acts, the command's the Ctrl+C.
func withCancel(values, stop context.Context) context.Context {
	ctx, cancel := context.WithCancel(values)
	context.AfterFunc(stop, cancel)
	return ctx
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
