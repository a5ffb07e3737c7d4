package app

import (
	"context"
	"strconv"
	"time"

	"pappu/backend"
	"pappu/backend/sqlite"
)

// DefaultLockMinutes is how long a session stays open without a call before
// it locks, unless the setting lock_minutes says otherwise.
const DefaultLockMinutes = 10

// SessionState is what the window needs to know about who is at the desk.
type SessionState struct {
	Ready        bool         `json:"ready"`        // the structure is set up
	NeedsAccount bool         `json:"needsAccount"` // nobody can log in yet: claim the admin
	LoggedIn     bool         `json:"loggedIn"`
	Locked       bool         `json:"locked"`
	MustChange   bool         `json:"mustChange"` // a new password is required
	User         backend.User `json:"user"`
	LockMinutes  int          `json:"lockMinutes"`
	// Can lists the actions the user's role allows, so that the window
	// hides what would be refused; the backend checks every call anyway.
	Can []string `json:"can"`
}

// session is the user at the desk. One PC, one session at a time; another
// user takes over by logging in.
type session struct {
	user       backend.User
	mustChange bool
	locked     bool
	last       time.Time // last call
}

// Session logs users in and out, locks and unlocks.
type Session struct{ deps *deps }

// State tells who is logged in, locking the session first if it has been
// idle too long.
func (s *Session) State() (SessionState, error) {
	return done[SessionState](s.deps, "Session.State")(s.deps.state(s.deps.ctx()))
}

// Login opens a session; it replaces whoever was logged in.
func (s *Session) Login(login, password string) (SessionState, error) {
	ctx := s.deps.ctx()
	store, err := s.deps.db()
	if err != nil {
		return SessionState{}, PublicError(s.deps.log, "Session.Login", err)
	}
	got, err := store.Authenticate(ctx, login, password)
	if err != nil {
		return SessionState{}, PublicError(s.deps.log, "Session.Login", err)
	}
	s.deps.open(got.User, got.MustChange)
	return done[SessionState](s.deps, "Session.Login")(s.deps.state(ctx))
}

// Logout closes the session.
func (s *Session) Logout() (SessionState, error) {
	s.deps.mu.Lock()
	s.deps.sess = nil
	s.deps.mu.Unlock()
	return done[SessionState](s.deps, "Session.Logout")(s.deps.state(s.deps.ctx()))
}

// Lock locks the session now: the window hides everything until the same
// user unlocks it, or another logs in.
func (s *Session) Lock() (SessionState, error) {
	s.deps.mu.Lock()
	if s.deps.sess != nil {
		s.deps.sess.locked = true
	}
	s.deps.mu.Unlock()
	return done[SessionState](s.deps, "Session.Lock")(s.deps.state(s.deps.ctx()))
}

// Unlock reopens a locked session with the same user's password.
func (s *Session) Unlock(password string) (SessionState, error) {
	s.deps.mu.Lock()
	sess := s.deps.sess
	s.deps.mu.Unlock()
	if sess == nil {
		return SessionState{}, PublicError(s.deps.log, "Session.Unlock", errLoggedOut)
	}
	store, err := s.deps.db()
	if err != nil {
		return SessionState{}, PublicError(s.deps.log, "Session.Unlock", err)
	}
	if _, err := store.Authenticate(s.deps.ctx(), sess.user.Login, password); err != nil {
		if backend.ErrorMessage(err) == "Identifiant ou mot de passe incorrect." {
			err = &backend.Error{Code: backend.EUnauthorized, Field: "password",
				Message: "Mot de passe incorrect."}
		}
		return SessionState{}, PublicError(s.deps.log, "Session.Unlock", err)
	}
	s.deps.mu.Lock()
	sess.locked, sess.last = false, s.deps.now()
	s.deps.mu.Unlock()
	return done[SessionState](s.deps, "Session.Unlock")(s.deps.state(s.deps.ctx()))
}

// Touch tells that the person at the desk is active (typing a long form),
// which keeps the session from locking; it fails when already locked.
func (s *Session) Touch() (SessionState, error) {
	ctx, err := s.deps.authorize("Session.Touch", "", true)
	if err != nil {
		return SessionState{}, err
	}
	return done[SessionState](s.deps, "Session.Touch")(s.deps.state(ctx))
}

// ChangePassword replaces the logged-in user's password.
func (s *Session) ChangePassword(current, next string) (SessionState, error) {
	ctx, err := s.deps.authorize("Session.ChangePassword", "", true)
	if err != nil {
		return SessionState{}, err
	}
	p, _ := backend.PrincipalFrom(ctx)
	if err := s.deps.store.ChangePassword(ctx, p.UserID, current, next); err != nil {
		return SessionState{}, PublicError(s.deps.log, "Session.ChangePassword", err)
	}
	s.deps.mu.Lock()
	if s.deps.sess != nil {
		s.deps.sess.mustChange = false
	}
	s.deps.mu.Unlock()
	return done[SessionState](s.deps, "Session.ChangePassword")(s.deps.state(ctx))
}

