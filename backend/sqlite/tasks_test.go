package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"pappu/backend"
	"pappu/backend/sqlite"
)

var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return loc
}()

// parisAt reads "2026-04-16 09:00" as Paris time.
func parisAt(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, paris)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr(t time.Time) *time.Time { return &t }

func mustTask(t testing.TB, db *sqlite.DB, ctx context.Context, in backend.Task) backend.Task {
	t.Helper()
	out, err := db.CreateTask(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCreateTaskChecksInput(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	due := parisAt("2026-04-20 10:00")
	cases := []struct {
		name  string
		in    backend.Task
		field string
	}{
		{"no title", backend.Task{Title: "  ", DueAt: due}, "title"},
		{"no due date", backend.Task{Title: "Appeler la CAF"}, "dueAt"},
		{"reminder after due", backend.Task{Title: "Appeler la CAF", DueAt: due,
			RemindAt: ptr(due.Add(time.Hour))}, "remindAt"},
		{"unknown priority", backend.Task{Title: "Appeler la CAF", DueAt: due,
			Priority: "urgente"}, "priority"},
		{"unknown recurrence", backend.Task{Title: "Appeler la CAF", DueAt: due,
			Recurrence: "daily"}, "recurrence"},
		{"unknown person", backend.Task{Title: "Appeler la CAF", DueAt: due,
			PersonID: "nope"}, "personId"},
		{"unknown procedure", backend.Task{Title: "Appeler la CAF", DueAt: due,
			ProcedureID: "nope"}, "procedureId"},
		{"unknown partner", backend.Task{Title: "Appeler la CAF", DueAt: due,
			PartnerID: "nope"}, "partnerId"},
		{"unknown visit", backend.Task{Title: "Appeler la CAF", DueAt: due,
			VisitID: "nope"}, "visitId"},
		{"unknown assignee", backend.Task{Title: "Appeler la CAF", DueAt: due,
			AssigneeID: "nope"}, "assigneeId"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.CreateTask(ctx, tc.in)
			wantInvalid(t, err, tc.field)
		})
	}
	if rows, _ := db.Tasks(ctx, backend.TaskQuery{List: backend.TaskListMine}); len(rows) != 0 {
		t.Fatalf("refused tasks were stored: %+v", rows)
	}
}

// fixedNow is Thursday 16 April 2026, 16:30 in Paris.
func TestTaskListsAndCounts(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	me := c.Users[0].ID
	other, err := db.CreateUser(ctx, sqlite.NewAccount{DisplayName: "Leïla M.",
		Login: "leila", Role: backend.RoleWorker, TemporaryPassword: "Provisoire-2026!"})
	if err != nil {
		t.Fatal(err)
	}
	awa, _ := db.CreatePerson(ctx, backend.Person{LastName: "Koné", FirstNames: "Awa"})

	overdue := mustTask(t, db, ctx, backend.Task{Title: "Relancer la préfecture",
		DueAt: parisAt("2026-04-14 10:00"), AssigneeID: me})
	thisMorning := mustTask(t, db, ctx, backend.Task{Title: "Photocopier le passeport",
		DueAt: parisAt("2026-04-16 09:00"), PersonID: awa.ID})
	tonight := mustTask(t, db, ctx, backend.Task{Title: "Préparer la permanence",
		DueAt: parisAt("2026-04-16 23:30"), AssigneeID: me})
	sunday := mustTask(t, db, ctx, backend.Task{Title: "Courrier CAF",
		DueAt: parisAt("2026-04-19 18:00"), AssigneeID: me})
	nextWeek := mustTask(t, db, ctx, backend.Task{Title: "Rendez-vous avocat",
		DueAt: parisAt("2026-04-20 09:00"), PersonID: awa.ID, AssigneeID: me})
	mustTask(t, db, ctx, backend.Task{Title: "Tâche d'une collègue",
		DueAt: parisAt("2026-04-16 11:00"), AssigneeID: other.ID})

	lists := map[string][]string{
		backend.TaskListMine: {overdue.ID, thisMorning.ID, tonight.ID, sunday.ID,
			nextWeek.ID},
		backend.TaskListOverdue: {overdue.ID, thisMorning.ID},
		backend.TaskListToday:   {thisMorning.ID, tonight.ID},
		backend.TaskListWeek:    {thisMorning.ID, tonight.ID, sunday.ID},
	}
	for list, want := range lists {
		rows, err := db.Tasks(ctx, backend.TaskQuery{List: list})
		if err != nil {
			t.Fatal(err)
		}
		if got := rowIDs(rows); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: got %v, want %v", list, got, want)
		}
	}
	counts, err := db.TaskCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts != (backend.TaskCounts{Mine: 5, Overdue: 2, Today: 2, Week: 3}) {
		t.Errorf("counts %+v", counts)
	}

	// Awa's tasks, done ones after the open ones.
	if _, err := db.SetTaskStatus(ctx, thisMorning.ID, backend.TaskDone); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Tasks(ctx, backend.TaskQuery{List: backend.TaskListPerson,
		PersonID: awa.ID})
	if err != nil {
		t.Fatal(err)
	}
	if got := rowIDs(rows); fmt.Sprint(got) != fmt.Sprint([]string{nextWeek.ID,
		thisMorning.ID}) {
		t.Errorf("person: %v", got)
	}
	if rows[0].PersonName != "Koné Awa" || rows[0].AssigneeName != "Camille B." {
		t.Errorf("row %+v", rows[0])
	}
	counts, _ = db.TaskCounts(ctx)
	if counts != (backend.TaskCounts{Mine: 4, Overdue: 1, Today: 1, Week: 2}) {
		t.Errorf("counts after done %+v", counts)
	}
}

