package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"pappu/backend"
	"pappu/backend/holidays"
)

// A procedure's key dates imply tasks: when a residence permit or a receipt
// expires, its renewal must be prepared ahead. Each such task carries an
// origin key, "<procedure id>/permit_until" or "<procedure id>/receipt_until"
// (unique among live tasks), so that a change of the date moves the task
// rather than adding one.

// keyDates are the key dates that bring a renewal task, and what it says.
// receiptSuffix keys the task of a receipt's end.
const receiptSuffix = "/receipt_until"

var keyDates = []struct {
	suffix string
	date   func(backend.Procedure) string
	lead   func(backend.KeyDateLead) int
	notes  string
}{
	{"/permit_until", func(p backend.Procedure) string { return p.PermitUntil },
		func(l backend.KeyDateLead) int { return l.PermitDays },
		"Le titre de séjour expire le %s."},
	{receiptSuffix, func(p backend.Procedure) string { return p.ReceiptUntil },
		func(l backend.KeyDateLead) int { return l.ReceiptDays },
		"Le récépissé expire le %s."},
}

// renewalTitle is the title of every task generated from a key date.
const renewalTitle = "Renouvellement à préparer"

// renewalHour is when, on its day, a renewal task is due and reminds.
const renewalHour = 9

// syncKeyDateTasks keeps the tasks a procedure's key dates imply in step
// with the procedure, in the procedure's transaction: it creates the task
// of a new date, moves it when the date changes, cancels it when the date
// is cleared or the procedure closed. A task already done stays done; a
// new date after it brings a new task.
func (t *tx) syncKeyDateTasks(p backend.Procedure) error {
	settings, err := t.keyDateSettings()
	if err != nil {
		return err
	}
	lead := settings.Lead(p.Type)
	for _, k := range keyDates {
		date := k.date(p)
		if p.Status == backend.StatusClosed {
			date = ""
		}
		// A receipt covers the wait for a decision: once it is taken, the
		// receipt's renewal is moot (a granted permit has its own date).
		if k.suffix == receiptSuffix && (p.Status == backend.StatusGranted ||
			p.Status == backend.StatusRefused) {
			date = ""
		}
		if err := t.syncKeyDateTask(p, p.ID+k.suffix, date, k.lead(lead), k.notes); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) syncKeyDateTask(p backend.Procedure, key, date string, leadDays int,
	notes string) error {
	old, found, err := t.taskByOrigin(key)
	if err != nil {
		return err
	}
	if date == "" {
		if found && old.Status == backend.TaskTodo {
			next := old
			next.Status = backend.TaskCancelled
			return t.updateTask(old, next)
		}
		return nil
	}
	want, err := t.renewalTask(p, date, leadDays, notes)
	if err != nil {
		return err
	}
	switch {
	case !found:
		return t.insertTask(want, key)
	case old.DueAt.Equal(want.DueAt) && old.Notes == want.Notes:
		return nil // unchanged, or done or cancelled by a user for this date
	case old.Status == backend.TaskDone:
		// Done for the previous date: keep it as history, under a key of
		// its own, and prepare the renewal of the new date.
		if _, err := t.Exec(`UPDATE tasks SET origin_key = ? WHERE id = ?`,
			key+"@"+taskDay(old.DueAt), old.ID); err != nil {
			return err
		}
		return t.insertTask(want, key)
	}
	next := old
	next.Status, next.DueAt, next.RemindAt, next.Notes =
		backend.TaskTodo, want.DueAt, want.RemindAt, want.Notes
	return t.updateTask(old, next)
}

// renewalTask is the task a key date implies: due leadDays before it, on
// the working day at or before that day, at 9:00 in Paris, reminding then.
// When that is already past, the reminder fires at the next tick, late: the
// renewal should be under way.
func (t *tx) renewalTask(p backend.Procedure, date string, leadDays int,
	notes string) (backend.Task, error) {
	day, err := time.ParseInLocation(time.DateOnly, date, parisZone)
	if err != nil {
		return backend.Task{}, backend.Invalid("keyDate",
			"La date « %s » n'est pas une date valide (attendu AAAA-MM-JJ).", date)
	}
	due := time.Date(day.Year(), day.Month(), day.Day()-leadDays, renewalHour, 0, 0, 0,
		parisZone)
	due = holidays.PreviousWorkingDay(due, holidays.Metropolitan).UTC()
	remind := due
	return backend.Task{ID: newID(), Title: renewalTitle,
		Notes: formatNote(notes, day), DueAt: due, RemindAt: &remind,
		Priority: backend.PriorityHigh, Status: backend.TaskTodo, AssigneeID: p.OpenedBy,
		PersonID: p.PersonID, ProcedureID: p.ID, Origin: backend.OriginKeyDate}, nil
}

func formatNote(format string, day time.Time) string {
	return fmt.Sprintf(format, day.Format("02/01/2006"))
}

// taskByOrigin returns the live task generated under key, if any.
func (t *tx) taskByOrigin(key string) (backend.Task, bool, error) {
	task, err := scanTask(t.QueryRow(`SELECT `+taskColumns+` FROM tasks
		WHERE origin_key = ? AND deleted_at IS NULL`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return task, false, nil
	}
	return task, err == nil, err
}

// keyDateSettings reads the leads of the renewal tasks, in the transaction.
func (t *tx) keyDateSettings() (backend.KeyDateSettings, error) {
	var raw string
	err := t.QueryRow(`SELECT value FROM settings WHERE key = ?`,
		backend.SettingKeyDateLeads).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return backend.DefaultKeyDateSettings(), nil
	}
	if err != nil {
		return backend.KeyDateSettings{}, err
	}
	return decodeKeyDateSettings(raw)
}

func decodeKeyDateSettings(raw string) (backend.KeyDateSettings, error) {
	s := backend.DefaultKeyDateSettings()
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return s, backend.Invalid(backend.SettingKeyDateLeads,
			"Les délais des rappels de renouvellement enregistrés sont illisibles.")
	}
	if s.ByType == nil {
		s.ByType = map[string]backend.KeyDateLead{}
	}
	return s, s.Check()
}

// KeyDateSettings returns how long before a permit's or a receipt's expiry
// its renewal task falls, by procedure type.
func (db *DB) KeyDateSettings(ctx context.Context) (backend.KeyDateSettings, error) {
	raw, err := db.Setting(ctx, backend.SettingKeyDateLeads, "")
	if err != nil || raw == "" {
		return backend.DefaultKeyDateSettings(), err
	}
	return decodeKeyDateSettings(raw)
}

// SetKeyDateSettings stores the leads of the renewal tasks. Tasks already
// generated move at their procedure's next change.
func (db *DB) SetKeyDateSettings(ctx context.Context, s backend.KeyDateSettings) error {
	if s.ByType == nil {
		s.ByType = map[string]backend.KeyDateLead{}
	}
	if err := s.Check(); err != nil {
		return err
	}
	raw, err := json.Marshal(s)
	if err != nil {
		return db.storageError("key date settings", err)
	}
	return db.SetSetting(ctx, backend.SettingKeyDateLeads, string(raw))
}
