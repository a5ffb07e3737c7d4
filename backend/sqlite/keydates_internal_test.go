package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"pappu/backend"
)

// keyDateFixture is a database with one person and one user, on a fixed
// clock: Thursday 16 April 2026, 16:30 in Paris.
type keyDateFixture struct {
	t      *testing.T
	db     *DB
	ctx    context.Context
	person string
	user   string
}

func newKeyDateFixture(t *testing.T) *keyDateFixture {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "pappu.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return time.Date(2026, 4, 16, 14, 30, 0, 0, time.UTC) }
	c, err := db.Setup(context.Background(), backend.Setup{OrganisationName: "Accueil",
		SiteName: "Permanence", UserName: "Camille B."})
	if err != nil {
		t.Fatal(err)
	}
	ctx := backend.WithActor(context.Background(), c.Users[0].ID)
	p, err := db.CreatePerson(ctx, backend.Person{LastName: "Diallo", FirstNames: "Mariam"})
	if err != nil {
		t.Fatal(err)
	}
	return &keyDateFixture{t: t, db: db, ctx: ctx, person: p.ID, user: c.Users[0].ID}
}

// save writes the procedure row with SQL, as the procedures code would,
// and syncs its key-date tasks in the same transaction.
func (f *keyDateFixture) save(p backend.Procedure) {
	f.t.Helper()
	err := f.db.write(f.ctx, func(t *tx) error {
		now, version := t.stamp()
		if _, err := t.Exec(`INSERT INTO procedures (id, person_id, type, status,
			receipt_until, permit_until, opened_by, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET status = excluded.status,
			receipt_until = excluded.receipt_until, permit_until = excluded.permit_until,
			updated_at = excluded.updated_at, version = excluded.version`,
			p.ID, p.PersonID, p.Type, p.Status, p.ReceiptUntil, p.PermitUntil, p.OpenedBy,
			now, now, version); err != nil {
			return err
		}
		return t.syncKeyDateTasks(p)
	})
	if err != nil {
		f.t.Fatal(err)
	}
}

// tasks returns the live tasks generated from the procedure's key dates,
// by origin key.
func (f *keyDateFixture) tasks(procedureID string) map[string]backend.Task {
	f.t.Helper()
	rows, err := f.db.reader.Query(`SELECT `+taskColumns+`, origin_key FROM tasks
		WHERE procedure_id = ? AND origin = 'key_date'`, procedureID)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]backend.Task{}
	for rows.Next() {
		var key string
		task, err := scanTask(withExtra(rows, &key))
		if err != nil {
			f.t.Fatal(err)
		}
		out[key] = task
	}
	return out
}

func paris(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, parisZone)
	if err != nil {
		panic(err)
	}
	return t
}

func TestPermitExpiryCreatesMovesAndCancelsItsTask(t *testing.T) {
	f := newKeyDateFixture(t)
	p := backend.Procedure{ID: newID(), PersonID: f.person, Type: "titre_sejour",
		Status: backend.StatusGranted, OpenedBy: f.user, PermitUntil: "2027-03-15"}
	key := p.ID + "/permit_until"

	// Created 90 days ahead: 15 December 2026, a Tuesday, at 9:00.
	f.save(p)
	task, ok := f.tasks(p.ID)[key]
	if !ok || task.Title != "Renouvellement à préparer" || task.Status != backend.TaskTodo ||
		!task.DueAt.Equal(paris("2026-12-15 09:00")) || task.PersonID != f.person ||
		task.AssigneeID != f.user || task.RemindAt == nil || !task.RemindAt.Equal(task.DueAt) {
		t.Fatalf("created: %+v", task)
	}

	// The date changes: the same task moves. 90 days before 2027-04-04 is
	// Monday 4 January 2027.
	p.PermitUntil = "2027-04-04"
	f.save(p)
	tasks := f.tasks(p.ID)
	if len(tasks) != 1 || tasks[key].ID != task.ID ||
		!tasks[key].DueAt.Equal(paris("2027-01-04 09:00")) {
		t.Fatalf("moved: %+v", tasks)
	}
	// Saving again with nothing changed changes nothing.
	f.save(p)
	if again := f.tasks(p.ID)[key]; !again.UpdatedAt.Equal(tasks[key].UpdatedAt) {
		t.Fatalf("rewritten without a change")
	}

	// Closing the procedure cancels it.
	p.Status = backend.StatusClosed
	f.save(p)
	if got := f.tasks(p.ID)[key]; got.Status != backend.TaskCancelled {
		t.Fatalf("after closing: %+v", got)
	}
}

