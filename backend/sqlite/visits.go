package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"pappu/backend"
	"pappu/backend/refdata"
)

// who is what statistics need of the person of a visit.
type who struct {
	sex, nationality, birthDate, adminSituation string
}

// checkVisit normalises and validates a visit, its codes included.
func (db *DB) checkVisit(ctx context.Context, v *backend.Visit) error {
	v.Normalize()
	if err := v.Validate(db.Now()); err != nil {
		return err
	}
	if v.Nationality != "" && refdata.CountryName(v.Nationality) == v.Nationality {
		return backend.Invalid("nationality", "Le pays « %s » n'est pas reconnu.", v.Nationality)
	}
	if v.Mode != "" {
		modes, err := db.refLabels(ctx, listVisitMode)
		if err != nil {
			return db.storageError("visit modes", err)
		}
		if _, ok := modes[v.Mode]; !ok {
			return backend.Invalid("mode", "Le mode d'accueil « %s » n'est pas reconnu.", v.Mode)
		}
	}
	themes, err := db.refLabels(ctx, listTheme)
	if err != nil {
		return db.storageError("themes", err)
	}
	for _, t := range v.Themes {
		if _, ok := themes[t]; !ok {
			return backend.Invalid("themes", "La thématique « %s » n'est pas reconnue.", t)
		}
	}
	return nil
}

// RecordVisit saves a visit: a new one when ID is empty, else a change to an
// existing one.
func (db *DB) RecordVisit(ctx context.Context, v backend.Visit) (backend.Visit, error) {
	if err := db.checkVisit(ctx, &v); err != nil {
		return backend.Visit{}, err
	}
	// A reserved file takes no visit from others, and its visits do not
	// change hands through them.
	if v.ID != "" {
		if _, err := db.Visit(ctx, v.ID); err != nil && backend.ErrorCode(err) != backend.ENotFound {
			return backend.Visit{}, err
		}
	}
	if err := db.PersonAccess(ctx, v.PersonID); err != nil {
		return backend.Visit{}, err
	}
	err := db.write(ctx, func(t *tx) error {
		w, err := t.resolveVisitRefs(&v)
		if err != nil {
			return err
		}
		if v.ID == "" {
			v.ID = newID()
			return t.insertVisit(v, w, "")
		}
		return t.updateVisit(v, w)
	})
	if err != nil {
		return backend.Visit{}, err
	}
	return db.Visit(ctx, v.ID)
}

// resolveVisitRefs checks that the site, user and person exist, and returns
// who the visit is about.
func (t *tx) resolveVisitRefs(v *backend.Visit) (who, error) {
	var n int
	if err := t.QueryRow(`SELECT count(*) FROM sites WHERE id = ? AND deleted_at IS NULL`,
		v.SiteID).Scan(&n); err != nil || n == 0 {
		return who{}, orInvalid(err, "siteId", "Ce lieu d'accueil n'existe pas.")
	}
	if err := t.QueryRow(`SELECT count(*) FROM users WHERE id = ? AND deleted_at IS NULL`,
		v.UserID).Scan(&n); err != nil || n == 0 {
		return who{}, orInvalid(err, "userId", "Cet intervenant n'existe pas.")
	}
	if v.Anonymous() {
		return who{sex: v.Sex, nationality: v.Nationality}, nil
	}
	var w who
	err := t.QueryRow(`SELECT sex, nationality, birth_date, admin_situation FROM persons
		WHERE id = ? AND deleted_at IS NULL`, v.PersonID).
		Scan(&w.sex, &w.nationality, &w.birthDate, &w.adminSituation)
	if err != nil {
		return who{}, orInvalid(err, "personId", "Cette personne n'existe pas.")
	}
	// An identified visit is described by its person, not by its own fields.
	v.Sex, v.AgeBracket, v.Nationality = "", "", ""
	return w, nil
}

// orInvalid returns err when a query failed, else an EInvalid error.
func orInvalid(err error, field, msg string) error {
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return backend.Invalid(field, "%s", msg)
}

func visitDay(at time.Time) string { return at.In(parisZone).Format("2006-01-02") }

