package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"pappu/backend"
	"pappu/backend/auth"
)

// checkLogin normalises a login: folded, without spaces, 2 to 40 characters.
func checkLogin(login string) (string, error) {
	l := strings.ReplaceAll(backend.Fold(login), " ", ".")
	if utf8.RuneCountInString(l) < 2 || utf8.RuneCountInString(l) > 40 {
		return "", backend.Invalid("login",
			"L'identifiant doit contenir entre 2 et 40 lettres ou chiffres.")
	}
	return l, nil
}

// Session is who logged in, as Authenticate returns it.
type Session struct {
	User       backend.User
	MustChange bool // the password was given by an administrator
}

// Authenticate checks a login and password. Failed attempts in a row are
// slowed down (auth.RetryAfter), also for logins that do not exist, and every
// attempt is audited. The error never says whether the login exists.
func (db *DB) Authenticate(ctx context.Context, login, password string) (Session, error) {
	now := db.Now()
	key := strings.ReplaceAll(backend.Fold(login), " ", ".")
	var failed int
	var last sql.NullString
	err := db.reader.QueryRowContext(ctx, `SELECT failed, last_failed_at FROM login_attempts
		WHERE login = ?`, key).Scan(&failed, &last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Session{}, db.storageError("login attempts", err)
	}
	if retry := auth.RetryAfter(failed, parseTime(last.String)); now.Before(retry) {
		wait := int(math.Ceil(retry.Sub(now).Seconds()))
		return Session{}, &backend.Error{Code: backend.EUnauthorized, Field: "password",
			Message: fmt.Sprintf("Trop d'essais manqués : réessayez dans %d secondes.", wait)}
	}

	var s Session
	var hash string
	err = db.reader.QueryRowContext(ctx, `SELECT id, display_name, role, login, active,
		password_hash, must_change_password FROM users
		WHERE login = ? AND deleted_at IS NULL`, key).
		Scan(&s.User.ID, &s.User.DisplayName, &s.User.Role, &s.User.Login, &s.User.Active,
			&hash, &s.MustChange)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Session{}, db.storageError("login", err)
	}
	ok := err == nil && s.User.Active && hash != "" && auth.Verify(password, hash)
	if !ok && hash == "" {
		auth.Verify(password, dummyHash) // the same time whether the login exists or not
	}
	if err := db.recordAttempt(ctx, key, s.User.ID, ok); err != nil {
		return Session{}, err
	}
	if !ok {
		return Session{}, &backend.Error{Code: backend.EUnauthorized, Field: "password",
			Message: "Identifiant ou mot de passe incorrect."}
	}
	return s, nil
}

// dummyHash is verified when a login does not exist, so that the answer
// takes as long as for a wrong password.
var dummyHash = auth.Hash("pas-un-vrai-mot-de-passe", auth.Default)

// recordAttempt counts or clears failed attempts and audits the login.
func (db *DB) recordAttempt(ctx context.Context, login, userID string, ok bool) error {
	return db.write(ctx, func(t *tx) error {
		if ok {
			if _, err := t.Exec(`DELETE FROM login_attempts WHERE login = ?`, login); err != nil {
				return err
			}
			t.actor = userID
			return t.audit("login", "user", userID, nil)
		}
		if _, err := t.Exec(`INSERT INTO login_attempts (login, failed, last_failed_at)
			VALUES (?, 1, ?) ON CONFLICT (login) DO UPDATE
			SET failed = failed + 1, last_failed_at = excluded.last_failed_at`,
			login, formatTime(t.now)); err != nil {
			return err
		}
		// A failed login is audited under the account it aimed at, if any;
		// the login typed is not kept, as it may be someone's name.
		t.actor = userID
		if t.actor == "" {
			t.actor = "inconnu"
		}
		return t.audit("login_failed", "user", userID, nil)
	})
}

