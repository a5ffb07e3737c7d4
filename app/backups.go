package app

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"pappu/backend"
	"pappu/backend/backup"
	"pappu/backend/sqlite"
)

// Backups configures, makes and restores the encrypted backups from the
// window; administrators only (the structure's settings).
type Backups struct {
	deps *deps
	// forget drops what the services hold from the database a restore
	// replaces (import previews).
	forget func()
}

// BackupStatus is what the backups screen shows: where backups go, and how
// the last one went, even when the USB key is not plugged in.
type BackupStatus struct {
	Configured  bool      `json:"configured"`
	Folder      string    `json:"folder"`
	LastSuccess time.Time `json:"lastSuccess,omitzero"`
	LastFile    string    `json:"lastFile"`
	LastFailure time.Time `json:"lastFailure,omitzero"`
	Failure     string    `json:"failure"` // French, safe to show
	KeepDaily   int       `json:"keepDaily"`
	KeepWeekly  int       `json:"keepWeekly"`
	KeepMonthly int       `json:"keepMonthly"`
	MinLength   int       `json:"minLength"` // of the passphrase
}

// BackupDone is a backup just written and verified.
type BackupDone struct {
	File    string       `json:"file"` // its name in the folder
	Path    string       `json:"path"`
	Removed int          `json:"removed"` // older backups the rotation removed
	Status  BackupStatus `json:"status"`
}

// Restored says what a restore did: the database now holds the backup's
// data and accounts, and the replaced one was kept aside.
type Restored struct {
	File  string `json:"file"`
	Aside string `json:"aside"` // the replaced database's path; "" if there was none
}

// Status returns the configured folder and how the last backup went.
func (b *Backups) Status() (BackupStatus, error) {
	ctx, err := b.deps.authorize("Backups.Status", backend.ActSettings)
	if err != nil {
		return BackupStatus{}, err
	}
	return done[BackupStatus](b.deps, "Backups.Status")(b.status(ctx))
}

func (b *Backups) status(ctx context.Context) (BackupStatus, error) {
	st := BackupStatus{KeepDaily: backup.KeepDaily, KeepWeekly: backup.KeepWeekly,
		KeepMonthly: backup.KeepMonthly, MinLength: backup.MinPassphraseLength}
	cfg, err := backup.LoadConfig(ctx, b.deps.store)
	if err != nil {
		return st, err
	}
	last, err := backup.LoadStatus(ctx, b.deps.store)
	if err != nil {
		return st, err
	}
	st.Configured, st.Folder = cfg.Enabled(), cfg.Folder
	st.LastSuccess, st.LastFile = last.LastSuccess, last.LastFile
	st.LastFailure, st.Failure = last.LastFailure, last.Failure
	return st, nil
}

// Configure sets the folder of the daily backups (a USB key, a network
// share) and the structure's passphrase, at least 12 characters; the
// window asks for it twice. Only a key derived from it is stored.
func (b *Backups) Configure(folder, passphrase string) (BackupStatus, error) {
	ctx, err := b.deps.authorize("Backups.Configure", backend.ActSettings)
	if err != nil {
		return BackupStatus{}, err
	}
	cfg, err := backup.Configure(ctx, b.deps.store, strings.TrimSpace(folder),
		[]byte(passphrase))
	if err != nil {
		return BackupStatus{}, PublicError(b.deps.log, "Backups.Configure", err)
	}
	b.deps.log.Info("daily backup configured", slog.String("folder", cfg.Folder))
	return done[BackupStatus](b.deps, "Backups.Configure")(b.status(ctx))
}

// Now writes a backup at once with the configured key, verifies it, prunes
// the folder and records it, in the status and in the audit log.
func (b *Backups) Now() (BackupDone, error) {
	ctx, err := b.deps.authorize("Backups.Now", backend.ActSettings)
	if err != nil {
		return BackupDone{}, err
	}
	store := b.deps.store
	cfg, err := backup.LoadConfig(ctx, store)
	if err != nil {
		return BackupDone{}, PublicError(b.deps.log, "Backups.Now", err)
	}
	if !cfg.Enabled() {
		return BackupDone{}, PublicError(b.deps.log, "Backups.Now", backend.Invalid("folder",
			"Choisissez d'abord le dossier et la phrase de passe des sauvegardes."))
	}
	path, removed, err := backup.Now(ctx, store, cfg, store.Path(), store.Now(), b.deps.log)
	if path == "" {
		return BackupDone{}, PublicError(b.deps.log, "Backups.Now", err)
	}
	if err != nil { // written, but the rotation failed: said, not fatal
		b.deps.log.Warn("pruning backups", slog.Any("err", err))
	}
	if err := RecordBackup(ctx, store, path); err != nil {
		return BackupDone{}, PublicError(b.deps.log, "Backups.Now", err)
	}
	b.deps.log.Info("backup written", slog.String("file", path),
		slog.Int("removed", len(removed)))
	st, err := b.status(ctx)
	return done[BackupDone](b.deps, "Backups.Now")(BackupDone{File: filepath.Base(path),
		Path: path, Removed: len(removed), Status: st}, err)
}

// RecordBackup writes the audit entry of a backup made by a person: the
// file's name, which holds a date and no personal data.
func RecordBackup(ctx context.Context, store *sqlite.DB, path string) error {
	return store.Audit(ctx, "backup", "backup", filepath.Base(path), nil)
}

