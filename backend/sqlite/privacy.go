package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"pappu/backend"
	"pappu/backend/refdata"
)

// The privacy rules of the GDPR, in storage: the retention period and the
// anonymisation of inactive files, erasure on request, the right of access,
// and the compaction that makes erased bytes leave the file.
//
// What anonymisation keeps is backend.Person.Anonymised and
// backend.Visit.Anonymised. What it does to the rows:
//   - the person and each of their visits (tombstoned ones included) get a
//     new version, and the person's anonymised_at is set;
//   - the derived search terms are rebuilt from what is left; the
//     statistics rows (visit_facts, visit_themes, person_first_visits) are
//     left as they are, so every past figure stays identical, age brackets
//     included (they were computed from the full birth date);
//   - the earlier change-log rows of the person and of their visits are
//     deleted and one row per entity carries the anonymised state (see
//     migrations/0003_privacy.sql for why sync loses nothing);
//   - a visit's import_key, a hash of the spreadsheet line (names and birth
//     date included), is cleared: it would confirm a guessed identity. The
//     price: importing that old spreadsheet again imports its lines again;
//   - the audit log records "anonymise" with the fields emptied.
//
//   - the free text of their procedures, procedure steps, referrals and
//     tasks is emptied the same way (see caseTexts in anonymise_case.go);
//
// With secure_delete on (see dsn) SQLite zeroes what it deletes; Compact
// then checkpoints the WAL and rebuilds the file, so that no copy of the
// old pages stays in pappu.db or pappu.db-wal.

// anonymiseBatch is how many persons one write transaction anonymises, so
// that the first run on an old database does not hold the write lock for
// long while the desk records visits.
const anonymiseBatch = 100

// RetentionYears returns the retention period from the local settings, or
// the default. A stored value out of range is an error rather than a
// guess: a wrong period anonymises files that must be kept.
func (db *DB) RetentionYears(ctx context.Context) (int, error) {
	var v string
	err := db.reader.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`,
		backend.SettingRetentionYears).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return backend.DefaultRetentionYears, nil
	}
	if err != nil {
		return 0, db.storageError("retention setting", err)
	}
	years, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, backend.Invalid(backend.SettingRetentionYears,
			"La durée de conservation enregistrée (« %s ») n'est pas un nombre d'années.", v)
	}
	if err := backend.CheckRetentionYears(years); err != nil {
		return 0, err
	}
	return years, nil
}

// retentionCutoff is the instant before which a last activity makes a file
// due: years before now, on the calendar of Europe/Paris.
func retentionCutoff(now time.Time, years int) string {
	return formatTime(now.In(parisZone).AddDate(-years, 0, 0))
}

// anonymisableCondition selects the persons p who were never anonymised,
// or were written to since (their record or one of their visits): a file
// written to after its anonymisation holds personal data again.
const anonymisableCondition = `(p.anonymised_at IS NULL OR p.anonymised_at < max(p.updated_at,
		coalesce((SELECT max(v.updated_at) FROM visits v WHERE v.person_id = p.id), '')))`

// lastActivity is when the file of person p was last worked on: its last
// live visit, or its last change (its creation at first), or the last
// change of one of its procedures, tasks or referrals. A file being
// followed (an appeal under way, a task due) is active even without visits.
const lastActivity = `max(p.updated_at,
	coalesce((SELECT max(v.at) FROM visits v WHERE v.person_id = p.id AND v.deleted_at IS NULL), ''),
	coalesce((SELECT max(x.updated_at) FROM procedures x WHERE x.person_id = p.id), ''),
	coalesce((SELECT max(x.updated_at) FROM tasks x WHERE x.person_id = p.id), ''),
	coalesce((SELECT max(x.updated_at) FROM referrals x WHERE x.person_id = p.id), ''))`

// dueCondition selects the persons p whose last activity is before the
// cutoff (the first parameter), and who are anonymisable.
const dueCondition = lastActivity + ` < ? AND ` + anonymisableCondition

// PersonsDueForAnonymisation lists the file numbers of the persons that the
// retention rule anonymises at now+within: those already due and those
// that become due within that time (to announce it, say, a month before).
func (db *DB) PersonsDueForAnonymisation(ctx context.Context, now time.Time,
	within time.Duration) ([]string, error) {
	years, err := db.RetentionYears(ctx)
	if err != nil {
		return nil, err
	}
	cutoff := retentionCutoff(now.Add(within), years)
	rows, err := db.reader.QueryContext(ctx, `SELECT p.file_number FROM persons p
		WHERE `+dueCondition+` ORDER BY p.file_number`, cutoff)
	if err != nil {
		return nil, db.storageError("persons due", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return nil, db.storageError("persons due", err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, db.storageError("persons due", err)
	}
	return out, nil
}

// AnonymiseInactive applies the retention rule at now and returns how many
// persons it anonymised.
func (db *DB) AnonymiseInactive(ctx context.Context, now time.Time) (n int, err error) {
	files, err := db.AnonymiseInactiveFiles(ctx, now)
	return len(files), err
}

// AnonymiseInactiveFiles applies the retention rule at now and returns the
// file numbers of the persons it anonymised, in batches of a transaction
// each; on error, those of the batches done.
func (db *DB) AnonymiseInactiveFiles(ctx context.Context, now time.Time) ([]string, error) {
	years, err := db.RetentionYears(ctx)
	if err != nil {
		return nil, err
	}
	cutoff := retentionCutoff(now, years)
	ids, err := db.dueIDs(ctx, cutoff)
	if err != nil {
		return nil, err
	}

	files := []string{}
	for start := 0; start < len(ids); start += anonymiseBatch {
		batch := ids[start:min(start+anonymiseBatch, len(ids))]
		var done []string
		err := db.write(ctx, func(t *tx) error {
			// Checked again in the transaction: a visit may have been
			// recorded since the list was read.
			due, err := t.dueAmong(batch, cutoff)
			if err != nil {
				return err
			}
			done, err = t.anonymisePersons(due)
			return err
		})
		if err != nil {
			return files, err
		}
		files = append(files, done...)
	}
	db.log.Info("retention applied", slog.Int("retention_years", years),
		slog.Int("anonymised", len(files)))
	return files, nil
}

func (db *DB) dueIDs(ctx context.Context, cutoff string) ([]string, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT p.id FROM persons p
		WHERE `+dueCondition+` ORDER BY p.file_number`, cutoff)
	if err != nil {
		return nil, db.storageError("persons due", err)
	}
	ids, err := scanStrings(rows)
	if err != nil {
		return nil, db.storageError("persons due", err)
	}
	return ids, nil
}

