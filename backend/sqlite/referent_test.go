package sqlite_test

import (
	"testing"

	"pappu/backend"
	"pappu/backend/sqlite"
)

// A person's referent is an active user of the structure. One deactivated
// since stays the referent of the persons they followed, and is refused
// for others.
func TestPersonReferentIsAnActiveUser(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)

	_, err := db.CreatePerson(ctx, backend.Person{LastName: "Diallo", ReferentID: "nope"})
	wantInvalid(t, err, "referentId")
	if err.(*backend.Error).Message != "Ce référent n'existe pas." {
		t.Errorf("message %q", err.(*backend.Error).Message)
	}

	// An administrator who can log in, so that another user may leave.
	if _, err := db.ClaimAdmin(ctx, "camille", "Jaune-Citron-77"); err != nil {
		t.Fatal(err)
	}
	leaving, err := db.CreateUser(ctx, sqlite.NewAccount{DisplayName: "Sam P.",
		Login: "sam", Role: backend.RoleWorker, TemporaryPassword: "Provisoire-2026!"})
	if err != nil {
		t.Fatal(err)
	}
	followed, err := db.CreatePerson(ctx, backend.Person{LastName: "Suivie",
		ReferentID: leaving.ID})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetUserRole(ctx, leaving.ID, backend.RoleWorker, false); err != nil {
		t.Fatal(err)
	}

	followed.Phone = "0612345678"
	if _, err := db.UpdatePerson(ctx, followed); err != nil {
		t.Errorf("updating a person whose referent left: %v", err)
	}
	_, err = db.CreatePerson(ctx, backend.Person{LastName: "Nouvelle", ReferentID: leaving.ID})
	wantInvalid(t, err, "referentId")
	if _, err := db.CreatePerson(ctx, backend.Person{LastName: "Nouvelle",
		ReferentID: c.Users[0].ID}); err != nil {
		t.Errorf("an active referent: %v", err)
	}
}
