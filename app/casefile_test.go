package app_test

import (
	"strings"
	"testing"
	"time"

	"pappu/backend"
	"pappu/backend/sqlite"
)

// A worker follows a procedure; an accueillant opening the same file sees
// that it exists, its type and status, and nothing more: no key date, no
// notes, no referrals, and the details are refused and audited.
func TestCaseFileShowsAReceptionistTypeAndStatusOnly(t *testing.T) {
	svc, _ := mustServices(t)
	p, err := svc.Persons.Create(backend.Person{LastName: "Haddad", FirstNames: "Rania",
		Notes: "suivi par l'avocate"})
	if err != nil {
		t.Fatal(err)
	}
	nextYear := time.Now().AddDate(1, 0, 0).Format(time.DateOnly)
	proc, err := svc.Procedures.Open(backend.Procedure{PersonID: p.ID, Type: "renouvellement",
		Status: backend.StatusFiled, Notes: "attente de l'avis médical"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Procedures.Move(backend.StatusChange{ProcedureID: proc.ID,
		FromStatus: backend.StatusFiled, ToStatus: backend.StatusReceipt,
		ReceiptUntil: nextYear}); err != nil {
		t.Fatal(err)
	}
	full, err := svc.Persons.CaseFile(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(full.Procedures) != 1 || full.Procedures[0].NextDate != nextYear ||
		full.Person.Notes == "" {
		t.Fatalf("the administrator's case file: %+v", full)
	}

	desk := loginAs(t, svc, backend.RoleReception)
	cf, err := svc.Persons.CaseFile(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cf.Procedures) != 1 || cf.Procedures[0].StatusLabel != "Récépissé" ||
		cf.Procedures[0].TypeLabel == "" {
		t.Fatalf("the receptionist does not see the procedure: %+v", cf.Procedures)
	}
	if cf.Procedures[0].NextDate != "" || cf.Person.Notes != "" || len(cf.Referrals) != 0 {
		t.Fatalf("the receptionist sees details: %+v", cf)
	}
	// The steps' days are the procedure's key dates (filing, decision).
	for _, e := range cf.Timeline {
		if e.Kind == sqlite.TimelineStep {
			t.Fatalf("the receptionist's timeline shows a step: %+v", e)
		}
	}
	rows, err := svc.Procedures.ForPerson(p.ID)
	if err != nil || len(rows) != 1 || rows[0].NextDate != "" {
		t.Fatalf("ForPerson as a receptionist: %+v %v", rows, err)
	}

	_, err = svc.Procedures.Get(proc.ID)
	if m := windowError(t, err); m["code"] != backend.EUnauthorized ||
		!strings.Contains(m["message"], "ne permet pas") {
		t.Fatalf("the details were not refused: %v", m)
	}
	if !refusalAudited(t, svc, desk, "Procedures.Get") {
		t.Fatal("the refusal is not in the audit log")
	}
	opened, err := svc.Store().AuditLog(t.Context(), sqlite.AuditFilter{UserID: desk.ID,
		Action: "open", Entity: "person"})
	if err != nil || len(opened) != 1 || opened[0].EntityID != p.ID {
		t.Fatalf("the opening of the case file is not audited: %+v %v", opened, err)
	}
}
