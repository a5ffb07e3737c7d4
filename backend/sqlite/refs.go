package sqlite

import (
	"context"
	"time"

	"pappu/backend"
	"pappu/backend/refdata"
)

// Reference list names in ref_items.
const (
	listTheme          = "theme"
	listVisitMode      = "visit_mode"
	listAdminSituation = "admin_situation"
	listPartnerKind    = "partner_kind"
	listSupportMode    = "support_mode"
)

// builtinLists are the coded lists the binary ships; seeding adds the codes
// a database lacks and never overwrites a label an administrator changed.
func builtinLists() map[string][]backend.RefItem {
	return map[string][]backend.RefItem{
		listTheme:          refdata.Themes(),
		listVisitMode:      refdata.VisitModes(),
		listAdminSituation: refdata.AdminSituations(),
		listProcedureType:  refdata.ProcedureTypes(),
		listPartnerKind:    refdata.PartnerKinds(),
		listSupportMode:    refdata.SupportModes(),
	}
}

func (db *DB) seedReferences() error {
	have := map[string]bool{}
	rows, err := db.writer.Query(`SELECT list || '/' || code FROM ref_items`)
	if err != nil {
		return db.storageError("read references", err)
	}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return db.storageError("read references", err)
		}
		have[k] = true
	}
	rows.Close()

	missing := 0
	for list, items := range builtinLists() {
		for _, it := range items {
			if !have[list+"/"+it.Code] {
				missing++
			}
		}
	}
	if missing == 0 {
		return nil
	}
	return db.write(context.Background(), func(t *tx) error {
		for list, items := range builtinLists() {
			for pos, it := range items {
				if have[list+"/"+it.Code] {
					continue
				}
				if err := t.insertRefItem(list, pos, it); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func (t *tx) insertRefItem(list string, pos int, it backend.RefItem) error {
	id := newID()
	now, version := t.stamp()
	if _, err := t.Exec(`INSERT INTO ref_items
		(id, list, code, label, position, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		id, list, it.Code, it.Label, pos, now, now, version); err != nil {
		return err
	}
	row := struct {
		List string `json:"list"`
		backend.RefItem
		Position int `json:"position"`
	}{list, it, pos}
	return t.logChange("ref_item", id, version, "upsert", row)
}

// refItems returns one list's live items in order.
func (db *DB) refItems(ctx context.Context, list string) ([]backend.RefItem, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT code, label FROM ref_items
		WHERE list = ? AND active = 1 AND deleted_at IS NULL ORDER BY position, label`, list)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []backend.RefItem
	for rows.Next() {
		var it backend.RefItem
		if err := rows.Scan(&it.Code, &it.Label); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// refLabels maps the codes of a list to their labels, for statistics.
func (db *DB) refLabels(ctx context.Context, list string) (map[string]string, error) {
	items, err := db.refItems(ctx, list)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(items))
	for _, it := range items {
		m[it.Code] = it.Label
	}
	return m, nil
}

// References returns every coded list the window shows.
func (db *DB) References(ctx context.Context) (backend.References, error) {
	var out backend.References
	var err error
	if out.Themes, err = db.refItems(ctx, listTheme); err != nil {
		return out, db.storageError("themes", err)
	}
	if out.VisitModes, err = db.refItems(ctx, listVisitMode); err != nil {
		return out, db.storageError("visit modes", err)
	}
	if out.AdminSituations, err = db.refItems(ctx, listAdminSituation); err != nil {
		return out, db.storageError("admin situations", err)
	}
	if err := db.partnerReferences(ctx, &out); err != nil {
		return out, err
	}
	out.Sexes = refdata.Sexes()
	out.AgeBrackets = backend.AgeBrackets
	out.Countries = refdata.Countries()
	if out.ProcedureTypes, err = db.refItems(ctx, listProcedureType); err != nil {
		return out, db.storageError("procedure types", err)
	}
	out.ProcedureStatuses = backend.ProcedureStatuses
	out.NextStatuses = backend.AllNextStatuses()
	out.DocumentChecklists = refdata.DocumentChecklists()
	return out, nil
}

// parisZone is where days begin and end for the users.
var parisZone = mustLoadParis()

func mustLoadParis() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic("sqlite: Europe/Paris time zone missing: " + err.Error())
	}
	return loc
}
