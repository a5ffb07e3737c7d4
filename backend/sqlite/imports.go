package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"pappu/backend"
)

// importState resolves names to ids while a batch is written.
type importState struct {
	t       *tx
	orgID   string
	sites   map[string]string // folded name -> id
	users   map[string]string
	persons map[string]string // match key -> id
	matched map[string]bool
	defSite string
	defUser string
	themes  map[string]string
	modes   map[string]string
	result  *backend.ImportBatchResult

	// Read once per batch: the keys already imported, and the persons
	// already stored under the batch's match keys.
	imported map[string]bool
	stored   map[string]string

	// What statistics need of each person a row was matched to or created
	// as: the stored person, not the row's own (perhaps older) details.
	who map[string]who
}

// ImportBatch stores spreadsheet rows in one transaction: see
// backend.ImportRow for how sites, users and persons are found or created.
// A row whose Key was imported before is skipped; a row storage cannot take
// is reported in Rejected and the others are kept.
func (db *DB) ImportBatch(ctx context.Context, rows []backend.ImportRow) (
	backend.ImportBatchResult, error) {
	var res backend.ImportBatchResult
	orgID, err := db.organisationID(ctx)
	if err != nil {
		return res, err
	}
	themes, err := db.refLabels(ctx, listTheme)
	if err != nil {
		return res, db.storageError("themes", err)
	}
	modes, err := db.refLabels(ctx, listVisitMode)
	if err != nil {
		return res, db.storageError("visit modes", err)
	}

	err = db.write(ctx, func(t *tx) error {
		t.bulk = true
		res = backend.ImportBatchResult{}
		st := &importState{t: t, orgID: orgID, sites: map[string]string{},
			users: map[string]string{}, persons: map[string]string{},
			themes: themes, modes: modes, result: &res}
		if err := st.loadNames(); err != nil {
			return err
		}
		if err := st.loadExisting(rows); err != nil {
			return err
		}
		for _, row := range rows {
			if err := st.importRow(row); err != nil {
				var be *backend.Error
				if !errors.As(err, &be) || be.Code != backend.EInvalid {
					return err
				}
				res.Rejected = append(res.Rejected,
					backend.RejectedLine{Line: row.Line, Reason: be.Message})
			}
		}
		if res.Imported == 0 {
			return nil
		}
		return t.audit("import", "visit", newID(), []string{fmt.Sprintf("count:%d", res.Imported)})
	})
	return res, err
}

// loadNames reads the live sites and users, and the default ones.
func (st *importState) loadNames() error {
	for _, q := range []struct {
		query string
		into  map[string]string
		def   *string
	}{
		{`SELECT id, name FROM sites WHERE deleted_at IS NULL ORDER BY created_at`,
			st.sites, &st.defSite},
		{`SELECT id, display_name FROM users WHERE deleted_at IS NULL ORDER BY created_at`,
			st.users, &st.defUser},
	} {
		rows, err := st.t.Query(q.query)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return err
			}
			if *q.def == "" {
				*q.def = id
			}
			q.into[backend.Fold(name)] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	if st.t.actor != "" {
		st.defUser = st.t.actor
	}
	return nil
}

