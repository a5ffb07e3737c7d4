package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"pappu/backend"
	"pappu/backend/auth"
)

// Setup creates the structure, its first site and its first user. It runs
// once: a second call is a conflict.
func (db *DB) Setup(ctx context.Context, in backend.Setup) (backend.Context, error) {
	in.OrganisationName = strings.TrimSpace(in.OrganisationName)
	in.SiteName = strings.TrimSpace(in.SiteName)
	in.SiteCommune = strings.TrimSpace(in.SiteCommune)
	in.UserName = strings.TrimSpace(in.UserName)
	switch {
	case in.OrganisationName == "":
		return backend.Context{}, backend.Invalid("organisationName",
			"Le nom de la structure est obligatoire.")
	case in.SiteName == "":
		return backend.Context{}, backend.Invalid("siteName",
			"Le nom du lieu d'accueil est obligatoire.")
	case in.UserName == "":
		return backend.Context{}, backend.Invalid("userName", "Votre nom est obligatoire.")
	}
	for field, v := range map[string]string{"organisationName": in.OrganisationName,
		"siteName": in.SiteName, "siteCommune": in.SiteCommune, "userName": in.UserName} {
		if len(v) > 200 {
			return backend.Context{}, backend.Invalid(field, "Ce champ dépasse 200 caractères.")
		}
	}

	var hash string
	if in.Password != "" || in.Login != "" {
		login, err := checkLogin(in.Login)
		if err != nil {
			return backend.Context{}, err
		}
		if err := auth.CheckStrength(in.Password, in.UserName, login); err != nil {
			return backend.Context{}, err
		}
		in.Login, hash = login, auth.Hash(in.Password, auth.Default)
	}

	var userID string
	err := db.write(ctx, func(t *tx) error {
		var n int
		if err := t.QueryRow(`SELECT count(*) FROM organisations`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &backend.Error{Code: backend.EConflict,
				Message: "La structure est déjà configurée."}
		}
		org := backend.Organisation{ID: newID(), Name: in.OrganisationName}
		if err := t.insertOrganisation(org); err != nil {
			return err
		}
		site := backend.Site{ID: newID(), Name: in.SiteName, Commune: in.SiteCommune}
		if err := t.insertSite(org.ID, site); err != nil {
			return err
		}
		user := backend.User{ID: newID(), DisplayName: in.UserName, Role: backend.RoleAdmin,
			Login: in.Login, Active: true}
		userID = user.ID
		t.actor = user.ID
		return t.insertUser(org.ID, user, hash, false)
	})
	if err != nil {
		return backend.Context{}, err
	}
	return db.Context(backend.WithActor(ctx, userID))
}

func (t *tx) insertOrganisation(o backend.Organisation) error {
	now, version := t.stamp()
	if _, err := t.Exec(`INSERT INTO organisations (id, name, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?)`, o.ID, o.Name, now, now, version); err != nil {
		return err
	}
	if err := t.logChange("organisation", o.ID, version, "upsert", o); err != nil {
		return err
	}
	return t.audit("create", "organisation", o.ID, []string{"name"})
}

func (t *tx) insertSite(orgID string, s backend.Site) error {
	now, version := t.stamp()
	if _, err := t.Exec(`INSERT INTO sites
		(id, organisation_id, name, address, commune, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, orgID, s.Name, s.Address, s.Commune, now, now, version); err != nil {
		return err
	}
	if err := t.logChange("site", s.ID, version, "upsert", s); err != nil {
		return err
	}
	return t.audit("create", "site", s.ID, []string{"name", "address", "commune"})
}

// insertUser writes a new user; hash is their password's, "" for a user who
// cannot log in (such as a worker named by an imported spreadsheet).
func (t *tx) insertUser(orgID string, u backend.User, hash string, mustChange bool) error {
	now, version := t.stamp()
	if _, err := t.Exec(`INSERT INTO users (id, organisation_id, display_name, role, login,
		password_hash, must_change_password, active, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
		u.ID, orgID, u.DisplayName, u.Role, nullable(u.Login), hash, mustChange,
		now, now, version); err != nil {
		return err
	}
	if err := t.logChange("user", u.ID, version, "upsert", u); err != nil {
		return err
	}
	fields := []string{"displayName", "role"}
	if u.Login != "" {
		fields = append(fields, "login", "password")
	}
	return t.audit("create", "user", u.ID, fields)
}

// Context returns the structure with its live sites and users; Ready is
// false until Setup has run.
func (db *DB) Context(ctx context.Context) (backend.Context, error) {
	var out backend.Context
	err := db.reader.QueryRowContext(ctx, `SELECT id, name FROM organisations
		WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1`).
		Scan(&out.Organisation.ID, &out.Organisation.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return out, nil
	}
	if err != nil {
		return out, db.storageError("context", err)
	}
	out.Ready = true

	if out.Sites, err = db.sites(ctx); err != nil {
		return out, db.storageError("sites", err)
	}
	if out.Users, err = db.users(ctx); err != nil {
		return out, db.storageError("users", err)
	}
	return out, nil
}

func (db *DB) sites(ctx context.Context) ([]backend.Site, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT id, name, address, commune
		FROM sites WHERE deleted_at IS NULL ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []backend.Site
	for rows.Next() {
		var s backend.Site
		if err := rows.Scan(&s.ID, &s.Name, &s.Address, &s.Commune); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (db *DB) users(ctx context.Context) ([]backend.User, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT id, display_name, role,
		coalesce(login, ''), active FROM users WHERE deleted_at IS NULL ORDER BY display_name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []backend.User
	for rows.Next() {
		var u backend.User
		if err := rows.Scan(&u.ID, &u.DisplayName, &u.Role, &u.Login, &u.Active); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// organisationID returns the structure's id, or an error telling the user to
// run the first-start setup.
func (db *DB) organisationID(ctx context.Context) (string, error) {
	db.orgMu.Lock()
	defer db.orgMu.Unlock()
	if db.orgID != "" {
		return db.orgID, nil
	}
	err := db.reader.QueryRowContext(ctx, `SELECT id FROM organisations
		WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1`).Scan(&db.orgID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", &backend.Error{Code: backend.EConflict,
			Message: "La structure n'est pas encore configurée."}
	}
	if err != nil {
		return "", db.storageError("organisation", err)
	}
	return db.orgID, nil
}

// HoldsOtherThan reports whether the database holds a person or a visit
// that did not come from an import whose line keys start with keyPrefix:
// a visit with another key or none, or a person none of whose visits has
// such a key. The demonstration data asks it before writing made-up
// persons beside real ones.
func (db *DB) HoldsOtherThan(ctx context.Context, keyPrefix string) (bool, error) {
	pattern := escapeLike(keyPrefix) + "%"
	var found bool
	err := db.reader.QueryRowContext(ctx, `SELECT
		EXISTS (SELECT 1 FROM visits
			WHERE coalesce(import_key, '') NOT LIKE ?1 ESCAPE '\')
		OR EXISTS (SELECT 1 FROM persons p
			WHERE NOT EXISTS (SELECT 1 FROM visits v
				WHERE v.person_id = p.id AND v.import_key LIKE ?1 ESCAPE '\'))`,
		pattern).Scan(&found)
	if err != nil {
		return false, db.storageError("other data", err)
	}
	return found, nil
}

// escapeLike escapes LIKE's wildcards with a backslash.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
