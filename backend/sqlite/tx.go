package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"pappu/backend"

	"github.com/mattn/go-sqlite3"
)

// tx is a write transaction with what every write needs: one "now" for all
// its rows, the acting user, and the change and audit logs.
type tx struct {
	*sql.Tx
	db    *DB
	now   time.Time
	actor string
	stmts map[string]*sql.Stmt // closed with the transaction
	// bulk marks an import: the rows it creates are audited once, as one
	// "import" entry, rather than one entry each.
	bulk bool
	// counters holds the file numbers given by this transaction, written
	// back once before it commits: an import creates thousands of persons.
	counters map[fileYear]int
	// firstVisits is each person's first-visit day (person_first_visits)
	// as this transaction last read or wrote it.
	firstVisits map[string]string
	// personKeys caches the statistics key of each person (person_keys).
	personKeys map[string]int64
	// dayCounts and themeCounts are the statistics counts the transaction
	// changed, written by saveCounts before it commits.
	dayCounts   map[dayCount]int
	themeCounts map[dayTheme]int
}

type fileYear struct {
	org  string
	year int
}

// write runs fn in an IMMEDIATE transaction on the writer connection and
// commits when fn returns nil.
func (db *DB) write(ctx context.Context, fn func(*tx) error) error {
	sqlTx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return db.storageError("begin", err)
	}
	t := &tx{Tx: sqlTx, db: db, now: db.Now(), actor: backend.ActorFrom(ctx)}
	err = fn(t)
	if err == nil {
		err = t.saveFileCounters()
	}
	if err == nil {
		err = t.saveCounts()
	}
	if err != nil {
		sqlTx.Rollback()
		var be *backend.Error
		if errors.As(err, &be) {
			return err
		}
		return db.storageError("write", err)
	}
	if err := sqlTx.Commit(); err != nil {
		return db.storageError("commit", err)
	}
	return nil
}

// storageError logs a fault no user can act on and returns a safe message.
func (db *DB) storageError(step string, err error) error {
	db.log.Error("storage failure", slog.String("step", step), slog.Any("err", err))
	if e := diskError(filepath.Dir(db.path), err); e != nil {
		return e
	}
	return backend.Internal(fmt.Errorf("sqlite: %s: %w", step, err))
}

// diskError names, in French, a fault of the disk under the data folder
// dir that the user can act on: a full disk, a folder that cannot be
// written. It returns nil for any other error.
func diskError(dir string, err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return nil
	}
	switch se.Code {
	case sqlite3.ErrFull:
		return &backend.Error{Code: backend.EStorage, Err: err, Message: "Le disque de " +
			"PAPPU est plein : rien n'a été enregistré. Libérez de la place sur le disque " +
			"(dossier " + dir + "), puis recommencez."}
	case sqlite3.ErrReadonly, sqlite3.ErrCantOpen, sqlite3.ErrPerm, sqlite3.ErrIoErr:
		return &backend.Error{Code: backend.EStorage, Err: err, Message: "PAPPU ne peut " +
			"pas écrire dans son dossier de données (" + dir + ") : vérifiez qu'il n'est " +
			"pas en lecture seule, que le disque est branché, puis recommencez."}
	}
	return nil
}

// Exec runs a statement prepared once per transaction: an import batch
// writes thousands of rows, and preparing each statement again would halve
// the rate.
func (t *tx) Exec(query string, args ...any) (sql.Result, error) {
	stmt, err := t.prepared(query)
	if err != nil {
		return nil, err
	}
	return stmt.Exec(args...)
}

// QueryRow is Exec's counterpart for single-row queries.
func (t *tx) QueryRow(query string, args ...any) *sql.Row {
	stmt, err := t.prepared(query)
	if err != nil {
		return t.Tx.QueryRow(query, args...) // reports the same error on Scan
	}
	return stmt.QueryRow(args...)
}

func (t *tx) prepared(query string) (*sql.Stmt, error) {
	if s, ok := t.stmts[query]; ok {
		return s, nil
	}
	s, err := t.Tx.Prepare(query)
	if err != nil {
		return nil, err
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[query] = s
	return s, nil
}

// stamp returns the transaction's time and a fresh version for one row.
func (t *tx) stamp() (now, version string) {
	return formatTime(t.now), t.db.newVersion(t.now)
}

// logChange appends a row's new state to the change log.
func (t *tx) logChange(entity, id, version, op string, row any) error {
	data, err := json.Marshal(row)
	if err != nil {
		return fmt.Errorf("encode %s: %w", entity, err)
	}
	_, err = t.Exec(`INSERT INTO changes (entity, entity_id, version, op, data)
		VALUES (?, ?, ?, ?, ?)`, entity, id, version, op, string(data))
	return err
}

// audit records who did what to which entity and which fields, never the
// values. Writes by the system itself (no actor) are not audited.
func (t *tx) audit(action, entity, id string, fields []string) error {
	if t.actor == "" || (t.bulk && action == "create") {
		return nil
	}
	_, err := t.Exec(`INSERT INTO audit_log
		(id, at, user_id, device_id, action, entity, entity_id, fields)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		newID(), formatTime(t.now), t.actor, t.db.deviceID, action, entity, id,
		strings.Join(fields, ","))
	return err
}
