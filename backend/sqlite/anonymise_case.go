package sqlite

import (
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// caseText is personal free text held by a case-file table: which rows
// belong to a person (where, with the person's id as its one parameter),
// and what anonymisation writes in place of each text column.
type caseText struct {
	entity, table, where string
	replace              map[string]string
}

// caseTexts lists the free text of a person's case file beyond the person
// and their visits: what anonymisation empties. Codes, statuses and dates
// stay: the statistics of procedures and referrals need them.
var caseTexts = []caseText{
	{"procedure", "procedures", "person_id = ?",
		map[string]string{"reference": "", "outcome": "", "notes": ""}},
	{"procedure_step", "procedure_steps",
		"procedure_id IN (SELECT id FROM procedures WHERE person_id = ?)",
		map[string]string{"note": ""}},
	{"referral", "referrals", "person_id = ?", map[string]string{"reason": ""}},
	{"task", "tasks", "person_id = ? OR procedure_id IN " +
		"(SELECT id FROM procedures WHERE person_id = ?1)",
		map[string]string{"title": "Tâche anonymisée", "notes": ""}},
}

// anonymiseCaseOf empties the free text of a person's procedures, their
// steps, referrals and tasks (open tasks are cancelled: nobody can act on
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
		row, deleted, err := t.rowSnapshot(c.table, id)
		if err != nil {
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

// rowSnapshot reads one row of a table as a column → value map, for the
// change log, and whether it is tombstoned.
func (t *tx) rowSnapshot(table, id string) (map[string]any, bool, error) {
	rows, err := t.Query(`SELECT * FROM `+table+` WHERE id = ?`, id)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, false, err
	}
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, false, err
		}
		return nil, false, sql.ErrNoRows
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, false, err
	}
	out := make(map[string]any, len(cols))
	for i, c := range cols {
		if b, ok := vals[i].([]byte); ok {
			vals[i] = string(b)
		}
		out[c] = vals[i]
	}
	return out, out["deleted_at"] != nil, rows.Err()
}
