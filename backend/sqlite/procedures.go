package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"pappu/backend"
	"pappu/backend/refdata"
)

// listProcedureType is the coded list of procedure types in ref_items.
const listProcedureType = "procedure_type"

const procedureColumns = `id, person_id, type, status, authority, reference,
	submitted_on, receipt_until, decision_on, permit_until, outcome, documents, notes,
	opened_by, created_at, updated_at`

// storedDocument is how a checklist item is stored: its code and whether
// the piece was provided; the label comes from the type's checklist.
type storedDocument struct {
	Code     string `json:"code"`
	Provided bool   `json:"provided"`
}

func scanProcedure(row interface{ Scan(...any) error }) (backend.Procedure, error) {
	var p backend.Procedure
	var docs, created, updated string
	err := row.Scan(&p.ID, &p.PersonID, &p.Type, &p.Status, &p.Authority, &p.Reference,
		&p.SubmittedOn, &p.ReceiptUntil, &p.DecisionOn, &p.PermitUntil, &p.Outcome, &docs,
		&p.Notes, &p.OpenedBy, &created, &updated)
	if err != nil {
		return p, err
	}
	p.CreatedAt, p.UpdatedAt = parseTime(created), parseTime(updated)
	var stored []storedDocument
	if err := json.Unmarshal([]byte(docs), &stored); err != nil {
		return p, fmt.Errorf("documents of procedure %s: %w", p.ID, err)
	}
	p.Documents = documentsOf(p.Type, stored)
	return p, nil
}

// documentsOf gives the stored checklist its labels, in the type's order;
// pieces no longer in the type's list stay, under their code.
func documentsOf(procedureType string, stored []storedDocument) []backend.DocumentItem {
	provided := make(map[string]bool, len(stored))
	for _, d := range stored {
		provided[d.Code] = d.Provided
	}
	out := []backend.DocumentItem{}
	known := map[string]bool{}
	for _, it := range refdata.DocumentChecklist(procedureType) {
		known[it.Code] = true
		out = append(out, backend.DocumentItem{Code: it.Code, Label: it.Label,
			Provided: provided[it.Code]})
	}
	for _, d := range stored {
		if !known[d.Code] {
			out = append(out, backend.DocumentItem{Code: d.Code, Label: d.Code,
				Provided: d.Provided})
		}
	}
	return out
}

// storeDocuments checks a checklist against the type's and returns what is
// stored; a piece the type does not list is refused.
func storeDocuments(procedureType string, given []backend.DocumentItem) (string, error) {
	provided := map[string]bool{}
	for _, d := range given {
		provided[d.Code] = d.Provided
	}
	var out []storedDocument
	for _, it := range refdata.DocumentChecklist(procedureType) {
		out = append(out, storedDocument{Code: it.Code, Provided: provided[it.Code]})
		delete(provided, it.Code)
	}
	for code := range provided {
		return "", backend.Invalid("documents",
			"La pièce « %s » ne fait pas partie de la liste de cette démarche.", code)
	}
	if out == nil {
		return "[]", nil
	}
	data, err := json.Marshal(out)
	return string(data), err
}

// checkProcedure normalises and validates a procedure, its type included.
func (db *DB) checkProcedure(ctx context.Context, p *backend.Procedure) error {
	p.Normalize()
	if err := p.Validate(db.today()); err != nil {
		return err
	}
	types, err := db.refLabels(ctx, listProcedureType)
	if err != nil {
		return db.storageError("procedure types", err)
	}
	if _, ok := types[p.Type]; !ok {
		return backend.Invalid("type", "Le type de démarche « %s » n'est pas reconnu.", p.Type)
	}
	return nil
}

