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
