package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"

	"golang.org/x/sync/errgroup"

	"pappu/backend"
)

// checkSupport normalises and validates a support record, codes included;
// an empty day is today and an empty user the acting one.
func (db *DB) checkSupport(ctx context.Context, s *backend.PartnerSupport) error {
	s.Normalize()
	if s.Day == "" {
		s.Day = db.Now().In(parisZone).Format("2006-01-02")
	}
	if s.UserID == "" {
		s.UserID = backend.ActorFrom(ctx)
	}
	if err := s.Validate(); err != nil {
		return err
	}
	if err := backend.CheckDate("day", "La date de l'appui", s.Day, db.today()); err != nil {
		return err
	}
	if err := db.checkCodes(ctx, listSupportMode, "mode", "Le mode d'appui « %s » n'est pas reconnu.",
		s.Mode); err != nil {
		return err
	}
	return db.checkCodes(ctx, listTheme, "themes", unknownTheme, s.Themes...)
}

// checkSupportRefs checks that the partner, its contact and the user exist.
func (t *tx) checkSupportRefs(s backend.PartnerSupport) error {
	var n int
	if err := t.QueryRow(`SELECT count(*) FROM partners WHERE id = ? AND deleted_at IS NULL`,
		s.PartnerID).Scan(&n); err != nil || n == 0 {
		return orInvalid(err, "partnerId", "Ce partenaire n'existe pas.")
	}
	if s.ContactID != "" {
		if err := t.QueryRow(`SELECT count(*) FROM partner_contacts WHERE id = ?
			AND partner_id = ?`, s.ContactID, s.PartnerID).Scan(&n); err != nil || n == 0 {
			return orInvalid(err, "contactId", "Ce contact n'est pas celui de ce partenaire.")
		}
	}
	if err := t.QueryRow(`SELECT count(*) FROM users WHERE id = ? AND deleted_at IS NULL`,
		s.UserID).Scan(&n); err != nil || n == 0 {
		return orInvalid(err, "userId", "Cet intervenant n'existe pas.")
	}
	return nil
}

// RecordSupport records a support given to a partner professional.
func (db *DB) RecordSupport(ctx context.Context, s backend.PartnerSupport) (
	backend.PartnerSupport, error) {
	s.ID = ""
	return db.saveSupport(ctx, s)
}

// UpdateSupport changes a support record.
func (db *DB) UpdateSupport(ctx context.Context, s backend.PartnerSupport) (
	backend.PartnerSupport, error) {
	if s.ID == "" {
		return s, backend.Invalid("id", "Cet appui n'est pas encore enregistré.")
	}
	return db.saveSupport(ctx, s)
}