// OpenProcedure starts a procedure for a person, "à préparer" unless it is
// opened already filed, and keeps the opening as its first step.
func (db *DB) OpenProcedure(ctx context.Context, p backend.Procedure) (backend.Procedure, error) {
	if err := db.PersonAccess(ctx, p.PersonID); err != nil {
		return backend.Procedure{}, err
	}
	if p.Status == "" {
		p.Status = backend.StatusToPrepare
	}
	if err := db.checkProcedure(ctx, &p); err != nil {
		return backend.Procedure{}, err
	}
	today := db.today().Format(time.DateOnly)
	day := today
	switch p.Status {
	case backend.StatusToPrepare:
	case backend.StatusFiled:
		if p.SubmittedOn == "" {
			p.SubmittedOn = today
		}
		day = p.SubmittedOn
	default:
		return backend.Procedure{}, backend.Invalid("status", "Une démarche s'ouvre au statut "+
			"« %s » ou « %s » ; les statuts suivants se donnent ensuite, un à un.",
			backend.StatusLabel(backend.StatusToPrepare), backend.StatusLabel(backend.StatusFiled))
	}
	docs, err := storeDocuments(p.Type, p.Documents)
	if err != nil {
		return backend.Procedure{}, err
	}
	err = db.write(ctx, func(t *tx) error {
		if err := t.livePerson(p.PersonID); err != nil {
			return err
		}
		if t.actor == "" {
			return backend.Invalid("openedBy", "Une démarche est ouverte par un intervenant.")
		}
		p.ID, p.OpenedBy = newID(), t.actor
		p.CreatedAt, p.UpdatedAt = t.now, t.now
		if err := t.insertProcedure(p, docs); err != nil {
			return err
		}
		step := backend.ProcedureStep{Seq: 1, ToStatus: p.Status, Day: day, UserID: t.actor}
		if err := t.insertStep(p.ID, step); err != nil {
			return err
		}
		if err := t.audit("create", "procedure", p.ID, filledProcedureFields(p)); err != nil {
			return err
		}
		return t.syncKeyDateTasks(p)
	})
	if err != nil {
		return backend.Procedure{}, err
	}
	return db.Procedure(ctx, p.ID)
}

