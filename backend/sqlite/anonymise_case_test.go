package sqlite_test

import (
	"context"
	"testing"
	"time"

	"pappu/backend"
)

// Erasure reaches the case file: the reference, outcome and notes of a
// person's procedures, the notes of their steps and the titles and notes of
// their tasks are gone from the rows, the change log and, once compacted,
// the bytes of the file; types, statuses and dates stay for statistics.
func TestAnonymisationEmptiesTheCaseFile(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	p, err := db.CreatePerson(ctx, backend.Person{LastName: "Effaçable", FirstNames: "Ondine"})
	if err != nil {
		t.Fatal(err)
	}
	proc := mustOpenProcedure(t, db, ctx, p.ID, "renouvellement")
	proc.Reference = "RefDossierMarqueur"
	proc.Notes = "NoteDemarcheMarqueur"
	proc.Outcome = "IssueMarqueur"
	if _, err := db.UpdateProcedure(ctx, proc); err != nil {
		t.Fatal(err)
	}
	step := change(proc.ID, backend.StatusFiled, "2026-04-16")
	step.Note = "NoteEtapeMarqueur"
	if _, err := db.MoveProcedure(ctx, step); err != nil {
		t.Fatal(err)
	}
	task, err := db.CreateTask(ctx, backend.Task{Title: "Appeler TitreTacheMarqueur",
		Notes: "NoteTacheMarqueur", DueAt: fixedNow.Add(48 * time.Hour),
		PersonID: p.ID, ProcedureID: proc.ID})
	if err != nil {
		t.Fatal(err)
	}
	markers := []string{"RefDossierMarqueur", "NoteDemarcheMarqueur", "IssueMarqueur",
		"NoteEtapeMarqueur", "TitreTacheMarqueur", "NoteTacheMarqueur"}
	before := rawFiles(t, db)
	for _, m := range markers {
		if findMarker(before, m) == "" {
			t.Fatalf("%q not in the files before: the search is blind", m)
		}
	}

	if err := db.AnonymisePerson(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	got, err := db.Procedure(ctx, proc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Reference != "" || got.Notes != "" || got.Outcome != "" ||
		got.Type != "renouvellement" || got.Status != backend.StatusFiled ||
		got.SubmittedOn != "2026-04-16" || got.Steps[len(got.Steps)-1].Note != "" {
		t.Fatalf("procedure after erasure: %+v", got)
	}
	gotTask, err := db.Task(ctx, task.ID)
	if err != nil || gotTask.Status != backend.TaskCancelled || gotTask.Notes != "" ||
		gotTask.Title != "Tâche anonymisée" {
		t.Fatalf("task after erasure: %+v (%v)", gotTask, err)
	}
	if err := db.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	after := rawFiles(t, db)
	for _, m := range markers {
		if where := findMarker(after, m); where != "" {
			t.Errorf("%q is still in %s", m, where)
		}
	}
}

// The right of access gives the whole case file: procedures with their
// steps, and the tasks about the person.
func TestPersonExportHoldsTheCaseFile(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	p, err := db.CreatePerson(ctx, backend.Person{LastName: "Demandeuse", FirstNames: "Léa"})
	if err != nil {
		t.Fatal(err)
	}
	proc := mustOpenProcedure(t, db, ctx, p.ID, "renouvellement")
	if _, err := db.MoveProcedure(ctx, change(proc.ID, backend.StatusFiled, "2026-04-16")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateTask(ctx, backend.Task{Title: "Rappeler", DueAt: fixedNow.Add(time.Hour),
		PersonID: p.ID}); err != nil {
		t.Fatal(err)
	}
	e, err := db.PersonExport(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Procedures) != 1 || len(e.Procedures[0].Steps) != 2 ||
		e.Procedures[0].Status != backend.StatusFiled {
		t.Errorf("procedures in the export: %+v", e.Procedures)
	}
	if len(e.Tasks) != 1 || e.Tasks[0].Title != "Rappeler" || e.Referrals == nil {
		t.Errorf("tasks %+v, referrals %+v in the export", e.Tasks, e.Referrals)
	}
}
