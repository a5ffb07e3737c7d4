package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"pappu/backend"
	"pappu/backend/refdata"
)

const personColumns = `id, file_number, last_name, birth_name, first_names, sex,
	birth_date, birth_place, nationality, nationality2, languages, interpreter_needed,
	phone, email, commune, no_fixed_address, family_situation, children, arrival_date,
	admin_situation, coalesce(referent_id, ''), consent_date, consent_note, notes,
	created_at, updated_at, restricted, referent_ids`

func scanPerson(row interface{ Scan(...any) error }) (backend.Person, error) {
	var p backend.Person
	var created, updated, referents string
	err := row.Scan(&p.ID, &p.FileNumber, &p.LastName, &p.BirthName, &p.FirstNames, &p.Sex,
		&p.BirthDate, &p.BirthPlace, &p.Nationality, &p.Nationality2, &p.Languages,
		&p.InterpreterNeeded, &p.Phone, &p.Email, &p.Commune, &p.NoFixedAddress,
		&p.FamilySituation, &p.Children, &p.ArrivalDate, &p.AdminSituation, &p.ReferentID,
		&p.ConsentDate, &p.ConsentNote, &p.Notes, &created, &updated, &p.Restricted,
		&referents)
	p.CreatedAt, p.UpdatedAt = parseTime(created), parseTime(updated)
	p.Referents = decodeIDs(referents)
	return p, err
}

// matchKey is how the same person is recognised: folded last name, first
// names and birth date.
func matchKey(p backend.Person) string {
	return backend.Fold(p.LastName) + "|" + backend.Fold(p.FirstNames) + "|" + p.BirthDate
}

func sortKey(p backend.Person) string {
	return backend.Fold(p.LastName + " " + p.FirstNames)
}

// today returns the current date in Europe/Paris, as a time at midnight UTC
// for comparison with parsed dates.
func (db *DB) today() time.Time {
	y, m, d := db.Now().In(parisZone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// checkPerson normalises and validates a person, codes included.
func (db *DB) checkPerson(ctx context.Context, p *backend.Person) error {
	p.Normalize()
	if err := p.Validate(db.today()); err != nil {
		return err
	}
	for _, c := range []struct{ field, code string }{
		{"nationality", p.Nationality}, {"nationality2", p.Nationality2}} {
		if c.code != "" && refdata.CountryName(c.code) == c.code {
			return backend.Invalid(c.field, "Le pays « %s » n'est pas reconnu.", c.code)
		}
	}
	if p.AdminSituation != "" {
		labels, err := db.refLabels(ctx, listAdminSituation)
		if err != nil {
			return db.storageError("admin situations", err)
		}
		if _, ok := labels[p.AdminSituation]; !ok {
			return backend.Invalid("adminSituation",
				"La situation administrative « %s » n'est pas reconnue.", p.AdminSituation)
		}
	}
	// The referent is an active user; one deactivated since may stay the
	// referent of the persons they already followed.
	if p.ReferentID != "" {
		var known bool
		if err := db.reader.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users
			WHERE id = ?1 AND deleted_at IS NULL AND (active = 1
				OR id IN (SELECT referent_id FROM persons WHERE id = ?2)))`,
			p.ReferentID, p.ID).Scan(&known); err != nil {
			return db.storageError("referent", err)
		}
		if !known {
			return backend.Invalid("referentId", "Ce référent n'existe pas.")
		}
	}
	p.Referents = uniqueIDs(p.Referents, p.ReferentID)
	for _, id := range p.Referents {
		var known bool
		if err := db.reader.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users
			WHERE id = ? AND deleted_at IS NULL)`, id).Scan(&known); err != nil {
			return db.storageError("referents", err)
		}
		if !known {
			return backend.Invalid("referents", "Un des référents choisis n'existe pas.")
		}
	}
	if p.Restricted && p.ReferentID == "" && len(p.Referents) == 0 {
		return backend.Invalid("restricted",
			"Un dossier réservé à ses référents doit en avoir au moins un.")
	}
	if who, ok := backend.PrincipalFrom(ctx); !backend.CanOpen(who, ok, p.ReferentID,
		p.Referents, p.Restricted) {
		return backend.Invalid("referents",
			"Vous devez être le référent, ou l'un des référents, d'un dossier que vous réservez.")
	}
	return nil
}