// insertVisit writes a new visit, its derived rows, and its logs. importKey
// is the identity of the spreadsheet line it comes from, if any.
func (t *tx) insertVisit(v backend.Visit, w who, importKey string) error {
	now, version := t.stamp()
	themes, _ := json.Marshal(v.Themes)
	if _, err := t.Exec(`INSERT INTO visits (id, at, day, site_id, user_id, person_id, sex,
		age_bracket, nationality, mode, duration_min, themes, actions, referrals, note,
		private_note, import_key, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.ID, formatTime(v.At), visitDay(v.At), v.SiteID, v.UserID, nullable(v.PersonID),
		v.Sex, v.AgeBracket, v.Nationality, v.Mode, v.DurationMin, string(themes),
		v.Actions, v.Referrals, v.Note, v.PrivateNote, nullable(importKey),
		now, now, version); err != nil {
		return err
	}
	if err := t.indexVisit(v, w); err != nil {
		return err
	}
	if err := t.logChange("visit", v.ID, version, "upsert", v); err != nil {
		return err
	}
	return t.audit("create", "visit", v.ID, filledVisitFields(v))
}

func (t *tx) updateVisit(v backend.Visit, w who) error {
	old, err := scanVisit(t.QueryRow(`SELECT `+visitColumns+` FROM visits
		WHERE id = ? AND deleted_at IS NULL`, v.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return backend.NotFound("Cet accueil n'existe pas ou a été supprimé.")
	}
	if err != nil {
		return err
	}
	now, version := t.stamp()
	themes, _ := json.Marshal(v.Themes)
	if _, err := t.Exec(`UPDATE visits SET at = ?, day = ?, site_id = ?, user_id = ?,
		person_id = ?, sex = ?, age_bracket = ?, nationality = ?, mode = ?,
		duration_min = ?, themes = ?, actions = ?, referrals = ?, note = ?,
		private_note = ?, updated_at = ?, version = ? WHERE id = ?`,
		formatTime(v.At), visitDay(v.At), v.SiteID, v.UserID, nullable(v.PersonID), v.Sex,
		v.AgeBracket, v.Nationality, v.Mode, v.DurationMin, string(themes), v.Actions,
		v.Referrals, v.Note, v.PrivateNote, now, version, v.ID); err != nil {
		return err
	}
	if err := t.unindexVisit(old); err != nil {
		return err
	}
	if err := t.indexVisit(v, w); err != nil {
		return err
	}
	if err := t.logChange("visit", v.ID, version, "upsert", v); err != nil {
		return err
	}
	return t.audit("update", "visit", v.ID, changedVisitFields(old, v))
}

// indexVisit writes the statistics rows of a live visit.
func (t *tx) indexVisit(v backend.Visit, w who) error {
	day := visitDay(v.At)
	bracket := v.AgeBracket
	if !v.Anonymous() {
		d, _ := time.Parse("2006-01-02", day)
		bracket = backend.AgeBracketAt(w.birthDate, d)
	}
	themes, _ := json.Marshal(v.Themes)
	if len(v.Themes) == 0 {
		themes = []byte("[]")
	}
	var key any // NULL for an anonymous visit
	first := false
	if !v.Anonymous() {
		k, err := t.personKey(v.PersonID)
		if err != nil {
			return err
		}
		key = k
		if first, err = t.noteFirstVisit(v.PersonID, day); err != nil {
			return err
		}
	}
	if _, err := t.Exec(`INSERT INTO visit_facts (day, visit_id, person_id, site_id,
		user_id, sex, nationality, age_bracket, mode, duration_min, themes, admin_situation,
		person_key, first_visit)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, day, v.ID, nullable(v.PersonID),
		v.SiteID, v.UserID, w.sex, w.nationality, bracket, v.Mode, v.DurationMin,
		string(themes), w.adminSituation, key, first); err != nil {
		return err
	}
	if err := t.countVisit(day, v.SiteID, w.sex, w.nationality, !v.Anonymous(), 1); err != nil {
		return err
	}
	return t.indexThemes(v, themeFacts{key: key, first: first, sex: w.sex,
		nationality: w.nationality, ageBracket: bracket, adminSituation: w.adminSituation})
}

// themeFacts are the facts of a visit that visit_themes repeats beside its
// own columns (all but the site and the user, long ids).
type themeFacts struct {
	key                                          any
	first                                        bool
	sex, nationality, ageBracket, adminSituation string
}

