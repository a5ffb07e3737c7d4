// Package app holds the services the window calls. Each is a thin, typed
// layer over the backend: it checks who asks (see Session), calls one backend
// service and returns domain types or an error whose message is French. No SQL
// lives here. The same methods are bound to Wails and served over HTTP (see
// Dispatcher), so the window and the browser tests call one set of Go methods.
package app

import "pappu/backend"

// Structure answers the first-start setup and what the window needs to know.
type Structure struct{ deps *deps }

// Context returns the structure, its sites and users; Ready is false before
// the first-start setup.
func (s *Structure) Context() (backend.Context, error) {
	return done[backend.Context](s.deps, "Structure.Context")(s.deps.store.Context(s.deps.ctx()))
}

// Setup creates the structure, its first site and its first user.
func (s *Structure) Setup(in backend.Setup) (backend.Context, error) {
	return done[backend.Context](s.deps, "Structure.Setup")(s.deps.store.Setup(s.deps.ctx(), in))
}

// Persons finds, creates and updates persons.
type Persons struct{ deps *deps }

// Search finds persons as one types: words match the start of any folded
// name, the file number or the birth date.
func (p *Persons) Search(query string, limit int) ([]backend.PersonMatch, error) {
	return done[[]backend.PersonMatch](p.deps, "Persons.Search")(p.deps.store.SearchPersons(p.deps.ctx(), query, limit))
}

// Get returns one person.
func (p *Persons) Get(id string) (backend.Person, error) {
	return done[backend.Person](p.deps, "Persons.Get")(p.deps.store.Person(p.deps.actx(), id))
}

// Duplicates lists existing persons that may be the one being created.
func (p *Persons) Duplicates(in backend.Person) ([]backend.PersonMatch, error) {
	return done[[]backend.PersonMatch](p.deps, "Persons.Duplicates")(p.deps.store.PossibleDuplicates(p.deps.ctx(), in))
}

// Create records a new person and gives them a file number.
func (p *Persons) Create(in backend.Person) (backend.Person, error) {
	return done[backend.Person](p.deps, "Persons.Create")(p.deps.store.CreatePerson(p.deps.actx(), in))
}

// Update changes a person's record.
func (p *Persons) Update(in backend.Person) (backend.Person, error) {
	return done[backend.Person](p.deps, "Persons.Update")(p.deps.store.UpdatePerson(p.deps.actx(), in))
}

// Visits lists a person's visits, newest first.
func (p *Persons) Visits(personID string) ([]backend.VisitRow, error) {
	return done[[]backend.VisitRow](p.deps, "Persons.Visits")(p.deps.store.PersonVisits(p.deps.ctx(), personID))
}

// Visits records visits and lists them.
type Visits struct{ deps *deps }

// Record saves a visit, identified or anonymous, and tells the window.
func (v *Visits) Record(in backend.Visit) (backend.Visit, error) {
	out, err := v.deps.store.RecordVisit(v.deps.actx(), in)
	if err == nil {
		v.deps.events.Emit(EventVisitsChanged)
	}
	return done[backend.Visit](v.deps, "Visits.Record")(out, err)
}

// Get returns one visit.
func (v *Visits) Get(id string) (backend.Visit, error) {
	return done[backend.Visit](v.deps, "Visits.Get")(v.deps.store.Visit(v.deps.ctx(), id))
}

// Day lists the visits of one day (YYYY-MM-DD, Europe/Paris; "" = today).
func (v *Visits) Day(day string) ([]backend.VisitRow, error) {
	return done[[]backend.VisitRow](v.deps, "Visits.Day")(v.deps.store.VisitsOfDay(v.deps.ctx(), day))
}

// Stats computes the dashboard.
type Stats struct{ deps *deps }

// Dashboard returns the figures of a period; an empty period means this month.
func (s *Stats) Dashboard(p backend.Period) (backend.Dashboard, error) {
	return done[backend.Dashboard](s.deps, "Stats.Dashboard")(s.deps.store.Dashboard(s.deps.ctx(), p))
}

// Refs serves the coded reference lists.
type Refs struct{ deps *deps }

// References returns every coded list the window shows.
func (r *Refs) References() (backend.References, error) {
	return done[backend.References](r.deps, "Refs.References")(r.deps.store.References(r.deps.ctx()))
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