// insertProcedure writes a new procedure, its checklist as stored, and
// logs it.
func (t *tx) insertProcedure(p backend.Procedure, docs string) error {
	now, version := t.stamp()
	if _, err := t.Exec(`INSERT INTO procedures (id, person_id, type, status, authority,
		reference, submitted_on, receipt_until, decision_on, permit_until, outcome,
		documents, notes, opened_by, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.PersonID, p.Type, p.Status, p.Authority, p.Reference, p.SubmittedOn,
		p.ReceiptUntil, p.DecisionOn, p.PermitUntil, p.Outcome, docs, p.Notes,
		p.OpenedBy, now, now, version); err != nil {
		return err
	}
	return t.logChange("procedure", p.ID, version, "upsert", procedureRow(p, docs))
}

// procedureRow is what the change log keeps of a procedure: its stored
// columns, the checklist as stored.
func procedureRow(p backend.Procedure, docs string) any {
	return struct {
		backend.Procedure
		Documents json.RawMessage `json:"documents"`
		Steps     any             `json:"steps,omitempty"`
	}{p, json.RawMessage(docs), nil}
}

// livePerson checks, in the transaction, that a person exists.
func (t *tx) livePerson(id string) error {
	var n int
	err := t.QueryRow(`SELECT count(*) FROM persons WHERE id = ? AND deleted_at IS NULL`,
		id).Scan(&n)
	if err != nil || n == 0 {
		return orInvalid(err, "personId", "Cette personne n'existe pas.")
	}
	return nil
}

// insertStep writes one step of a procedure's history.
func (t *tx) insertStep(procedureID string, s backend.ProcedureStep) error {
	s.ID = newID()
	now, version := t.stamp()
	if _, err := t.Exec(`INSERT INTO procedure_steps (id, procedure_id, seq, from_status,
		to_status, day, user_id, note, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, procedureID, s.Seq, s.FromStatus, s.ToStatus, s.Day, s.UserID, s.Note,
		now, now, version); err != nil {
		return err
	}
	s.At = t.now
	row := struct {
		ProcedureID string `json:"procedureId"`
		backend.ProcedureStep
	}{procedureID, s}
	return t.logChange("procedure_step", s.ID, version, "upsert", row)
}

// readProcedure reads a live procedure in the transaction.
func (t *tx) readProcedure(id string) (backend.Procedure, error) {
	p, err := scanProcedure(t.QueryRow(`SELECT `+procedureColumns+` FROM procedures
		WHERE id = ? AND deleted_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, backend.NotFound("Cette démarche n'existe pas ou a été supprimée.")
	}
	return p, err
}

// UpdateProcedure changes a procedure's fields, dates, documents checklist
// and notes. Its status changes only through MoveProcedure, which keeps
// the history.
func (db *DB) UpdateProcedure(ctx context.Context, p backend.Procedure) (backend.Procedure, error) {
	if err := db.procedureAccess(ctx, p.ID); err != nil {
		return backend.Procedure{}, err
	}
	err := db.write(ctx, func(t *tx) error {
		old, err := t.readProcedure(p.ID)
		if err != nil {
			return err
		}
		if err := backend.CheckProcedureChange(old, p); err != nil {
			return err
		}
		p.PersonID, p.Status, p.OpenedBy, p.CreatedAt = old.PersonID, old.Status,
			old.OpenedBy, old.CreatedAt
		if err := db.checkProcedure(ctx, &p); err != nil {
			return err
		}
		docs, err := storeDocuments(p.Type, p.Documents)
		if err != nil {
			return err
		}
		p.Documents = documentsOf(p.Type, mustStored(docs))
		changed := changedProcedureFields(old, p)
		if len(changed) == 0 {
			return nil
		}
		p.UpdatedAt = t.now
		now, version := t.stamp()
		if _, err := t.Exec(`UPDATE procedures SET type = ?, authority = ?, reference = ?,
			submitted_on = ?, receipt_until = ?, decision_on = ?, permit_until = ?,
			outcome = ?, documents = ?, notes = ?, updated_at = ?, version = ?
			WHERE id = ?`,
			p.Type, p.Authority, p.Reference, p.SubmittedOn, p.ReceiptUntil, p.DecisionOn,
			p.PermitUntil, p.Outcome, docs, p.Notes, now, version, p.ID); err != nil {
			return err
		}
		if err := t.logChange("procedure", p.ID, version, "upsert", procedureRow(p, docs)); err != nil {
			return err
		}
		if err := t.audit("update", "procedure", p.ID, changed); err != nil {
			return err
		}
		return t.syncKeyDateTasks(p)
	})
	if err != nil {
		return backend.Procedure{}, err
	}
	return db.Procedure(ctx, p.ID)
}

func mustStored(docs string) []storedDocument {
	var out []storedDocument
	json.Unmarshal([]byte(docs), &out) // written by storeDocuments just before
	return out
}

// MoveProcedure changes a procedure's status, if the rules allow it, and
// keeps the step: its day, who recorded it, and the key date that goes with
// the new status. A change made on a stale view (the status moved meanwhile)
// is refused as a conflict.
func (db *DB) MoveProcedure(ctx context.Context, c backend.StatusChange) (backend.Procedure, error) {
	c.Normalize()
	today := db.today()
	if c.Day == "" {
		c.Day = today.Format(time.DateOnly)
	}
	if err := backend.CheckDate("day", "La date de l'étape", c.Day, today); err != nil {
		return backend.Procedure{}, err
	}
	if err := db.procedureAccess(ctx, c.ProcedureID); err != nil {
		return backend.Procedure{}, err
	}
	err := db.write(ctx, func(t *tx) error {
		p, err := t.readProcedure(c.ProcedureID)
		if err != nil {
			return err
		}
		if c.FromStatus != "" && c.FromStatus != p.Status {
			return &backend.Error{Code: backend.EConflict, Field: "toStatus",
				Message: "Cette démarche est passée entre-temps au statut « " +
					backend.StatusLabel(p.Status) + " » : vérifiez-la avant de changer son statut."}
		}
		old := p
		if err := c.ApplyTo(&p, c.Day, today); err != nil {
			return err
		}
		var seq int
		var lastDay string
		if err := t.QueryRow(`SELECT seq, day FROM procedure_steps
			WHERE procedure_id = ? ORDER BY seq DESC LIMIT 1`, p.ID).Scan(&seq, &lastDay); err != nil {
			return fmt.Errorf("last step of procedure %s: %w", p.ID, err)
		}
		if c.Day < lastDay {
			return backend.Invalid("day", "La date de l'étape ne peut pas précéder celle de "+
				"l'étape précédente (%s).", frenchDate(lastDay))
		}
		p.UpdatedAt = t.now
		now, version := t.stamp()
		if _, err := t.Exec(`UPDATE procedures SET status = ?, submitted_on = ?,
			receipt_until = ?, decision_on = ?, permit_until = ?, outcome = ?,
			updated_at = ?, version = ? WHERE id = ? AND status = ?`,
			p.Status, p.SubmittedOn, p.ReceiptUntil, p.DecisionOn, p.PermitUntil, p.Outcome,
			now, version, p.ID, old.Status); err != nil {
			return err
		}
		docs, _ := storeDocuments(p.Type, p.Documents)
		if err := t.logChange("procedure", p.ID, version, "upsert", procedureRow(p, docs)); err != nil {
			return err
		}
		step := backend.ProcedureStep{Seq: seq + 1, FromStatus: old.Status, ToStatus: p.Status,
			Day: c.Day, UserID: t.actor, Note: c.Note}
		if err := t.insertStep(p.ID, step); err != nil {
			return err
		}
		if err := t.audit("update", "procedure", p.ID, changedProcedureFields(old, p)); err != nil {
			return err
		}
		return t.syncKeyDateTasks(p)
	})
	if err != nil {
		return backend.Procedure{}, err
	}
	return db.Procedure(ctx, c.ProcedureID)
}

// frenchDate shows YYYY-MM-DD as JJ/MM/AAAA in a message.
func frenchDate(day string) string {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return d.Format("02/01/2006")
}

// procedureFields pairs each audited field name with its value.
func procedureFields(p backend.Procedure) []struct{ name, value string } {
	docs, _ := json.Marshal(p.Documents)
	return []struct{ name, value string }{
		{"type", p.Type}, {"status", p.Status}, {"authority", p.Authority},
		{"reference", p.Reference}, {"submittedOn", p.SubmittedOn},
		{"receiptUntil", p.ReceiptUntil}, {"decisionOn", p.DecisionOn},
		{"permitUntil", p.PermitUntil}, {"outcome", p.Outcome},
		{"documents", string(docs)}, {"notes", p.Notes},
	}
}

func filledProcedureFields(p backend.Procedure) []string {
	var out []string
	for _, f := range procedureFields(p) {
		if f.value != "" && f.value != "null" && f.value != "[]" {
			out = append(out, f.name)
		}
	}
	return out
}

func changedProcedureFields(old, p backend.Procedure) []string {
	return changedNames(procedureFields(old), procedureFields(p))
}

// changedNames lists the names whose values differ between two lists of
// the same fields.
func changedNames(a, b []struct{ name, value string }) []string {
	var out []string
	for i := range a {
		if a[i].value != b[i].value {
			out = append(out, a[i].name)
		}
	}
	return out
}

// Procedure returns one live procedure with its steps in order.
func (db *DB) Procedure(ctx context.Context, id string) (backend.Procedure, error) {
	p, err := scanProcedure(db.reader.QueryRowContext(ctx, `SELECT `+procedureColumns+`
		FROM procedures WHERE id = ? AND deleted_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, backend.NotFound("Cette démarche n'existe pas ou a été supprimée.")
	}
	if err != nil {
		return p, db.storageError("procedure", err)
	}
	if err := db.PersonAccess(ctx, p.PersonID); err != nil {
		return backend.Procedure{}, err
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT s.id, s.seq, s.from_status,
		s.to_status, s.day, s.user_id, coalesce(u.display_name, ''), s.note, s.created_at
		FROM procedure_steps s LEFT JOIN users u ON u.id = s.user_id
		WHERE s.procedure_id = ? AND s.deleted_at IS NULL ORDER BY s.seq`, id)
	if err != nil {
		return p, db.storageError("procedure steps", err)
	}
	defer rows.Close()
	p.Steps = []backend.ProcedureStep{}
	for rows.Next() {
		var s backend.ProcedureStep
		var at string
		if err := rows.Scan(&s.ID, &s.Seq, &s.FromStatus, &s.ToStatus, &s.Day, &s.UserID,
			&s.UserName, &s.Note, &at); err != nil {
			return p, db.storageError("procedure steps", err)
		}
		s.At = parseTime(at)
		p.Steps = append(p.Steps, s)
	}
	if err := rows.Err(); err != nil {
		return p, db.storageError("procedure steps", err)
	}
	return p, nil
}

// PersonProcedures lists a person's procedures, open ones first, each with
// its next key date.
func (db *DB) PersonProcedures(ctx context.Context, personID string) (
	[]backend.ProcedureRow, error) {
	if err := db.PersonAccess(ctx, personID); err != nil {
		return nil, err
	}
	out, err := procedureRows(ctx, db.reader, personID, db.today(), db.procedureTypeLabels(ctx))
	if err != nil {
		return nil, db.storageError("procedures", err)
	}
	return out, nil
}

// procedureTypeLabels maps type codes to the labels an administrator may
// have changed; the built-in labels stand in when the list cannot be read.
func (db *DB) procedureTypeLabels(ctx context.Context) map[string]string {
	labels, err := db.refLabels(ctx, listProcedureType)
	if err != nil {
		labels = map[string]string{}
	}
	return labels
}

func procedureRows(ctx context.Context, q querier, personID string, today time.Time,
	labels map[string]string) ([]backend.ProcedureRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, type, status, receipt_until, permit_until,
		updated_at FROM procedures WHERE person_id = ? AND deleted_at IS NULL
		ORDER BY status = ?, updated_at DESC, id DESC`, personID, backend.StatusClosed)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []backend.ProcedureRow{}
	for rows.Next() {
		var r backend.ProcedureRow
		var receipt, permit, updated string
		if err := rows.Scan(&r.ID, &r.Type, &r.Status, &receipt, &permit, &updated); err != nil {
			return nil, err
		}
		r.TypeLabel = labels[r.Type]
		if r.TypeLabel == "" {
			r.TypeLabel = refdata.ProcedureTypeLabel(r.Type)
		}
		r.StatusLabel = backend.StatusLabel(r.Status)
		r.UpdatedAt = parseTime(updated)
		if r.Status != backend.StatusClosed {
			r.NextDate, r.NextDateKind = nextKeyDate(today.Format(time.DateOnly), receipt, permit)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// nextKeyDate is the earliest end of validity still to come: the receipt's
// or the permit's.
func nextKeyDate(today, receiptUntil, permitUntil string) (day, kind string) {
	for _, c := range []struct{ day, kind string }{
		{receiptUntil, "receiptUntil"}, {permitUntil, "permitUntil"}} {
		if c.day != "" && c.day >= today && (day == "" || c.day < day) {
			day, kind = c.day, c.kind
		}
	}
	return day, kind
}

// procedureAccess checks that who asks may open the file of the person a
// procedure belongs to (see gate); an unknown procedure passes, for the
// caller to say it does not exist.
func (db *DB) procedureAccess(ctx context.Context, procedureID string) error {
	var personID string
	err := db.reader.QueryRowContext(ctx, `SELECT person_id FROM procedures WHERE id = ?`,
		procedureID).Scan(&personID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return db.storageError("procedure", err)
	}
	return db.PersonAccess(ctx, personID)
}
