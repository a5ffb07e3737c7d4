package sqlite

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"pappu/backend"
)

// caseText is personal free text held by a case-file table: which rows
// belong to a person (where, with the person's id as its one parameter),
// what anonymisation writes in place of each text column, and how the
// change log reads a row back, in the shape its ordinary writes log.
type caseText struct {
	entity, table, where string
	replace              map[string]string
	snapshot             func(t *tx, id string) (any, error)
}

// caseTexts lists the free text of a person's case file beyond the person,
// their visits and their referrals (anonymiseReferralsOf): what
// anonymisation empties. Codes, statuses and dates stay: the statistics of
// procedures need them.
var caseTexts = []caseText{
	{"procedure", "procedures", "person_id = ?",
		map[string]string{"reference": "", "outcome": "", "notes": ""},
		func(t *tx, id string) (any, error) {
			var docs string
			p, err := scanProcedure(withExtra(t.QueryRow(`SELECT `+procedureColumns+
				`, documents FROM procedures WHERE id = ?`, id), &docs))
			return procedureRow(p, docs), err
		}},
	{"procedure_step", "procedure_steps",
		"procedure_id IN (SELECT id FROM procedures WHERE person_id = ?)",
		map[string]string{"note": ""},
		func(t *tx, id string) (any, error) {
			var row struct {
				ProcedureID string `json:"procedureId"`
				backend.ProcedureStep
			}
			var at string
			err := t.QueryRow(`SELECT procedure_id, id, seq, from_status, to_status, day,
				user_id, note, created_at FROM procedure_steps WHERE id = ?`, id).Scan(
				&row.ProcedureID, &row.ID, &row.Seq, &row.FromStatus, &row.ToStatus, &row.Day,
				&row.UserID, &row.Note, &at)
			row.At = parseTime(at)
			return row, err
		}},
	{"task", "tasks", "person_id = ? OR procedure_id IN " +
		"(SELECT id FROM procedures WHERE person_id = ?1)",
		map[string]string{"title": "Tâche anonymisée", "notes": ""},
		func(t *tx, id string) (any, error) {
			return scanTask(t.QueryRow(`SELECT `+taskColumns+` FROM tasks WHERE id = ?`, id))
		}},
}

// anonymiseCaseOf empties the free text of a person's procedures, their
// steps and tasks (open tasks are cancelled: nobody can act on
// an anonymised file), logs each row's new state and returns their ids,
// whose earlier change-log rows the caller purges.
func (t *tx) anonymiseCaseOf(personID string) ([]string, error) {
	var ids []string
	for _, c := range caseTexts {
		got, err := t.anonymiseRows(c, personID)
		if err != nil {
			return nil, fmt.Errorf("anonymise %s: %w", c.table, err)
		}
		ids = append(ids, got...)
	}
	return ids, nil
}

func (t *tx) anonymiseRows(c caseText, personID string) ([]string, error) {
	rows, err := t.Query(`SELECT id FROM `+c.table+` WHERE `+c.where, personID)
	if err != nil {
		return nil, err
	}
	ids, err := scanStrings(rows)
	if err != nil {
		return nil, err
	}
	fields := slices.Sorted(maps.Keys(c.replace))
	var set []string
	var args []any
	for _, col := range fields {
		set = append(set, col+" = ?")
		args = append(args, c.replace[col])
	}
	if c.table == "tasks" {
		set = append(set, "status = CASE status WHEN 'todo' THEN 'cancelled' ELSE status END")
	}
	for _, id := range ids {
		now, version := t.stamp()
		if _, err := t.Exec(`UPDATE `+c.table+` SET `+strings.Join(set, ", ")+
			`, updated_at = ?, version = ? WHERE id = ?`,
			append(args, now, version, id)...); err != nil {
			return nil, err
		}
		row, err := c.snapshot(t, id)
		if err != nil {
			return nil, err
		}
		var deleted bool
		if err := t.QueryRow(`SELECT deleted_at IS NOT NULL FROM `+c.table+` WHERE id = ?`,
			id).Scan(&deleted); err != nil {
			return nil, err
		}
		if err := t.logChange(c.entity, id, version, changeOp(deleted), row); err != nil {
			return nil, err
		}
		if err := t.audit("anonymise", c.entity, id, fields); err != nil {
			return nil, err
		}
	}
	return ids, nil
}