func rowIDs(rows []backend.TaskRow) []string {
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	return ids
}

func TestUpdateAndCancelTask(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	task := mustTask(t, db, ctx, backend.Task{Title: "Appeler la CAF",
		DueAt: parisAt("2026-04-20 10:00"), RemindAt: ptr(parisAt("2026-04-20 09:45"))})
	task.Title, task.Priority = "Appeler la CAF de Marseille", backend.PriorityHigh
	task.RemindAt = nil
	got, err := db.UpdateTask(ctx, task)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != task.Title || got.Priority != backend.PriorityHigh || got.RemindAt != nil ||
		got.Status != backend.TaskTodo || got.CreatedBy != c.Users[0].ID {
		t.Fatalf("updated %+v", got)
	}
	got, err = db.SetTaskStatus(ctx, task.ID, backend.TaskCancelled)
	if err != nil || got.Status != backend.TaskCancelled {
		t.Fatalf("cancelled %+v (%v)", got, err)
	}
	if _, err := db.SetTaskStatus(ctx, task.ID, "perdu"); err == nil {
		t.Fatal("an unknown status was accepted")
	}
	if _, err := db.Task(ctx, "nope"); backend.ErrorCode(err) != backend.ENotFound {
		t.Fatalf("unknown task: %v", err)
	}
}

func TestRecurringTaskComesBack(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	cases := []struct {
		name, recurrence string
		working          bool
		due, next        string
	}{
		{"weekly", backend.RecurWeekly, false, "2026-04-16 09:00", "2026-04-23 09:00"},
		// 31 March: the next month has no 31st.
		{"monthly", backend.RecurMonthly, false, "2026-03-31 09:00", "2026-04-30 09:00"},
		// 7 May 2026 + a week is Ascension (Thursday 14 May): the 15th.
		{"weekly on working days", backend.RecurWeekly, true, "2026-05-07 09:00",
			"2026-05-15 09:00"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			due := parisAt(tc.due)
			task := mustTask(t, db, ctx, backend.Task{Title: "Relevé du courrier " + tc.name,
				DueAt: due, RemindAt: ptr(due.Add(-30 * time.Minute)),
				Recurrence: tc.recurrence, WorkingDay: tc.working})
			if _, err := db.SetTaskStatus(ctx, task.ID, backend.TaskDone); err != nil {
				t.Fatal(err)
			}
			var next backend.Task
			rows, _ := db.Tasks(ctx, backend.TaskQuery{List: backend.TaskListMine})
			for _, r := range rows {
				if r.Title == task.Title {
					next, _ = db.Task(ctx, r.ID)
				}
			}
			if !next.DueAt.Equal(parisAt(tc.next)) || next.Recurrence != tc.recurrence {
				t.Fatalf("next occurrence %+v, want due %s", next, tc.next)
			}
			if next.RemindAt == nil || next.DueAt.Sub(*next.RemindAt) != 30*time.Minute {
				t.Fatalf("next reminder %v", next.RemindAt)
			}
			// Reopened and done again, it still brings one next occurrence.
			for _, st := range []string{backend.TaskTodo, backend.TaskDone, backend.TaskTodo,
				backend.TaskDone} {
				if _, err := db.SetTaskStatus(ctx, task.ID, st); err != nil {
					t.Fatal(err)
				}
			}
			rows, _ = db.Tasks(ctx, backend.TaskQuery{List: backend.TaskListMine})
			n := 0
			for _, r := range rows {
				if r.Title == task.Title && r.ID != task.ID {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("%d next occurrences after reopening, want 1", n)
			}
		})
	}
}

