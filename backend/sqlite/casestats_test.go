package sqlite_test

import (
	"context"
	"slices"
	"testing"

	"pappu/backend"
)

// Each step counts on the day it happened: a procedure opened as filed in
// March counts as opened and filed in March; its refusal in March and its
// grant after an appeal in April are two decisions. A referral counts under
// its partner's kind even once the partner is deleted.
func TestCaseFiguresCountEachStepOnItsDay(t *testing.T) {
	db, c := mustOpen(t) // today is 2026-04-16
	ctx := actorCtx(c)
	person := mustPerson(t, db, ctx)
	p, err := db.OpenProcedure(ctx, backend.Procedure{PersonID: person.ID,
		Type: "renouvellement", Status: backend.StatusFiled, SubmittedOn: "2026-03-02"})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []backend.StatusChange{
		{ProcedureID: p.ID, ToStatus: backend.StatusRefused, Day: "2026-03-20"},
		{ProcedureID: p.ID, ToStatus: backend.StatusAppeal, Day: "2026-04-01"},
		{ProcedureID: p.ID, ToStatus: backend.StatusGranted, Day: "2026-04-10"},
	} {
		if _, err := db.MoveProcedure(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	mustOpenProcedure(t, db, ctx, person.ID, "asile") // opened today
	partner := mustPartner(t, db, ctx, backend.Partner{Name: "La Cimade", Kind: "association"})
	if _, err := db.CreateReferrals(ctx, backend.NewReferrals{PersonID: person.ID,
		PartnerIDs: []string{partner.ID}, Day: "2026-04-02"}); err != nil {
		t.Fatal(err)
	}
	if err := db.DeletePartner(ctx, partner.ID); err != nil {
		t.Fatal(err)
	}

	figures := func(from, to string) backend.CaseFigures {
		t.Helper()
		f, err := db.CaseFigures(context.Background(), backend.Period{From: from, To: to})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	one := func(code, label string) []backend.Count {
		return []backend.Count{{Code: code, Label: label, N: 1}}
	}
	march := figures("2026-03-01", "2026-03-31")
	if march.Opened != 1 || march.Filed != 1 || march.Decided != 1 || march.Referrals != 0 {
		t.Errorf("March: %+v", march)
	}
	sameLines(t, "March decisions", march.DecidedByOutcome,
		one(backend.StatusRefused, "Décision défavorable"))
	april := figures("2026-04-01", "2026-04-30")
	if april.Opened != 1 || april.Filed != 0 || april.Decided != 1 || april.Referrals != 1 {
		t.Errorf("April: %+v", april)
	}
	sameLines(t, "April openings", april.OpenedByType, one("asile", "Demande d'asile"))
	sameLines(t, "April decisions", april.DecidedByOutcome,
		one(backend.StatusGranted, "Décision favorable"))
	sameLines(t, "April referrals by kind", april.ReferralsByKind,
		one("association", "Association"))
	sameLines(t, "April referrals by outcome", april.ReferralsByOutcome,
		one(backend.ReferralPending, "En attente"))
	both := figures("2026-03-01", "2026-04-30")
	if both.Decided != 2 || len(both.DecidedByType) != 1 || both.DecidedByType[0].N != 2 {
		t.Errorf("March and April: %+v", both)
	}

	_, err = db.CaseFigures(context.Background(), backend.Period{From: "2026-05-01",
		To: "2026-04-01"})
	wantInvalid(t, err, "to")
}

func sameLines(t *testing.T, what string, got, want []backend.Count) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: %+v, want %+v", what, got, want)
	}
}
