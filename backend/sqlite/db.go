// Package sqlite stores PAPPU's data in one SQLite file and implements the
// backend's services on it. Writes go through a single connection in
// IMMEDIATE transactions, so two processes on the same file wait for each
// other instead of failing; reads go through a pool. Every write also appends
// to the change log and, when a person acts, to the audit log, in the same
// transaction.
package sqlite

import (
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"

	"pappu/backend"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// busyTimeout is how long a write waits for another process's transaction.
// Imports write in batches well under a second, so this is generous.
const busyTimeout = 15 * time.Second

// walSizeLimit is what the WAL file is cut back to each time it starts
// over. Without it the file keeps the size of its busiest moment: a long
// import beside readers once left 13 GB behind.
const walSizeLimit = 64 << 20

// driverName is go-sqlite3 with the settings the connection string cannot
// carry applied to every new connection.
const driverName = "sqlite3_pappu"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec("PRAGMA journal_size_limit = "+strconv.Itoa(walSizeLimit), nil)
			return err
		},
	})
}

// DB is an open PAPPU database.
type DB struct {
	path   string
	writer *sql.DB // one connection; every write goes here
	reader *sql.DB // a pool for queries
	log    *slog.Logger

	// Now returns the current time; tests replace it to fix "now".
	Now func() time.Time

	deviceID string
	clockMu  sync.Mutex
	clock    hlc

	checkpoints *checkpointer // copies the WAL into the file in the background

	orgMu sync.Mutex
	orgID string // cached once the structure exists
}

// Open opens (creating if needed) the database at path and brings its schema
// up to date. A database written by a newer PAPPU is refused, and so is a
// file that is not a readable PAPPU database, with a French message naming
// it.
func Open(path string, log *slog.Logger) (*DB, error) {
	db, err := open(path, log)
	if err != nil && isDamaged(err) {
		return nil, &backend.Error{
			Code: backend.EConflict,
			Message: "Le fichier " + path + " n'est pas une base PAPPU lisible (fichier " +
				"endommagé ?). Restaurez une sauvegarde : voir pappu-cli restore.",
			Err: err,
		}
	}
	return db, err
}

func open(path string, log *slog.Logger) (*DB, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	db := &DB{path: path, log: log, Now: time.Now}
	if err := makePrivate(path); err != nil {
		return nil, openError(path, err)
	}

	var err error
	if db.writer, err = sql.Open(driverName, dsn(path, false)); err != nil {
		return nil, fmt.Errorf("sqlite: open writer: %w", err)
	}
	db.writer.SetMaxOpenConns(1)
	if err := db.writer.Ping(); err != nil {
		db.writer.Close()
		return nil, openError(path, err)
	}
	if err := db.migrate(); err != nil {
		db.writer.Close()
		return nil, err
	}

	if db.reader, err = sql.Open(driverName, dsn(path, true)); err != nil {
		db.writer.Close()
		return nil, fmt.Errorf("sqlite: open reader: %w", err)
	}
	db.reader.SetMaxOpenConns(4)

	if err := db.loadDevice(); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.seedReferences(); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.startCheckpointer(); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// isDamaged reports whether err says the file is not an SQLite database, or
// a damaged one.
func isDamaged(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrNotADB || se.Code == sqlite3.ErrCorrupt)
}

// makePrivate creates the database file readable by its owner only, before
// SQLite creates it with the default permissions; SQLite then gives the WAL
// and shared-memory files the database's. Files left readable by others,
// by an older PAPPU, are tightened. Windows keeps a file private through
// the profile folder's access lists, not through these bits.
func makePrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	f.Close()
	if runtime.GOOS == "windows" {
		return nil
	}
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		info, err := os.Stat(name)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if info.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(name, info.Mode().Perm()&0o700); err != nil {
				return err
			}
		}
	}
	return nil
}

// dsn sets every connection's pragmas in the connection string: a PRAGMA run
// once through a pool would reach one connection only.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", strconv.Itoa(int(busyTimeout/time.Millisecond)))
	q.Set("_synchronous", "NORMAL")
	q.Set("_cache_size", "-16000") // KiB: 16 MB of pages per connection
	// Deleted and overwritten content is zeroed in the pages, so an
	// anonymised name does not linger in free space (see privacy.go).
	q.Set("_secure_delete", "on")
	if readOnly {
		q.Set("_query_only", "true")
	} else {
		q.Set("_txlock", "immediate")
	}
	// Forward slashes work on Windows too; escaping keeps "?" or "#" in a
	// folder name from being read as the start of the parameters.
	return "file:" + url.PathEscape(filepath.ToSlash(path)) + "?" + q.Encode()
}