// ChangePassword replaces a user's password after checking the current one,
// and lifts the obligation to change it.
func (db *DB) ChangePassword(ctx context.Context, userID, current, next string) error {
	var u backend.User
	var hash string
	err := db.reader.QueryRowContext(ctx, `SELECT display_name, coalesce(login, ''),
		password_hash FROM users WHERE id = ? AND deleted_at IS NULL`, userID).
		Scan(&u.DisplayName, &u.Login, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return backend.NotFound("Ce compte n'existe pas.")
	}
	if err != nil {
		return db.storageError("user", err)
	}
	if !auth.Verify(current, hash) {
		return backend.Invalid("currentPassword", "Le mot de passe actuel est incorrect.")
	}
	if current == next {
		return backend.Invalid("password", "Choisissez un mot de passe différent de l'actuel.")
	}
	if err := auth.CheckStrength(next, u.DisplayName, u.Login); err != nil {
		return err
	}
	return db.setPassword(ctx, userID, auth.Hash(next, auth.Default), false)
}

func (db *DB) setPassword(ctx context.Context, userID, hash string, mustChange bool) error {
	return db.write(ctx, func(t *tx) error {
		now, version := t.stamp()
		res, err := t.Exec(`UPDATE users SET password_hash = ?, must_change_password = ?,
			updated_at = ?, version = ? WHERE id = ? AND deleted_at IS NULL`,
			hash, mustChange, now, version, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return backend.NotFound("Ce compte n'existe pas.")
		}
		if err := t.logChange("user", userID, version, "upsert",
			map[string]any{"id": userID, "passwordChanged": true}); err != nil {
			return err
		}
		return t.audit("password", "user", userID, []string{"password"})
	})
}

// NewAccount is what an administrator gives to create an account.
type NewAccount struct {
	DisplayName       string `json:"displayName"`
	Login             string `json:"login"`
	Role              string `json:"role"`
	TemporaryPassword string `json:"temporaryPassword"` // to change at first login
}

// CreateUser creates an account whose password must be changed at first
// login. An existing user without a login (named by an import) may be given
// one by passing their display name.
func (db *DB) CreateUser(ctx context.Context, in NewAccount) (backend.User, error) {
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	if in.DisplayName == "" || utf8.RuneCountInString(in.DisplayName) > 100 {
		return backend.User{}, backend.Invalid("displayName",
			"Le nom est obligatoire (100 caractères au plus).")
	}
	login, err := checkLogin(in.Login)
	if err != nil {
		return backend.User{}, err
	}
	if !backend.ValidRole(in.Role) {
		return backend.User{}, backend.Invalid("role", "Choisissez un rôle.")
	}
	if err := auth.CheckStrength(in.TemporaryPassword, in.DisplayName, login); err != nil {
		var be *backend.Error
		if errors.As(err, &be) {
			be.Field = "temporaryPassword"
		}
		return backend.User{}, err
	}
	orgID, err := db.organisationID(ctx)
	if err != nil {
		return backend.User{}, err
	}
	u := backend.User{ID: newID(), DisplayName: in.DisplayName, Role: in.Role, Login: login,
		Active: true}
	hash := auth.Hash(in.TemporaryPassword, auth.Default)
	err = db.write(ctx, func(t *tx) error {
		var n int
		if err := t.QueryRow(`SELECT count(*) FROM users WHERE login = ?`, login).
			Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &backend.Error{Code: backend.EConflict, Field: "login",
				Message: "Cet identifiant est déjà pris."}
		}
		// A worker an import named already has a user, and visits under it:
		// they get the login rather than a second user of the same name.
		var existing string
		err := t.QueryRow(`SELECT id FROM users WHERE login IS NULL AND deleted_at IS NULL
			AND display_name = ? ORDER BY created_at LIMIT 1`, u.DisplayName).Scan(&existing)
		if errors.Is(err, sql.ErrNoRows) {
			return t.insertUser(orgID, u, hash, true)
		}
		if err != nil {
			return err
		}
		u.ID = existing
		now, version := t.stamp()
		if _, err := t.Exec(`UPDATE users SET login = ?, role = ?, password_hash = ?,
			must_change_password = 1, active = 1, updated_at = ?, version = ?
			WHERE id = ?`, login, u.Role, hash, now, version, u.ID); err != nil {
			return err
		}
		if err := t.logChange("user", u.ID, version, "upsert", u); err != nil {
			return err
		}
		return t.audit("update", "user", u.ID, []string{"login", "password", "role", "active"})
	})
	return u, err
}

