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

func mustPartner(t *testing.T, db *sqlite.DB, ctx context.Context, p backend.Partner) backend.Partner {
	t.Helper()
	out, err := db.CreatePartner(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func names(rows []backend.PartnerRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Name)
	}
	return out
}

func TestPartnerChecksInput(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	for _, tc := range []struct {
		name  string
		in    backend.Partner
		field string
	}{
		{"no name", backend.Partner{Kind: "association"}, "name"},
		{"no kind", backend.Partner{Name: "La Cimade"}, "kind"},
		{"unknown kind", backend.Partner{Name: "La Cimade", Kind: "club"}, "kind"},
		{"unknown theme", backend.Partner{Name: "La Cimade", Kind: "association",
			Themes: []string{"astrologie"}}, "themes"},
		{"bad postal code", backend.Partner{Name: "La Cimade", Kind: "association",
			PostalCode: "130"}, "postalCode"},
		{"bad email", backend.Partner{Name: "La Cimade", Kind: "association",
			Email: "pas une adresse"}, "email"},
		{"contact without a name", backend.Partner{Name: "La Cimade", Kind: "association",
			Contacts: []backend.PartnerContact{{Phone: "0491000000"}}}, "contacts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.CreatePartner(ctx, tc.in)
			wantInvalid(t, err, tc.field)
		})
	}
}

