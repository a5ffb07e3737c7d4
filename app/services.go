// Package app holds the services the window calls. Each is a thin, typed
// layer over the backend: it passes the one authorisation check (see
// deps.authorize), calls one backend service and returns domain types or an
// error whose message is French. No SQL lives here. The same methods are
// bound to Wails and served over HTTP (see Handler), so the window and the
// browser tests call one set of Go methods.
package app

import (
	"path/filepath"

	"pappu/backend"
	"pappu/backend/geo"
	"pappu/backend/refdata"
	"pappu/backend/sqlite"
)

// Structure answers the first-start setup and what the window needs to know.
type Structure struct{ deps *deps }

// Context returns the structure; its sites and users only to a logged-in
// user. Ready is false before the first-start setup.
func (s *Structure) Context() (backend.Context, error) {
	store, err := s.deps.db()
	if err != nil {
		return backend.Context{}, PublicError(s.deps.log, "Structure.Context", err)
	}
	c, err := store.Context(s.deps.ctx())
	if err != nil {
		return c, PublicError(s.deps.log, "Structure.Context", err)
	}
	if _, err := s.deps.authorize("Structure.Context", ""); err != nil {
		c.Sites, c.Users = nil, nil
	}
	return c, nil
}

// Setup creates the structure, its first site and its first user, who is
// then logged in as administrator.
func (s *Structure) Setup(in backend.Setup) (backend.Context, error) {
	if in.Login == "" {
		return backend.Context{}, PublicError(s.deps.log, "Structure.Setup",
			backend.Invalid("login", "Choisissez un identifiant."))
	}
	if in.Password == "" {
		return backend.Context{}, PublicError(s.deps.log, "Structure.Setup",
			backend.Invalid("password", "Choisissez un mot de passe."))
	}
	store, err := s.deps.db()
	if err != nil {
		return backend.Context{}, PublicError(s.deps.log, "Structure.Setup", err)
	}
	c, err := store.Setup(s.deps.ctx(), in)
	if err != nil {
		return c, PublicError(s.deps.log, "Structure.Setup", err)
	}
	s.deps.open(c.Users[0], false)
	return c, nil
}

// Version is PAPPU's version; main sets it from its build-time stamp.
var Version = "dev"

// About returns the version, the data folder and the licences of the data
// sets built into PAPPU. It needs no login: it tells nothing about the
// persons received.
func (s *Structure) About() (backend.About, error) {
	db := s.deps.store.Path()
	return backend.About{
		Version:  Version,
		DataDir:  filepath.Dir(db),
		Database: db,
		DataSets: append(refdata.DataSets(), geo.DataSets()...),
	}, nil
}

// Persons finds, creates and updates persons.
type Persons struct{ deps *deps }

// Search finds persons as one types: words match the start of any folded
// name, the file number or the birth date.
func (p *Persons) Search(query string, limit int) ([]backend.PersonMatch, error) {
	ctx, err := p.deps.authorize("Persons.Search", backend.ActPersonRead)
	if err != nil {
		return nil, err
	}
	return done[[]backend.PersonMatch](p.deps, "Persons.Search")(
		p.deps.store.SearchPersons(ctx, query, limit))
}

// Get opens a person's file; the opening is audited. Notes are left out for
// roles that may not read case details.
func (p *Persons) Get(id string) (backend.Person, error) {
	ctx, err := p.deps.authorize("Persons.Get", backend.ActPersonRead)
	if err != nil {
		return backend.Person{}, err
	}
	person, err := p.deps.store.Person(ctx, id)
	if err != nil {
		return person, PublicError(p.deps.log, "Persons.Get", err)
	}
	if err := p.deps.store.Audit(ctx, "open", "person", id, nil); err != nil {
		return backend.Person{}, PublicError(p.deps.log, "Persons.Get", err)
	}
	if who, _ := backend.PrincipalFrom(ctx); !backend.Can(who.Role, backend.ActCaseDetails) {
		person.Notes = ""
	}
	return person, nil
}

// Duplicates lists existing persons that may be the one being created.
func (p *Persons) Duplicates(in backend.Person) ([]backend.PersonMatch, error) {
	ctx, err := p.deps.authorize("Persons.Duplicates", backend.ActPersonRead)
	if err != nil {
		return nil, err
	}
	return done[[]backend.PersonMatch](p.deps, "Persons.Duplicates")(
		p.deps.store.PossibleDuplicates(ctx, in))
}

// Create records a new person and gives them a file number.
func (p *Persons) Create(in backend.Person) (backend.Person, error) {
	ctx, err := p.deps.authorize("Persons.Create", backend.ActPersonWrite)
	if err != nil {
		return backend.Person{}, err
	}
	if who, _ := backend.PrincipalFrom(ctx); !backend.Can(who.Role, backend.ActCaseDetails) {
		in.Notes = ""
	}
	return done[backend.Person](p.deps, "Persons.Create")(p.deps.store.CreatePerson(ctx, in))
}

