package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"pappu/backend"
	"pappu/backend/holidays"
)

// Tasks (tâches): something to do by an instant, with an optional reminder,
// assigned to a user or to the whole structure, linked to a person, a
// procedure, a partner or a visit. The reminders and the notification
// centre are in reminders.go; the tasks generated from a procedure's key
// dates in keydates.go.

const taskColumns = `id, title, notes, due_at, remind_at, priority, status,
	coalesce(assignee_id, ''), coalesce(person_id, ''), coalesce(procedure_id, ''),
	coalesce(partner_id, ''), coalesce(visit_id, ''), recurrence, working_day, origin,
	coalesce(created_by, ''), done_at, created_at, updated_at`

func scanTask(row interface{ Scan(...any) error }) (backend.Task, error) {
	var t backend.Task
	var due, created, updated string
	var remind, done sql.NullString
	err := row.Scan(&t.ID, &t.Title, &t.Notes, &due, &remind, &t.Priority, &t.Status,
		&t.AssigneeID, &t.PersonID, &t.ProcedureID, &t.PartnerID, &t.VisitID, &t.Recurrence,
		&t.WorkingDay, &t.Origin, &t.CreatedBy, &done, &created, &updated)
	t.DueAt, t.CreatedAt, t.UpdatedAt = parseTime(due), parseTime(created), parseTime(updated)
	t.RemindAt, t.DoneAt = optionalTime(remind), optionalTime(done)
	return t, err
}

func optionalTime(s sql.NullString) *time.Time {
	if !s.Valid {
		return nil
	}
	t := parseTime(s.String)
	return &t
}

func optionalFormat(t *time.Time) any {
	if t == nil {
		return nil
	}
	return formatTime(*t)
}

// taskDay is the day of an instant in Europe/Paris.
func taskDay(at time.Time) string { return at.In(parisZone).Format(time.DateOnly) }

// checkTask normalises and validates a task, and moves it to a working day
// when it asks to.
func checkTask(t *backend.Task) error {
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	if t.WorkingDay {
		moveToWorkingDay(t)
	}
	return nil
}

// moveToWorkingDay moves the due instant to the next working day in Paris,
// and the reminder by as much, so that it still comes as long before.
func moveToWorkingDay(t *backend.Task) {
	due := t.DueAt.In(parisZone)
	moved := holidays.NextWorkingDay(due, holidays.Metropolitan)
	if moved.Equal(due) {
		return
	}
	if t.RemindAt != nil {
		r := t.RemindAt.Add(moved.Sub(due))
		t.RemindAt = &r
	}
	t.DueAt = moved.UTC()
}

// CreateTask records a task typed by the acting user.
func (db *DB) CreateTask(ctx context.Context, in backend.Task) (backend.Task, error) {
	if err := checkTask(&in); err != nil {
		return backend.Task{}, err
	}
	if err := db.taskLinksAccess(ctx, in); err != nil {
		return backend.Task{}, err
	}
	in.ID, in.Status, in.Origin, in.DoneAt = newID(), backend.TaskTodo, backend.OriginUser, nil
	in.CreatedBy = backend.ActorFrom(ctx)
	err := db.write(ctx, func(t *tx) error {
		if err := t.checkTaskLinks(in); err != nil {
			return err
		}
		return t.insertTask(in, "")
	})
	if err != nil {
		return backend.Task{}, err
	}
	return db.Task(ctx, in.ID)
}

// UpdateTask changes what a task says, when it is due, its reminder and its
// links; its status changes through SetTaskStatus.
func (db *DB) UpdateTask(ctx context.Context, in backend.Task) (backend.Task, error) {
	if err := checkTask(&in); err != nil {
		return backend.Task{}, err
	}
	if _, err := db.Task(ctx, in.ID); err != nil {
		return backend.Task{}, err
	}
	if err := db.taskLinksAccess(ctx, in); err != nil {
		return backend.Task{}, err
	}
	err := db.write(ctx, func(t *tx) error {
		old, err := t.task(in.ID)
		if err != nil {
			return err
		}
		if err := t.checkTaskLinks(in); err != nil {
			return err
		}
		in.Status, in.Origin, in.CreatedBy, in.DoneAt =
			old.Status, old.Origin, old.CreatedBy, old.DoneAt
		return t.updateTask(old, in)
	})
	if err != nil {
		return backend.Task{}, err
	}
	return db.Task(ctx, in.ID)
}