// SetUserRole changes a user's role, or deactivates them (active false):
// their history stays, they can no longer log in. The last active
// administrator can be neither demoted nor deactivated.
func (db *DB) SetUserRole(ctx context.Context, userID, role string, active bool) error {
	if !backend.ValidRole(role) {
		return backend.Invalid("role", "Choisissez un rôle.")
	}
	return db.write(ctx, func(t *tx) error {
		var admins int
		if err := t.QueryRow(`SELECT count(*) FROM users WHERE role = ? AND active = 1
			AND deleted_at IS NULL AND id != ? AND password_hash != ''`,
			backend.RoleAdmin, userID).Scan(&admins); err != nil {
			return err
		}
		if admins == 0 && (role != backend.RoleAdmin || !active) {
			return &backend.Error{Code: backend.EConflict, Field: "role",
				Message: "Il faut garder au moins un administrateur actif."}
		}
		now, version := t.stamp()
		res, err := t.Exec(`UPDATE users SET role = ?, active = ?, updated_at = ?, version = ?
			WHERE id = ? AND deleted_at IS NULL`, role, active, now, version, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return backend.NotFound("Ce compte n'existe pas.")
		}
		if err := t.logChange("user", userID, version, "upsert",
			map[string]any{"id": userID, "role": role, "active": active}); err != nil {
			return err
		}
		return t.audit("update", "user", userID, []string{"role", "active"})
	})
}

// Audit records an event that is not a write: a refused call, opening a
// person's file, an export.
func (db *DB) Audit(ctx context.Context, action, entity, entityID string, fields []string) error {
	return db.write(ctx, func(t *tx) error {
		if t.actor == "" {
			t.actor = "systeme"
		}
		return t.audit(action, entity, entityID, fields)
	})
}

// AuditFilter narrows the audit log; empty fields do not filter.
type AuditFilter struct {
	UserID string `json:"userId"`
	Action string `json:"action"`
	Entity string `json:"entity"`
	From   string `json:"from"` // YYYY-MM-DD, Europe/Paris
	To     string `json:"to"`   // inclusive
	Limit  int    `json:"limit"`
}

// AuditEntry is one line of the audit log, with the user's name.
type AuditEntry struct {
	At       time.Time `json:"at"`
	UserID   string    `json:"userId"`
	UserName string    `json:"userName"`
	Action   string    `json:"action"`
	Entity   string    `json:"entity"`
	EntityID string    `json:"entityId"`
	Fields   string    `json:"fields"`
}

// AuditLog lists audit entries, newest first.
func (db *DB) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	where := []string{"1 = 1"}
	var args []any
	for _, c := range []struct{ col, v string }{{"a.user_id", f.UserID},
		{"a.action", f.Action}, {"a.entity", f.Entity}} {
		if c.v != "" {
			where = append(where, c.col+" = ?")
			args = append(args, c.v)
		}
	}
	for _, d := range []struct {
		op, v string
		days  int
	}{{">=", f.From, 0}, {"<", f.To, 1}} {
		if d.v == "" {
			continue
		}
		day, err := time.ParseInLocation("2006-01-02", d.v, parisZone)
		if err != nil {
			return nil, backend.Invalid("period", "La date « %s » n'est pas valide.", d.v)
		}
		where = append(where, "a.at "+d.op+" ?")
		args = append(args, formatTime(day.AddDate(0, 0, d.days)))
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	args = append(args, f.Limit)
	rows, err := db.reader.QueryContext(ctx, `SELECT a.at, a.user_id,
		coalesce(u.display_name, ''), a.action, a.entity, a.entity_id, a.fields
		FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY a.at DESC, a.rowid DESC LIMIT ?`, args...) // rowid: the order of writing within a millisecond
	if err != nil {
		return nil, db.storageError("audit log", err)
	}
	defer rows.Close()
	out := []AuditEntry{}
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&at, &e.UserID, &e.UserName, &e.Action, &e.Entity, &e.EntityID,
			&e.Fields); err != nil {
			return nil, db.storageError("audit log", err)
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Setting reads a local setting, or def when unset.
func (db *DB) Setting(ctx context.Context, key, def string) (string, error) {
	var v string
	err := db.reader.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).
		Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return def, nil
	}
	if err != nil {
		return def, db.storageError("setting", err)
	}
	return v, nil
}