func TestPartnerContactsAreAddedChangedAndRemoved(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	p := mustPartner(t, db, ctx, backend.Partner{Name: "La Cimade Marseille",
		Kind: backend.PartnerAssociation, Themes: []string{"asile"}, Commune: "Marseille",
		Contacts: []backend.PartnerContact{{Name: "Inès Garnier", Role: "juriste"},
			{Name: "Paul Roux", Phone: "04 91 00 00 00"}}})
	if len(p.Contacts) != 2 || p.Contacts[0].ID == "" {
		t.Fatalf("contacts not saved: %+v", p.Contacts)
	}

	// Inès changes role, Paul leaves, Zoé arrives.
	p.Contacts[0].Role = "coordinatrice"
	p.Contacts = []backend.PartnerContact{p.Contacts[0], {Name: "Zoé Martin"}}
	got, err := db.UpdatePartner(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	var roles []string
	for _, c := range got.Contacts {
		roles = append(roles, c.Name+":"+c.Role)
	}
	if !slices.Equal(roles, []string{"Inès Garnier:coordinatrice", "Zoé Martin:"}) {
		t.Fatalf("contacts after the change: %v", roles)
	}

	// Paul is a tombstone, not gone.
	var deleted int
	rawDB(t, db).QueryRow(`SELECT count(*) FROM partner_contacts
		WHERE deleted_at IS NOT NULL`).Scan(&deleted)
	if deleted != 1 {
		t.Fatalf("%d contacts tombstoned, want 1", deleted)
	}

	// A contact of another partner cannot be slipped in.
	other := mustPartner(t, db, ctx, backend.Partner{Name: "CCAS", Kind: "social"})
	other.Contacts = []backend.PartnerContact{got.Contacts[0]}
	_, err = db.UpdatePartner(ctx, other)
	wantInvalid(t, err, "contacts")
}

func TestSearchPartnersFoldsAndFilters(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	mustPartner(t, db, ctx, backend.Partner{Name: "La Cimade", Kind: "association",
		Themes: []string{"asile", "sejour"}, Commune: "Marseille"})
	mustPartner(t, db, ctx, backend.Partner{Name: "Maison de Justice et du Droit",
		Organisation: "Point-justice", Kind: "autre", Commune: "Aix-en-Provence"})
	mustPartner(t, db, ctx, backend.Partner{Name: "Préfecture des Bouches-du-Rhône",
		Kind: "administration", Themes: []string{"sejour"}, Commune: "Marseille"})
	gone := mustPartner(t, db, ctx, backend.Partner{Name: "Cimade (ancienne adresse)",
		Kind: "association", Commune: "Marseille"})
	if err := db.DeletePartner(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		q    backend.PartnerQuery
		want []string
	}{
		{backend.PartnerQuery{Text: "CIMADE"}, []string{"La Cimade"}},
		{backend.PartnerQuery{Text: "prefecture bouches"},
			[]string{"Préfecture des Bouches-du-Rhône"}},
		{backend.PartnerQuery{Text: "justice"}, []string{"Maison de Justice et du Droit"}},
		{backend.PartnerQuery{Text: "aix"}, []string{"Maison de Justice et du Droit"}},
		{backend.PartnerQuery{Text: "ustice"}, nil}, // words match from their start
		{backend.PartnerQuery{Kind: "administration"},
			[]string{"Préfecture des Bouches-du-Rhône"}},
		{backend.PartnerQuery{Theme: "sejour"},
			[]string{"La Cimade", "Préfecture des Bouches-du-Rhône"}},
		{backend.PartnerQuery{Commune: "aix en provence"},
			[]string{"Maison de Justice et du Droit"}},
		{backend.PartnerQuery{Theme: "asile", Commune: "MARSEILLE"}, []string{"La Cimade"}},
	} {
		got, err := db.SearchPartners(ctx, tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(names(got), tc.want) {
			t.Errorf("%+v: got %v, want %v", tc.q, names(got), tc.want)
		}
	}
	if _, err := db.Partner(ctx, gone.ID); backend.ErrorCode(err) != backend.ENotFound {
		t.Fatalf("a deleted partner opens: %v", err)
	}
}

func TestReferralsFromVisits(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	cimade := mustPartner(t, db, ctx, backend.Partner{Name: "La Cimade", Kind: "association"})
	caf := mustPartner(t, db, ctx, backend.Partner{Name: "CAF", Kind: "administration"})
	person, err := db.CreatePerson(ctx, backend.Person{LastName: "Diallo", FirstNames: "Awa"})
	if err != nil {
		t.Fatal(err)
	}
	v := mustRecord(t, db, ctx, backend.Visit{At: fixedNow.AddDate(0, 0, -10),
		SiteID: c.Sites[0].ID, UserID: c.Users[0].ID, PersonID: person.ID})
	anon := mustRecord(t, db, ctx, backend.Visit{At: fixedNow, SiteID: c.Sites[0].ID,
		UserID: c.Users[0].ID, Sex: "F"})

	made, err := db.CreateReferrals(ctx, backend.NewReferrals{VisitID: v.ID,
		PartnerIDs: []string{cimade.ID, caf.ID, cimade.ID}, Reason: "recours"})
	if err != nil {
		t.Fatal(err)
	}
	if len(made) != 2 || made[0].PersonID != person.ID || made[0].Day != "2026-04-06" {
		t.Fatalf("referrals: %+v", made)
	}
	// Saving again adds nothing; an anonymous visit refers nobody by name.
	again, _ := db.CreateReferrals(ctx, backend.NewReferrals{VisitID: v.ID,
		PartnerIDs: []string{caf.ID}})
	if len(again) != 0 {
		t.Fatalf("the same referral was made twice: %+v", again)
	}
	fromAnon, err := db.CreateReferrals(ctx, backend.NewReferrals{VisitID: anon.ID,
		PartnerIDs: []string{caf.ID}})
	if err != nil || len(fromAnon) != 1 || fromAnon[0].PersonID != "" {
		t.Fatalf("from an anonymous visit: %+v %v", fromAnon, err)
	}

	pending, err := db.PendingReferrals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 3 || pending[0].PersonName != "Diallo Awa" || pending[0].AgeDays != 10 {
		t.Fatalf("pending: %+v", pending)
	}

	// The outcome is one of the list, not before the referral.
	_, err = db.SetReferralOutcome(ctx, made[0].ID, "perdu", "")
	wantInvalid(t, err, "outcome")
	_, err = db.SetReferralOutcome(ctx, made[0].ID, backend.ReferralTaken, "2026-04-01")
	wantInvalid(t, err, "day")
	got, err := db.SetReferralOutcome(ctx, made[0].ID, backend.ReferralTaken, "")
	if err != nil || got.Outcome != backend.ReferralTaken || got.OutcomeOn != "2026-04-16" ||
		got.OutcomeLabel != "Pris en charge" {
		t.Fatalf("outcome: %+v %v", got, err)
	}
	if pending, _ = db.PendingReferrals(ctx); len(pending) != 2 {
		t.Fatalf("%d pending after one was taken, want 2", len(pending))
	}
	page, err := db.PartnerPage(ctx, made[0].PartnerID)
	if err != nil || len(page.Referrals) != 1 || page.Referrals[0].Outcome != backend.ReferralTaken {
		t.Fatalf("partner page: %+v %v", page, err)
	}

	_, err = db.CreateReferrals(ctx, backend.NewReferrals{VisitID: v.ID})
	wantInvalid(t, err, "partnerIds")
	_, err = db.CreateReferrals(ctx, backend.NewReferrals{PartnerIDs: []string{caf.ID}})
	wantInvalid(t, err, "visitId")
}

func TestSupportFigures(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	cimade := mustPartner(t, db, ctx, backend.Partner{Name: "La Cimade", Kind: "association",
		Contacts: []backend.PartnerContact{{Name: "Inès Garnier"}}})
	ccas := mustPartner(t, db, ctx, backend.Partner{Name: "CCAS", Kind: "social"})
	record := func(s backend.PartnerSupport) backend.PartnerSupport {
		t.Helper()
		out, err := db.RecordSupport(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	first := record(backend.PartnerSupport{Day: "2026-04-02", PartnerID: cimade.ID,
		ContactID: cimade.Contacts[0].ID, Mode: "telephone",
		Themes: []string{"asile", "sejour"}, DurationMin: 30, Question: "Dublin ?"})
	record(backend.PartnerSupport{Day: "2026-04-10", PartnerID: ccas.ID, Mode: "formation",
		Themes: []string{"asile"}, DurationMin: 120})
	gone := record(backend.PartnerSupport{Day: "2026-04-11", PartnerID: ccas.ID,
		Mode: "mail", DurationMin: 5})
	record(backend.PartnerSupport{Day: "2026-03-31", PartnerID: ccas.ID, Mode: "mail"})
	if err := db.DeleteSupport(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	if first.ContactName != "Inès Garnier" || first.UserID != c.Users[0].ID {
		t.Fatalf("support read back: %+v", first)
	}

	f, err := db.SupportFigures(ctx, backend.Period{From: "2026-04-01", To: "2026-04-30"})
	if err != nil {
		t.Fatal(err)
	}
	counts := func(lines []backend.Count) map[string]int {
		m := map[string]int{}
		for _, l := range lines {
			m[l.Code] = l.N
		}
		return m
	}
	if f.Count != 2 || f.Minutes != 150 {
		t.Fatalf("count %d, minutes %d", f.Count, f.Minutes)
	}
	for _, tc := range []struct {
		what string
		got  map[string]int
		want map[string]int
	}{
		{"by kind", counts(f.ByKind), map[string]int{"association": 1, "social": 1}},
		{"by theme", counts(f.ByTheme), map[string]int{"asile": 2, "sejour": 1}},
		{"by mode", counts(f.ByMode), map[string]int{"telephone": 1, "formation": 1}},
	} {
		if len(tc.got) != len(tc.want) {
			t.Errorf("%s: %v, want %v", tc.what, tc.got, tc.want)
		}
		for k, n := range tc.want {
			if tc.got[k] != n {
				t.Errorf("%s: %v, want %v", tc.what, tc.got, tc.want)
			}
		}
	}

	// A contact of another partner, an unknown mode, a future day are refused.
	_, err = db.RecordSupport(ctx, backend.PartnerSupport{PartnerID: ccas.ID, Mode: "mail",
		ContactID: cimade.Contacts[0].ID})
	wantInvalid(t, err, "contactId")
	_, err = db.RecordSupport(ctx, backend.PartnerSupport{PartnerID: ccas.ID, Mode: "fax"})
	wantInvalid(t, err, "mode")
	_, err = db.RecordSupport(ctx, backend.PartnerSupport{PartnerID: ccas.ID, Mode: "mail",
		Day: fixedNow.AddDate(0, 0, 2).Format(time.DateOnly)})
	wantInvalid(t, err, "day")
}

// Erasing a person on request also empties the reasons of their referrals,
// which may describe them; the referral itself still counts for the partner.
func TestAnonymisingAPersonEmptiesTheirReferralReasons(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	partner := mustPartner(t, db, ctx, backend.Partner{Name: "CCAS", Kind: "social"})
	person, err := db.CreatePerson(ctx, backend.Person{LastName: "Diallo", FirstNames: "Awa"})
	if err != nil {
		t.Fatal(err)
	}
	v := mustRecord(t, db, ctx, backend.Visit{At: fixedNow, SiteID: c.Sites[0].ID,
		UserID: c.Users[0].ID, PersonID: person.ID})
	made, err := db.CreateReferrals(ctx, backend.NewReferrals{VisitID: v.ID,
		PartnerIDs: []string{partner.ID}, Reason: "Awa dort dehors avec ses enfants"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.AnonymisePerson(ctx, person.ID); err != nil {
		t.Fatal(err)
	}
	r, err := db.Referral(ctx, made[0].ID)
	if err != nil || r.Reason != "" || r.PartnerID != partner.ID {
		t.Fatalf("after erasure: %+v %v", r, err)
	}
	var n int
	rawDB(t, db).QueryRow(`SELECT count(*) FROM changes WHERE data LIKE '%dehors%'`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d change-log rows still hold the reason", n)
	}
}

// A search pasted from a long text still answers: the first words count.
func TestAVeryLongPartnerSearchAnswers(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	mustPartner(t, db, ctx, backend.Partner{Name: "La Cimade", Kind: "association",
		Commune: "Marseille"})
	got, err := db.SearchPartners(ctx, backend.PartnerQuery{
		Text: "cimade " + strings.Repeat("marseille ", 1500)})
	if err != nil || len(got) != 1 {
		t.Fatalf("a 1 500-word search: %+v (%v)", got, err)
	}
}
