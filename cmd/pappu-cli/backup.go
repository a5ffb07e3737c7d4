package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/term"

	"pappu/app"
	"pappu/backend"
	"pappu/backend/backup"
	"pappu/backend/config"
	"pappu/backend/sqlite"
)

// The passphrase is read from a file (--passphrase-file) or from standard
// input, never from a flag's value: the command lines of running programs
// can be read by other users of the machine, and shells keep a history.

// runBackup writes a backup now, verifies it and prunes the folder:
// pappu-cli backup [--to DIR] [--passphrase-file F]. Without --to, it writes
// to the folder of the daily backup; without --passphrase-file, it uses the
// daily backup's key, else asks for the passphrase.
func runBackup(ctx context.Context, e *env, args []string) int {
	fs := e.flags("backup", "backup [--to DOSSIER] [--passphrase-file FICHIER] "+
		"[--data-dir DOSSIER] --user IDENTIFIANT")
	to := fs.String("to", "", "dossier où écrire la sauvegarde (clé USB, partage réseau)")
	passFile := fs.String("passphrase-file", "", "fichier contenant la phrase de passe")
	if _, code := e.parse(fs, args, 0); code != parsed {
		return code
	}

	defer e.close()
	ctx, err := e.openAs(ctx, "cli.backup", backend.ActSettings)
	if err != nil {
		return e.fail(err)
	}
	cfg, err := backup.LoadConfig(ctx, e.svc.Store())
	if err != nil {
		return e.fail(err)
	}
	dir := *to
	if dir == "" {
		dir = cfg.Folder
	}
	if dir == "" {
		return backupUsage(e, "indiquez le dossier avec --to DOSSIER (aucune sauvegarde "+
			"quotidienne n'est configurée, voir backup-config).")
	}

	start, now := time.Now(), time.Now()
	dbPath := config.DBPath(e.dataDir)
	var path string
	if *passFile == "" && cfg.Enabled() {
		path, err = backup.BackupWithKey(ctx, dbPath, dir, cfg.Key, now)
	} else {
		var pass []byte
		if pass, err = readPassphrase(e, *passFile, true); err != nil {
			return e.fail(err)
		}
		// In the daily backups' folder, a backup under another passphrase
		// could not be restored with the structure's own.
		if cfg.Enabled() && filepath.Clean(dir) == filepath.Clean(cfg.Folder) &&
			!cfg.Key.Opens(pass) {
			return e.fail(backend.Invalid("passphrase", "Cette phrase de passe n'est pas "+
				"celle des sauvegardes quotidiennes de ce dossier (voir backup-config)."))
		}
		path, err = backup.Backup(ctx, dbPath, dir, pass, now)
	}
	if err != nil {
		return e.fail(err)
	}
	removed, err := backup.Prune(dir, now)
	if err != nil {
		return e.fail(err)
	}
	if err := app.RecordBackup(ctx, e.svc.Store(), path); err != nil {
		return e.fail(err)
	}

	size := int64(0)
	if info, err := os.Stat(path); err == nil {
		size = info.Size()
	}
	e.log.Info("backup written", slog.String("file", path), slog.Int64("bytes", size),
		slog.Int("removed", len(removed)))
	fmt.Fprintf(e.stdout, "Sauvegarde écrite et vérifiée : %s (%s Mo, en %s s)\n", path,
		decimal(float64(size)/1e6), decimal(time.Since(start).Seconds()))
	fmt.Fprintf(e.stdout, "Anciennes sauvegardes supprimées : %d\n", len(removed))
	return 0
}

// runBackupConfig stores the folder and the key of the daily backup:
// pappu-cli backup-config --to DIR [--passphrase-file F].
func runBackupConfig(ctx context.Context, e *env, args []string) int {
	fs := e.flags("backup-config", "backup-config --to DOSSIER [--passphrase-file FICHIER] "+
		"[--data-dir DOSSIER] --user IDENTIFIANT")
	to := fs.String("to", "", "dossier des sauvegardes quotidiennes (clé USB, partage réseau)")
	passFile := fs.String("passphrase-file", "", "fichier contenant la phrase de passe")
	if _, code := e.parse(fs, args, 0); code != parsed {
		return code
	}
	if *to == "" {
		return backupUsage(e, "indiquez le dossier des sauvegardes avec --to DOSSIER.")
	}

	defer e.close()
	ctx, err := e.openAs(ctx, "cli.backup-config", backend.ActSettings)
	if err != nil {
		return e.fail(err)
	}
	pass, err := readPassphrase(e, *passFile, true)
	if err != nil {
		return e.fail(err)
	}
	cfg, err := backup.Configure(ctx, e.svc.Store(), *to, pass)
	if err != nil {
		return e.fail(err)
	}
	e.log.Info("daily backup configured", slog.String("folder", cfg.Folder))
	fmt.Fprintf(e.stdout, "Sauvegarde quotidienne configurée dans %s.\n"+
		"PAPPU y écrit une sauvegarde chiffrée chaque jour où il est ouvert, et garde celles\n"+
		"des %d derniers jours, %d dernières semaines et %d derniers mois.\n"+
		"Gardez la phrase de passe en lieu sûr, ailleurs que sur la clé : sans elle,\n"+
		"aucune sauvegarde ne peut être restaurée.\n",
		cfg.Folder, backup.KeepDaily, backup.KeepWeekly, backup.KeepMonthly)
	return 0
}

