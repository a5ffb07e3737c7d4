package sqlite_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"pappu/backend"
	"pappu/backend/sqlite"
)

// A file restricted to its referents: its referents and administrators
// open it; another worker neither opens it, nor reads its visits, nor finds
// it by name, nor changes it, and every refused opening is audited; found
// by its number, it shows the number only.
func TestRestrictedFileOpensForItsReferentsOnly(t *testing.T) {
	db, c := mustOpen(t)
	admin := actorCtx(c)
	if _, err := db.ClaimAdmin(admin, "camille", "Jaune-Citron-77"); err != nil {
		t.Fatal(err)
	}
	newUser := func(name string) backend.User {
		u, err := db.CreateUser(admin, sqlite.NewAccount{DisplayName: name, Login: name,
			Role: backend.RoleWorker, TemporaryPassword: "Provisoire-2026!"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	main, second, other := newUser("referente"), newUser("seconde"), newUser("autre")
	as := func(u backend.User) context.Context {
		return backend.WithPrincipal(context.Background(),
			backend.Principal{UserID: u.ID, Role: u.Role})
	}

	_, err := db.CreatePerson(as(main), backend.Person{LastName: "Sanspersonne",
		Restricted: true})
	wantInvalid(t, err, "restricted")
	// Reserving a file to others would lock its author out: refused before
	// anything is written.
	_, err = db.CreatePerson(as(other), backend.Person{LastName: "Confiée",
		ReferentID: main.ID, Restricted: true})
	wantInvalid(t, err, "referents")
	if ms, _ := db.SearchPersons(as(main), "confiee", 10); len(ms) != 0 {
		t.Errorf("a refused creation was written: %+v", ms)
	}

	p, err := db.CreatePerson(as(main), backend.Person{LastName: "Réservée",
		FirstNames: "Zélie", BirthDate: "1990-02-03", ReferentID: main.ID,
		Referents: []string{second.ID}, Restricted: true})
	if err != nil {
		t.Fatal(err)
	}
	v := mustRecord(t, db, as(main), backend.Visit{At: fixedNow, SiteID: c.Sites[0].ID,
		UserID: main.ID, PersonID: p.ID})

	for _, u := range []context.Context{as(main), as(second),
		backend.WithPrincipal(context.Background(),
			backend.Principal{UserID: c.Users[0].ID, Role: backend.RoleAdmin})} {
		if _, err := db.Person(u, p.ID); err != nil {
			t.Fatalf("a referent or an administrator is refused: %v", err)
		}
	}

	wantRefused := func(what string, err error) {
		t.Helper()
		var be *backend.Error
		if !asError(err, &be) || be.Code != backend.EUnauthorized ||
			be.Message != "Ce dossier est réservé à ses référents." {
			t.Errorf("%s: want the restriction's refusal, got %v", what, err)
		}
	}
	_, err = db.Person(as(other), p.ID)
	wantRefused("Person", err)
	_, err = db.PersonVisits(as(other), p.ID)
	wantRefused("PersonVisits", err)
	_, err = db.Visit(as(other), v.ID)
	wantRefused("Visit", err)
	_, err = db.RecordVisit(as(other), backend.Visit{At: fixedNow, SiteID: c.Sites[0].ID,
		UserID: other.ID, PersonID: p.ID, Note: "écrit par un autre"})
	wantRefused("RecordVisit", err)
	if rows, _ := db.PersonVisits(as(main), p.ID); len(rows) != 1 {
		t.Errorf("a refused visit was written: %d visits", len(rows))
	}
	moved := v
	moved.Note = "changée"
	_, err = db.RecordVisit(as(other), moved)
	wantRefused("RecordVisit of its visit", err)
	_, err = db.CreateTask(as(other), backend.Task{Title: "x", DueAt: fixedNow.Add(time.Hour),
		VisitID: v.ID})
	wantRefused("CreateTask on its visit", err)
	changed := p
	changed.Phone = "0600000000"
	_, err = db.UpdatePerson(as(other), changed)
	wantRefused("UpdatePerson", err)

	// The case file around it is closed as well: procedures, tasks,
	// referrals, the right-of-access export and erasure.
	proc, err := db.OpenProcedure(as(main), backend.Procedure{PersonID: p.ID,
		Type: "renouvellement", Notes: "NoteReservee"})
	if err != nil {
		t.Fatal(err)
	}
	task, err := db.CreateTask(as(main), backend.Task{Title: "Appeler Zélie Réservée",
		DueAt: fixedNow.Add(time.Hour), PersonID: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	// Its reminders: the desktop never shows the title; the bell shows it to
	// its referents only.
	remind := fixedNow.Add(time.Minute)
	if _, err := db.CreateTask(as(main), backend.Task{Title: "Rappeler Zélie Réservée",
		DueAt: fixedNow.Add(time.Hour), RemindAt: &remind, PersonID: p.ID}); err != nil {
		t.Fatal(err)
	}
	fired, err := db.FireDueReminders(t.Context(), fixedNow.Add(2*time.Minute))
	if err != nil || len(fired) != 1 || fired[0].Title != "Rappel d'un dossier réservé" {
		t.Errorf("fired for the desktop: %+v (%v)", fired, err)
	}
	for who, want := range map[backend.User]string{main: "Rappeler Zélie Réservée",
		other: "Tâche d'un dossier réservé"} {
		ns, err := db.Notifications(as(who), 10)
		if err != nil || len(ns) != 1 || ns[0].Title != want {
			t.Errorf("%s's bell: %+v (%v), want %q", who.DisplayName, ns, err, want)
		}
	}
	_, err = db.Procedure(as(other), proc.ID)
	wantRefused("Procedure", err)
	_, err = db.PersonProcedures(as(other), p.ID)
	wantRefused("PersonProcedures", err)
	_, err = db.OpenProcedure(as(other), backend.Procedure{PersonID: p.ID, Type: "autre"})
	wantRefused("OpenProcedure", err)
	proc.Notes = "écrasée"
	_, err = db.UpdateProcedure(as(other), proc)
	wantRefused("UpdateProcedure", err)
	_, err = db.MoveProcedure(as(other), backend.StatusChange{ProcedureID: proc.ID,
		ToStatus: backend.StatusClosed})
	wantRefused("MoveProcedure", err)
	_, err = db.Task(as(other), task.ID)
	wantRefused("Task", err)
	_, err = db.SetTaskStatus(as(other), task.ID, backend.TaskDone)
	wantRefused("SetTaskStatus", err)
	_, err = db.CreateTask(as(other), backend.Task{Title: "x", DueAt: fixedNow.Add(time.Hour),
		PersonID: p.ID})
	wantRefused("CreateTask", err)
	_, err = db.Tasks(as(other), backend.TaskQuery{List: backend.TaskListPerson, PersonID: p.ID})
	wantRefused("Tasks of the person", err)
	week, err := db.Tasks(as(other), backend.TaskQuery{List: backend.TaskListWeek})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range week {
		if strings.Contains(r.Title, "Réservée") || strings.Contains(r.PersonName, "Réservée") {
			t.Errorf("another's week list shows %+v", r)
		}
	}
	_, err = db.CreateReferrals(as(other), backend.NewReferrals{VisitID: v.ID,
		PartnerIDs: []string{"any"}})
	wantRefused("CreateReferrals", err)
	_, err = db.PersonByFileNumber(as(other), p.FileNumber)
	wantRefused("PersonByFileNumber", err)
	_, err = db.PersonExport(as(other), p.ID)
	wantRefused("PersonExport", err)
	wantRefused("AnonymisePerson", db.AnonymisePerson(as(other), p.ID))

	if ms, _ := db.SearchPersons(as(other), "reservee", 10); len(ms) != 0 {
		t.Errorf("found by name: %+v", ms)
	}
	ms, _ := db.SearchPersons(as(other), p.FileNumber, 10)
	if len(ms) != 1 || !ms[0].Restricted || ms[0].LastName != "" || ms[0].BirthDate != "" {
		t.Errorf("found by number: %+v, want the number only", ms)
	}
	if ms, _ := db.SearchPersons(as(second), "reservee", 10); len(ms) != 1 ||
		ms[0].LastName != "Réservée" {
		t.Errorf("a referent's search: %+v", ms)
	}
	day, _ := db.VisitsOfDay(as(other), "")
	if len(day) != 1 || day[0].PersonName != "Dossier réservé" || day[0].FileNumber != "" ||
		len(day[0].Themes) != 0 {
		t.Errorf("today's visits show %+v", day)
	}

	entries, err := db.AuditLog(admin, sqlite.AuditFilter{UserID: other.ID, Action: "refused"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(entries, func(e sqlite.AuditEntry) bool { return e.EntityID == p.ID }) {
		t.Errorf("the refused opening is not audited: %+v", entries)
	}

	// Lifted by a referent, the file opens for all again.
	p.Restricted = false
	if _, err := db.UpdatePerson(as(second), p); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Person(as(other), p.ID); err != nil {
		t.Errorf("after lifting the restriction: %v", err)
	}
}