// loadExisting reads, in a few queries for the whole batch, which rows were
// imported before and which persons exist already.
func (st *importState) loadExisting(rows []backend.ImportRow) error {
	st.imported, st.stored = map[string]bool{}, map[string]string{}
	if st.who == nil {
		st.who = map[string]who{}
	}
	var keys, matchKeys []any
	seen := map[string]bool{}
	for _, row := range rows {
		keys = append(keys, row.Key)
		if row.Person != nil {
			p := *row.Person
			p.Normalize()
			if k := matchKey(p); !seen[k] {
				seen[k] = true
				matchKeys = append(matchKeys, k)
			}
		}
	}
	const chunk = 500
	for i := 0; i < len(keys); i += chunk {
		part := keys[i:min(i+chunk, len(keys))]
		r, err := st.t.Tx.Query(`SELECT import_key FROM visits WHERE import_key IN (?`+
			strings.Repeat(",?", len(part)-1)+`)`, part...)
		if err != nil {
			return err
		}
		for r.Next() {
			var k string
			if err := r.Scan(&k); err != nil {
				r.Close()
				return err
			}
			st.imported[k] = true
		}
		r.Close()
		if err := r.Err(); err != nil {
			return err
		}
	}
	for i := 0; i < len(matchKeys); i += chunk {
		part := matchKeys[i:min(i+chunk, len(matchKeys))]
		r, err := st.t.Tx.Query(`SELECT match_key, id, sex, nationality, birth_date,
			admin_situation FROM persons
			WHERE match_key IN (?`+strings.Repeat(",?", len(part)-1)+`)
			AND deleted_at IS NULL ORDER BY created_at`, part...)
		if err != nil {
			return err
		}
		for r.Next() {
			var k, id string
			var w who
			if err := r.Scan(&k, &id, &w.sex, &w.nationality, &w.birthDate,
				&w.adminSituation); err != nil {
				r.Close()
				return err
			}
			if _, ok := st.stored[k]; !ok {
				st.stored[k] = id
				st.who[id] = w
			}
		}
		r.Close()
		if err := r.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (st *importState) importRow(row backend.ImportRow) error {
	t := st.t
	if st.imported[row.Key] {
		st.result.Skipped++
		return nil
	}

	v := row.Visit
	v.ID = ""
	v.Normalize()
	if err := st.checkCodes(&v); err != nil {
		return err
	}
	var err error
	if v.SiteID, err = st.site(row.SiteName); err != nil {
		return err
	}
	if v.UserID, err = st.user(row.UserName); err != nil {
		return err
	}
	if err := v.Validate(t.now); err != nil {
		return err
	}

	w := who{sex: v.Sex, nationality: v.Nationality}
	if row.Person != nil {
		p := *row.Person
		if v.PersonID, err = st.person(&p, v); err != nil {
			return err
		}
		w = st.who[v.PersonID]
		v.Sex, v.AgeBracket, v.Nationality = "", "", ""
	}
	v.ID = newID()
	if err := t.insertVisit(v, w, row.Key); err != nil {
		return err
	}
	st.imported[row.Key] = true
	st.result.Imported++
	if v.Anonymous() {
		st.result.Anonymous++
	}
	return nil
}

// checkCodes drops nothing silently: an unknown code rejects the row.
func (st *importState) checkCodes(v *backend.Visit) error {
	for _, th := range v.Themes {
		if _, ok := st.themes[th]; !ok {
			return backend.Invalid("themes", "thématique « %s » inconnue", th)
		}
	}
	if _, ok := st.modes[v.Mode]; v.Mode != "" && !ok {
		return backend.Invalid("mode", "mode d'accueil « %s » inconnu", v.Mode)
	}
	return nil
}

// site returns the id of the site named name, creating it when new.
func (st *importState) site(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return st.defSite, nil
	}
	if id, ok := st.sites[backend.Fold(name)]; ok {
		return id, nil
	}
	s := backend.Site{ID: newID(), Name: name}
	if err := st.t.insertSite(st.orgID, s); err != nil {
		return "", err
	}
	st.sites[backend.Fold(name)] = s.ID
	return s.ID, nil
}

// user returns the id of the user named name, creating it when new.
func (st *importState) user(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		if st.defUser == "" {
			return "", backend.Invalid("userId", "aucun intervenant")
		}
		return st.defUser, nil
	}
	if id, ok := st.users[backend.Fold(name)]; ok {
		return id, nil
	}
	u := backend.User{ID: newID(), DisplayName: name, Role: backend.RoleWorker, Active: true}
	if err := st.t.insertUser(st.orgID, u, "", false); err != nil {
		return "", err
	}
	st.users[backend.Fold(name)] = u.ID
	return u.ID, nil
}

// person returns the id of the existing person with the same folded names
// and birth date, or creates them with a file number of the visit's year.
func (st *importState) person(p *backend.Person, v backend.Visit) (string, error) {
	p.Normalize()
	key := matchKey(*p)
	if id, ok := st.persons[key]; ok {
		return id, nil
	}
	if id, ok := st.stored[key]; ok {
		st.persons[key] = id
		st.result.PersonsMatched++
		st.result.MatchedPersonIDs = append(st.result.MatchedPersonIDs, id)
		return id, nil
	}

	if err := p.Validate(st.t.db.today()); err != nil {
		return "", err
	}
	p.ID = newID()
	if err := st.t.insertPerson(st.orgID, p, v.At.In(parisZone).Year()); err != nil {
		return "", err
	}
	st.persons[key] = p.ID
	st.who[p.ID] = who{p.Sex, p.Nationality, p.BirthDate, p.AdminSituation}
	st.result.PersonsCreated++
	st.result.CreatedPersonIDs = append(st.result.CreatedPersonIDs, p.ID)
	return p.ID, nil
}