// personKey returns the person's statistics key, giving one on first use.
func (t *tx) personKey(personID string) (int64, error) {
	if k, ok := t.personKeys[personID]; ok {
		return k, nil
	}
	// Most often a new key (an import's new persons): one statement.
	res, err := t.Exec(`INSERT INTO person_keys (person_id) VALUES (?)
		ON CONFLICT (person_id) DO NOTHING`, personID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	var k int64
	if err == nil && n == 1 {
		k, err = res.LastInsertId()
	} else if err == nil {
		err = t.QueryRow(`SELECT key FROM person_keys WHERE person_id = ?`, personID).Scan(&k)
	}
	if err != nil {
		return 0, err
	}
	if t.personKeys == nil {
		t.personKeys = map[string]int64{}
	}
	t.personKeys[personID] = k
	return k, nil
}

// noteFirstVisit records that the person has a live visit on day, and
// reports whether day is their first day. A day earlier than the first one
// known takes its place: the visits of the old first day stop being first.
func (t *tx) noteFirstVisit(personID, day string) (bool, error) {
	first, ok := t.firstVisits[personID] // "": none, as for a person just created
	if !ok {
		err := t.QueryRow(`SELECT day FROM person_first_visits WHERE person_id = ?`,
			personID).Scan(&first)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return false, err
		}
	}
	if t.firstVisits == nil {
		t.firstVisits = map[string]string{}
	}
	if first != "" && first <= day {
		t.firstVisits[personID] = first
		return first == day, nil
	}
	// An import brings a person's visits in a row: this is written at most
	// once per person and transaction, unless the visits come in reverse.
	if _, err := t.Exec(`INSERT INTO person_first_visits (person_id, day) VALUES (?, ?)
		ON CONFLICT (person_id) DO UPDATE SET day = excluded.day`, personID, day); err != nil {
		return false, err
	}
	t.firstVisits[personID] = day
	if first != "" {
		if err := t.markFirstVisits(personID, first, false); err != nil {
			return false, err
		}
	}
	return true, nil
}

// markFirstVisits sets whether the statistics rows of the person's live
// visits of day are first visits.
func (t *tx) markFirstVisits(personID, day string, first bool) error {
	for _, table := range []string{"visit_facts", "visit_themes"} {
		if _, err := t.Exec(`UPDATE `+table+` SET first_visit = ?
			WHERE day = ? AND first_visit <> ? AND visit_id IN (SELECT id FROM visits
				WHERE person_id = ? AND day = ? AND deleted_at IS NULL)`,
			first, day, first, personID, day); err != nil {
			return err
		}
	}
	return nil
}

// indexThemes writes a visit's themes, each with the facts of the visit, in
// one statement and counts them.
func (t *tx) indexThemes(v backend.Visit, tf themeFacts) error {
	if len(v.Themes) == 0 {
		return nil
	}
	day := visitDay(v.At)
	rows := strings.Repeat(",(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", len(v.Themes))[1:]
	var args []any
	if t.themeCounts == nil {
		t.themeCounts = map[dayTheme]int{}
	}
	for _, theme := range v.Themes {
		args = append(args, day, theme, v.ID, tf.key, tf.first, v.DurationMin, tf.sex,
			tf.nationality, tf.ageBracket, tf.adminSituation, v.Mode)
		t.themeCounts[dayTheme{day, theme}]++
	}
	_, err := t.Exec(`INSERT INTO visit_themes (day, theme, visit_id, person_key, first_visit,
		duration_min, sex, nationality, age_bracket, admin_situation, mode)
		VALUES `+rows, args...)
	return err
}

