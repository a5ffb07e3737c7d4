// Package config finds the folder where PAPPU keeps its database and logs, and
// sets up the log. It knows nothing of Wails, so the desktop app and the
// command-line tools resolve the same folder the same way.
package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"

	"pappu/backend"
)

// EnvDataDir names the environment variable that overrides the data folder
// when no --data-dir flag is given.
const EnvDataDir = "PAPPU_DATA_DIR"

const (
	appFolder  = "PAPPU"
	dbFile     = "pappu.db"
	logFolder  = "logs"
	logFile    = "pappu.log"
	maxLogSize = 10 << 20 // bytes; past this the log is rotated at open
)

// DataDir returns the absolute data folder and creates it if needed. The
// folder is, in order: flagValue when not empty, else $PAPPU_DATA_DIR when not
// empty, else PAPPU inside the user's configuration folder (~/.config/PAPPU
// on Linux, %APPDATA%\PAPPU on Windows).
func DataDir(flagValue string) (string, error) {
	dir := flagValue
	if dir == "" {
		dir = os.Getenv(EnvDataDir)
	}
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("config: find the user configuration folder: %w", err)
		}
		dir = filepath.Join(base, appFolder)
	}

	// An absolute path keeps the log and error messages unambiguous, whatever
	// the working folder of whoever started the app.
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("config: data folder %q: %w", dir, err)
	}

	// Only the user who runs PAPPU may read the files of the persons received.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", dataDirError(dir, err)
	}
	return dir, nil
}

// dataDirError says in French why dir cannot be the data folder.
func dataDirError(dir string, err error) error {
	msg := "Impossible de créer le dossier des données " + dir + " : vérifiez le chemin " +
		"et vos droits sur le dossier parent, ou choisissez-en un autre avec --data-dir."
	if info, serr := os.Stat(dir); serr == nil && !info.IsDir() {
		msg = "Le dossier des données " + dir + " est en fait un fichier : choisissez un " +
			"dossier avec --data-dir."
	} else if errors.Is(err, fs.ErrPermission) {
		msg = "Impossible de créer le dossier des données " + dir + " : accès refusé. " +
			"Choisissez un dossier où vous pouvez écrire, avec --data-dir."
	} else if errors.Is(err, syscall.ENOTDIR) {
		msg = "Impossible de créer le dossier des données " + dir + " : un élément du " +
			"chemin est un fichier et non un dossier."
	}
	return &backend.Error{Code: backend.EInvalid, Field: "data-dir", Message: msg, Err: err}
}

// DBPath returns the path of the SQLite database inside the data folder.
func DBPath(dir string) string { return filepath.Join(dir, dbFile) }

// LogPath returns the path of the current log file inside the data folder.
func LogPath(dir string) string { return filepath.Join(dir, logFolder, logFile) }

// LogOption changes how OpenLog sets up the log.
type LogOption func(*logOptions)

type logOptions struct {
	console io.Writer
}

// WithConsole makes the log also write its lines to w, typically os.Stderr
// when someone runs PAPPU from a terminal.
func WithConsole(w io.Writer) LogOption {
	return func(o *logOptions) { o.console = w }
}

// OpenLog opens the log file of the data folder (logs/pappu.log) for append
// and returns a logger writing to it at the given level. Lines are slog's
// text format (key=value), which a person can read in Notepad over the phone
// and a script can still parse. A file grown past 10 MB is first renamed to
// pappu.log.1, replacing the previous one. The caller closes the closer on
// exit.
func OpenLog(dir string, level slog.Level, opts ...LogOption) (*slog.Logger, io.Closer, error) {
	var o logOptions
	for _, opt := range opts {
		opt(&o)
	}

	path := LogPath(dir)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, fmt.Errorf("config: create log folder: %w", err)
	}
	if err := rotate(path); err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("config: open log: %w", err)
	}

	handlerOpts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(f, handlerOpts)
	if o.console != nil {
		h = slog.NewMultiHandler(h, slog.NewTextHandler(o.console, handlerOpts))
	}
	return slog.New(h), f, nil
}

// rotate renames the log to path.1 when it is larger than maxLogSize. One old
// file is enough to read what happened before a problem was reported.
func rotate(path string) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("config: inspect log: %w", err)
	}
	if info.Size() <= maxLogSize {
		return nil
	}
	if err := os.Rename(path, path+".1"); err != nil {
		return fmt.Errorf("config: rotate log: %w", err)
	}
	return nil
}
