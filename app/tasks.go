package app

import (
	"context"
	"log/slog"

	"pappu/backend"
	"pappu/backend/jobs"
	"pappu/backend/sqlite"
)

// Events about tasks and reminders.
const (
	EventTasksChanged         = "tasks:changed"
	EventNotificationsChanged = "notifications:changed"
)

// Tasks creates, changes and lists tasks (tâches).
type Tasks struct{ deps *deps }

// Create records a task; the logged-in user is its author.
func (t *Tasks) Create(in backend.Task) (backend.Task, error) {
	ctx, err := t.deps.authorize("Tasks.Create", backend.ActTasks)
	if err != nil {
		return backend.Task{}, err
	}
	return t.changed(done[backend.Task](t.deps, "Tasks.Create")(t.deps.store.CreateTask(ctx, in)))
}

// Update changes a task's title, notes, dates, priority, assignee, links or
// recurrence.
func (t *Tasks) Update(in backend.Task) (backend.Task, error) {
	ctx, err := t.deps.authorize("Tasks.Update", backend.ActTasks)
	if err != nil {
		return backend.Task{}, err
	}
	return t.changed(done[backend.Task](t.deps, "Tasks.Update")(t.deps.store.UpdateTask(ctx, in)))
}

// SetStatus marks a task done ("done"), cancelled ("cancelled") or to do
// again ("todo").
func (t *Tasks) SetStatus(id, status string) (backend.Task, error) {
	ctx, err := t.deps.authorize("Tasks.SetStatus", backend.ActTasks)
	if err != nil {
		return backend.Task{}, err
	}
	return t.changed(done[backend.Task](t.deps, "Tasks.SetStatus")(
		t.deps.store.SetTaskStatus(ctx, id, status)))
}

// changed tells the window after a successful write.
func (t *Tasks) changed(task backend.Task, err error) (backend.Task, error) {
	if err == nil {
		t.deps.events.Emit(EventTasksChanged)
	}
	return task, err
}

// Get returns one task.
func (t *Tasks) Get(id string) (backend.Task, error) {
	ctx, err := t.deps.authorize("Tasks.Get", backend.ActTasks)
	if err != nil {
		return backend.Task{}, err
	}
	return done[backend.Task](t.deps, "Tasks.Get")(t.deps.store.Task(ctx, id))
}

// List returns a list: mine, overdue, today, week, or a person's tasks.
func (t *Tasks) List(q backend.TaskQuery) ([]backend.TaskRow, error) {
	ctx, err := t.deps.authorize("Tasks.List", backend.ActTasks)
	if err != nil {
		return nil, err
	}
	return done[[]backend.TaskRow](t.deps, "Tasks.List")(t.deps.store.Tasks(ctx, q))
}

// Counts returns how many open tasks each list holds.
func (t *Tasks) Counts() (backend.TaskCounts, error) {
	ctx, err := t.deps.authorize("Tasks.Counts", backend.ActTasks)
	if err != nil {
		return backend.TaskCounts{}, err
	}
	return done[backend.TaskCounts](t.deps, "Tasks.Counts")(t.deps.store.TaskCounts(ctx))
}

// KeyDateSettings returns how many days before a permit's or a receipt's
// expiry the renewal task falls, by procedure type.
func (t *Tasks) KeyDateSettings() (backend.KeyDateSettings, error) {
	ctx, err := t.deps.authorize("Tasks.KeyDateSettings", backend.ActSettings)
	if err != nil {
		return backend.KeyDateSettings{}, err
	}
	return done[backend.KeyDateSettings](t.deps, "Tasks.KeyDateSettings")(
		t.deps.store.KeyDateSettings(ctx))
}

// SetKeyDateSettings changes those leads; an administrator's setting.
func (t *Tasks) SetKeyDateSettings(s backend.KeyDateSettings) (backend.KeyDateSettings,
	error) {
	ctx, err := t.deps.authorize("Tasks.SetKeyDateSettings", backend.ActSettings)
	if err != nil {
		return backend.KeyDateSettings{}, err
	}
	if err := t.deps.store.SetKeyDateSettings(ctx, s); err != nil {
		return backend.KeyDateSettings{}, PublicError(t.deps.log, "Tasks.SetKeyDateSettings", err)
	}
	return done[backend.KeyDateSettings](t.deps, "Tasks.SetKeyDateSettings")(
		t.deps.store.KeyDateSettings(ctx))
}

