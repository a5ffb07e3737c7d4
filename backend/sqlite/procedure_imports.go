package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"pappu/backend"
)

// ProcedureImport is a procedure brought in whole with its history, as the
// demonstration data makes them. The person is found by the import key of
// one of their visits; Procedure.Steps are in order and the procedure's
// status is the last step's.
type ProcedureImport struct {
	PersonKey string
	Procedure backend.Procedure
}

// ImportProcedures writes procedures with their steps in one transaction
// and returns how many it wrote. A person who already had procedures gets
// none, so that bringing the same procedures in again adds nothing. The
// steps are checked against the transition rules: a history that breaks
// them is a bug of the caller's.
func (db *DB) ImportProcedures(ctx context.Context, in []ProcedureImport) (int, error) {
	written := 0
	err := db.write(ctx, func(t *tx) error {
		t.bulk = true
		written = 0
		had := map[string]bool{} // person -> had procedures before this batch
		for _, imp := range in {
			var personID, userID string
			err := t.QueryRow(`SELECT person_id, user_id FROM visits
				WHERE import_key = ? AND person_id IS NOT NULL`, imp.PersonKey).
				Scan(&personID, &userID)
			if errors.Is(err, sql.ErrNoRows) {
				return backend.Invalid("personKey", "Aucun accueil importé sous la clé %s.",
					imp.PersonKey)
			}
			if err != nil {
				return err
			}
			before, seen := had[personID]
			if !seen {
				if err := t.QueryRow(`SELECT EXISTS (SELECT 1 FROM procedures
					WHERE person_id = ?)`, personID).Scan(&before); err != nil {
					return err
				}
				had[personID] = before
			}
			if before {
				continue
			}
			p := imp.Procedure
			p.PersonID, p.OpenedBy = personID, userID
			if err := t.importProcedure(p); err != nil {
				return err
			}
			written++
		}
		if written == 0 {
			return nil
		}
		return t.audit("import", "procedure", newID(), []string{fmt.Sprintf("count:%d", written)})
	})
	return written, err
}

// importProcedure writes one procedure and its steps, by the visit's worker.
func (t *tx) importProcedure(p backend.Procedure) error {
	if len(p.Steps) == 0 || p.Steps[len(p.Steps)-1].ToStatus != p.Status {
		return fmt.Errorf("procedure history does not end at its status %s", p.Status)
	}
	docs, err := storeDocuments(p.Type, p.Documents)
	if err != nil {
		return err
	}
	p.ID = newID()
	steps := p.Steps
	p.CreatedAt, p.UpdatedAt, p.Steps = t.now, t.now, nil
	if err := t.insertProcedure(p, docs); err != nil {
		return err
	}
	from := ""
	for i, s := range steps {
		if from != "" && !backend.CanMove(from, s.ToStatus) {
			return fmt.Errorf("procedure history moves from %s to %s", from, s.ToStatus)
		}
		s.Seq, s.FromStatus, s.UserID = i+1, from, p.OpenedBy
		if err := t.insertStep(p.ID, s); err != nil {
			return err
		}
		from = s.ToStatus
	}
	return t.syncKeyDateTasks(p)
}