// SetTaskStatus marks a task done, cancelled, or to do again. A recurring
// task marked done brings its next occurrence.
func (db *DB) SetTaskStatus(ctx context.Context, id, status string) (backend.Task, error) {
	if status != backend.TaskTodo && status != backend.TaskDone &&
		status != backend.TaskCancelled {
		return backend.Task{}, backend.Invalid("status",
			"Le statut d'une tâche est « à faire », « fait » ou « annulé ».")
	}
	if _, err := db.Task(ctx, id); err != nil {
		return backend.Task{}, err
	}
	err := db.write(ctx, func(t *tx) error {
		old, err := t.task(id)
		if err != nil {
			return err
		}
		if old.Status == status {
			return nil
		}
		next := old
		next.Status, next.DoneAt = status, nil
		if status == backend.TaskDone {
			next.DoneAt = &t.now
		}
		if err := t.updateTask(old, next); err != nil {
			return err
		}
		if status == backend.TaskDone && old.Recurrence != backend.RecurNone {
			// Marked done, reopened, done again: still one next occurrence.
			key := "recur/" + old.ID
			if _, found, err := t.taskByOrigin(key); err != nil || found {
				return err
			}
			return t.insertTask(nextOccurrence(old), key)
		}
		return nil
	})
	if err != nil {
		return backend.Task{}, err
	}
	return db.Task(ctx, id)
}

// nextOccurrence is the task a recurring one brings once done: the same,
// a week or a month later, with its reminder as long before.
func nextOccurrence(done backend.Task) backend.Task {
	next := done
	next.ID, next.Status, next.DoneAt = newID(), backend.TaskTodo, nil
	due := done.DueAt.In(parisZone)
	if done.Recurrence == backend.RecurWeekly {
		next.DueAt = due.AddDate(0, 0, 7).UTC()
	} else {
		next.DueAt = addMonth(due).UTC()
	}
	if done.RemindAt != nil {
		r := next.DueAt.Add(done.RemindAt.Sub(done.DueAt))
		next.RemindAt = &r
	}
	if next.WorkingDay {
		moveToWorkingDay(&next)
	}
	return next
}

// addMonth adds a calendar month, keeping to the month's last day: a task
// due on 31 January comes back on 28 or 29 February, not in March.
func addMonth(t time.Time) time.Time {
	y, m, d := t.Date()
	last := time.Date(y, m+2, 0, 0, 0, 0, 0, t.Location()).Day()
	return time.Date(y, m+1, min(d, last), t.Hour(), t.Minute(), 0, 0, t.Location())
}

