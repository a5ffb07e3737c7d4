package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pappu/backend"
)

// Reminders fire from the local notifications table: a row per task and
// reminder instant that has fired on this device. Its UNIQUE (task_id,
// remind_at) is what makes a reminder fire once, also across a restart, and
// a reminder moved to a new instant fire again. The rows are the in-app
// notification centre too.

// lateAfter is how long after its minute a reminder counts as late: one
// that fires at the next start, or after the computer slept.
const lateAfter = time.Minute

// settingRemindersChecked is the local setting holding the instant up to
// which the reminders have been looked at.
const settingRemindersChecked = "reminders_checked_at"

// FireDueReminders fires, once each, the reminders of open tasks due at or
// before now, and returns them, so that the window can show them on the
// desktop. Selecting and recording happen in one transaction.
// desktopTitle is what a fired reminder says on the desktop: its task's
// title, except for a task about a file reserved to its referents, whose
// title may name the person and which anyone at the screen could read.
const desktopTitle = `CASE WHEN EXISTS (SELECT 1 FROM persons p WHERE p.id = tasks.person_id
	AND p.restricted = 1) THEN 'Rappel d''un dossier réservé' ELSE title END`

func (db *DB) FireDueReminders(ctx context.Context, now time.Time) ([]backend.Notification,
	error) {
	out := []backend.Notification{}
	err := db.write(ctx, func(t *tx) error {
		var err error
		out, err = t.fireDueReminders(now)
		return err
	})
	return out, err
}

func (t *tx) fireDueReminders(now time.Time) ([]backend.Notification, error) {
	// Look at reminders due since the last run, and at tasks changed since
	// then, whose reminder may have moved to an instant already past. A
	// minute of slack covers writes stamped a little before the last run.
	// Each query names its index: among 100 000 tasks, the planner would
	// otherwise walk every reminder ever due to find the few changed.
	var checked string
	err := t.QueryRow(`SELECT value FROM settings WHERE key = ?`,
		settingRemindersChecked).Scan(&checked)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	since := ""
	if checked != "" {
		since = formatTime(parseTime(checked).Add(-time.Minute))
	}
	until := formatTime(now)
	due, err := t.dueReminders(`SELECT id, `+desktopTitle+`, due_at, remind_at,
		coalesce(assignee_id, '') FROM tasks INDEXED BY tasks_remind WHERE status = 'todo' AND deleted_at IS NULL
		AND remind_at IS NOT NULL AND remind_at > ? AND remind_at <= ? ORDER BY remind_at`,
		since, until)
	if err != nil {
		return nil, err
	}
	if since != "" {
		changed, err := t.dueReminders(`SELECT id, `+desktopTitle+`, due_at, remind_at,
			coalesce(assignee_id, '') FROM tasks INDEXED BY tasks_updated
			WHERE status = 'todo' AND deleted_at IS NULL AND updated_at >= ?
			AND remind_at IS NOT NULL
			AND remind_at <= ? ORDER BY remind_at`, since, since)
		if err != nil {
			return nil, err
		}
		due = append(changed, due...)
	}

	fired := []backend.Notification{}
	for _, r := range due {
		n := backend.Notification{ID: newID(), TaskID: r.taskID, Title: r.title,
			DueAt: r.dueAt, FiredAt: now, Late: now.Sub(r.remindAt) > lateAfter}
		res, err := t.Exec(`INSERT INTO notifications (id, task_id, remind_at, fired_at,
			late, user_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			n.ID, r.taskID, formatTime(r.remindAt), formatTime(now), n.Late,
			nullable(r.assignee))
		if err != nil {
			return nil, err
		}
		if added, _ := res.RowsAffected(); added == 1 {
			fired = append(fired, n)
		}
	}
	if checked == "" || until > checked {
		if _, err := t.Exec(`INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
			settingRemindersChecked, until); err != nil {
			return nil, err
		}
	}
	return fired, nil
}

type dueReminder struct {
	taskID, title, assignee string
	dueAt, remindAt         time.Time
}

func (t *tx) dueReminders(query string, args ...any) ([]dueReminder, error) {
	stmt, err := t.prepared(query)
	if err != nil {
		return nil, err
	}
	rows, err := stmt.Query(args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dueReminder
	for rows.Next() {
		var r dueReminder
		var due, remind string
		if err := rows.Scan(&r.taskID, &r.title, &due, &remind, &r.assignee); err != nil {
			return nil, err
		}
		r.dueAt, r.remindAt = parseTime(due), parseTime(remind)
		out = append(out, r)
	}
	return out, rows.Err()
}

// notificationsFor is the condition of the notifications the acting user
// sees: theirs and those of tasks for the whole structure.
const notificationsFor = `(n.user_id = ? OR n.user_id IS NULL)`

// Notifications lists the acting user's notifications, newest first, with
// their task's current title.
func (db *DB) Notifications(ctx context.Context, limit int) ([]backend.Notification, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT n.id, n.task_id,
		coalesce(t.title, ''), coalesce(t.due_at, ''), n.fired_at, n.late, n.read_at,
		coalesce(t.person_id, '')
		FROM notifications n LEFT JOIN tasks t ON t.id = n.task_id
		WHERE `+notificationsFor+` ORDER BY n.fired_at DESC, n.id DESC LIMIT ?`,
		backend.ActorFrom(ctx), limit)
	if err != nil {
		return nil, db.storageError("notifications", err)
	}
	defer rows.Close()
	out := []backend.Notification{}
	var persons []string
	for rows.Next() {
		var n backend.Notification
		var due, fired, person string
		var read sql.NullString
		if err := rows.Scan(&n.ID, &n.TaskID, &n.Title, &due, &fired, &n.Late,
			&read, &person); err != nil {
			return nil, db.storageError("notifications", err)
		}
		n.DueAt, n.FiredAt, n.ReadAt = parseTime(due), parseTime(fired), optionalTime(read)
		n.Read = n.ReadAt != nil
		out = append(out, n)
		persons = append(persons, person)
	}
	if err := rows.Err(); err != nil {
		return nil, db.storageError("notifications", err)
	}
	hidden, err := db.hiddenAmong(ctx, len(persons), func(i int) string { return persons[i] })
	if err != nil {
		return nil, err
	}
	for i, p := range persons {
		if hidden[p] {
			out[i].Title = "Tâche d'un dossier réservé"
		}
	}
	return out, nil
}

// UnreadNotifications counts the acting user's unread notifications.
func (db *DB) UnreadNotifications(ctx context.Context) (int, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM notifications n
		WHERE read_at IS NULL AND `+notificationsFor, backend.ActorFrom(ctx)).Scan(&n)
	if err != nil {
		return 0, db.storageError("unread notifications", err)
	}
	return n, nil
}

// MarkNotificationsRead marks one of the acting user's notifications read,
// or all of them when id is empty.
func (db *DB) MarkNotificationsRead(ctx context.Context, id string) error {
	return db.write(ctx, func(t *tx) error {
		query := `UPDATE notifications AS n SET read_at = ?
			WHERE read_at IS NULL AND ` + notificationsFor
		args := []any{formatTime(t.now), backend.ActorFrom(ctx)}
		if id != "" {
			query += ` AND id = ?`
			args = append(args, id)
		}
		_, err := t.Exec(query, args...)
		return err
	})
}