func (t *tx) dueAmong(ids []string, cutoff string) ([]string, error) {
	list, _ := json.Marshal(ids)
	rows, err := t.Query(`SELECT p.id FROM persons p
		WHERE p.id IN (SELECT value FROM json_each(?)) AND `+dueCondition+`
		ORDER BY p.file_number`, string(list), cutoff)
	if err != nil {
		return nil, err
	}
	return scanStrings(rows)
}

// scanStrings reads and closes rows of one text column.
func scanStrings(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ErrAlreadyAnonymised is the message of anonymising a file again when
// nothing was written to it since: there is nothing left to erase, and
// saying "anonymised" twice would suggest otherwise.
const ErrAlreadyAnonymised = "Ce dossier est déjà anonymisé."

// AnonymisePerson anonymises one person at their request (right to
// erasure), whatever the date of their last visit. A file already
// anonymised and unchanged since is refused with a conflict.
func (db *DB) AnonymisePerson(ctx context.Context, personID string) error {
	if err := db.PersonAccess(ctx, personID); err != nil {
		return err
	}
	var files []string
	err := db.write(ctx, func(t *tx) error {
		var live, anonymisable int
		if err := t.QueryRow(`SELECT count(*), coalesce(sum(`+anonymisableCondition+`), 0)
			FROM persons p WHERE p.id = ? AND p.deleted_at IS NULL`, personID).
			Scan(&live, &anonymisable); err != nil {
			return err
		}
		if live == 0 {
			return backend.NotFound("Cette personne n'existe pas ou a été supprimée.")
		}
		if anonymisable == 0 {
			return &backend.Error{Code: backend.EConflict, Message: ErrAlreadyAnonymised}
		}
		var err error
		files, err = t.anonymisePersons([]string{personID})
		return err
	})
	if err != nil {
		return err
	}
	db.log.Info("person anonymised on request", slog.String("file_number", files[0]))
	return nil
}

// AlreadyAnonymised reports whether the live person with this id was
// anonymised and nothing was written to their file since, so that a
// companion can say so before asking for a confirmation.
func (db *DB) AlreadyAnonymised(ctx context.Context, personID string) (bool, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM persons p
		WHERE p.id = ? AND p.deleted_at IS NULL AND NOT `+anonymisableCondition, personID).
		Scan(&n)
	if err != nil {
		return false, db.storageError("already anonymised", err)
	}
	return n > 0, nil
}

// anonymisedPerson is the change-log snapshot of an anonymised person:
// the person as kept, and when the file was anonymised.
type anonymisedPerson struct {
	backend.Person
	AnonymisedAt time.Time `json:"anonymisedAt"`
}

// anonymisePersons anonymises the persons with these ids and their visits,
// then purges the older change-log rows of all of them; it returns their
// file numbers.
func (t *tx) anonymisePersons(ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if t.actor == "" {
		// The retention job: anonymisation is audited whoever does it.
		t.actor = backend.SystemActor
	}
	var lastSeq int64
	if err := t.QueryRow(`SELECT coalesce(max(seq), 0) FROM changes`).
		Scan(&lastSeq); err != nil {
		return nil, err
	}

	var files, entities []string
	for _, id := range ids {
		p, err := t.anonymisePerson(id)
		if err != nil {
			return nil, err
		}
		visits, err := t.anonymiseVisitsOf(id)
		if err != nil {
			return nil, err
		}
		caseRows, err := t.anonymiseCaseOf(id)
		if err != nil {
			return nil, err
		}
		referrals, err := t.anonymiseReferralsOf(id)
		if err != nil {
			return nil, err
		}
		caseRows = append(caseRows, referrals...)
		files = append(files, p.FileNumber)
		entities = append(append(append(entities, id), visits...), caseRows...)
	}

	// Every change-log row written before this transaction about these
	// entities holds a state that is no longer allowed to exist.
	list, _ := json.Marshal(entities)
	_, err := t.Exec(`DELETE FROM changes
		WHERE seq <= ? AND entity_id IN (SELECT value FROM json_each(?))`,
		lastSeq, string(list))
	return files, err
}

// anonymisePerson rewrites one person's row as backend.Person.Anonymised
// says, re-indexes them and logs it.
func (t *tx) anonymisePerson(id string) (backend.Person, error) {
	var deleted bool
	old, err := scanPerson(withExtra(t.QueryRow(`SELECT `+personColumns+`,
		deleted_at IS NOT NULL FROM persons WHERE id = ?`, id), &deleted))
	if err != nil {
		return old, err
	}
	p := old.Anonymised()
	p.UpdatedAt = t.now
	now, version := t.stamp()
	if _, err := t.Exec(`UPDATE persons SET last_name = ?, birth_name = ?,
		first_names = ?, sex = ?, birth_date = ?, birth_place = ?, nationality = ?,
		nationality2 = ?, languages = ?, interpreter_needed = ?, phone = ?, email = ?,
		commune = ?, no_fixed_address = ?, family_situation = ?, children = ?,
		arrival_date = ?, admin_situation = ?, referent_id = ?, consent_date = ?,
		consent_note = ?, notes = ?, match_key = ?, sort_key = ?, anonymised_at = ?,
		updated_at = ?, version = ?, restricted = 0, referent_ids = '[]'
		WHERE id = ?`,
		p.LastName, p.BirthName, p.FirstNames, p.Sex, p.BirthDate, p.BirthPlace,
		p.Nationality, p.Nationality2, p.Languages, p.InterpreterNeeded, p.Phone,
		p.Email, p.Commune, p.NoFixedAddress, p.FamilySituation, p.Children,
		p.ArrivalDate, p.AdminSituation, nullable(p.ReferentID), p.ConsentDate,
		p.ConsentNote, p.Notes, matchKey(p), sortKey(p), now, now, version, id); err != nil {
		return p, err
	}
	if _, err := t.Exec(`DELETE FROM person_terms WHERE person_id = ?`, id); err != nil {
		return p, err
	}
	if err := t.indexPerson(p); err != nil {
		return p, err
	}
	snapshot := anonymisedPerson{Person: p, AnonymisedAt: t.now}
	if err := t.logChange("person", id, version, changeOp(deleted), snapshot); err != nil {
		return p, err
	}
	return p, t.audit("anonymise", "person", id, changedPersonFields(old, p))
}

// anonymiseVisitsOf empties the free text of every visit of a person,
// tombstoned ones included, and returns the visits' ids.
func (t *tx) anonymiseVisitsOf(personID string) ([]string, error) {
	type visit struct {
		v       backend.Visit
		deleted bool
	}
	rows, err := t.Query(`SELECT `+visitColumns+`, deleted_at IS NOT NULL
		FROM visits WHERE person_id = ? ORDER BY at`, personID)
	if err != nil {
		return nil, err
	}
	var visits []visit
	for rows.Next() {
		var it visit
		if it.v, err = scanVisit(withExtra(rows, &it.deleted)); err != nil {
			rows.Close()
			return nil, err
		}
		visits = append(visits, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	ids := make([]string, 0, len(visits))
	for _, it := range visits {
		v := it.v.Anonymised()
		now, version := t.stamp()
		if _, err := t.Exec(`UPDATE visits SET actions = ?, referrals = ?, note = ?,
			private_note = ?, import_key = NULL, updated_at = ?, version = ?
			WHERE id = ?`, v.Actions, v.Referrals, v.Note, v.PrivateNote, now, version,
			v.ID); err != nil {
			return nil, err
		}
		if err := t.logChange("visit", v.ID, version, changeOp(it.deleted), v); err != nil {
			return nil, err
		}
		if fields := changedVisitFields(it.v, v); len(fields) > 0 {
			if err := t.audit("anonymise", "visit", v.ID, fields); err != nil {
				return nil, err
			}
		}
		ids = append(ids, v.ID)
	}
	return ids, nil
}

func changeOp(deleted bool) string {
	if deleted {
		return "delete"
	}
	return "upsert"
}

// withExtra lets scanPerson and scanVisit read a row that has one more
// column at the end.
func withExtra(row interface{ Scan(...any) error }, extra ...any) interface {
	Scan(...any) error
} {
	return extraScanner{row, extra}
}

type extraScanner struct {
	row   interface{ Scan(...any) error }
	extra []any
}

func (s extraScanner) Scan(dest ...any) error {
	return s.row.Scan(append(dest, s.extra...)...)
}

// PersonByFileNumber returns the live person with this file number.
func (db *DB) PersonByFileNumber(ctx context.Context, fileNumber string) (
	backend.Person, error) {
	fileNumber = strings.TrimSpace(fileNumber)
	p, err := scanPerson(db.reader.QueryRowContext(ctx, `SELECT `+personColumns+`
		FROM persons WHERE file_number = ? AND deleted_at IS NULL
		ORDER BY created_at LIMIT 1`, fileNumber))
	if errors.Is(err, sql.ErrNoRows) {
		return p, backend.NotFound("Aucune personne n'a le numéro de dossier « %s ».",
			fileNumber)
	}
	if err != nil {
		return p, db.storageError("person by file number", err)
	}
	if err := db.gate(ctx, p); err != nil {
		return backend.Person{}, err
	}
	return p, nil
}

// PersonExport returns everything held on a person: their record, their
// visits with sites and users named, and the audit log's entries about
// them. Taking the export is itself audited ("export"), in the same
// transaction, so the export lists itself.
func (db *DB) PersonExport(ctx context.Context, personID string) (backend.PersonExport, error) {
	var e backend.PersonExport
	if err := db.PersonAccess(ctx, personID); err != nil {
		return e, err
	}
	labels, err := db.exportLabels(ctx)
	if err != nil {
		return e, db.storageError("export labels", err)
	}
	err = db.write(ctx, func(t *tx) error {
		if err := t.readExportedPerson(personID, &e); err != nil {
			return err
		}
		if err := t.audit("export", "person", personID, nil); err != nil {
			return err
		}
		if e.Visits, err = t.exportedVisits(personID, labels); err != nil {
			return err
		}
		e.History, err = t.history(personID)
		return err
	})
	if err != nil {
		return backend.PersonExport{}, err
	}
	if err := db.exportCase(ctx, personID, &e); err != nil {
		return backend.PersonExport{}, err
	}
	e.GeneratedAt = db.Now().UTC()
	e.Labels = backend.PersonLabels{
		Sex:            refdata.SexLabel(e.Person.Sex),
		Nationality:    countryLabel(e.Person.Nationality),
		Nationality2:   countryLabel(e.Person.Nationality2),
		AdminSituation: labels.admin[e.Person.AdminSituation],
		Referent:       e.Labels.Referent,
	}
	return e, nil
}

type exportLabels struct{ themes, modes, admin map[string]string }

func (db *DB) exportLabels(ctx context.Context) (exportLabels, error) {
	var l exportLabels
	var err error
	if l.themes, err = db.refLabels(ctx, listTheme); err != nil {
		return l, err
	}
	if l.modes, err = db.refLabels(ctx, listVisitMode); err != nil {
		return l, err
	}
	l.admin, err = db.refLabels(ctx, listAdminSituation)
	return l, err
}

func countryLabel(code string) string {
	if code == "" {
		return ""
	}
	return refdata.CountryName(code)
}

func (t *tx) readExportedPerson(id string, e *backend.PersonExport) error {
	var anonymisedAt string
	p, err := scanPerson(withExtra(t.QueryRow(`SELECT `+personColumns+`,
		coalesce(anonymised_at, '') FROM persons WHERE id = ? AND deleted_at IS NULL`, id),
		&anonymisedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return backend.NotFound("Cette personne n'existe pas ou a été supprimée.")
	}
	if err != nil {
		return err
	}
	e.Person = p
	if anonymisedAt != "" {
		e.AnonymisedAt = parseTime(anonymisedAt)
	}
	if err := t.QueryRow(`SELECT name FROM organisations WHERE deleted_at IS NULL
		ORDER BY created_at LIMIT 1`).Scan(&e.Organisation); err != nil &&
		!errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if p.ReferentID != "" {
		err := t.QueryRow(`SELECT display_name FROM users WHERE id = ?`, p.ReferentID).
			Scan(&e.Labels.Referent)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	return nil
}

func (t *tx) exportedVisits(personID string, l exportLabels) ([]backend.ExportedVisit, error) {
	rows, err := t.Query(`SELECT v.id, v.at, coalesce(s.name, ''),
		coalesce(u.display_name, ''), v.mode, v.duration_min, v.themes, v.actions,
		v.referrals, v.note, v.private_note
		FROM visits v
		LEFT JOIN sites s ON s.id = v.site_id
		LEFT JOIN users u ON u.id = v.user_id
		WHERE v.person_id = ? AND v.deleted_at IS NULL ORDER BY v.at`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []backend.ExportedVisit{}
	for rows.Next() {
		var v backend.ExportedVisit
		var at, themes string
		if err := rows.Scan(&v.ID, &at, &v.Site, &v.User, &v.Mode.Code, &v.DurationMin,
			&themes, &v.Actions, &v.Referrals, &v.Note, &v.PrivateNote); err != nil {
			return nil, err
		}
		v.At = parseTime(at)
		v.Mode.Label = l.modes[v.Mode.Code]
		var codes []string
		if err := json.Unmarshal([]byte(themes), &codes); err != nil {
			return nil, err
		}
		v.Themes = make([]backend.RefItem, 0, len(codes))
		for _, c := range codes {
			v.Themes = append(v.Themes, backend.RefItem{Code: c, Label: l.themes[c]})
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// history reads the audit log about the person and their visits, oldest
// first.
func (t *tx) history(personID string) ([]backend.HistoryEntry, error) {
	rows, err := t.Query(`SELECT a.at, a.user_id, coalesce(u.display_name, ''),
		a.action, a.entity, a.entity_id, a.fields
		FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
		WHERE (a.entity = 'person' AND a.entity_id = ?)
		   OR (a.entity = 'visit' AND a.entity_id IN
		       (SELECT id FROM visits WHERE person_id = ?))
		ORDER BY a.at, a.rowid`, personID, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []backend.HistoryEntry{}
	for rows.Next() {
		var h backend.HistoryEntry
		var at, fields string
		if err := rows.Scan(&at, &h.UserID, &h.UserName, &h.Action, &h.Entity, &h.EntityID,
			&fields); err != nil {
			return nil, err
		}
		h.At = parseTime(at)
		h.Fields = []string{}
		if fields != "" {
			h.Fields = strings.Split(fields, ",")
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// Registry settings kept in the local settings table, next to
// backend.SettingRetentionYears.
const (
	settingRegistryContact    = "registry_contact"
	settingRegistryDPO        = "registry_dpo"
	settingRegistryLegalBasis = "registry_legal_basis"
)

// RegistrySettings gathers what backend.Registry is generated from.
func (db *DB) RegistrySettings(ctx context.Context) (backend.RegistrySettings, error) {
	var s backend.RegistrySettings
	var err error
	if s.RetentionYears, err = db.RetentionYears(ctx); err != nil {
		return s, err
	}
	err = db.reader.QueryRowContext(ctx, `SELECT name FROM organisations
		WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1`).Scan(&s.Organisation)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return s, db.storageError("registry settings", err)
	}
	for key, into := range map[string]*string{settingRegistryContact: &s.Contact,
		settingRegistryDPO: &s.DPO, settingRegistryLegalBasis: &s.LegalBasis} {
		err := db.reader.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`,
			key).Scan(into)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return s, db.storageError("registry settings", err)
		}
	}
	// Backups are configured when their settings row exists; the key is
	// backup.SettingConfig, named here because backup imports this package.
	var n int
	if err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM settings
		WHERE key = 'backup.config'`).Scan(&n); err != nil {
		return s, db.storageError("registry settings", err)
	}
	s.EncryptedBackups = n > 0
	return s, nil
}

// Compact makes erased data leave the files: it checkpoints the WAL into
// the database and truncates it, rebuilds the database (VACUUM) so that no
// free page keeps old content, and checkpoints again, since in WAL mode the
// rebuilt pages first go to the WAL. It runs on the writer connection; a
// program that keeps reading the file makes it fail with a conflict.
func (db *DB) Compact(ctx context.Context) error {
	conn, err := db.writer.Conn(ctx)
	if err != nil {
		return db.storageError("compact", err)
	}
	defer conn.Close()

	if err := checkpoint(ctx, conn); err != nil {
		return db.compactError(err)
	}
	// The rebuild's temporary copy of the database stays in memory, not in
	// a temporary file whose blocks would keep it on the disk.
	if _, err := conn.ExecContext(ctx, `PRAGMA temp_store = MEMORY`); err != nil {
		return db.storageError("compact", err)
	}
	_, err = conn.ExecContext(ctx, `VACUUM`)
	if _, rerr := conn.ExecContext(context.Background(),
		`PRAGMA temp_store = DEFAULT`); rerr != nil && err == nil {
		err = rerr
	}
	if err != nil {
		return db.storageError("vacuum", err)
	}
	if err := checkpoint(ctx, conn); err != nil {
		return db.compactError(err)
	}
	db.log.Info("database compacted")
	return nil
}

var errCheckpointBusy = errors.New("checkpoint blocked by a reader or a writer")

func checkpoint(ctx context.Context, conn *sql.Conn) error {
	var busy, logFrames, done int
	if err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).
		Scan(&busy, &logFrames, &done); err != nil {
		return err
	}
	if busy != 0 {
		return errCheckpointBusy
	}
	return nil
}

func (db *DB) compactError(err error) error {
	if errors.Is(err, errCheckpointBusy) {
		return &backend.Error{Code: backend.EConflict, Err: err,
			Message: "La base est utilisée par un autre programme PAPPU : le compactage " +
				"reprendra quand il sera fermé."}
	}
	return db.storageError("checkpoint", err)
}

// exportCase adds the person's procedures (with their steps), referrals and
// tasks to a right-of-access export.
func (db *DB) exportCase(ctx context.Context, personID string, e *backend.PersonExport) error {
	rows, err := db.PersonProcedures(ctx, personID)
	if err != nil {
		return err
	}
	e.Procedures = []backend.Procedure{}
	for _, r := range rows {
		p, err := db.Procedure(ctx, r.ID)
		if err != nil {
			return err
		}
		e.Procedures = append(e.Procedures, p)
	}
	if e.Referrals, err = personReferrals(ctx, db.reader, personID); err != nil {
		return db.storageError("export referrals", err)
	}
	tasks, err := db.Tasks(ctx, backend.TaskQuery{List: backend.TaskListPerson,
		PersonID: personID, Limit: 1000})
	if err != nil {
		return err
	}
	e.Tasks = []backend.Task{}
	for _, r := range tasks {
		task, err := db.Task(ctx, r.ID)
		if err != nil {
			return err
		}
		e.Tasks = append(e.Tasks, task)
	}
	return nil
}