// SetSetting writes a local setting and audits the change.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	return db.write(ctx, func(t *tx) error {
		if _, err := t.Exec(`INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
			return err
		}
		return t.audit("settings", "setting", key, []string{key})
	})
}

// HasAccounts reports whether some active user can log in. Before that (a
// new or older database, or one filled by an import), the first
// administrator is asked to choose a login and password.
func (db *DB) HasAccounts(ctx context.Context) (bool, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE active = 1
		AND deleted_at IS NULL AND password_hash != ''`).Scan(&n)
	if err != nil {
		return false, db.storageError("accounts", err)
	}
	return n > 0, nil
}

// ClaimAdmin gives a login and password to the structure's first
// administrator, when no account can log in yet.
func (db *DB) ClaimAdmin(ctx context.Context, login, password string) (backend.User, error) {
	has, err := db.HasAccounts(ctx)
	if err != nil {
		return backend.User{}, err
	}
	if has {
		return backend.User{}, &backend.Error{Code: backend.EConflict,
			Message: "Les comptes sont déjà configurés."}
	}
	var u backend.User
	err = db.reader.QueryRowContext(ctx, `SELECT id, display_name, role FROM users
		WHERE deleted_at IS NULL ORDER BY role != ?, created_at LIMIT 1`, backend.RoleAdmin).
		Scan(&u.ID, &u.DisplayName, &u.Role)
	if errors.Is(err, sql.ErrNoRows) {
		return u, &backend.Error{Code: backend.EConflict,
			Message: "La structure n'est pas encore configurée."}
	}
	if err != nil {
		return u, db.storageError("first user", err)
	}
	if u.Login, err = checkLogin(login); err != nil {
		return u, err
	}
	if err := auth.CheckStrength(password, u.DisplayName, u.Login); err != nil {
		return u, err
	}
	hash := auth.Hash(password, auth.Default)
	err = db.write(backend.WithActor(ctx, u.ID), func(t *tx) error {
		now, version := t.stamp()
		if _, err := t.Exec(`UPDATE users SET login = ?, password_hash = ?, role = ?,
			active = 1, must_change_password = 0, updated_at = ?, version = ? WHERE id = ?`,
			u.Login, hash, backend.RoleAdmin, now, version, u.ID); err != nil {
			return err
		}
		u.Role, u.Active = backend.RoleAdmin, true
		if err := t.logChange("user", u.ID, version, "upsert", u); err != nil {
			return err
		}
		return t.audit("update", "user", u.ID, []string{"login", "password", "role"})
	})
	return u, err
}

// UserAccess returns a user's current role and whether they may still log
// in, so that a change made by an administrator reaches open sessions.
func (db *DB) UserAccess(ctx context.Context, userID string) (role string, active bool,
	err error) {
	err = db.reader.QueryRowContext(ctx, `SELECT role, active
		FROM users WHERE id = ? AND deleted_at IS NULL`, userID).Scan(&role, &active)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, db.storageError("user access", err)
	}
	return role, active, nil
}

// ResetPassword gives a user a temporary password to change at next login,
// for one who forgot theirs.
func (db *DB) ResetPassword(ctx context.Context, userID, temporary string) error {
	var name, login string
	err := db.reader.QueryRowContext(ctx, `SELECT display_name, coalesce(login, '')
		FROM users WHERE id = ? AND deleted_at IS NULL`, userID).Scan(&name, &login)
	if errors.Is(err, sql.ErrNoRows) {
		return backend.NotFound("Ce compte n'existe pas.")
	}
	if err != nil {
		return db.storageError("user", err)
	}
	if login == "" {
		return backend.Invalid("login", "Ce compte n'a pas d'identifiant.")
	}
	if err := auth.CheckStrength(temporary, name, login); err != nil {
		var be *backend.Error
		if errors.As(err, &be) {
			be.Field = "temporaryPassword"
		}
		return err
	}
	return db.setPassword(ctx, userID, auth.Hash(temporary, auth.Default), true)
}