// uniqueIDs returns ids without blanks, repeats and the main referent.
func uniqueIDs(ids []string, main string) []string {
	out := []string{}
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if id != "" && id != main && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func encodeIDs(ids []string) string {
	if len(ids) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(ids)
	return string(b)
}

func decodeIDs(s string) []string {
	var ids []string
	if json.Unmarshal([]byte(s), &ids) != nil || ids == nil {
		return []string{}
	}
	return ids
}

// CreatePerson records a new person and gives them the next file number of
// the year.
func (db *DB) CreatePerson(ctx context.Context, p backend.Person) (backend.Person, error) {
	if err := db.checkPerson(ctx, &p); err != nil {
		return backend.Person{}, err
	}
	orgID, err := db.organisationID(ctx)
	if err != nil {
		return backend.Person{}, err
	}
	err = db.write(ctx, func(t *tx) error {
		p.ID = newID()
		return t.insertPerson(orgID, &p, t.now.In(parisZone).Year())
	})
	if err != nil {
		return backend.Person{}, err
	}
	return db.Person(ctx, p.ID)
}

// insertPerson writes a new person whose file number is taken in year.
func (t *tx) insertPerson(orgID string, p *backend.Person, year int) error {
	last, err := t.nextFileNumber(orgID, year)
	if err != nil {
		return fmt.Errorf("file number: %w", err)
	}
	// TODO: two PCs working offline can give the same number; sync must
	// renumber on conflict (the unique index makes the clash visible).
	p.FileNumber = fmt.Sprintf("%04d-%05d", year, last)

	now, version := t.stamp()
	p.CreatedAt, p.UpdatedAt = t.now, t.now
	if _, err := t.Exec(`INSERT INTO persons (id, organisation_id, file_number, last_name,
		birth_name, first_names, sex, birth_date, birth_place, nationality, nationality2,
		languages, interpreter_needed, phone, email, commune, no_fixed_address,
		family_situation, children, arrival_date, admin_situation, referent_id,
		consent_date, consent_note, notes, match_key, sort_key, created_at, updated_at,
		version, restricted, referent_ids)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
		?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, orgID, p.FileNumber, p.LastName, p.BirthName, p.FirstNames, p.Sex,
		p.BirthDate, p.BirthPlace, p.Nationality, p.Nationality2, p.Languages,
		p.InterpreterNeeded, p.Phone, p.Email, p.Commune, p.NoFixedAddress,
		p.FamilySituation, p.Children, p.ArrivalDate, p.AdminSituation,
		nullable(p.ReferentID), p.ConsentDate, p.ConsentNote, p.Notes, matchKey(*p),
		sortKey(*p),
		now, now, version, p.Restricted, encodeIDs(p.Referents)); err != nil {
		return err
	}
	if t.firstVisits == nil {
		t.firstVisits = map[string]string{}
	}
	t.firstVisits[p.ID] = "" // no visit yet: no first day to look up
	if err := t.indexPerson(*p); err != nil {
		return err
	}
	if err := t.logChange("person", p.ID, version, "upsert", p); err != nil {
		return err
	}
	return t.audit("create", "person", p.ID, filledPersonFields(*p))
}

// nextFileNumber returns the next number of the year's files, kept in the
// transaction until saveFileCounters writes it.
func (t *tx) nextFileNumber(orgID string, year int) (int, error) {
	k := fileYear{orgID, year}
	last, ok := t.counters[k]
	if !ok {
		err := t.QueryRow(`SELECT last FROM file_counters
			WHERE organisation_id = ? AND year = ?`, orgID, year).Scan(&last)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
		if t.counters == nil {
			t.counters = map[fileYear]int{}
		}
	}
	last++
	t.counters[k] = last
	return last, nil
}

// saveFileCounters writes back the file numbers the transaction gave.
func (t *tx) saveFileCounters() error {
	for k, last := range t.counters {
		if _, err := t.Exec(`INSERT INTO file_counters (organisation_id, year, last)
			VALUES (?, ?, ?) ON CONFLICT (organisation_id, year) DO UPDATE
			SET last = excluded.last`, k.org, k.year, last); err != nil {
			return err
		}
	}
	return nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// UpdatePerson changes a person's record; the file number never changes.
func (db *DB) UpdatePerson(ctx context.Context, p backend.Person) (backend.Person, error) {
	if err := db.PersonAccess(ctx, p.ID); err != nil {
		return backend.Person{}, err
	}
	if err := db.checkPerson(ctx, &p); err != nil {
		return backend.Person{}, err
	}
	err := db.write(ctx, func(t *tx) error {
		old, err := scanPerson(t.QueryRow(`SELECT `+personColumns+` FROM persons
			WHERE id = ? AND deleted_at IS NULL`, p.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return backend.NotFound("Cette personne n'existe pas ou a été supprimée.")
		}
		if err != nil {
			return err
		}
		if who, ok := backend.PrincipalFrom(ctx); !backend.CanOpen(who, ok, old.ReferentID,
			old.Referents, old.Restricted) {
			return &backend.Error{Code: backend.EUnauthorized, Field: "restricted",
				Message: "Ce dossier est réservé à ses référents."}
		}
		changed := changedPersonFields(old, p)
		if len(changed) == 0 {
			return nil
		}
		p.FileNumber, p.CreatedAt, p.UpdatedAt = old.FileNumber, old.CreatedAt, t.now
		now, version := t.stamp()
		if _, err := t.Exec(`UPDATE persons SET last_name = ?, birth_name = ?,
			first_names = ?, sex = ?, birth_date = ?, birth_place = ?, nationality = ?,
			nationality2 = ?, languages = ?, interpreter_needed = ?, phone = ?, email = ?,
			commune = ?, no_fixed_address = ?, family_situation = ?, children = ?,
			arrival_date = ?, admin_situation = ?, referent_id = ?, consent_date = ?,
			consent_note = ?, notes = ?, match_key = ?, sort_key = ?, updated_at = ?,
			version = ?, restricted = ?, referent_ids = ?
			WHERE id = ?`,
			p.LastName, p.BirthName, p.FirstNames, p.Sex, p.BirthDate, p.BirthPlace,
			p.Nationality, p.Nationality2, p.Languages, p.InterpreterNeeded, p.Phone,
			p.Email, p.Commune, p.NoFixedAddress, p.FamilySituation, p.Children,
			p.ArrivalDate, p.AdminSituation, nullable(p.ReferentID), p.ConsentDate,
			p.ConsentNote, p.Notes,
			matchKey(p), sortKey(p), now, version, p.Restricted, encodeIDs(p.Referents),
			p.ID); err != nil {
			return err
		}
		if _, err := t.Exec(`DELETE FROM person_terms WHERE person_id = ?`, p.ID); err != nil {
			return err
		}
		if err := t.indexPerson(p); err != nil {
			return err
		}
		if err := t.refreshPersonFacts(p); err != nil {
			return err
		}
		if err := t.logChange("person", p.ID, version, "upsert", p); err != nil {
			return err
		}
		return t.audit("update", "person", p.ID, changed)
	})
	if err != nil {
		return backend.Person{}, err
	}
	return db.Person(ctx, p.ID)
}

// refreshPersonFacts copies the person's sex, nationality, age and current
// administrative situation onto the statistics rows of their visits (both
// visit_facts and visit_themes).
func (t *tx) refreshPersonFacts(p backend.Person) error {
	rows, err := t.Query(`SELECT f.day, f.visit_id, f.site_id, f.sex, f.nationality
		FROM visits v JOIN visit_facts f ON f.day = v.day AND f.visit_id = v.id
		WHERE v.person_id = ? AND v.deleted_at IS NULL`, p.ID)
	if err != nil {
		return err
	}
	type fact struct{ day, visit, site, sex, nat string }
	var facts []fact
	for rows.Next() {
		var f fact
		if err := rows.Scan(&f.day, &f.visit, &f.site, &f.sex, &f.nat); err != nil {
			rows.Close()
			return err
		}
		facts = append(facts, f)
	}
	rows.Close()
	for _, f := range facts {
		d, _ := time.Parse("2006-01-02", f.day)
		for _, table := range []string{"visit_facts", "visit_themes"} {
			if _, err := t.Exec(`UPDATE `+table+` SET sex = ?, nationality = ?,
				age_bracket = ?, admin_situation = ? WHERE day = ? AND visit_id = ?`, p.Sex,
				p.Nationality, backend.AgeBracketAt(p.BirthDate, d), p.AdminSituation, f.day,
				f.visit); err != nil {
				return err
			}
		}
		if f.sex == p.Sex && f.nat == p.Nationality {
			continue
		}
		if err := t.countVisit(f.day, f.site, f.sex, f.nat, true, -1); err != nil {
			return err
		}
		if err := t.countVisit(f.day, f.site, p.Sex, p.Nationality, true, 1); err != nil {
			return err
		}
	}
	return nil
}

// personFields pairs each audited field name with its value, for comparing.
func personFields(p backend.Person) []struct{ name, value string } {
	return []struct{ name, value string }{
		{"lastName", p.LastName}, {"birthName", p.BirthName}, {"firstNames", p.FirstNames},
		{"sex", p.Sex}, {"birthDate", p.BirthDate}, {"birthPlace", p.BirthPlace},
		{"nationality", p.Nationality}, {"nationality2", p.Nationality2},
		{"languages", p.Languages},
		{"interpreterNeeded", strconv.FormatBool(p.InterpreterNeeded)},
		{"phone", p.Phone}, {"email", p.Email}, {"commune", p.Commune},
		{"noFixedAddress", strconv.FormatBool(p.NoFixedAddress)},
		{"familySituation", p.FamilySituation}, {"children", strconv.Itoa(p.Children)},
		{"arrivalDate", p.ArrivalDate}, {"adminSituation", p.AdminSituation},
		{"referentId", p.ReferentID}, {"consentDate", p.ConsentDate},
		{"consentNote", p.ConsentNote}, {"notes", p.Notes},
		{"restricted", strconv.FormatBool(p.Restricted)},
		{"referents", strings.Join(p.Referents, ",")},
	}
}

func filledPersonFields(p backend.Person) []string {
	var out []string
	for _, f := range personFields(p) {
		if f.value != "" && f.value != "false" && f.value != "0" {
			out = append(out, f.name)
		}
	}
	return out
}

func changedPersonFields(old, p backend.Person) []string {
	return changedNames(personFields(old), personFields(p))
}

// Person returns one live person, if who asks may open their file.
func (db *DB) Person(ctx context.Context, id string) (backend.Person, error) {
	p, err := scanPerson(db.reader.QueryRowContext(ctx, `SELECT `+personColumns+`
		FROM persons WHERE id = ? AND deleted_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, backend.NotFound("Cette personne n'existe pas ou a été supprimée.")
	}
	if err != nil {
		return p, db.storageError("person", err)
	}
	if err := db.gate(ctx, p); err != nil {
		return backend.Person{}, err
	}
	return p, nil
}

// gate refuses a restricted file to whoever is not among its referents,
// and writes the refusal to the audit log. Every read of a person's file
// passes here: the person, their visits, their case file.
func (db *DB) gate(ctx context.Context, p backend.Person) error {
	who, ok := backend.PrincipalFrom(ctx)
	if backend.CanOpen(who, ok, p.ReferentID, p.Referents, p.Restricted) {
		return nil
	}
	if err := db.Audit(ctx, "refused", "person", p.ID, []string{"restricted"}); err != nil {
		return err
	}
	return &backend.Error{Code: backend.EUnauthorized, Field: "restricted",
		Message: "Ce dossier est réservé à ses référents."}
}

// PersonAccess checks that who asks may open the file of personID; an
// anonymous visit ("") is open to all, and an unknown person passes, for
// the caller's own checks to name the field.
func (db *DB) PersonAccess(ctx context.Context, personID string) error {
	if personID == "" {
		return nil
	}
	_, err := db.Person(ctx, personID)
	if backend.ErrorCode(err) == backend.ENotFound {
		return nil
	}
	return err
}

// restrictedFor returns, among the persons of a list, those whose names
// who asks may not see.
func (db *DB) restrictedFor(ctx context.Context, ids []string) (map[string]bool, error) {
	who, ok := backend.PrincipalFrom(ctx)
	if !ok || who.Role == backend.RoleAdmin || len(ids) == 0 {
		return nil, nil
	}
	list, _ := json.Marshal(ids)
	rows, err := db.reader.QueryContext(ctx, `SELECT id, coalesce(referent_id, ''),
		referent_ids FROM persons WHERE restricted = 1
		AND id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, db.storageError("restricted files", err)
	}
	defer rows.Close()
	hidden := map[string]bool{}
	for rows.Next() {
		var id, main, referents string
		if err := rows.Scan(&id, &main, &referents); err != nil {
			return nil, db.storageError("restricted files", err)
		}
		if !backend.CanOpen(who, ok, main, decodeIDs(referents), true) {
			hidden[id] = true
		}
	}
	return hidden, rows.Err()
}

// hiddenAmong is restrictedFor over the persons of n rows, personID(i)
// giving the person of row i ("" for none).
func (db *DB) hiddenAmong(ctx context.Context, n int, personID func(int) string) (
	map[string]bool, error) {
	ids := make([]string, 0, n)
	for i := range n {
		if id := personID(i); id != "" {
			ids = append(ids, id)
		}
	}
	return db.restrictedFor(ctx, ids)
}

// maskMatches leaves only the file number of the restricted files who asks
// may not open.
func (db *DB) maskMatches(ctx context.Context, ms []backend.PersonMatch) (
	[]backend.PersonMatch, error) {
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	hidden, err := db.restrictedFor(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i, m := range ms {
		if hidden[m.ID] {
			ms[i] = backend.PersonMatch{ID: m.ID, FileNumber: m.FileNumber,
				Restricted: true, Reason: m.Reason}
		}
	}
	return ms, nil
}

// indexPerson writes the terms a person is found by.
func (t *tx) indexPerson(p backend.Person) error {
	key := sortKey(p)
	for _, term := range personTerms(p) {
		if _, err := t.Exec(`INSERT OR IGNORE INTO person_terms (term, person_id, sort_key)
			VALUES (?, ?, ?)`, term, p.ID, key); err != nil {
			return err
		}
	}
	return nil
}

func personTerms(p backend.Person) []string {
	var terms []string
	for _, name := range []string{p.LastName, p.FirstNames, p.BirthName} {
		terms = append(terms, backend.FoldWords(name)...)
		// "N'Diaye" is found by "ndiaye", and also by "diaye" and "n diaye".
		if split := apostrophesAsSpaces.Replace(name); split != name {
			terms = append(terms, backend.FoldWords(split)...)
		}
	}
	if p.BirthDate != "" {
		terms = append(terms, "d:"+p.BirthDate)
	}
	if p.FileNumber != "" {
		terms = append(terms, "f:"+p.FileNumber)
		if i := strings.IndexByte(p.FileNumber, '-'); i >= 0 {
			n, _ := strconv.Atoi(p.FileNumber[i+1:])
			terms = append(terms, "n:"+strconv.Itoa(n))
		}
	}
	return terms
}

var apostrophesAsSpaces = strings.NewReplacer("'", " ", "\u2019", " ", "\u02bc", " ")

// SearchPersons finds persons as one types. Every word of the query must
// match the start of one of the person's terms: a folded name, the birth date
// (typed JJ/MM/AAAA, AAAA-MM-JJ or a year), or the file number (whole, or
// its number). Results come sorted by name.
func (db *DB) SearchPersons(ctx context.Context, query string, limit int) (
	[]backend.PersonMatch, error) {
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	groups := queryAlternatives(query)
	if len(groups) == 0 {
		return []backend.PersonMatch{}, nil
	}

	// Each word of the query becomes a condition on person_terms: the terms
	// it may be the start of.
	var conds []string
	var args [][]any
	for _, alts := range groups {
		var ors []string
		var a []any
		for _, alt := range alts {
			if alt.exact {
				ors = append(ors, "term = ?")
				a = append(a, alt.term)
			} else {
				ors = append(ors, "(term >= ? AND term < ?)")
				a = append(a, alt.term, alt.term+"\uffff")
			}
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+")")
		args = append(args, a)
	}
	rows, err := db.searchRows(ctx, conds, args, limit)
	if err != nil {
		return nil, db.storageError("search persons", err)
	}
	defer rows.Close()
	out := []backend.PersonMatch{}
	for rows.Next() {
		var m backend.PersonMatch
		if err := rows.Scan(&m.ID, &m.FileNumber, &m.LastName, &m.FirstNames,
			&m.BirthName, &m.BirthDate, &m.Nationality); err != nil {
			return nil, db.storageError("search persons", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, db.storageError("search persons", err)
	}
	out, err = db.maskMatches(ctx, out)
	if err != nil || byFileNumber(query) {
		return out, err
	}
	// A name must not reveal that a restricted file exists: such files are
	// found by their number only.
	return slices.DeleteFunc(out, func(m backend.PersonMatch) bool { return m.Restricted }), nil
}

// byFileNumber reports whether a query names a file number.
func byFileNumber(query string) bool {
	for _, w := range strings.Fields(query) {
		if isFileNumber(w) {
			return true
		}
	}
	return false
}

// broadSearch is how many matches make a search broad: past it, fetching
// and sorting every matching person costs more than sorting the terms.
const broadSearch = 500

// searchRows runs the search: for a narrow one, the persons whose terms
// match every condition, sorted; for a broad one (two letters match
// thousands), the matching terms ordered by the sort key they carry, and
// only the first persons fetched.
func (db *DB) searchRows(ctx context.Context, conds []string, args [][]any, limit int) (
	*sql.Rows, error) {
	var parts []string
	var flat []any
	for i, c := range conds {
		parts = append(parts, "SELECT person_id, sort_key FROM person_terms WHERE "+c)
		flat = append(flat, args[i]...)
	}
	matches := strings.Join(parts, " INTERSECT ")
	var n int
	err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM (`+matches+` LIMIT ?)`,
		append(flat, broadSearch+1)...).Scan(&n)
	if err != nil {
		return nil, err
	}
	const columns = `SELECT id, file_number, last_name, first_names, birth_name,
		birth_date, nationality`
	if n <= broadSearch {
		return db.reader.QueryContext(ctx, columns+` FROM persons
			WHERE deleted_at IS NULL AND id IN (SELECT person_id FROM (`+matches+`))
			ORDER BY sort_key, file_number LIMIT ?`, append(flat, limit)...)
	}
	// Deleted persons are dropped after the cut: take a margin.
	return db.reader.QueryContext(ctx, columns+` FROM persons p JOIN (
		SELECT DISTINCT person_id, sort_key FROM (`+matches+`)
		ORDER BY sort_key, person_id LIMIT ?) m ON m.person_id = p.id
		WHERE p.deleted_at IS NULL ORDER BY p.sort_key, p.file_number LIMIT ?`,
		append(flat, limit*2, limit)...)
}

type alternative struct {
	term  string
	exact bool
}

// queryAlternatives turns a typed query into, for each word, the terms it
// may be the start of.
func queryAlternatives(query string) [][]alternative {
	var groups [][]alternative
	for _, word := range strings.Fields(query) {
		if len(groups) == 8 {
			break // more words narrow nothing and cost a sub-select each
		}
		if d, ok := typedDate(word); ok {
			groups = append(groups, []alternative{{term: "d:" + d, exact: true}})
			continue
		}
		if isFileNumber(word) {
			groups = append(groups, []alternative{{term: "f:" + word}})
			continue
		}
		for _, w := range backend.FoldWords(word) {
			alts := []alternative{{term: w}}
			if isDigits(w) {
				n, _ := strconv.Atoi(w)
				alts = append(alts, alternative{term: "d:" + w}, alternative{term: "f:" + w},
					alternative{term: "n:" + strconv.Itoa(n), exact: true})
			}
			groups = append(groups, alts)
		}
	}
	return groups
}

// typedDate reads a full date typed JJ/MM/AAAA, JJ-MM-AAAA or AAAA-MM-JJ.
func typedDate(s string) (string, bool) {
	for _, layout := range []string{"02/01/2006", "2/1/2006", "02-01-2006", "2006-01-02"} {
		if d, err := time.Parse(layout, s); err == nil {
			return d.Format("2006-01-02"), true
		}
	}
	return "", false
}

func isFileNumber(s string) bool {
	return len(s) > 5 && s[4] == '-' && isDigits(s[:4]) && isDigits(s[5:])
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// PossibleDuplicates lists persons that may be the one being created: the
// same folded names and birth date ("same"), or close names with the same
// or an unknown birth date ("close").
func (db *DB) PossibleDuplicates(ctx context.Context, p backend.Person) (
	[]backend.PersonMatch, error) {
	p.Normalize()
	last, first := backend.Fold(p.LastName), backend.Fold(p.FirstNames)
	if last == "" && first == "" {
		return []backend.PersonMatch{}, nil
	}

	// Candidates: the same birth date, or a shared name word.
	var conds []string
	var args []any
	if p.BirthDate != "" {
		conds = append(conds, "birth_date = ?")
		args = append(args, p.BirthDate)
	}
	for _, w := range append(backend.FoldWords(p.LastName), backend.FoldWords(p.FirstNames)...) {
		conds = append(conds, "id IN (SELECT person_id FROM person_terms WHERE term = ?)")
		args = append(args, w)
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT id, file_number, last_name,
		first_names, birth_name, birth_date, nationality FROM persons
		WHERE deleted_at IS NULL AND id != ? AND (`+strings.Join(conds, " OR ")+`)
		LIMIT 2000`, append([]any{p.ID}, args...)...)
	if err != nil {
		return nil, db.storageError("duplicates", err)
	}
	defer rows.Close()

	out := []backend.PersonMatch{}
	for rows.Next() {
		var m backend.PersonMatch
		if err := rows.Scan(&m.ID, &m.FileNumber, &m.LastName, &m.FirstNames,
			&m.BirthName, &m.BirthDate, &m.Nationality); err != nil {
			return nil, db.storageError("duplicates", err)
		}
		if m.Reason = duplicateReason(p, m); m.Reason != "" {
			out = append(out, m)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, db.storageError("duplicates", err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Reason > out[j].Reason })
	if len(out) > 20 {
		out = out[:20]
	}
	// Whoever types the identity of a restricted file learns that a file
	// may exist, and its number: a duplicate would be worse.
	return db.maskMatches(ctx, out)
}

// duplicateReason says whether m may be the person p: "same" for the same
// folded names and birth date, "close" for names within two typing errors
// (or swapped) when the birth dates agree or one is unknown, "" otherwise.
func duplicateReason(p backend.Person, m backend.PersonMatch) string {
	pl, pf := backend.Fold(p.LastName), backend.Fold(p.FirstNames)
	ml, mf := backend.Fold(m.LastName), backend.Fold(m.FirstNames)
	mb := backend.Fold(m.BirthName)
	datesAgree := p.BirthDate == "" || m.BirthDate == "" ||
		strings.HasPrefix(p.BirthDate, m.BirthDate) || strings.HasPrefix(m.BirthDate, p.BirthDate)
	if pl == ml && pf == mf && p.BirthDate == m.BirthDate {
		return "same"
	}
	if !datesAgree {
		// Same names, another birth date: could be a typing error in the date.
		if pl == ml && pf == mf {
			return "close"
		}
		return ""
	}
	near := func(a, b string) bool { return a == b || levenshtein(a, b) <= 2 }
	switch {
	case near(pl, ml) && near(pf, mf):
		return "close"
	case near(pl, mf) && near(pf, ml): // first and last names swapped
		return "close"
	case mb != "" && near(pl, mb) && near(pf, mf): // the birth name was typed
		return "close"
	case p.BirthDate != "" && p.BirthDate == m.BirthDate && (pl == ml || (pf != "" && pf == mf)):
		return "close"
	}
	return ""
}

// levenshtein counts the edits between a and b, stopping early past 3.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > 3 || d < -3 {
		return 4
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
