// Command pappu is the PAPPU desktop app. It only wires: it finds the data
// folder, opens the log and the database through package app, and hands the
// window to Wails, which serves the built frontend embedded below.
package main

import (
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/logger"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/windows"

	"pappu/app"
	"pappu/backend"
	"pappu/backend/config"
)

//go:embed all:frontend/dist
var assets embed.FS

//go:embed build/appicon.png
var icon []byte

// version is set at build time: -ldflags "-X main.version=1.2.3".
var version = "dev"

// generatingBindings is true in the binary that `wails build` compiles with
// the bindings tag and runs only to list the bound methods (main_bindings.go).
var generatingBindings bool

type flags struct {
	dataDir     string
	console     bool
	debug       bool
	showVersion bool
}

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	f, err := parseFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2 // the flag package has already said what is wrong
	}
	if f.showVersion {
		fmt.Println("PAPPU", version)
		return 0
	}
	app.Version = version

	// The bindings generator must not touch the user's real data.
	if generatingBindings {
		tmp, err := os.MkdirTemp("", "pappu-bindings-")
		if err != nil {
			return fail("PAPPU ne peut pas créer de dossier temporaire", err, "")
		}
		defer os.RemoveAll(tmp)
		f.dataDir = tmp
	} else if msg := missingDisplay(); msg != "" {
		fmt.Fprintln(os.Stderr, msg)
		return 1
	}

	dataDir, err := config.DataDir(f.dataDir)
	if err != nil {
		return fail("PAPPU ne peut pas créer son dossier de données", err, "")
	}
	log, closeLog, err := openLog(dataDir, f)
	if err != nil {
		return fail("PAPPU ne peut pas ouvrir son journal dans "+dataDir, err, "")
	}
	defer closeLog.Close()
	log.Info("start", slog.String("version", version), slog.String("data_dir", dataDir))

	svc, err := app.Open(dataDir, log)
	if err != nil {
		log.Error("open app", slog.String("db", config.DBPath(dataDir)), slog.Any("error", err))
		// app.Open's errors already name the database in French.
		return fail("PAPPU ne peut pas démarrer", err, config.LogPath(dataDir))
	}

	if err := wails.Run(appOptions(svc, dataDir, log, f.debug)); err != nil {
		log.Error("window", slog.Any("error", err))
		return fail("PAPPU n'a pas pu ouvrir sa fenêtre", err, config.LogPath(dataDir))
	}
	log.Info("stop")
	return 0
}

func parseFlags(args []string) (flags, error) {
	var f flags
	fs := flag.NewFlagSet("pappu", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage : pappu [options]")
		fs.PrintDefaults()
	}
	fs.StringVar(&f.dataDir, "data-dir", "",
		"dossier de la base et des journaux (sinon $"+config.EnvDataDir+
			", sinon le dossier PAPPU de la configuration de l'utilisateur)")
	fs.BoolVar(&f.console, "log-stderr", false, "écrire aussi le journal sur la sortie d'erreur")
	fs.BoolVar(&f.debug, "debug", false, "journal détaillé")
	fs.BoolVar(&f.showVersion, "version", false, "afficher la version et quitter")
	err := fs.Parse(args)
	return f, err
}

func openLog(dataDir string, f flags) (*slog.Logger, io.Closer, error) {
	level := slog.LevelInfo
	if f.debug {
		level = slog.LevelDebug
	}
	var opts []config.LogOption
	if f.console {
		opts = append(opts, config.WithConsole(os.Stderr))
	}
	return config.OpenLog(dataDir, level, opts...)
}

func appOptions(svc *app.Services, dataDir string, log *slog.Logger, debug bool) *options.App {
	wailsLevel := logger.WARNING
	if debug {
		wailsLevel = logger.DEBUG
	}
	return &options.App{
		Title:              "PAPPU",
		Width:              1280,
		Height:             800,
		MinWidth:           1024,
		MinHeight:          700,
		AssetServer:        &assetserver.Options{Assets: assets},
		OnStartup:          svc.Startup,
		OnShutdown:         svc.Shutdown,
		Bind:               svc.Bind(),
		Logger:             wailsLog{log.With(slog.String("from", "wails"))},
		LogLevel:           wailsLevel,
		LogLevelProduction: wailsLevel,
		Linux:              &linux.Options{Icon: icon, ProgramName: "pappu"},
		// WebView2 keeps its cache and storage beside our data, not in a
		// folder named after the .exe.
		Windows: &windows.Options{
			WebviewUserDataPath: filepath.Join(dataDir, "webview"),
			Messages:            webview2Messages(),
		},
	}
}

// missingDisplay explains, before anything is opened, why a Linux window
// cannot appear; GTK would otherwise stop the process with a terse message.
func missingDisplay() string {
	if runtime.GOOS != "linux" || os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != "" {
		return ""
	}
	return "PAPPU a besoin d'un affichage graphique (DISPLAY ou WAYLAND_DISPLAY est vide).\n" +
		"Lancez-le depuis le bureau, ou sans écran avec : xvfb-run -a pappu"
}

// fail writes a French message for the person at the screen on stderr, and
// on Windows in a message box, and returns the exit code.
func fail(msg string, err error, logPath string) int {
	text := msg + " : " + errorText(err)
	if logPath != "" {
		text += "\nDétails dans le journal : " + logPath
	}
	fmt.Fprintln(os.Stderr, text)
	showFatal(text)
	return 1
}

// errorText is the French message of the backend's errors meant for users,
// without their technical cause; other errors say what they have.
func errorText(err error) string {
	var be *backend.Error
	if errors.As(err, &be) && be.Code != backend.EInternal {
		return be.Message
	}
	return err.Error()
}

// wailsLog sends Wails' own messages to our log, so that on Windows, where
// there is no console, they still reach the log file.
type wailsLog struct{ log *slog.Logger }

func (w wailsLog) Print(msg string)   { w.log.Info(msg) }
func (w wailsLog) Trace(msg string)   { w.log.Debug(msg) }
func (w wailsLog) Debug(msg string)   { w.log.Debug(msg) }
func (w wailsLog) Info(msg string)    { w.log.Info(msg) }
func (w wailsLog) Warning(msg string) { w.log.Warn(msg) }
func (w wailsLog) Error(msg string)   { w.log.Error(msg) }
func (w wailsLog) Fatal(msg string)   { w.log.Error(msg) } // Wails exits after