func TestClearedDateCancelsAndDoneTaskStaysDone(t *testing.T) {
	f := newKeyDateFixture(t)
	p := backend.Procedure{ID: newID(), PersonID: f.person, Type: "titre_sejour",
		Status: backend.StatusReceipt, OpenedBy: f.user, ReceiptUntil: "2026-06-10"}
	key := p.ID + "/receipt_until"

	// 30 days before 10 June 2026 is Monday 11 May.
	f.save(p)
	task := f.tasks(p.ID)[key]
	if !task.DueAt.Equal(paris("2026-05-11 09:00")) {
		t.Fatalf("receipt task due %s", task.DueAt.In(parisZone))
	}
	p.ReceiptUntil = ""
	f.save(p)
	if got := f.tasks(p.ID)[key]; got.Status != backend.TaskCancelled {
		t.Fatalf("after clearing: %+v", got)
	}

	// A date again reopens it; done, it stays done when the procedure is
	// saved or closed.
	p.ReceiptUntil = "2026-07-20"
	f.save(p)
	task = f.tasks(p.ID)[key]
	if task.Status != backend.TaskTodo || !task.DueAt.Equal(paris("2026-06-19 09:00")) {
		t.Fatalf("reopened: %+v", task)
	}
	if _, err := f.db.SetTaskStatus(f.ctx, task.ID, backend.TaskDone); err != nil {
		t.Fatal(err)
	}
	f.save(p)
	p.Status = backend.StatusClosed
	f.save(p)
	if got := f.tasks(p.ID)[key]; got.Status != backend.TaskDone {
		t.Fatalf("a done task changed: %+v", got)
	}
}

func TestRenewedPermitBringsANewTaskAfterADoneOne(t *testing.T) {
	f := newKeyDateFixture(t)
	p := backend.Procedure{ID: newID(), PersonID: f.person, Type: "titre_sejour",
		Status: backend.StatusGranted, OpenedBy: f.user, PermitUntil: "2026-09-01"}
	f.save(p)
	first := f.tasks(p.ID)[p.ID+"/permit_until"]
	f.db.SetTaskStatus(f.ctx, first.ID, backend.TaskDone)

	p.PermitUntil = "2030-09-01"
	f.save(p)
	tasks := f.tasks(p.ID)
	renewal := tasks[p.ID+"/permit_until"]
	if len(tasks) != 2 || renewal.ID == first.ID || renewal.Status != backend.TaskTodo ||
		tasks[p.ID+"/permit_until@2026-06-03"].Status != backend.TaskDone {
		t.Fatalf("tasks after renewal: %+v", tasks)
	}
}

func TestLeadsPerProcedureType(t *testing.T) {
	f := newKeyDateFixture(t)
	s := backend.DefaultKeyDateSettings()
	s.ByType["asile"] = backend.KeyDateLead{PermitDays: 60, ReceiptDays: 15}
	if err := f.db.SetKeyDateSettings(f.ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err := f.db.KeyDateSettings(f.ctx)
	if err != nil || got.Lead("asile").ReceiptDays != 15 || got.Lead("autre").PermitDays != 90 {
		t.Fatalf("settings %+v (%v)", got, err)
	}
	bad := backend.DefaultKeyDateSettings()
	bad.Default.PermitDays = -1
	if err := f.db.SetKeyDateSettings(f.ctx, bad); backend.ErrorCode(err) != backend.EInvalid {
		t.Fatalf("negative lead: %v", err)
	}

	// 15 days before Friday 26 June 2026 is Thursday 11 June.
	p := backend.Procedure{ID: newID(), PersonID: f.person, Type: "asile",
		Status: backend.StatusReceipt, OpenedBy: f.user, ReceiptUntil: "2026-06-26"}
	f.save(p)
	if task := f.tasks(p.ID)[p.ID+"/receipt_until"]; !task.DueAt.Equal(
		paris("2026-06-11 09:00")) {
		t.Fatalf("asile receipt task due %s", task.DueAt.In(parisZone))
	}
}

func TestKeyDateAlreadyCloseRemindsAtTheNextTick(t *testing.T) {
	f := newKeyDateFixture(t)
	// Expires in 20 days: the task is overdue at once, and reminds at the
	// next tick, late.
	p := backend.Procedure{ID: newID(), PersonID: f.person, Type: "titre_sejour",
		Status: backend.StatusGranted, OpenedBy: f.user, PermitUntil: "2026-05-06"}
	f.save(p)
	fired, err := f.db.FireDueReminders(f.ctx, f.db.Now().Truncate(time.Minute).
		Add(time.Minute))
	if err != nil || len(fired) != 1 || !fired[0].Late ||
		fired[0].Title != "Renouvellement à préparer" {
		t.Fatalf("fired %+v (%v)", fired, err)
	}
}