// RecordRestore writes the audit entry of a restore into the restored
// database, whose log otherwise ends with the backup.
func RecordRestore(ctx context.Context, store *sqlite.DB, file string) error {
	return store.Audit(ctx, "restore", "backup", filepath.Base(file), nil)
}

// CheckRestored is the check a restore runs on the decrypted copy before it
// replaces anything: it opens the copy as PAPPU will, so that an older
// schema is upgraded first and a newer one is refused.
func CheckRestored(log *slog.Logger) backup.RestoreOption {
	return backup.CheckWith(func(_ context.Context, path string) error {
		db, err := sqlite.Open(path, log)
		if err != nil {
			return err
		}
		return db.Close()
	})
}

// Restore replaces the database by the backup in file. The app holds the
// database open, so the background jobs stop, the database is closed and
// its lock released; backup.Restore then checks the passphrase and the
// whole file before it replaces anything, and keeps the replaced database
// aside. The database at the same path is opened again either way: on
// success it is the backup's, with its own accounts, so the user is logged
// out; on a refusal it is the one that was there, untouched, and the user
// goes on. Calls made meanwhile get "restauration en cours".
func (b *Backups) Restore(file, passphrase string) (Restored, error) {
	ctx, err := b.deps.authorize("Backups.Restore", backend.ActSettings)
	if err != nil {
		return Restored{}, err
	}
	file = strings.TrimSpace(file)
	if file == "" {
		return Restored{}, PublicError(b.deps.log, "Backups.Restore",
			backend.Invalid("file", "Indiquez le fichier de sauvegarde à restaurer."))
	}
	aside, err := b.deps.restore(ctx, file, []byte(passphrase), b.forget)
	if err != nil {
		return Restored{}, PublicError(b.deps.log, "Backups.Restore", err)
	}
	return Restored{File: filepath.Base(file), Aside: aside}, nil
}

// restore swaps the database for the backup's; see Backups.Restore.
func (d *deps) restore(ctx context.Context, file string, pass []byte,
	forget func()) (string, error) {
	d.mu.Lock()
	if d.restoring {
		d.mu.Unlock()
		return "", errRestoring
	}
	d.restoring = true
	old, release := d.store, d.releaseDB
	d.mu.Unlock()

	jobsRan := d.stopJobs()
	path, now := old.Path(), old.Now()
	if err := old.Close(); err != nil {
		d.log.Warn("closing the database before a restore", slog.Any("err", err))
	}
	release()

	aside, err := backup.Restore(ctx, file, pass, path, now, CheckRestored(d.log))
	if err != nil {
		d.log.Warn("restore refused", slog.String("file", file),
			slog.String("code", backend.ErrorCode(err)), slog.Any("err", err))
	}
	store, hold, oerr := openDatabase(path, d.log)
	d.mu.Lock()
	d.restoring = false
	if oerr == nil {
		d.store, d.releaseDB = store, hold
	}
	if err == nil {
		d.sess = nil // the restored database has its own accounts
	}
	d.mu.Unlock()
	if oerr != nil {
		// TODO: every call now fails until PAPPU is restarted; say it on a
		// screen of its own rather than through each call's error.
		return "", &backend.Error{Code: backend.EInternal, Err: oerr,
			Message: "La base n'a pas pu être rouverte : fermez PAPPU et rouvrez-le."}
	}
	if jobsRan {
		d.startJobs()
	}
	if err != nil {
		return "", err
	}

	forget()
	d.log.Info("database restored", slog.String("file", file), slog.String("aside", aside))
	if aerr := RecordRestore(ctx, store, file); aerr != nil {
		d.log.Error("auditing a restore", slog.Any("err", aerr))
	}
	return aside, nil
}

// ChooseFile opens the system's dialog to pick a backup file; "" when
// cancelled.
func (b *Backups) ChooseFile() (string, error) {
	if _, err := b.deps.authorize("Backups.ChooseFile", backend.ActSettings); err != nil {
		return "", err
	}
	return b.deps.dialog("Backups.ChooseFile", func(d Dialogs) (string, error) {
		return d.OpenFile("Sauvegarde PAPPU", "*"+backup.FileExt)
	})
}

// ChooseFolder opens the system's dialog to pick the backups' folder; ""
// when cancelled.
func (b *Backups) ChooseFolder() (string, error) {
	if _, err := b.deps.authorize("Backups.ChooseFolder", backend.ActSettings); err != nil {
		return "", err
	}
	return b.deps.dialog("Backups.ChooseFolder", func(d Dialogs) (string, error) {
		return d.OpenFolder("Dossier des sauvegardes")
	})
}

// dialog runs one of the system's dialogs, which only the desktop window
// has.
func (d *deps) dialog(method string, open func(Dialogs) (string, error)) (string, error) {
	d.mu.Lock()
	dialogs := d.dialogs
	d.mu.Unlock()
	if dialogs == nil {
		return "", PublicError(d.log, method, &backend.Error{Code: backend.EConflict,
			Field: "dialog", Message: "Cette fenêtre ne peut pas ouvrir le sélecteur de " +
				"fichiers : tapez le chemin."})
	}
	path, err := open(dialogs)
	if err != nil {
		return "", PublicError(d.log, method, err)
	}
	return path, nil
}