func TestWorkingDayMovesTheDueDate(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	// Saturday 25 December 2027, then Sunday: Monday the 27th.
	task := mustTask(t, db, ctx, backend.Task{Title: "Dossier à rendre",
		DueAt: parisAt("2027-12-25 10:00"), RemindAt: ptr(parisAt("2027-12-25 08:00")),
		WorkingDay: true})
	if !task.DueAt.Equal(parisAt("2027-12-27 10:00")) ||
		!task.RemindAt.Equal(parisAt("2027-12-27 08:00")) {
		t.Fatalf("due %s, reminder %s", task.DueAt.In(paris), task.RemindAt.In(paris))
	}
}

// clock is a fake clock the tests move by hand.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

// reopen closes db and opens its file again on the same clock, as a
// restart of PAPPU would.
func reopen(t *testing.T, db *sqlite.DB, clk *clock) *sqlite.DB {
	t.Helper()
	path := db.Path()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = clk.Now
	return db
}

func openOnClock(t *testing.T, clk *clock) (*sqlite.DB, backend.Context) {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "pappu.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = clk.Now
	c, err := db.Setup(context.Background(), backend.Setup{OrganisationName: "Accueil Test",
		SiteName: "Permanence", UserName: "Camille B."})
	if err != nil {
		t.Fatal(err)
	}
	return db, c
}