func (db *DB) saveSupport(ctx context.Context, s backend.PartnerSupport) (
	backend.PartnerSupport, error) {
	if err := db.checkSupport(ctx, &s); err != nil {
		return backend.PartnerSupport{}, err
	}
	err := db.write(ctx, func(t *tx) error {
		if err := t.checkSupportRefs(s); err != nil {
			return err
		}
		if s.ID == "" {
			s.ID = newID()
			return t.insertSupport(s)
		}
		old, err := scanSupport(t.QueryRow(supportQuery+` WHERE s.id = ?
			AND s.deleted_at IS NULL`, s.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return errSupportGone
		}
		if err != nil {
			return err
		}
		return t.updateSupport(old, s)
	})
	if err != nil {
		return backend.PartnerSupport{}, err
	}
	return db.Support(ctx, s.ID)
}

var errSupportGone = backend.NotFound("Cet appui n'existe pas ou a été supprimé.")

func supportFields(s backend.PartnerSupport) []field {
	themes, _ := json.Marshal(s.Themes)
	return []field{
		{"day", s.Day}, {"partnerId", s.PartnerID}, {"contactId", s.ContactID},
		{"userId", s.UserID}, {"mode", s.Mode}, {"themes", string(themes)},
		{"durationMin", strconv.Itoa(s.DurationMin)}, {"question", s.Question},
		{"answer", s.Answer}, {"followUp", strconv.FormatBool(s.FollowUp)},
	}
}

func (t *tx) insertSupport(s backend.PartnerSupport) error {
	now, version := t.stamp()
	themes, _ := json.Marshal(s.Themes)
	if _, err := t.Exec(`INSERT INTO partner_supports (id, day, partner_id, contact_id,
		user_id, mode, themes, duration_min, question, answer, follow_up, created_at,
		updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.Day, s.PartnerID, nullable(s.ContactID), s.UserID, s.Mode, string(themes),
		s.DurationMin, s.Question, s.Answer, s.FollowUp, now, now, version); err != nil {
		return err
	}
	if err := t.logChange("partner_support", s.ID, version, "upsert", supportRow(s)); err != nil {
		return err
	}
	return t.audit("create", "partner_support", s.ID, changedFields(nil, supportFields(s)))
}

func (t *tx) updateSupport(old, s backend.PartnerSupport) error {
	changed := changedFields(supportFields(old), supportFields(s))
	if len(changed) == 0 {
		return nil
	}
	now, version := t.stamp()
	themes, _ := json.Marshal(s.Themes)
	if _, err := t.Exec(`UPDATE partner_supports SET day = ?, partner_id = ?, contact_id = ?,
		user_id = ?, mode = ?, themes = ?, duration_min = ?, question = ?, answer = ?,
		follow_up = ?, updated_at = ?, version = ? WHERE id = ?`,
		s.Day, s.PartnerID, nullable(s.ContactID), s.UserID, s.Mode, string(themes),
		s.DurationMin, s.Question, s.Answer, s.FollowUp, now, version, s.ID); err != nil {
		return err
	}
	if err := t.logChange("partner_support", s.ID, version, "upsert", supportRow(s)); err != nil {
		return err
	}
	return t.audit("update", "partner_support", s.ID, changed)
}

// supportRow is the record as the change log keeps it: ids, not names.
func supportRow(s backend.PartnerSupport) backend.PartnerSupport {
	s.PartnerName, s.ContactName = "", ""
	return s
}

// DeleteSupport removes a support record (a tombstone).
func (db *DB) DeleteSupport(ctx context.Context, id string) error {
	return db.write(ctx, func(t *tx) error {
		var n int
		if err := t.QueryRow(`SELECT count(*) FROM partner_supports WHERE id = ?
			AND deleted_at IS NULL`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errSupportGone
		}
		now, version := t.stamp()
		if _, err := t.Exec(`UPDATE partner_supports SET deleted_at = ?, updated_at = ?,
			version = ? WHERE id = ?`, now, now, version, id); err != nil {
			return err
		}
		if err := t.logChange("partner_support", id, version, "delete",
			map[string]string{"id": id}); err != nil {
			return err
		}
		return t.audit("delete", "partner_support", id, nil)
	})
}

const supportQuery = `SELECT s.id, s.day, s.partner_id, pa.name, coalesce(s.contact_id, ''),
	coalesce(c.name, ''), s.user_id, s.mode, s.themes, s.duration_min, s.question, s.answer,
	s.follow_up
	FROM partner_supports s
	JOIN partners pa ON pa.id = s.partner_id
	LEFT JOIN partner_contacts c ON c.id = s.contact_id`

func scanSupport(row scanner) (backend.PartnerSupport, error) {
	var s backend.PartnerSupport
	var themes string
	err := row.Scan(&s.ID, &s.Day, &s.PartnerID, &s.PartnerName, &s.ContactID,
		&s.ContactName, &s.UserID, &s.Mode, &themes, &s.DurationMin, &s.Question, &s.Answer,
		&s.FollowUp)
	if err != nil {
		return s, err
	}
	err = json.Unmarshal([]byte(themes), &s.Themes)
	return s, err
}

// Support returns one live support record.
func (db *DB) Support(ctx context.Context, id string) (backend.PartnerSupport, error) {
	s, err := scanSupport(db.reader.QueryRowContext(ctx, supportQuery+` WHERE s.id = ?
		AND s.deleted_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, errSupportGone
	}
	if err != nil {
		return s, db.storageError("support", err)
	}
	return s, nil
}

// SupportsOfPartner lists the support given to a partner, newest first.
func (db *DB) SupportsOfPartner(ctx context.Context, partnerID string) (
	[]backend.PartnerSupport, error) {
	rows, err := db.reader.QueryContext(ctx, supportQuery+` WHERE s.partner_id = ?
		AND s.deleted_at IS NULL ORDER BY s.day DESC, s.created_at DESC`, partnerID)
	if err != nil {
		return nil, db.storageError("supports", err)
	}
	defer rows.Close()
	out := []backend.PartnerSupport{}
	for rows.Next() {
		s, err := scanSupport(rows)
		if err != nil {
			return nil, db.storageError("supports", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, db.storageError("supports", err)
	}
	return out, nil
}

// SupportFigures computes the figures of the support to partners over a
// period, as defined on backend.SupportFigures; an empty period is the
// current month. A partner deleted since still counts under its kind.
func (db *DB) SupportFigures(ctx context.Context, p backend.Period) (
	backend.SupportFigures, error) {
	p, err := db.checkPeriod(p)
	if err != nil {
		return backend.SupportFigures{}, err
	}
	f := backend.SupportFigures{Period: p}
	var byKind, byTheme, byMode map[string]int
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		return db.reader.QueryRowContext(gctx, `SELECT count(*), coalesce(sum(duration_min), 0)
			FROM partner_supports WHERE deleted_at IS NULL AND day BETWEEN ? AND ?`,
			p.From, p.To).Scan(&f.Count, &f.Minutes)
	})
	g.Go(func() (err error) {
		byKind, err = db.countBy(gctx, `SELECT pa.kind, count(*) FROM partner_supports s
			JOIN partners pa ON pa.id = s.partner_id
			WHERE s.deleted_at IS NULL AND s.day BETWEEN ? AND ? GROUP BY pa.kind`, p)
		return err
	})
	g.Go(func() (err error) {
		byTheme, err = db.countBy(gctx, `SELECT theme.value, count(*)
			FROM partner_supports s, json_each(s.themes) AS theme
			WHERE s.deleted_at IS NULL AND s.day BETWEEN ? AND ? GROUP BY theme.value`, p)
		return err
	})
	g.Go(func() (err error) {
		byMode, err = db.countBy(gctx, `SELECT mode, count(*) FROM partner_supports
			WHERE deleted_at IS NULL AND day BETWEEN ? AND ? GROUP BY mode`, p)
		return err
	})
	if err := g.Wait(); err != nil {
		return f, db.storageError("support figures", err)
	}
	for _, l := range []struct {
		list   string
		counts map[string]int
		out    *[]backend.Count
	}{
		{listPartnerKind, byKind, &f.ByKind}, {listTheme, byTheme, &f.ByTheme},
		{listSupportMode, byMode, &f.ByMode},
	} {
		labels, err := db.refLabels(ctx, l.list)
		if err != nil {
			return f, db.storageError("support figures", err)
		}
		*l.out = labelled(l.counts, func(c string) string { return labels[c] })
	}
	return f, nil
}
