package sqlite_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"pappu/backend"
	"pappu/backend/sqlite"
)

// mustPerson creates a made-up person.
func mustPerson(t testing.TB, db *sqlite.DB, ctx context.Context) backend.Person {
	t.Helper()
	p, err := db.CreatePerson(ctx, backend.Person{LastName: "Diallo", FirstNames: "Mariama",
		BirthDate: "1991-02-03"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustOpenProcedure(t testing.TB, db *sqlite.DB, ctx context.Context, personID,
	typ string) backend.Procedure {
	t.Helper()
	p, err := db.OpenProcedure(ctx, backend.Procedure{PersonID: personID, Type: typ})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// change is a status change with the dates each status asks for.
func change(id, to, day string) backend.StatusChange {
	c := backend.StatusChange{ProcedureID: id, ToStatus: to, Day: day}
	if to == backend.StatusReceipt {
		c.ReceiptUntil = "2026-07-15"
	}
	return c
}

// pathTo returns the statuses leading from "à préparer" to status.
func pathTo(status string) []string {
	prev := map[string]string{backend.StatusToPrepare: ""}
	queue := []string{backend.StatusToPrepare}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, n := range backend.NextStatuses(s) {
			if _, seen := prev[n]; !seen {
				prev[n] = s
				queue = append(queue, n)
			}
		}
	}
	var path []string
	for s := status; s != backend.StatusToPrepare; s = prev[s] {
		path = append([]string{s}, path...)
	}
	return path
}

func TestEveryTransitionFollowsTheRules(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	person := mustPerson(t, db, ctx)
	for _, from := range backend.ProcedureStatuses {
		for _, to := range backend.ProcedureStatuses {
			p := mustOpenProcedure(t, db, ctx, person.ID, "renouvellement")
			for _, s := range pathTo(from.Code) {
				if _, err := db.MoveProcedure(ctx, change(p.ID, s, "")); err != nil {
					t.Fatalf("moving to %s on the way to %s: %v", s, from.Code, err)
				}
			}
			got, err := db.MoveProcedure(ctx, change(p.ID, to.Code, ""))
			allowed := backend.CanMove(from.Code, to.Code)
			switch {
			case allowed && err != nil:
				t.Errorf("%s → %s refused: %v", from.Code, to.Code, err)
			case allowed && got.Status != to.Code:
				t.Errorf("%s → %s left the status %s", from.Code, to.Code, got.Status)
			case !allowed && err == nil:
				t.Errorf("%s → %s allowed", from.Code, to.Code)
			case !allowed:
				var be *backend.Error
				if !asError(err, &be) || be.Code != backend.EInvalid || be.Field != "toStatus" ||
					!strings.Contains(be.Message, "statut") && !strings.Contains(be.Message, "close") &&
						!strings.Contains(be.Message, "précéder") && !strings.Contains(be.Message, "recours") {
					t.Errorf("%s → %s refused without a French message: %v", from.Code, to.Code, err)
				}
				again, _ := db.Procedure(ctx, p.ID)
				if again.Status != from.Code || len(again.Steps) != len(pathTo(from.Code))+1 {
					t.Errorf("%s → %s refused but the procedure changed: %s, %d steps",
						from.Code, to.Code, again.Status, len(again.Steps))
				}
			}
		}
	}
}

func TestImpossibleTransitionsSayWhy(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	person := mustPerson(t, db, ctx)
	p := mustOpenProcedure(t, db, ctx, person.ID, "premiere_demande")

	_, err := db.MoveProcedure(ctx, change(p.ID, backend.StatusGranted, ""))
	if msg := backend.ErrorMessage(err); !strings.HasPrefix(msg,
		"Une décision ne peut pas précéder le dépôt") || !strings.Contains(msg, "« Déposé »") {
		t.Errorf("a decision before filing: %q", msg)
	}
	for _, s := range []string{backend.StatusFiled, backend.StatusClosed} {
		if _, err := db.MoveProcedure(ctx, change(p.ID, s, "")); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range backend.ProcedureStatuses {
		_, err := db.MoveProcedure(ctx, change(p.ID, s.Code, ""))
		if msg := backend.ErrorMessage(err); msg !=
			"Cette démarche est close : son statut ne peut plus changer." {
			t.Errorf("after clos, to %s: %q", s.Code, msg)
		}
	}
	_, err = db.MoveProcedure(ctx, change(p.ID, "perdu", ""))
	wantInvalid(t, err, "toStatus")
}

func TestProcedureHistoryIsCompleteAndOrdered(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	person := mustPerson(t, db, ctx)
	p := mustOpenProcedure(t, db, ctx, person.ID, "renouvellement")
	if p.Status != backend.StatusToPrepare || len(p.Steps) != 1 || p.Steps[0].Seq != 1 ||
		p.Steps[0].FromStatus != "" || p.Steps[0].Day != "2026-04-16" {
		t.Fatalf("opened: %+v", p)
	}

	moves := []backend.StatusChange{
		{ProcedureID: p.ID, ToStatus: backend.StatusFiled, Day: "2026-03-02"},
		{ProcedureID: p.ID, ToStatus: backend.StatusReceipt, Day: "2026-03-10",
			ReceiptUntil: "2026-06-09", Note: "récépissé remis au guichet"},
		{ProcedureID: p.ID, ToStatus: backend.StatusGranted, Day: "2026-04-01",
			PermitUntil: "2027-03-31", Outcome: "carte pluriannuelle"},
		{ProcedureID: p.ID, ToStatus: backend.StatusClosed, Day: "2026-04-02"},
	}
	// The opening is dated today; a back-dated filing must not come before it.
	if _, err := db.MoveProcedure(ctx, moves[0]); err == nil {
		t.Fatal("a step dated before the previous one was kept")
	} else {
		wantInvalid(t, err, "day")
	}
	// Open with a past filing instead: the history starts on the filing day.
	p, err := db.OpenProcedure(ctx, backend.Procedure{PersonID: person.ID,
		Type: "renouvellement", Status: backend.StatusFiled, SubmittedOn: "2026-03-02",
		Authority: "Préfecture des Bouches-du-Rhône"})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range moves[1:] {
		m.ProcedureID = p.ID
		if p, err = db.MoveProcedure(ctx, m); err != nil {
			t.Fatalf("to %s: %v", m.ToStatus, err)
		}
	}
	if p.SubmittedOn != "2026-03-02" || p.ReceiptUntil != "2026-06-09" ||
		p.DecisionOn != "2026-04-01" || p.PermitUntil != "2027-03-31" ||
		p.Outcome != "carte pluriannuelle" || p.Status != backend.StatusClosed {
		t.Fatalf("key dates: %+v", p)
	}
	want := []struct{ from, to, day string }{
		{"", backend.StatusFiled, "2026-03-02"},
		{backend.StatusFiled, backend.StatusReceipt, "2026-03-10"},
		{backend.StatusReceipt, backend.StatusGranted, "2026-04-01"},
		{backend.StatusGranted, backend.StatusClosed, "2026-04-02"},
	}
	if len(p.Steps) != len(want) {
		t.Fatalf("%d steps, want %d: %+v", len(p.Steps), len(want), p.Steps)
	}
	for i, w := range want {
		s := p.Steps[i]
		if s.Seq != i+1 || s.FromStatus != w.from || s.ToStatus != w.to || s.Day != w.day ||
			s.UserID != c.Users[0].ID || s.UserName != "Camille B." {
			t.Errorf("step %d: %+v, want %+v", i+1, s, w)
		}
	}
	if p.Steps[1].Note != "récépissé remis au guichet" {
		t.Errorf("the step's note: %q", p.Steps[1].Note)
	}
}

func TestStaleMoveIsRefused(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	person := mustPerson(t, db, ctx)
	p := mustOpenProcedure(t, db, ctx, person.ID, "asile")
	if _, err := db.MoveProcedure(ctx, change(p.ID, backend.StatusFiled, "")); err != nil {
		t.Fatal(err)
	}

	// Two workers saw "déposé"; one records the receipt, the other a refusal.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, to := range []string{backend.StatusReceipt, backend.StatusRefused} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch := change(p.ID, to, "")
			ch.FromStatus = backend.StatusFiled
			_, errs[i] = db.MoveProcedure(ctx, ch)
		}()
	}
	wg.Wait()
	ok, conflicts := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case backend.ErrorCode(err) == backend.EConflict &&
			strings.Contains(backend.ErrorMessage(err), "entre-temps"):
			conflicts++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 || conflicts != 1 {
		t.Fatalf("%d moves kept, %d refused as stale; want 1 and 1", ok, conflicts)
	}
	got, err := db.Procedure(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Steps) != 3 {
		t.Fatalf("%d steps: %+v", len(got.Steps), got.Steps)
	}
	for i, s := range got.Steps {
		if s.Seq != i+1 || (i > 0 && s.FromStatus != got.Steps[i-1].ToStatus) {
			t.Errorf("step %d broken: %+v", i+1, s)
		}
	}
	if got.Status != got.Steps[2].ToStatus {
		t.Errorf("status %s but last step to %s", got.Status, got.Steps[2].ToStatus)
	}
}

func TestProcedureInputIsChecked(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	person := mustPerson(t, db, ctx)
	cases := []struct {
		name  string
		in    backend.Procedure
		field string
	}{
		{"no type", backend.Procedure{PersonID: person.ID}, "type"},
		{"unknown type", backend.Procedure{PersonID: person.ID, Type: "visa_lune"}, "type"},
		{"unknown person", backend.Procedure{PersonID: "nope", Type: "ame"}, "personId"},
		{"opened decided", backend.Procedure{PersonID: person.ID, Type: "ame",
			Status: backend.StatusGranted}, "status"},
		{"filed in the future", backend.Procedure{PersonID: person.ID, Type: "ame",
			Status: backend.StatusFiled, SubmittedOn: "2026-05-01"}, "submittedOn"},
		{"bad date", backend.Procedure{PersonID: person.ID, Type: "ame",
			DecisionOn: "31/02/2026"}, "decisionOn"},
		{"receipt before filing", backend.Procedure{PersonID: person.ID, Type: "ame",
			SubmittedOn: "2026-03-01", ReceiptUntil: "2026-02-01"}, "receiptUntil"},
		{"unknown document", backend.Procedure{PersonID: person.ID, Type: "ame",
			Documents: []backend.DocumentItem{{Code: "permis_bateau", Provided: true}}},
			"documents"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.OpenProcedure(ctx, tc.in)
			wantInvalid(t, err, tc.field)
		})
	}
	if rows, _ := db.PersonProcedures(ctx, person.ID); len(rows) != 0 {
		t.Fatalf("refused procedures were stored: %+v", rows)
	}

	p := mustOpenProcedure(t, db, ctx, person.ID, "renouvellement")
	_, err := db.MoveProcedure(ctx, backend.StatusChange{ProcedureID: p.ID,
		ToStatus: backend.StatusFiled, Day: "2026-12-01"})
	wantInvalid(t, err, "day")
	db.MoveProcedure(ctx, change(p.ID, backend.StatusFiled, ""))
	_, err = db.MoveProcedure(ctx, backend.StatusChange{ProcedureID: p.ID,
		ToStatus: backend.StatusReceipt})
	wantInvalid(t, err, "receiptUntil")
}

func TestUpdateProcedureKeepsItsStatus(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	person := mustPerson(t, db, ctx)
	p := mustOpenProcedure(t, db, ctx, person.ID, "renouvellement")
	if len(p.Documents) == 0 || p.Documents[0].Code != "passeport" || p.Documents[0].Provided {
		t.Fatalf("the checklist of a renewal: %+v", p.Documents)
	}

	p.Status = backend.StatusGranted // ignored: statuses move through MoveProcedure
	p.Reference = "1300-2026-000123"
	p.Notes = "pièces à compléter"
	p.Documents[0].Provided = true
	got, err := db.UpdateProcedure(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != backend.StatusToPrepare || got.Reference != "1300-2026-000123" ||
		!got.Documents[0].Provided || got.Documents[1].Provided || len(got.Steps) != 1 {
		t.Fatalf("after update: %+v", got)
	}

	entries, err := db.AuditLog(ctx, sqlite.AuditFilter{Entity: "procedure"})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[0].Action != "update" ||
		entries[0].Fields != "reference,documents,notes" {
		t.Fatalf("audit: %+v", entries)
	}
	for _, e := range entries {
		if strings.Contains(e.Fields, "1300") || strings.Contains(e.Fields, "pièces") {
			t.Fatalf("a value reached the audit log: %+v", e)
		}
	}
}

func TestCaseFileShowsEverythingNewestFirst(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	person := mustPerson(t, db, ctx)
	site, user := c.Sites[0].ID, c.Users[0].ID
	mustRecord(t, db, ctx, backend.Visit{At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
		SiteID: site, UserID: user, PersonID: person.ID, Themes: []string{"sejour"}})
	mustRecord(t, db, ctx, backend.Visit{At: time.Date(2026, 4, 10, 9, 0, 0, 0, time.UTC),
		SiteID: site, UserID: user, PersonID: person.ID})
	p, err := db.OpenProcedure(ctx, backend.Procedure{PersonID: person.ID,
		Type: "renouvellement", Status: backend.StatusFiled, SubmittedOn: "2026-03-02"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.MoveProcedure(ctx, backend.StatusChange{ProcedureID: p.ID,
		ToStatus: backend.StatusReceipt, Day: "2026-03-20", ReceiptUntil: "2026-06-19"}); err != nil {
		t.Fatal(err)
	}
	closed := mustOpenProcedure(t, db, ctx, person.ID, "ame")
	db.MoveProcedure(ctx, change(closed.ID, backend.StatusClosed, ""))

	// A referral, written as the partner directory does.
	raw := rawDB(t, db)
	now := "2026-04-16T12:30:00.000Z"
	for _, stmt := range []struct {
		q    string
		args []any
	}{
		{`INSERT INTO partners (id, name, kind, created_at, updated_at, version)
			VALUES ('pa1', 'Cimade Marseille', 'association', ?, ?, 'v')`, []any{now, now}},
		{`INSERT INTO referrals (id, person_id, partner_id, user_id, day, reason, outcome,
			outcome_on, created_at, updated_at, version)
			VALUES ('re1', ?, 'pa1', ?, '2026-03-25', 'recours', 'taken', '2026-04-05',
			?, ?, 'v')`, []any{person.ID, user, now, now}},
	} {
		if _, err := raw.Exec(stmt.q, stmt.args...); err != nil {
			t.Fatal(err)
		}
	}

	cf, err := db.CaseFile(ctx, person.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cf.Person.ID != person.ID || len(cf.Procedures) != 2 {
		t.Fatalf("case file: %+v", cf)
	}
	open := cf.Procedures[0]
	if open.ID != p.ID || open.StatusLabel != "Récépissé" || open.NextDate != "2026-06-19" ||
		open.NextDateKind != "receiptUntil" || open.TypeLabel != "Renouvellement de titre de séjour" {
		t.Errorf("the open procedure comes first with its next date: %+v", open)
	}
	if cf.Procedures[1].Status != backend.StatusClosed || cf.Procedures[1].NextDate != "" {
		t.Errorf("the closed one: %+v", cf.Procedures[1])
	}
	if len(cf.Referrals) != 1 || cf.Referrals[0].PartnerName != "Cimade Marseille" {
		t.Errorf("referrals: %+v", cf.Referrals)
	}

	var got []string
	for _, e := range cf.Timeline {
		got = append(got, e.Day+" "+e.Kind+" "+e.Title)
	}
	want := []string{
		"2026-04-16 step Aide médicale de l'État (AME) : Clos",
		"2026-04-16 step Aide médicale de l'État (AME) : démarche ouverte (À préparer)",
		"2026-04-10 visit Accueil",
		"2026-04-05 referral_outcome Orientation vers Cimade Marseille : Pris en charge",
		"2026-03-25 referral Orientation vers Cimade Marseille",
		"2026-03-20 step Renouvellement de titre de séjour : Récépissé",
		"2026-03-02 step Renouvellement de titre de séjour : démarche ouverte (Déposé)",
		"2026-03-02 visit Accueil : Séjour (autre ou non précisé)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("timeline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// An update does not undo what the history says: a stale copy is refused
// (the other edit would be lost), the type stays, the filing date of a
// filed procedure stays, and no decision day comes before a decision.
func TestUpdateKeepsWhatTheHistorySays(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	person, err := db.CreatePerson(ctx, backend.Person{LastName: "Historique"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.OpenProcedure(ctx, backend.Procedure{PersonID: person.ID,
		Type: "naturalisation", DecisionOn: "2026-04-01"})
	wantInvalid(t, err, "decisionOn")

	stale := mustOpenProcedure(t, db, ctx, person.ID, "naturalisation")
	at(db, fixedNow.Add(time.Minute), func() {
		if _, err := db.MoveProcedure(ctx, change(stale.ID, backend.StatusFiled,
			"2026-04-16")); err != nil {
			t.Fatal(err)
		}
	})
	stale.Notes = "copie ancienne"
	_, err = db.UpdateProcedure(ctx, stale)
	if backend.ErrorCode(err) != backend.EConflict {
		t.Fatalf("a stale copy: %v, want a conflict", err)
	}

	fresh, err := db.Procedure(ctx, stale.ID)
	if err != nil {
		t.Fatal(err)
	}
	blind := fresh
	blind.UpdatedAt = time.Time{} // a copy that does not say when it was read
	if _, err := db.UpdateProcedure(ctx, blind); backend.ErrorCode(err) != backend.EConflict {
		t.Fatalf("a copy without its time: %v, want a conflict", err)
	}
	retyped := fresh
	retyped.Type = "demande_asile"
	_, err = db.UpdateProcedure(ctx, retyped)
	wantInvalid(t, err, "type")
	cleared := fresh
	cleared.SubmittedOn = ""
	_, err = db.UpdateProcedure(ctx, cleared)
	wantInvalid(t, err, "submittedOn")
	fresh.Notes = "à jour"
	if _, err := db.UpdateProcedure(ctx, fresh); err != nil {
		t.Fatalf("an up-to-date copy: %v", err)
	}
}

// The renewal of a receipt is moot once the decision is taken: it is
// cancelled, and a granted permit's own renewal takes over. A task cannot
// link a person to another person's procedure.
func TestADecisionEndsTheReceiptsRenewal(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	person, err := db.CreatePerson(ctx, backend.Person{LastName: "Décidée"})
	if err != nil {
		t.Fatal(err)
	}
	p := mustOpenProcedure(t, db, ctx, person.ID, "renouvellement")
	for _, to := range []string{backend.StatusFiled, backend.StatusReceipt} {
		if _, err := db.MoveProcedure(ctx, change(p.ID, to, "2026-04-16")); err != nil {
			t.Fatal(err)
		}
	}
	open := func() map[string]string {
		rows, err := db.Tasks(ctx, backend.TaskQuery{List: backend.TaskListPerson,
			PersonID: person.ID})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, r := range rows {
			task, _ := db.Task(ctx, r.ID)
			out[task.Notes] = task.Status
		}
		return out
	}
	receipt := "Le récépissé expire le 15/07/2026."
	if got := open(); got[receipt] != backend.TaskTodo {
		t.Fatalf("tasks after the receipt: %v", got)
	}
	granted := change(p.ID, backend.StatusGranted, "2026-04-16")
	granted.PermitUntil = "2028-04-15"
	if _, err := db.MoveProcedure(ctx, granted); err != nil {
		t.Fatal(err)
	}
	got := open()
	if got[receipt] != backend.TaskCancelled || got["Le titre de séjour expire le 15/04/2028."] !=
		backend.TaskTodo {
		t.Fatalf("tasks after the decision: %v", got)
	}

	other, _ := db.CreatePerson(ctx, backend.Person{LastName: "Autre"})
	_, err = db.CreateTask(ctx, backend.Task{Title: "Mélange", DueAt: fixedNow.Add(time.Hour),
		PersonID: other.ID, ProcedureID: p.ID})
	wantInvalid(t, err, "procedureId")
}