// Task returns one task.
func (db *DB) Task(ctx context.Context, id string) (backend.Task, error) {
	t, err := scanTask(db.reader.QueryRowContext(ctx, `SELECT `+taskColumns+`
		FROM tasks WHERE id = ? AND deleted_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, backend.NotFound("Cette tâche n'existe pas ou a été supprimée.")
	}
	if err != nil {
		return t, db.storageError("task", err)
	}
	if err := db.taskLinksAccess(ctx, t); err != nil {
		return backend.Task{}, err
	}
	return t, nil
}

func (t *tx) task(id string) (backend.Task, error) {
	task, err := scanTask(t.QueryRow(`SELECT `+taskColumns+`
		FROM tasks WHERE id = ? AND deleted_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return task, backend.NotFound("Cette tâche n'existe pas ou a été supprimée.")
	}
	return task, err
}

// checkTaskLinks checks that the assignee and what the task is linked to
// exist.
func (t *tx) checkTaskLinks(task backend.Task) error {
	links := []struct{ id, table, field, msg string }{
		{task.AssigneeID, "users", "assigneeId", "Cet intervenant n'existe pas."},
		{task.PersonID, "persons", "personId", "Cette personne n'existe pas."},
		{task.ProcedureID, "procedures", "procedureId", "Cette démarche n'existe pas."},
		{task.PartnerID, "partners", "partnerId", "Ce partenaire n'existe pas."},
		{task.VisitID, "visits", "visitId", "Cet accueil n'existe pas."},
	}
	for _, l := range links {
		if l.id == "" {
			continue
		}
		var n int
		if err := t.QueryRow(`SELECT count(*) FROM `+l.table+`
			WHERE id = ? AND deleted_at IS NULL`, l.id).Scan(&n); err != nil || n == 0 {
			return orInvalid(err, l.field, l.msg)
		}
	}
	if task.PersonID != "" && task.ProcedureID != "" {
		var person string
		if err := t.QueryRow(`SELECT person_id FROM procedures WHERE id = ?`,
			task.ProcedureID).Scan(&person); err != nil {
			return err
		}
		if person != task.PersonID {
			return backend.Invalid("procedureId",
				"Cette démarche est celle d'une autre personne que celle de la tâche.")
		}
	}
	if task.PersonID != "" && task.VisitID != "" {
		var person string
		if err := t.QueryRow(`SELECT coalesce(person_id, '') FROM visits WHERE id = ?`,
			task.VisitID).Scan(&person); err != nil {
			return err
		}
		if person != task.PersonID {
			return backend.Invalid("visitId",
				"Cet accueil est celui d'une autre personne que celle de la tâche.")
		}
	}
	return nil
}

// insertTask writes a new task and its logs; originKey names what generated
// it, if anything.
func (t *tx) insertTask(task backend.Task, originKey string) error {
	now, version := t.stamp()
	if _, err := t.Exec(`INSERT INTO tasks (id, title, notes, due_at, due_day, remind_at,
		priority, status, assignee_id, person_id, procedure_id, partner_id, visit_id,
		recurrence, working_day, origin, origin_key, created_by, done_at, created_at,
		updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		task.ID, task.Title, task.Notes, formatTime(task.DueAt), taskDay(task.DueAt),
		optionalFormat(task.RemindAt), task.Priority, task.Status, nullable(task.AssigneeID),
		nullable(task.PersonID), nullable(task.ProcedureID), nullable(task.PartnerID),
		nullable(task.VisitID), task.Recurrence, task.WorkingDay, task.Origin,
		nullable(originKey), nullable(task.CreatedBy), optionalFormat(task.DoneAt),
		now, now, version); err != nil {
		return err
	}
	if err := t.logChange("task", task.ID, version, "upsert", task); err != nil {
		return err
	}
	return t.audit("create", "task", task.ID, changedTaskFields(backend.Task{}, task))
}

// updateTask writes a task's new state over old, and its logs.
func (t *tx) updateTask(old, task backend.Task) error {
	now, version := t.stamp()
	if _, err := t.Exec(`UPDATE tasks SET title = ?, notes = ?, due_at = ?, due_day = ?,
		remind_at = ?, priority = ?, status = ?, assignee_id = ?, person_id = ?,
		procedure_id = ?, partner_id = ?, visit_id = ?, recurrence = ?, working_day = ?,
		done_at = ?, updated_at = ?, version = ? WHERE id = ?`,
		task.Title, task.Notes, formatTime(task.DueAt), taskDay(task.DueAt),
		optionalFormat(task.RemindAt), task.Priority, task.Status, nullable(task.AssigneeID),
		nullable(task.PersonID), nullable(task.ProcedureID), nullable(task.PartnerID),
		nullable(task.VisitID), task.Recurrence, task.WorkingDay,
		optionalFormat(task.DoneAt), now, version, task.ID); err != nil {
		return err
	}
	task.UpdatedAt = t.now
	if err := t.logChange("task", task.ID, version, "upsert", task); err != nil {
		return err
	}
	return t.audit("update", "task", task.ID, changedTaskFields(old, task))
}

// changedTaskFields names the fields that differ, for the audit log.
func changedTaskFields(old, task backend.Task) []string {
	same := func(a, b *time.Time) bool {
		return (a == nil) == (b == nil) && (a == nil || a.Equal(*b))
	}
	var out []string
	for _, f := range []struct {
		name    string
		changed bool
	}{
		{"title", old.Title != task.Title},
		{"notes", old.Notes != task.Notes},
		{"dueAt", !old.DueAt.Equal(task.DueAt)},
		{"remindAt", !same(old.RemindAt, task.RemindAt)},
		{"priority", old.Priority != task.Priority},
		{"status", old.Status != task.Status},
		{"assigneeId", old.AssigneeID != task.AssigneeID},
		{"personId", old.PersonID != task.PersonID},
		{"procedureId", old.ProcedureID != task.ProcedureID},
		{"partnerId", old.PartnerID != task.PartnerID},
		{"visitId", old.VisitID != task.VisitID},
		{"recurrence", old.Recurrence != task.Recurrence},
		{"workingDay", old.WorkingDay != task.WorkingDay},
	} {
		if f.changed {
			out = append(out, f.name)
		}
	}
	return out
}

// taskWindow is the span of due instants a list covers, [from, to).
type taskWindow struct{ from, to string }

// listWindow returns the due instants of a list, on the calendar of Paris:
// overdue is before now, today is today, this week is from today to
// Sunday evening.
func listWindow(list string, now time.Time) (taskWindow, error) {
	local := now.In(parisZone)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, parisZone)
	untilMonday := (8 - int(today.Weekday())) % 7
	if untilMonday == 0 {
		untilMonday = 7
	}
	switch list {
	case backend.TaskListMine, "":
		return taskWindow{"", "9999"}, nil
	case backend.TaskListOverdue:
		return taskWindow{"", formatTime(now)}, nil
	case backend.TaskListToday:
		return taskWindow{formatTime(today), formatTime(today.AddDate(0, 0, 1))}, nil
	case backend.TaskListWeek:
		return taskWindow{formatTime(today), formatTime(today.AddDate(0, 0, untilMonday))}, nil
	}
	return taskWindow{}, backend.Invalid("list", "Cette liste de tâches n'existe pas.")
}

const taskRowColumns = `t.id, t.title, t.due_at, t.priority, t.status,
	coalesce(u.display_name, ''), coalesce(t.person_id, ''),
	coalesce(p.last_name, ''), coalesce(p.first_names, ''), t.origin`

// Tasks returns a list of tasks: the open ones of the acting user (theirs
// and the structure's) in due order for mine, overdue, today and week; every
// task of a person for person, the open ones first.
func (db *DB) Tasks(ctx context.Context, q backend.TaskQuery) ([]backend.TaskRow, error) {
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 200
	}
	now := db.Now()
	var query string
	var args []any
	if q.List == backend.TaskListPerson {
		if q.PersonID == "" {
			return nil, backend.Invalid("personId", "Choisissez une personne.")
		}
		query = `SELECT ` + taskRowColumns + ` FROM tasks t
			LEFT JOIN users u ON u.id = t.assignee_id
			LEFT JOIN persons p ON p.id = t.person_id
			WHERE t.person_id = ? AND t.deleted_at IS NULL
			ORDER BY t.status != 'todo', t.due_at LIMIT ?`
		args = []any{q.PersonID, q.Limit}
	} else {
		w, err := listWindow(q.List, now)
		if err != nil {
			return nil, err
		}
		// Each half walks the index of open tasks by assignee in due order
		// and stops at the limit: the list costs the same among 100 000.
		half := `SELECT * FROM (SELECT id FROM tasks WHERE status = 'todo'
			AND deleted_at IS NULL AND %s AND due_at >= ? AND due_at < ?
			ORDER BY due_at LIMIT ?)`
		query = `SELECT ` + taskRowColumns + ` FROM (` +
			strings.Replace(half, "%s", "assignee_id = ?", 1) + ` UNION ALL ` +
			strings.Replace(half, "%s", "assignee_id IS NULL", 1) + `) mine
			JOIN tasks t ON t.id = mine.id
			LEFT JOIN users u ON u.id = t.assignee_id
			LEFT JOIN persons p ON p.id = t.person_id
			ORDER BY t.due_at, t.id LIMIT ?`
		me := backend.ActorFrom(ctx)
		args = []any{me, w.from, w.to, q.Limit, w.from, w.to, q.Limit, q.Limit}
	}
	rows, err := db.reader.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, db.storageError("tasks", err)
	}
	defer rows.Close()
	out := []backend.TaskRow{}
	for rows.Next() {
		var r backend.TaskRow
		var due, last, first string
		if err := rows.Scan(&r.ID, &r.Title, &due, &r.Priority, &r.Status, &r.AssigneeName,
			&r.PersonID, &last, &first, &r.Origin); err != nil {
			return nil, db.storageError("tasks", err)
		}
		r.DueAt = parseTime(due)
		r.PersonName = joinName(last, first)
		r.Overdue = r.Status == backend.TaskTodo && r.DueAt.Before(now)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, db.storageError("tasks", err)
	}
	if q.List == backend.TaskListPerson {
		if err := db.PersonAccess(ctx, q.PersonID); err != nil {
			return nil, err
		}
	}
	return db.maskTasks(ctx, out)
}

// TaskCounts counts the acting user's open tasks in each list.
func (db *DB) TaskCounts(ctx context.Context) (backend.TaskCounts, error) {
	var c backend.TaskCounts
	now := db.Now()
	me := backend.ActorFrom(ctx)
	for _, l := range []struct {
		list string
		n    *int
	}{
		{backend.TaskListMine, &c.Mine}, {backend.TaskListOverdue, &c.Overdue},
		{backend.TaskListToday, &c.Today}, {backend.TaskListWeek, &c.Week},
	} {
		w, _ := listWindow(l.list, now)
		err := db.reader.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM tasks WHERE status = 'todo' AND deleted_at IS NULL
				AND assignee_id = ? AND due_at >= ? AND due_at < ?) +
			(SELECT count(*) FROM tasks WHERE status = 'todo' AND deleted_at IS NULL
				AND assignee_id IS NULL AND due_at >= ? AND due_at < ?)`,
			me, w.from, w.to, w.from, w.to).Scan(l.n)
		if err != nil {
			return c, db.storageError("task counts", err)
		}
	}
	return c, nil
}

// taskLinksAccess checks that who asks may open the files a task is linked
// to: its person's, and its procedure's person's.
func (db *DB) taskLinksAccess(ctx context.Context, task backend.Task) error {
	if err := db.PersonAccess(ctx, task.PersonID); err != nil {
		return err
	}
	if task.ProcedureID != "" {
		if err := db.procedureAccess(ctx, task.ProcedureID); err != nil {
			return err
		}
	}
	if task.VisitID != "" {
		if _, err := db.Visit(ctx, task.VisitID); err != nil &&
			backend.ErrorCode(err) != backend.ENotFound {
			return err
		}
	}
	return nil
}

// maskTasks hides, in a list, the title and the person of the tasks about a
// file reserved to others: the title may name the person.
func (db *DB) maskTasks(ctx context.Context, rows []backend.TaskRow) ([]backend.TaskRow, error) {
	hidden, err := db.hiddenAmong(ctx, len(rows), func(i int) string { return rows[i].PersonID })
	if err != nil {
		return nil, err
	}
	for i, r := range rows {
		if hidden[r.PersonID] {
			rows[i].Title, rows[i].PersonName = "Tâche d'un dossier réservé", "Dossier réservé"
		}
	}
	return rows, nil
}