// Notifications is the in-app notification centre of the logged-in user:
// the reminders that fired, theirs and the structure's.
type Notifications struct{ deps *deps }

// List returns the latest notifications, newest first.
func (n *Notifications) List(limit int) ([]backend.Notification, error) {
	ctx, err := n.deps.authorize("Notifications.List", backend.ActTasks)
	if err != nil {
		return nil, err
	}
	return done[[]backend.Notification](n.deps, "Notifications.List")(
		n.deps.store.Notifications(ctx, limit))
}

// UnreadCount is the number on the bell.
func (n *Notifications) UnreadCount() (int, error) {
	ctx, err := n.deps.authorize("Notifications.UnreadCount", backend.ActTasks)
	if err != nil {
		return 0, err
	}
	return done[int](n.deps, "Notifications.UnreadCount")(n.deps.store.UnreadNotifications(ctx))
}

// MarkRead marks one notification read and returns the unread count.
func (n *Notifications) MarkRead(id string) (int, error) {
	return n.markRead("Notifications.MarkRead", id)
}

// MarkAllRead marks every notification read.
func (n *Notifications) MarkAllRead() (int, error) {
	return n.markRead("Notifications.MarkAllRead", "")
}

func (n *Notifications) markRead(method, id string) (int, error) {
	ctx, err := n.deps.authorize(method, backend.ActTasks)
	if err != nil {
		return 0, err
	}
	if method == "Notifications.MarkRead" && id == "" {
		return 0, PublicError(n.deps.log, method,
			backend.Invalid("id", "Choisissez une notification."))
	}
	if err := n.deps.store.MarkNotificationsRead(ctx, id); err != nil {
		return 0, PublicError(n.deps.log, method, err)
	}
	n.deps.events.Emit(EventNotificationsChanged)
	return done[int](n.deps, method)(n.deps.store.UnreadNotifications(ctx))
}

// FireReminders fires the reminders due by now, each once: it shows them
// on the desktop and tells the window. The minute job and the start of the
// app call it; it returns how many fired.
func (s *Services) FireReminders(ctx context.Context) (int, error) {
	return s.deps.fireReminders(ctx)
}

// LockedNotificationBody replaces a reminder's title on the desktop while
// nobody is logged in or the session is locked.
const LockedNotificationBody = "Un rappel vous attend dans PAPPU."

// deskInUse reports whether someone is logged in with the session
// unlocked, the inactivity lock applied first.
func (d *deps) deskInUse(store *sqlite.DB) bool {
	ctx := d.ctx()
	idle := d.lockAfter(ctx, store)
	d.mu.Lock()
	defer d.mu.Unlock()
	d.idleLimit = idle
	if d.sess == nil {
		return false
	}
	d.lockIfIdle(ctx, d.sess)
	return !d.sess.locked
}

func (d *deps) fireReminders(ctx context.Context) (int, error) {
	store, err := d.db()
	if err != nil {
		return 0, err
	}
	fired, err := store.FireDueReminders(ctx, d.now())
	if err != nil {
		return 0, err
	}
	late := 0
	private := !d.deskInUse(store)
	for _, n := range fired {
		if n.Late {
			late++
		}
		// The title may name a person: it goes to the desktop, never to
		// the log; and to the desktop only while someone is logged in and
		// the session unlocked. Otherwise anyone passing by the screen
		// would read it: the notification then only says that a reminder
		// waits in PAPPU, where the bell keeps it.
		if private {
			n.Title = LockedNotificationBody
		}
		if err := d.notifier.Notify(n); err != nil {
			d.log.Warn("desktop notification failed", slog.String("task", n.TaskID),
				slog.String("err", err.Error()))
		}
	}
	jobs.Count(ctx, "fired", int64(len(fired)))
	jobs.Count(ctx, "late", int64(late))
	if len(fired) > 0 {
		d.events.Emit(EventNotificationsChanged)
	}
	return len(fired), nil
}