// ClaimAdmin gives a login and password to the first administrator of a
// structure where nobody can log in yet, and logs them in.
func (s *Session) ClaimAdmin(login, password string) (SessionState, error) {
	ctx := s.deps.ctx()
	store, err := s.deps.db()
	if err != nil {
		return SessionState{}, PublicError(s.deps.log, "Session.ClaimAdmin", err)
	}
	u, err := store.ClaimAdmin(ctx, login, password)
	if err != nil {
		return SessionState{}, PublicError(s.deps.log, "Session.ClaimAdmin", err)
	}
	s.deps.open(u, false)
	return done[SessionState](s.deps, "Session.ClaimAdmin")(s.deps.state(ctx))
}

func (d *deps) open(u backend.User, mustChange bool) {
	d.mu.Lock()
	d.sess = &session{user: u, mustChange: mustChange, last: d.now()}
	d.mu.Unlock()
}

func (d *deps) state(ctx context.Context) (SessionState, error) {
	var st SessionState
	store, err := d.db()
	if err != nil {
		return st, err
	}
	c, err := store.Context(ctx)
	if err != nil {
		return st, err
	}
	st.Ready = c.Ready
	if st.Ready {
		has, err := store.HasAccounts(ctx)
		if err != nil {
			return st, err
		}
		st.NeedsAccount = !has
	}
	st.LockMinutes = int(d.lockAfter(ctx, store) / time.Minute)

	d.mu.Lock()
	defer d.mu.Unlock()
	if s := d.sess; s != nil {
		d.lockIfIdle(ctx, s)
		st.LoggedIn, st.Locked, st.MustChange, st.User = true, s.locked, s.mustChange, s.user
		for _, a := range allActions {
			if backend.Can(s.user.Role, a) {
				st.Can = append(st.Can, a)
			}
		}
	}
	return st, nil
}

var allActions = []string{backend.ActPersonRead, backend.ActPersonWrite,
	backend.ActVisitRead, backend.ActVisitWrite, backend.ActPrivateNote,
	backend.ActCaseDetails, backend.ActStats, backend.ActImport, backend.ActExport,
	backend.ActSettings, backend.ActUsers, backend.ActAudit, backend.ActPrivacyRequest,
	// Reception places and the partner directory, referrals, support to
	// partners, tasks.
	backend.ActPartnerRead, backend.ActPartnerWrite, backend.ActReferral, backend.ActSupport,
	backend.ActTasks}

// lockAfter reads the inactivity delay; d.mu must not be held.
func (d *deps) lockAfter(ctx context.Context, store *sqlite.DB) time.Duration {
	v, err := store.Setting(ctx, "lock_minutes", strconv.Itoa(DefaultLockMinutes))
	n, perr := strconv.Atoi(v)
	if err != nil || perr != nil || n < 1 {
		n = DefaultLockMinutes
	}
	return time.Duration(n) * time.Minute
}

// lockIfIdle locks s when it has been idle too long; d.mu is held.
func (d *deps) lockIfIdle(ctx context.Context, s *session) {
	if !s.locked && d.now().Sub(s.last) >= d.idleLimit {
		s.locked = true
	}
}

var (
	errLoggedOut = &backend.Error{Code: backend.EUnauthorized, Field: "session",
		Message: "Connectez-vous pour continuer."}
	errLocked = &backend.Error{Code: backend.EUnauthorized, Field: "session",
		Message: "La session est verrouillée : saisissez votre mot de passe."}
	errMustChange = &backend.Error{Code: backend.EUnauthorized, Field: "newPassword",
		Message: "Choisissez d'abord un nouveau mot de passe."}
)

// authorize is the one check every call passes before touching data: is
// someone logged in, is the session unlocked, may their role perform action
// ("" for any logged-in user)? A refusal is audited. It returns the context
// the call runs in, carrying who asks.
func (d *deps) authorize(method, action string, passwordChange ...bool) (context.Context, error) {
	ctx := d.ctx()
	store, err := d.db()
	if err != nil {
		return ctx, PublicError(d.log, method, err)
	}
	idle := d.lockAfter(ctx, store)
	d.mu.Lock()
	d.idleLimit = idle
	s := d.sess
	switch {
	case s == nil:
		err = errLoggedOut
	default:
		d.lockIfIdle(ctx, s)
		switch {
		case s.locked:
			err = errLocked
		case s.mustChange && len(passwordChange) == 0:
			err = errMustChange
		}
	}
	if err != nil {
		d.mu.Unlock()
		return ctx, PublicError(d.log, method, err)
	}
	s.last = d.now()
	p := backend.Principal{UserID: s.user.ID, Role: s.user.Role}
	d.mu.Unlock()

	// An administrator may have changed the role or closed the account
	// since the login: the database, not the session, has the last word.
	role, active, err := store.UserAccess(ctx, p.UserID)
	if err != nil {
		return ctx, PublicError(d.log, method, err)
	}
	if !active {
		d.mu.Lock()
		d.sess = nil
		d.mu.Unlock()
		return ctx, PublicError(d.log, method, errLoggedOut)
	}
	if role != p.Role {
		p.Role = role
		d.mu.Lock()
		if d.sess != nil {
			d.sess.user.Role = role
		}
		d.mu.Unlock()
	}

	ctx = backend.WithPrincipal(ctx, p)
	if action != "" && !backend.Can(p.Role, action) {
		return ctx, d.refuse(ctx, method, action)
	}
	return ctx, nil
}

