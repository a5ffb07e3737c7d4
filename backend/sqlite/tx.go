package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"pappu/backend"
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
	return backend.Internal(fmt.Errorf("sqlite: %s: %w", step, err))
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
