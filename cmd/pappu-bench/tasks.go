package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"pappu/backend"
	"pappu/backend/sqlite"
)

// benchTasks is how many tasks the task figures are measured among.
const benchTasks = 100000

// measureTasks measures "my tasks" and the minute job of the reminders in a
// database of 100 000 tasks shared by ten workers over two years: most of
// them done, a third still open, half with a reminder, every reminder
// already past having fired.
func (b *bench) measureTasks(ctx context.Context) error {
	path := filepath.Join(b.work, "tasks", "pappu.db")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	defer os.RemoveAll(filepath.Dir(path))
	now := time.Now().Truncate(time.Minute)
	me, err := fillTasks(ctx, path, now)
	if err != nil {
		return err
	}
	db, err := sqlite.Open(path, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = backend.WithActor(ctx, me)

	// The first run after the start looks at every reminder ever due.
	start := time.Now()
	if _, err := db.FireDueReminders(ctx, now); err != nil {
		return err
	}
	b.add(figure{name: "reminders_first_run", value: ms(time.Since(start)), unit: "ms"})

	times := make([]time.Duration, 0, 200)
	for range 200 {
		start := time.Now()
		rows, err := db.Tasks(ctx, backend.TaskQuery{List: backend.TaskListMine})
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return fmt.Errorf("no task of mine among %d", benchTasks)
		}
		times = append(times, time.Since(start))
	}
	b.add(figure{name: "my_tasks_p50", value: ms(percentile(times, 50)), unit: "ms"})
	b.add(figure{name: "my_tasks_p99", value: ms(percentile(times, 99)), unit: "ms", max: 20})

	times = times[:0]
	for range 50 {
		start := time.Now()
		if _, err := db.TaskCounts(ctx); err != nil {
			return err
		}
		times = append(times, time.Since(start))
	}
	b.add(figure{name: "task_counts_p99", value: ms(percentile(times, 99)), unit: "ms"})

	// An hour of minute ticks; the slowest is the figure.
	times = times[:0]
	fired := 0
	for m := 1; m <= 60; m++ {
		start := time.Now()
		got, err := db.FireDueReminders(ctx, now.Add(time.Duration(m)*time.Minute))
		if err != nil {
			return err
		}
		times = append(times, time.Since(start))
		fired += len(got)
	}
	b.add(figure{name: "reminders_minute_max", value: ms(percentile(times, 100)), unit: "ms",
		max: 50})
	if os.Getenv("PAPPU_BENCH_DEBUG") != "" {
		fmt.Fprintln(b.log, times)
	}
	fmt.Fprintf(b.log, "Rappels : %d envoyés en une heure de mesure.\n", fired)
	return nil
}

// fillTasks creates a structure of ten workers and benchTasks tasks due
// within a year either side of now, and returns the first worker's id. The
// tasks go in with plain SQL in one transaction: creating them one by one
// would take longer than every measure together.
func fillTasks(ctx context.Context, path string, now time.Time) (string, error) {
	db, err := sqlite.Open(path, nil)
	if err != nil {
		return "", err
	}
	c, err := db.Setup(ctx, backend.Setup{OrganisationName: "Mesure", SiteName: "Permanence",
		UserName: "Intervenant 0"})
	if err != nil {
		db.Close()
		return "", err
	}
	users := []string{c.Users[0].ID}
	for i := 1; i < 10; i++ {
		u, err := db.CreateUser(backend.WithActor(ctx, users[0]), sqlite.NewAccount{
			DisplayName: fmt.Sprintf("Intervenant %d", i), Login: fmt.Sprintf("intervenant%d", i),
			Role: backend.RoleWorker, TemporaryPassword: "Mesure-Provisoire-2026"})
		if err != nil {
			db.Close()
			return "", err
		}
		users = append(users, u.ID)
	}
	if err := db.Close(); err != nil {
		return "", err
	}

	conn, err := sql.Open("sqlite3", "file:"+url.PathEscape(filepath.ToSlash(path))+
		"?_busy_timeout=10000&_txlock=immediate")
	if err != nil {
		return "", err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	insertTask, err := tx.Prepare(`INSERT INTO tasks (id, title, due_at, due_day, remind_at,
		priority, status, assignee_id, created_by, done_at, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, 'normal', ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return "", err
	}
	insertFired, err := tx.Prepare(`INSERT INTO notifications (id, task_id, remind_at,
		fired_at, user_id) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return "", err
	}
	r := rand.New(rand.NewPCG(7, 7))
	stamp := now.Add(-400 * 24 * time.Hour).UTC().Format("2006-01-02T15:04:05.000Z")
	for i := range benchTasks {
		id := fmt.Sprintf("bench-task-%06d", i)
		due := now.Add(time.Duration(r.IntN(2*365*24*60)-365*24*60) * time.Minute)
		dueText := due.UTC().Format("2006-01-02T15:04:05.000Z")
		status, done := backend.TaskDone, any(dueText)
		if r.IntN(3) == 0 {
			status, done = backend.TaskTodo, nil
		}
		var assignee any = users[r.IntN(len(users))]
		if r.IntN(10) == 0 {
			assignee = nil // for the whole structure
		}
		var remind any
		if r.IntN(2) == 0 {
			at := due.Add(-time.Hour)
			remind = at.UTC().Format("2006-01-02T15:04:05.000Z")
			if at.Before(now) {
				if _, err := insertFired.Exec("bench-fired-"+id, id, remind, remind,
					assignee); err != nil {
					return "", err
				}
			}
		}
		if _, err := insertTask.Exec(id, fmt.Sprintf("Tâche de mesure %d", i), dueText,
			due.Format(time.DateOnly), remind, status, assignee, users[0], done, stamp, stamp,
			fmt.Sprintf("%013d-0000-bench", i)); err != nil {
			return "", err
		}
	}
	return users[0], tx.Commit()
}