// Update changes a person's record. Notes a role may not read are kept as
// they were.
func (p *Persons) Update(in backend.Person) (backend.Person, error) {
	ctx, err := p.deps.authorize("Persons.Update", backend.ActPersonWrite)
	if err != nil {
		return backend.Person{}, err
	}
	if who, _ := backend.PrincipalFrom(ctx); !backend.Can(who.Role, backend.ActCaseDetails) {
		old, err := p.deps.store.Person(ctx, in.ID)
		if err != nil {
			return backend.Person{}, PublicError(p.deps.log, "Persons.Update", err)
		}
		in.Notes = old.Notes
	}
	return done[backend.Person](p.deps, "Persons.Update")(p.deps.store.UpdatePerson(ctx, in))
}

// Visits lists a person's visits, newest first.
func (p *Persons) Visits(personID string) ([]backend.VisitRow, error) {
	ctx, err := p.deps.authorize("Persons.Visits", backend.ActVisitRead)
	if err != nil {
		return nil, err
	}
	return done[[]backend.VisitRow](p.deps, "Persons.Visits")(
		p.deps.store.PersonVisits(ctx, personID))
}

// Visits records visits and lists them.
type Visits struct{ deps *deps }

// Record saves a visit, identified or anonymous, and tells the window. A
// private note belongs to its author: others can neither read nor replace it.
func (v *Visits) Record(in backend.Visit) (backend.Visit, error) {
	ctx, err := v.deps.authorize("Visits.Record", backend.ActVisitWrite)
	if err != nil {
		return backend.Visit{}, err
	}
	who, _ := backend.PrincipalFrom(ctx)
	if in.PrivateNote != "" && !backend.Can(who.Role, backend.ActPrivateNote) {
		return backend.Visit{}, v.deps.refuse(ctx, "Visits.Record", backend.ActPrivateNote)
	}
	// A private note is readable by its author only, who is the visit's
	// worker: a note written on a colleague's visit would be theirs.
	if in.PrivateNote != "" && in.UserID != who.UserID {
		return backend.Visit{}, PublicError(v.deps.log, "Visits.Record", backend.Invalid(
			"privateNote", "Une note privée ne peut être écrite que sur vos propres accueils."))
	}
	if in.ID != "" {
		old, err := v.deps.store.Visit(ctx, in.ID)
		if err != nil {
			return backend.Visit{}, PublicError(v.deps.log, "Visits.Record", err)
		}
		// The note is its author's: giving the visit to another worker would
		// give them the note.
		if old.PrivateNote != "" && in.UserID != old.UserID {
			return backend.Visit{}, PublicError(v.deps.log, "Visits.Record", backend.Invalid(
				"userId", "Cet accueil porte une note privée : son intervenant ne peut "+
					"pas être changé."))
		}
		if old.UserID != who.UserID {
			in.PrivateNote = old.PrivateNote
		}
	}
	out, err := v.deps.store.RecordVisit(ctx, in)
	if err != nil {
		return out, PublicError(v.deps.log, "Visits.Record", err)
	}
	v.deps.events.Emit(EventVisitsChanged)
	return privateNoteFor(who, out), nil
}

// Get returns one visit.
func (v *Visits) Get(id string) (backend.Visit, error) {
	ctx, err := v.deps.authorize("Visits.Get", backend.ActVisitRead)
	if err != nil {
		return backend.Visit{}, err
	}
	who, _ := backend.PrincipalFrom(ctx)
	out, err := v.deps.store.Visit(ctx, id)
	if err != nil {
		return out, PublicError(v.deps.log, "Visits.Get", err)
	}
	return privateNoteFor(who, out), nil
}

// privateNoteFor leaves the private note in only for its author.
func privateNoteFor(who backend.Principal, v backend.Visit) backend.Visit {
	if v.UserID != who.UserID || !backend.Can(who.Role, backend.ActPrivateNote) {
		v.PrivateNote = ""
	}
	return v
}

// Day lists the visits of one day (YYYY-MM-DD, Europe/Paris; "" = today).
func (v *Visits) Day(day string) ([]backend.VisitRow, error) {
	ctx, err := v.deps.authorize("Visits.Day", backend.ActVisitRead)
	if err != nil {
		return nil, err
	}
	return done[[]backend.VisitRow](v.deps, "Visits.Day")(v.deps.store.VisitsOfDay(ctx, day))
}

// Stats computes the dashboard.
type Stats struct{ deps *deps }

// Dashboard returns the figures of a period; an empty period means this month.
func (s *Stats) Dashboard(p backend.Period) (backend.Dashboard, error) {
	ctx, err := s.deps.authorize("Stats.Dashboard", backend.ActStats)
	if err != nil {
		return backend.Dashboard{}, err
	}
	return done[backend.Dashboard](s.deps, "Stats.Dashboard")(s.deps.store.Dashboard(ctx, p))
}

// Refs serves the coded reference lists.
type Refs struct{ deps *deps }

// References returns every coded list the window shows.
func (r *Refs) References() (backend.References, error) {
	ctx, err := r.deps.authorize("Refs.References", "")
	if err != nil {
		return backend.References{}, err
	}
	return done[backend.References](r.deps, "Refs.References")(r.deps.store.References(ctx))
}