// unindexVisit removes the statistics rows of a visit as it was.
func (t *tx) unindexVisit(old backend.Visit) error {
	day := visitDay(old.At)
	var site, sex, nat string
	if err := t.QueryRow(`SELECT site_id, sex, nationality FROM visit_facts
		WHERE day = ? AND visit_id = ?`, day, old.ID).Scan(&site, &sex, &nat); err != nil {
		return fmt.Errorf("statistics row of visit %s: %w", old.ID, err)
	}
	if err := t.countVisit(day, site, sex, nat, !old.Anonymous(), -1); err != nil {
		return err
	}
	if _, err := t.Exec(`DELETE FROM visit_facts WHERE day = ? AND visit_id = ?`,
		day, old.ID); err != nil {
		return err
	}
	if t.themeCounts == nil {
		t.themeCounts = map[dayTheme]int{}
	}
	for _, theme := range old.Themes {
		t.themeCounts[dayTheme{day, theme}]--
	}
	if _, err := t.Exec(`DELETE FROM visit_themes WHERE day = ? AND visit_id = ?`,
		day, old.ID); err != nil {
		return err
	}
	if old.Anonymous() {
		return nil
	}
	// The person's first visit may have been this one: their first day is
	// worked out again from their live visits, and their rows marked anew.
	delete(t.firstVisits, old.PersonID)
	var was string
	if err := t.QueryRow(`SELECT day FROM person_first_visits WHERE person_id = ?`,
		old.PersonID).Scan(&was); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if _, err := t.Exec(`DELETE FROM person_first_visits WHERE person_id = ?`,
		old.PersonID); err != nil {
		return err
	}
	var now string
	err := t.QueryRow(`INSERT INTO person_first_visits (person_id, day)
		SELECT person_id, min(day) FROM visits WHERE person_id = ? AND deleted_at IS NULL
		GROUP BY person_id RETURNING day`, old.PersonID).Scan(&now)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if was != now && was != "" {
		if err := t.markFirstVisits(old.PersonID, was, false); err != nil {
			return err
		}
	}
	if now != "" {
		return t.markFirstVisits(old.PersonID, now, true)
	}
	return nil
}

// countVisit adds delta to the day's count of visits like this one. The
// counts are summed in the transaction and written once before it commits:
// an import adds to the same few rows thousands of times.
func (t *tx) countVisit(day, site, sex, nat string, identified bool, delta int) error {
	if t.dayCounts == nil {
		t.dayCounts = map[dayCount]int{}
	}
	t.dayCounts[dayCount{day, site, sex, nat, identified}] += delta
	return nil
}

// dayCount is one row of daily_counts.
type dayCount struct {
	day, site, sex, nat string
	identified          bool
}

// dayTheme is one row of daily_theme_counts.
type dayTheme struct{ day, theme string }

// saveCounts writes the counts the transaction summed.
func (t *tx) saveCounts() error {
	for k, delta := range t.dayCounts {
		if delta == 0 {
			continue
		}
		if _, err := t.Exec(`INSERT INTO daily_counts
			(day, site_id, sex, nationality, identified, n) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (day, site_id, sex, nationality, identified)
			DO UPDATE SET n = n + excluded.n`,
			k.day, k.site, k.sex, k.nat, k.identified, delta); err != nil {
			return err
		}
	}
	for k, delta := range t.themeCounts {
		if delta == 0 {
			continue
		}
		if _, err := t.Exec(`INSERT INTO daily_theme_counts (day, theme, n) VALUES (?, ?, ?)
			ON CONFLICT (day, theme) DO UPDATE SET n = n + excluded.n`,
			k.day, k.theme, delta); err != nil {
			return err
		}
	}
	t.dayCounts, t.themeCounts = nil, nil
	return nil
}

func visitFields(v backend.Visit) []struct{ name, value string } {
	themes, _ := json.Marshal(v.Themes)
	return []struct{ name, value string }{
		{"at", formatTime(v.At)}, {"siteId", v.SiteID}, {"userId", v.UserID},
		{"personId", v.PersonID}, {"sex", v.Sex}, {"ageBracket", v.AgeBracket},
		{"nationality", v.Nationality}, {"mode", v.Mode},
		{"durationMin", itoa(v.DurationMin)}, {"themes", string(themes)},
		{"actions", v.Actions}, {"referrals", v.Referrals}, {"note", v.Note},
		{"privateNote", v.PrivateNote},
	}
}

func filledVisitFields(v backend.Visit) []string {
	var out []string
	for _, f := range visitFields(v) {
		if f.value != "" && f.value != "0" && f.value != "[]" && f.value != "null" {
			out = append(out, f.name)
		}
	}
	return out
}

func changedVisitFields(old, v backend.Visit) []string {
	return changedNames(visitFields(old), visitFields(v))
}