func fire(t *testing.T, db *sqlite.DB, now time.Time) []backend.Notification {
	t.Helper()
	got, err := db.FireDueReminders(context.Background(), now)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestReminderFiresOnceAtItsMinute(t *testing.T) {
	clk := &clock{parisAt("2026-04-16 09:00")}
	db, c := openOnClock(t, clk)
	ctx := actorCtx(c)
	task := mustTask(t, db, ctx, backend.Task{Title: "Appeler Mme Koné",
		DueAt: parisAt("2026-04-16 11:00"), RemindAt: ptr(parisAt("2026-04-16 10:15"))})

	for _, tick := range []string{"09:01", "10:14"} {
		if got := fire(t, db, parisAt("2026-04-16 "+tick)); len(got) != 0 {
			t.Fatalf("fired at %s: %+v", tick, got)
		}
	}
	got := fire(t, db, parisAt("2026-04-16 10:15"))
	if len(got) != 1 || got[0].TaskID != task.ID || got[0].Late ||
		got[0].Title != "Appeler Mme Koné" {
		t.Fatalf("at its minute: %+v", got)
	}
	for _, tick := range []string{"10:15", "10:16", "12:00"} {
		if got := fire(t, db, parisAt("2026-04-16 "+tick)); len(got) != 0 {
			t.Fatalf("fired again at %s: %+v", tick, got)
		}
	}

	// The notification centre shows it, unread, then read.
	if n, _ := db.UnreadNotifications(ctx); n != 1 {
		t.Fatalf("unread %d", n)
	}
	list, err := db.Notifications(ctx, 10)
	if err != nil || len(list) != 1 || list[0].TaskID != task.ID || list[0].Read {
		t.Fatalf("notifications %+v (%v)", list, err)
	}
	if err := db.MarkNotificationsRead(ctx, list[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.UnreadNotifications(ctx); n != 0 {
		t.Fatalf("unread after reading %d", n)
	}

	// Moved to a new instant, it fires again then; moved to an instant
	// already past, at the next tick, late.
	clk.now = parisAt("2026-04-16 12:00")
	task.DueAt, task.RemindAt = parisAt("2026-04-16 13:00"), ptr(parisAt("2026-04-16 12:30"))
	task, err = db.UpdateTask(ctx, task)
	if err != nil {
		t.Fatal(err)
	}
	if got := fire(t, db, parisAt("2026-04-16 12:29")); len(got) != 0 {
		t.Fatalf("fired before its new minute: %+v", got)
	}
	if got := fire(t, db, parisAt("2026-04-16 12:30")); len(got) != 1 || got[0].Late {
		t.Fatalf("at its new minute: %+v", got)
	}
	clk.now = parisAt("2026-04-16 12:40")
	task.RemindAt = ptr(parisAt("2026-04-16 10:45"))
	if _, err := db.UpdateTask(ctx, task); err != nil {
		t.Fatal(err)
	}
	if got := fire(t, db, parisAt("2026-04-16 12:41")); len(got) != 1 || !got[0].Late {
		t.Fatalf("moved into the past: %+v", got)
	}

	// A task done or cancelled reminds nobody.
	done := mustTask(t, db, ctx, backend.Task{Title: "Déjà fait",
		DueAt: parisAt("2026-04-16 15:00"), RemindAt: ptr(parisAt("2026-04-16 14:00"))})
	db.SetTaskStatus(ctx, done.ID, backend.TaskDone)
	if got := fire(t, db, parisAt("2026-04-16 14:00")); len(got) != 0 {
		t.Fatalf("a done task reminded: %+v", got)
	}
}

func TestReminderDueWhileClosedFiresLateAtNextStart(t *testing.T) {
	clk := &clock{parisAt("2026-04-16 17:00")}
	db, c := openOnClock(t, clk)
	ctx := actorCtx(c)
	task := mustTask(t, db, ctx, backend.Task{Title: "Relancer la préfecture",
		DueAt: parisAt("2026-04-17 10:00"), RemindAt: ptr(parisAt("2026-04-17 08:30"))})
	fire(t, db, parisAt("2026-04-16 17:00"))

	// PAPPU is closed at 18:00 and opened again the next day at 9:12.
	clk.now = parisAt("2026-04-17 09:12")
	db = reopen(t, db, clk)
	got := fire(t, db, clk.now)
	if len(got) != 1 || got[0].TaskID != task.ID || !got[0].Late {
		t.Fatalf("at the next start: %+v", got)
	}
	if got := fire(t, db, parisAt("2026-04-17 09:13")); len(got) != 0 {
		t.Fatalf("fired twice: %+v", got)
	}
	list, _ := db.Notifications(ctx, 10)
	if len(list) != 1 || !list[0].Late {
		t.Fatalf("centre %+v", list)
	}
}

func TestTenThousandRemindersOverADay(t *testing.T) {
	if testing.Short() {
		t.Skip("10 000 reminders")
	}
	start := parisAt("2026-04-16 00:00")
	clk := &clock{start.Add(-time.Minute)}
	db, c := openOnClock(t, clk)
	ctx := actorCtx(c)

	// 10 000 reminders spread over the 1 440 minutes of the day.
	const n = 10000
	minuteOf := map[string]time.Time{}
	for i := 0; i < n; i++ {
		at := start.Add(time.Duration(i*1440/n) * time.Minute)
		task := mustTask(t, db, ctx, backend.Task{Title: fmt.Sprintf("Rappel %05d", i),
			DueAt: at.Add(time.Hour), RemindAt: ptr(at)})
		minuteOf[task.ID] = at
	}

	// Tick every minute of the day; PAPPU restarts at noon, between two
	// ticks.
	firedAt := map[string]time.Time{}
	for m := 0; m < 1440; m++ {
		now := start.Add(time.Duration(m) * time.Minute)
		if m == 720 {
			db = reopen(t, db, clk)
		}
		clk.now = now
		for _, f := range fire(t, db, now) {
			if prev, twice := firedAt[f.TaskID]; twice {
				t.Fatalf("%s fired at %s and again at %s", f.TaskID, prev, now)
			}
			if f.Late {
				t.Fatalf("%s fired late at %s", f.TaskID, now)
			}
			firedAt[f.TaskID] = now
		}
	}
	if len(firedAt) != n {
		t.Fatalf("%d reminders fired, want %d", len(firedAt), n)
	}
	for id, want := range minuteOf {
		if !firedAt[id].Equal(want) {
			t.Fatalf("%s fired at %s, want %s", id, firedAt[id], want)
		}
	}
	// A restart after the day fires nothing again.
	db = reopen(t, db, clk)
	if got := fire(t, db, start.Add(25*time.Hour)); len(got) != 0 {
		t.Fatalf("%d fired again after the restart", len(got))
	}
}