// runRestore replaces the database by a backup's:
// pappu-cli restore FILE [--passphrase-file F] [--yes].
//
// It asks for no PAPPU login: the database to replace may be too damaged to
// read one, and whoever can replace its file can already do so by hand. The
// backup's passphrase is what authorises a restore.
func runRestore(ctx context.Context, e *env, args []string) int {
	fs := newFlags("restore", "restore FICHIER [--passphrase-file FICHIER] [--yes] "+
		"[--data-dir DOSSIER]")
	fs.StringVar(&e.dataDir, "data-dir", "", "dossier des données de PAPPU")
	passFile := fs.String("passphrase-file", "", "fichier contenant la phrase de passe")
	yes := fs.Bool("yes", false, "ne demande pas de confirmation")
	files, code := e.parse(fs, args, 1)
	if code != parsed {
		return code
	}
	if len(files) == 0 {
		return backupUsage(e, "indiquez le fichier de sauvegarde à restaurer.")
	}
	file := files[0]

	dir, err := config.DataDir(e.dataDir)
	if err != nil {
		return e.fail(err)
	}
	e.dataDir = dir
	if e.log, e.closeLog, err = config.OpenLog(dir, slog.LevelInfo); err != nil {
		return e.fail(err)
	}
	defer e.close()
	dbPath := config.DBPath(dir)

	pass, err := readPassphrase(e, *passFile, false)
	if err != nil {
		return e.fail(err)
	}
	if !*yes {
		if err := confirmRestore(e, dbPath); err != nil {
			return e.fail(err)
		}
	}

	fmt.Fprintln(e.stderr, "Vérification de la sauvegarde…")
	aside, err := backup.Restore(ctx, file, pass, dbPath, time.Now(), app.CheckRestored(e.log))
	if err != nil {
		e.log.Warn("restore refused", slog.String("file", file), slog.String("code",
			backend.ErrorCode(err)), slog.Any("err", err))
		return e.fail(err)
	}
	e.log.Info("database restored", slog.String("file", file), slog.String("aside", aside))
	if err := recordRestore(ctx, e, dbPath, file); err != nil {
		e.log.Error("auditing a restore", slog.Any("err", err))
	}
	fmt.Fprintf(e.stdout, "Sauvegarde %s restaurée dans %s.\n", filepath.Base(file), dbPath)
	switch {
	case aside == "":
	case backup.Sealed(aside):
		fmt.Fprintf(e.stdout, "L'ancienne base est gardée, chiffrée avec la même phrase de "+
			"passe, sous %s ; pour y revenir : pappu-cli restore « %s ».\n", aside, aside)
	default:
		fmt.Fprintf(e.stdout, "L'ancienne base n'a pas pu être chiffrée : elle est gardée "+
			"en clair sous %s. Supprimez-la dès que vous n'en avez plus besoin.\n", aside)
	}
	return 0
}

// recordRestore writes the restore into the restored database's audit log,
// as the system: the command asks for no PAPPU login.
func recordRestore(ctx context.Context, e *env, dbPath, file string) error {
	db, err := sqlite.Open(dbPath, e.log)
	if err != nil {
		return err
	}
	err = app.RecordRestore(ctx, db, file)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// confirmRestore asks on the terminal before replacing the database.
func confirmRestore(e *env, dbPath string) error {
	f, ok := stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return backend.Invalid("yes", "Ajoutez --yes pour remplacer la base sans confirmation.")
	}
	fmt.Fprintf(e.stderr, "La base %s va être remplacée par cette sauvegarde ; l'actuelle\n"+
		"sera gardée à côté. Tapez oui pour continuer : ", dbPath)
	line, _ := bufio.NewReader(f).ReadString('\n')
	if answer := strings.ToLower(strings.TrimSpace(line)); answer != "oui" && answer != "o" {
		return backend.Invalid("yes", "Restauration annulée.")
	}
	return nil
}

// readPassphrase reads the passphrase from file, else from standard input:
// typed without echo on a terminal (twice when confirm, since a typo would
// make every backup unreadable), else its first line. The line end and a
// byte-order mark, which Notepad may add, are not part of it.
func readPassphrase(e *env, file string, confirm bool) ([]byte, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, backend.Invalid("passphrase-file",
				"Impossible de lire le fichier de phrase de passe %s.", file)
		}
		return cleanPassphrase(b), nil
	}

	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.stderr, "Phrase de passe des sauvegardes : ")
		pass, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.stderr)
		if err != nil {
			return nil, backend.Internal(err)
		}
		if confirm {
			fmt.Fprint(e.stderr, "Retapez-la : ")
			again, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(e.stderr)
			if err != nil {
				return nil, backend.Internal(err)
			}
			if !bytes.Equal(pass, again) {
				return nil, backend.Invalid("passphrase", "Les deux saisies diffèrent.")
			}
		}
		return pass, nil
	}

	line, err := bufio.NewReader(stdin).ReadBytes('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, backend.Internal(err)
	}
	pass := cleanPassphrase(line)
	if len(pass) == 0 {
		return nil, backend.Invalid("passphrase", "Aucune phrase de passe lue : donnez-la "+
			"avec --passphrase-file FICHIER ou sur l'entrée standard.")
	}
	return pass, nil
}

func cleanPassphrase(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	return bytes.TrimRight(b, "\r\n")
}

// decimal writes x with one decimal and a comma, as French does.
func decimal(x float64) string {
	return strings.Replace(fmt.Sprintf("%.1f", x), ".", ",", 1)
}

func backupUsage(e *env, msg string) int {
	fmt.Fprintln(e.stderr, "Erreur :", msg)
	fmt.Fprint(e.stderr, `Usage :
  pappu-cli backup [--to DOSSIER] [--passphrase-file FICHIER] --user IDENTIFIANT
  pappu-cli backup-config --to DOSSIER [--passphrase-file FICHIER] --user IDENTIFIANT
  pappu-cli restore FICHIER [--passphrase-file FICHIER] [--yes]
`)
	return 2
}