// done returns a function that passes a result through and turns its error
// into one the window may see.
func done[T any](d *deps, method string) func(T, error) (T, error) {
	return func(out T, err error) (T, error) {
		if err != nil {
			return out, PublicError(d.log, method, err)
		}
		return out, nil
	}
}

// ---- Case files: procedures and the person page ----

// Procedures opens, changes and moves a person's procedures (démarches).
type Procedures struct{ deps *deps }

// Open starts a procedure for a person; the opening is its first step.
func (p *Procedures) Open(in backend.Procedure) (backend.Procedure, error) {
	ctx, err := p.deps.authorize("Procedures.Open", backend.ActCaseDetails)
	if err != nil {
		return backend.Procedure{}, err
	}
	return done[backend.Procedure](p.deps, "Procedures.Open")(p.deps.store.OpenProcedure(ctx, in))
}

// Get returns a procedure with its fields, checklist, notes and history.
func (p *Procedures) Get(id string) (backend.Procedure, error) {
	ctx, err := p.deps.authorize("Procedures.Get", backend.ActCaseDetails)
	if err != nil {
		return backend.Procedure{}, err
	}
	return done[backend.Procedure](p.deps, "Procedures.Get")(p.deps.store.Procedure(ctx, id))
}

// Update changes a procedure's fields, checklist and notes, not its status.
func (p *Procedures) Update(in backend.Procedure) (backend.Procedure, error) {
	ctx, err := p.deps.authorize("Procedures.Update", backend.ActCaseDetails)
	if err != nil {
		return backend.Procedure{}, err
	}
	return done[backend.Procedure](p.deps, "Procedures.Update")(
		p.deps.store.UpdateProcedure(ctx, in))
}

// Move changes a procedure's status, keeping the step in its history.
func (p *Procedures) Move(c backend.StatusChange) (backend.Procedure, error) {
	ctx, err := p.deps.authorize("Procedures.Move", backend.ActCaseDetails)
	if err != nil {
		return backend.Procedure{}, err
	}
	return done[backend.Procedure](p.deps, "Procedures.Move")(p.deps.store.MoveProcedure(ctx, c))
}

// ForPerson lists a person's procedures: type and status for every role
// that may see them, key dates only for those who may read case details.
func (p *Procedures) ForPerson(personID string) ([]backend.ProcedureRow, error) {
	ctx, err := p.deps.authorize("Procedures.ForPerson", backend.ActProcedureList)
	if err != nil {
		return nil, err
	}
	rows, err := p.deps.store.PersonProcedures(ctx, personID)
	if err != nil {
		return nil, PublicError(p.deps.log, "Procedures.ForPerson", err)
	}
	who, _ := backend.PrincipalFrom(ctx)
	return procedureRowsFor(who, rows), nil
}

// procedureRowsFor leaves out the key dates for roles that may only know
// that a procedure exists.
func procedureRowsFor(who backend.Principal, rows []backend.ProcedureRow) []backend.ProcedureRow {
	if backend.Can(who.Role, backend.ActCaseDetails) {
		return rows
	}
	for i := range rows {
		rows[i].NextDate, rows[i].NextDateKind = "", ""
	}
	return rows
}

// CaseFile opens a person's case file: identity, procedures, referrals and
// the timeline. The opening is audited, as Get's is. A role without case
// details gets the procedures' type and status only, no notes, and no
// referrals unless it may refer.
func (p *Persons) CaseFile(id string) (backend.CaseFile, error) {
	ctx, err := p.deps.authorize("Persons.CaseFile", backend.ActProcedureList)
	if err != nil {
		return backend.CaseFile{}, err
	}
	cf, err := p.deps.store.CaseFile(ctx, id)
	if err != nil {
		return cf, PublicError(p.deps.log, "Persons.CaseFile", err)
	}
	if err := p.deps.store.Audit(ctx, "open", "person", id, nil); err != nil {
		return backend.CaseFile{}, PublicError(p.deps.log, "Persons.CaseFile", err)
	}
	who, _ := backend.PrincipalFrom(ctx)
	return caseFileFor(who, cf), nil
}

// caseFileFor strips what who's role may not read.
func caseFileFor(who backend.Principal, cf backend.CaseFile) backend.CaseFile {
	cf.Procedures = procedureRowsFor(who, cf.Procedures)
	details := backend.Can(who.Role, backend.ActCaseDetails)
	referrals := backend.Can(who.Role, backend.ActReferral)
	if !details {
		cf.Person.Notes = ""
	}
	if !referrals {
		cf.Referrals = []backend.Referral{}
	}
	// A procedure's steps carry its key dates (filing, decision): they are
	// details, like the dates of the procedure itself.
	kept := cf.Timeline[:0]
	for _, e := range cf.Timeline {
		switch {
		case !details && e.Kind == sqlite.TimelineStep:
		case !referrals && (e.Kind == sqlite.TimelineReferral ||
			e.Kind == sqlite.TimelineReferralOutcome):
		default:
			kept = append(kept, e)
		}
	}
	cf.Timeline = kept
	return cf
}
