package app

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"sync"
	"time"

	"pappu/backend"
	"pappu/backend/backup"
	"pappu/backend/config"
	"pappu/backend/jobs"
	"pappu/backend/sqlite"
)

// EventVisitsChanged tells the window that visits were recorded or imported.
const EventVisitsChanged = "visits:changed"

// Events is how services tell the window that something changed. In the
// desktop app it is the Wails runtime; over HTTP, a server-sent event stream.
type Events interface {
	Emit(name string)
}

// Dialogs opens the system's file dialogs; each returns "" when the person
// cancels. In the desktop app it is the Wails runtime; over HTTP there is
// none, and the window asks for a path or downloads instead.
type Dialogs interface {
	OpenFile(title, pattern string) (string, error)
	OpenFolder(title string) (string, error)
	SaveFile(title, name string) (string, error)
}

// Services is every bound service, sharing one database.
type Services struct {
	Structure *Structure
	Persons   *Persons
	Visits    *Visits
	Stats     *Stats
	Refs      *Refs
	Imports   *Imports
	Session   *Session
	Users     *Users
	Audit     *Audit
	Sites     *Sites // reception places, map, nearest place

	// Privacy and backups, for administrators and privacy requests.
	Privacy *Privacy
	Backups *Backups

	Procedures *Procedures

	Tasks         *Tasks
	Notifications *Notifications

	// The partner directory, referrals and support to partners.
	Partners  *Partners
	Referrals *Referrals
	Supports  *Supports

	Statistics *Statistics

	deps *deps
}

// deps is what the services share.
type deps struct {
	store  *sqlite.DB
	log    *slog.Logger
	events Events
	// notifier shows fired reminders on the desktop (nothing by default).
	notifier Notifier

	mu        sync.Mutex
	base      context.Context // the Wails context once started
	sess      *session        // who is at the desk; nil when nobody logged in
	idleLimit time.Duration   // lock after this long without a call
	now       func() time.Time

	jobs      *jobs.Scheduler // background jobs, in the window only
	releaseDB func() error    // lets a restore know PAPPU has the database open

	// restoring is set while a restore replaces the database: store is
	// closed then, and calls are refused with errRestoring.
	restoring bool
	dialogs   Dialogs // native file dialogs; nil outside the window
}

// Open opens the database in dataDir and builds the services on it.
func Open(dataDir string, log *slog.Logger) (*Services, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, &backend.Error{Code: backend.EInternal,
			Message: "Impossible de créer le dossier des données " + dataDir + ".", Err: err}
	}
	store, release, err := openDatabase(config.DBPath(dataDir), log)
	if err != nil {
		return nil, err
	}
	d := &deps{store: store, log: log, events: nopEvents{}, base: context.Background(),
		now: time.Now, idleLimit: DefaultLockMinutes * time.Minute, releaseDB: release}
	d.notifier = nopNotifier{}
	s := &Services{
		Structure: &Structure{d}, Persons: &Persons{d}, Visits: &Visits{d},
		Stats: &Stats{d}, Refs: &Refs{d}, Imports: newImports(d), Session: &Session{d},
		Users: &Users{d}, Audit: &Audit{d}, deps: d,
	}
	s.Privacy = &Privacy{d}
	s.Backups = &Backups{deps: d, forget: s.Imports.clear}
	s.Sites = &Sites{d}
	s.Procedures = &Procedures{d}
	s.Tasks = &Tasks{d}
	s.Notifications = &Notifications{d}
	s.Partners = &Partners{d}
	s.Referrals = &Referrals{d}
	s.Supports = &Supports{d}
	s.Statistics = &Statistics{d}
	return s, nil
}

// openDatabase takes the lock that tells a restore PAPPU has the database
// at path open, then opens it.
func openDatabase(path string, log *slog.Logger) (*sqlite.DB, func() error, error) {
	release, err := backup.HoldDatabase(path)
	if err != nil {
		return nil, nil, err
	}
	store, err := sqlite.Open(path, log)
	if err != nil {
		release()
		return nil, nil, err
	}
	return store, release, nil
}

// Store returns the database, for companions such as the command line.
func (s *Services) Store() *sqlite.DB {
	s.deps.mu.Lock()
	defer s.deps.mu.Unlock()
	return s.deps.store
}

// SetClock replaces the clock sessions lock by, for tests.
func (s *Services) SetClock(now func() time.Time) { s.deps.now = now }

// SetEvents replaces how changes are announced.
func (s *Services) SetEvents(e Events) { s.deps.events = e }

// Close closes the database.
func (s *Services) Close() error {
	s.Imports.clear()
	s.deps.mu.Lock()
	store, release := s.deps.store, s.deps.releaseDB
	s.deps.mu.Unlock()
	err := store.Close()
	release()
	return err
}

// Bind lists the services for Wails to generate bindings for.
func (s *Services) Bind() []any {
	return []any{s.Structure, s.Persons, s.Visits, s.Stats, s.Refs, s.Imports, s.Session,
		s.Users, s.Audit,
		s.Privacy, s.Backups,
		s.Sites,
		s.Procedures,
		s.Tasks, s.Notifications,
		s.Partners, s.Referrals, s.Supports,
		s.Statistics}
}

// ctx returns the context of a call.
func (d *deps) ctx() context.Context {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.base
}

// errRestoring is what a call gets while a restore replaces the database.
var errRestoring = &backend.Error{Code: backend.EConflict, Field: "restore",
	Message: "Restauration en cours : PAPPU remplace sa base par une sauvegarde. " +
		"Réessayez dans un instant."}

// db returns the database, or errRestoring while a restore replaces it.
// Every entry point reads the store through it (authorize does for the
// services), so that none reaches a store being swapped.
func (d *deps) db() (*sqlite.DB, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.restoring {
		return nil, errRestoring
	}
	return d.store, nil
}

type nopEvents struct{}

func (nopEvents) Emit(string) {}

// publicError is what an error looks like to the window: the code, the
// field and a French message. Internal causes are logged, never shown.
type publicError struct {
	Code    string `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// PublicError turns err into what the window may see, logging the cause of
// internal errors.
func PublicError(log *slog.Logger, method string, err error) publicError {
	var be *backend.Error
	if errors.As(err, &be) && be.Code != backend.EInternal {
		if be.Code == backend.EInvalid {
			log.Warn("input rejected", slog.String("method", method),
				slog.String("field", be.Field))
		}
		return publicError{Code: be.Code, Field: be.Field, Message: be.Message}
	}
	log.Error("call failed", slog.String("method", method), slog.Any("err", err))
	return publicError{Code: backend.EInternal, Message: backend.ErrorMessage(err)}
}

// Error implements error so that Wails rejects the promise with the JSON text.
func (e publicError) Error() string {
	b, _ := json.Marshal(e)
	return string(b)
}

// UserMessage returns the French message, for companions that print it.
func (e publicError) UserMessage() string { return e.Message }