const visitColumns = `id, at, site_id, user_id, coalesce(person_id, ''), sex, age_bracket,
	nationality, mode, duration_min, themes, actions, referrals, note, private_note`

func scanVisit(row interface{ Scan(...any) error }) (backend.Visit, error) {
	var v backend.Visit
	var at, themes string
	err := row.Scan(&v.ID, &at, &v.SiteID, &v.UserID, &v.PersonID, &v.Sex, &v.AgeBracket,
		&v.Nationality, &v.Mode, &v.DurationMin, &themes, &v.Actions, &v.Referrals, &v.Note,
		&v.PrivateNote)
	if err != nil {
		return v, err
	}
	v.At = parseTime(at)
	err = json.Unmarshal([]byte(themes), &v.Themes)
	return v, err
}

// Visit returns one live visit.
func (db *DB) Visit(ctx context.Context, id string) (backend.Visit, error) {
	v, err := scanVisit(db.reader.QueryRowContext(ctx, `SELECT `+visitColumns+`
		FROM visits WHERE id = ? AND deleted_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return v, backend.NotFound("Cet accueil n'existe pas ou a été supprimé.")
	}
	if err != nil {
		return v, db.storageError("visit", err)
	}
	if err := db.PersonAccess(ctx, v.PersonID); err != nil {
		return backend.Visit{}, err
	}
	return v, nil
}

const visitRowQuery = `SELECT v.id, v.at, s.name, u.display_name,
	coalesce(p.id, ''), coalesce(p.last_name, ''), coalesce(p.first_names, ''),
	coalesce(p.file_number, ''), v.mode, v.themes
	FROM visits v
	JOIN sites s ON s.id = v.site_id
	JOIN users u ON u.id = v.user_id
	LEFT JOIN persons p ON p.id = v.person_id`

func (db *DB) visitRows(ctx context.Context, where string, args ...any) (
	[]backend.VisitRow, error) {
	rows, err := db.reader.QueryContext(ctx, visitRowQuery+" WHERE v.deleted_at IS NULL AND "+
		where, args...)
	if err != nil {
		return nil, db.storageError("visits", err)
	}
	defer rows.Close()
	out := []backend.VisitRow{}
	for rows.Next() {
		var r backend.VisitRow
		var at, last, first, themes string
		if err := rows.Scan(&r.ID, &at, &r.SiteName, &r.UserName, &r.PersonID, &last,
			&first, &r.FileNumber, &r.Mode, &themes); err != nil {
			return nil, db.storageError("visits", err)
		}
		r.At = parseTime(at)
		if r.PersonID != "" {
			r.PersonName = joinName(last, first)
		}
		json.Unmarshal([]byte(themes), &r.Themes)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, db.storageError("visits", err)
	}
	hidden, err := db.hiddenAmong(ctx, len(out), func(i int) string { return out[i].PersonID })
	if err != nil {
		return nil, err
	}
	for i, r := range out {
		if hidden[r.PersonID] {
			out[i].PersonName, out[i].FileNumber, out[i].Themes = "Dossier réservé", "", nil
		}
	}
	return out, nil
}

func joinName(last, first string) string {
	switch {
	case last == "":
		return first
	case first == "":
		return last
	}
	return last + " " + first
}

// VisitsOfDay lists the visits of one day (YYYY-MM-DD in Europe/Paris; ""
// for today), in order of time.
func (db *DB) VisitsOfDay(ctx context.Context, day string) ([]backend.VisitRow, error) {
	if day == "" {
		day = db.Now().In(parisZone).Format("2006-01-02")
	}
	if _, err := time.Parse("2006-01-02", day); err != nil {
		return nil, backend.Invalid("day", "La date « %s » n'est pas valide.", day)
	}
	return db.visitRows(ctx,
		"v.id IN (SELECT visit_id FROM visit_facts WHERE day = ?) ORDER BY v.at", day)
}

// PersonVisits lists a person's visits, newest first.
func (db *DB) PersonVisits(ctx context.Context, personID string) ([]backend.VisitRow, error) {
	if err := db.PersonAccess(ctx, personID); err != nil {
		return nil, err
	}
	return db.visitRows(ctx, "v.person_id = ? ORDER BY v.at DESC", personID)
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