// refuse writes the audit entry of a call the role of who asks does not
// allow and returns the error the window shows. authorize calls it; so do
// methods that refuse part of a call (a private note in a visit).
func (d *deps) refuse(ctx context.Context, method, action string) error {
	store, err := d.db()
	if err != nil {
		return PublicError(d.log, method, err)
	}
	if err := store.Audit(ctx, "refused", "method", method, []string{action}); err != nil {
		d.log.Error("auditing a refused call", "err", err)
	}
	who, _ := backend.PrincipalFrom(ctx)
	return PublicError(d.log, method, &backend.Error{Code: backend.EUnauthorized,
		Message: "Votre rôle (" + roleLabel(who.Role) + ") ne permet pas cette action."})
}

func roleLabel(role string) string {
	for _, r := range backend.Roles {
		if r.Code == role {
			return r.Label
		}
	}
	return role
}

// Authorize lets companions such as pappu-cli pass the same check as the
// window: it returns the context to call the store with.
func (s *Services) Authorize(method, action string) (context.Context, error) {
	return s.deps.authorize(method, action)
}

// LoginAs opens a session for the command line. With no account able to
// log in yet (a new database), it acts as the first administrator.
func (s *Services) LoginAs(login, password string) error {
	ctx := s.deps.ctx()
	store, err := s.deps.db()
	if err != nil {
		return err
	}
	has, err := store.HasAccounts(ctx)
	if err != nil {
		return err
	}
	if !has {
		c, err := store.Context(ctx)
		if err != nil || len(c.Users) == 0 {
			return &backend.Error{Code: backend.EConflict,
				Message: "La structure n'est pas encore configurée."}
		}
		// Nobody can log in yet (a database filled by an import or the
		// demo): the command acts as the structure's first administrator,
		// the user Setup created, whose rights whoever holds the file has
		// anyway.
		first := c.Users[0]
		for _, u := range c.Users {
			if u.Role == backend.RoleAdmin && u.Active {
				first = u
				break
			}
		}
		s.deps.open(first, false)
		return nil
	}
	if login == "" {
		return &backend.Error{Code: backend.EUnauthorized, Field: "user",
			Message: "Indiquez votre identifiant avec --user (mot de passe dans " +
				"PAPPU_PASSWORD ou --password-file)."}
	}
	got, err := store.Authenticate(ctx, login, password)
	if err != nil {
		return err
	}
	if got.MustChange {
		return errMustChange
	}
	s.deps.open(got.User, false)
	return nil
}

// Users manages accounts; administrators only.
type Users struct{ deps *deps }

// List returns every user, those who cannot log in included.
func (u *Users) List() ([]backend.User, error) {
	ctx, err := u.deps.authorize("Users.List", backend.ActUsers)
	if err != nil {
		return nil, err
	}
	c, err := u.deps.store.Context(ctx)
	return done[[]backend.User](u.deps, "Users.List")(c.Users, err)
}

// Create creates an account whose temporary password must be changed at
// first login.
func (u *Users) Create(in sqlite.NewAccount) (backend.User, error) {
	ctx, err := u.deps.authorize("Users.Create", backend.ActUsers)
	if err != nil {
		return backend.User{}, err
	}
	return done[backend.User](u.deps, "Users.Create")(u.deps.store.CreateUser(ctx, in))
}

// SetRole changes a user's role or deactivates them.
func (u *Users) SetRole(userID, role string, active bool) error {
	ctx, err := u.deps.authorize("Users.SetRole", backend.ActUsers)
	if err != nil {
		return err
	}
	if err := u.deps.store.SetUserRole(ctx, userID, role, active); err != nil {
		return PublicError(u.deps.log, "Users.SetRole", err)
	}
	return nil
}

// ResetPassword gives a user who forgot their password a temporary one, to
// change at their next login.
func (u *Users) ResetPassword(userID, temporaryPassword string) error {
	ctx, err := u.deps.authorize("Users.ResetPassword", backend.ActUsers)
	if err != nil {
		return err
	}
	if err := u.deps.store.ResetPassword(ctx, userID, temporaryPassword); err != nil {
		return PublicError(u.deps.log, "Users.ResetPassword", err)
	}
	return nil
}

// Roles lists the roles with their labels.
func (u *Users) Roles() ([]backend.RefItem, error) {
	if _, err := u.deps.authorize("Users.Roles", ""); err != nil {
		return nil, err
	}
	return backend.Roles, nil
}

// Audit reads the audit log; administrators only.
type Audit struct{ deps *deps }

// Log lists audit entries, newest first.
func (a *Audit) Log(f sqlite.AuditFilter) ([]sqlite.AuditEntry, error) {
	ctx, err := a.deps.authorize("Audit.Log", backend.ActAudit)
	if err != nil {
		return nil, err
	}
	return done[[]sqlite.AuditEntry](a.deps, "Audit.Log")(a.deps.store.AuditLog(ctx, f))
}