func openError(path string, err error) error {
	if e := diskError(filepath.Dir(path), err); e != nil {
		return e
	}
	return &backend.Error{
		Code:    backend.EInternal,
		Message: "Impossible d'ouvrir la base de données " + path,
		Err:     err,
	}
}

// Close closes both connections. The writer first copies the WAL into the
// database and empties it, so that another process still using the file
// does not keep it at its largest.
func (db *DB) Close() error {
	errs := []error{db.checkpoints.close()}
	db.checkpoints = nil
	if db.reader != nil {
		errs = append(errs, db.reader.Close())
	}
	if db.writer != nil {
		db.checkpoint()
		errs = append(errs, db.writer.Close())
	}
	return errors.Join(errs...)
}

// checkpoint empties the WAL if no other process is in the middle of using
// it. It waits a second at most: closing must not hang on another
// process's long import, whose own close will checkpoint in turn.
func (db *DB) checkpoint() {
	var busy, pages, done int
	_, err := db.writer.Exec(`PRAGMA busy_timeout = 1000`)
	if err == nil {
		err = db.writer.QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &pages, &done)
	}
	if err != nil || busy != 0 {
		db.log.Debug("checkpoint at close incomplete", slog.Int("busy", busy),
			slog.Int("pages", pages), slog.Int("done", done), slog.Any("err", err))
	}
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

// migrate applies, each in its own transaction, the embedded migrations the
// database has not seen, and refuses a database newer than this binary.
func (db *DB) migrate() error {
	if _, err := db.writer.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return openError(db.path, err)
	}

	names, err := migrationNames()
	if err != nil {
		return err
	}
	var current int
	err = db.writer.QueryRow(`SELECT coalesce(max(version), 0) FROM schema_migrations`).
		Scan(&current)
	if err != nil {
		return openError(db.path, err)
	}
	if latest := len(names); current > latest {
		return &backend.Error{
			Code: backend.EConflict,
			Message: fmt.Sprintf("Cette base de données a été créée par une version plus "+
				"récente de PAPPU (schéma %d, cette version connaît le schéma %d). "+
				"Installez la dernière version de PAPPU.", current, latest),
		}
	}

	for i, name := range names {
		version := i + 1
		if version <= current {
			continue
		}
		if err := db.applyMigration(version, name); err != nil {
			return err
		}
		db.log.Info("migration applied", slog.Int("version", version),
			slog.String("file", name))
	}
	return nil
}

// migrationNames lists the embedded migrations in order; their numbers must
// run 1, 2, 3… without gaps.
func migrationNames() ([]string, error) {
	entries, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		return nil, fmt.Errorf("sqlite: read migrations: %w", err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for i, name := range names {
		n, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil || n != i+1 {
			return nil, fmt.Errorf("sqlite: migration %q out of sequence", name)
		}
	}
	return names, nil
}

func (db *DB) applyMigration(version int, name string) error {
	body, err := migrationFiles.ReadFile("migrations/" + name)
	if err != nil {
		return fmt.Errorf("sqlite: read %s: %w", name, err)
	}
	tx, err := db.writer.Begin()
	if err != nil {
		return openError(db.path, err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(string(body)); err != nil {
		return fmt.Errorf("sqlite: migration %s: %w", name, err)
	}
	if _, err := tx.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
		version, formatTime(time.Now())); err != nil {
		return fmt.Errorf("sqlite: record migration %s: %w", name, err)
	}
	return tx.Commit()
}

// loadDevice reads this device's id, creating it on first open, and starts
// the clock after the newest version the database holds.
func (db *DB) loadDevice() error {
	err := db.writer.QueryRow(`SELECT value FROM settings WHERE key = 'device_id'`).
		Scan(&db.deviceID)
	if errors.Is(err, sql.ErrNoRows) {
		db.deviceID = newID()
		_, err = db.writer.Exec(
			`INSERT OR IGNORE INTO settings (key, value) VALUES ('device_id', ?)`, db.deviceID)
		if err == nil {
			err = db.writer.QueryRow(`SELECT value FROM settings WHERE key = 'device_id'`).
				Scan(&db.deviceID)
		}
	}
	if err != nil {
		return fmt.Errorf("sqlite: device id: %w", err)
	}

	var last sql.NullString
	if err := db.writer.QueryRow(`SELECT version FROM changes ORDER BY seq DESC LIMIT 1`).
		Scan(&last); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlite: last version: %w", err)
	}
	db.clock.observe(last.String)
	return nil
}

// DeviceID returns the id of this device, part of every version it writes.
func (db *DB) DeviceID() string { return db.deviceID }

// timeLayout is how every timestamp is stored: UTC, milliseconds.
const timeLayout = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeLayout, s)
	return t
}
