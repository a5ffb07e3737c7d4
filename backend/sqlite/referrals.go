package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"
	"unicode/utf8"

	"pappu/backend"
)

// maxReason is the longest reason a referral takes.
const maxReason = 2000

// referralSource is what a referral takes from its visit or person.
type referralSource struct {
	personID, visitID, userID, day string
}

// CreateReferrals refers the person of a visit (or a person, without a
// visit) to one or more partners with one reason. A referral made from an
// anonymous visit has no person. A partner the visit already referred to is
// skipped, so saving the same referrals twice adds nothing. It returns the
// referrals made.
func (db *DB) CreateReferrals(ctx context.Context, in backend.NewReferrals) (
	[]backend.Referral, error) {
	if len(in.PartnerIDs) == 0 {
		return nil, backend.Invalid("partnerIds", "Choisissez au moins un partenaire.")
	}
	if utf8.RuneCountInString(in.Reason) > maxReason {
		return nil, backend.Invalid("reason", "Le motif dépasse %d caractères.", maxReason)
	}
	if in.Day != "" {
		if err := backend.CheckDate("day", "La date de l'orientation", in.Day,
			db.today()); err != nil {
			return nil, err
		}
	}
	if in.VisitID != "" {
		if _, err := db.Visit(ctx, in.VisitID); err != nil {
			return nil, err
		}
	}
	if err := db.PersonAccess(ctx, in.PersonID); err != nil {
		return nil, err
	}
	var ids []string
	err := db.write(ctx, func(t *tx) error {
		src, err := t.referralSource(in)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, partnerID := range in.PartnerIDs {
			if seen[partnerID] {
				continue
			}
			seen[partnerID] = true
			id, err := t.insertReferral(src, partnerID, in.Reason)
			if err != nil {
				return err
			}
			if id != "" {
				ids = append(ids, id)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]backend.Referral, 0, len(ids))
	for _, id := range ids {
		r, err := db.Referral(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, r.Referral)
	}
	return out, nil
}

// referralSource reads the visit or person referred, and who refers them:
// the acting user, else the visit's worker.
func (t *tx) referralSource(in backend.NewReferrals) (referralSource, error) {
	src := referralSource{personID: in.PersonID, visitID: in.VisitID, userID: t.actor,
		day: in.Day}
	switch {
	case in.VisitID != "":
		var person, user, day string
		err := t.QueryRow(`SELECT coalesce(person_id, ''), user_id, day FROM visits
			WHERE id = ? AND deleted_at IS NULL`, in.VisitID).Scan(&person, &user, &day)
		if err != nil {
			return src, orInvalid(err, "visitId", "Cet accueil n'existe pas.")
		}
		if in.PersonID != "" && in.PersonID != person {
			return src, backend.Invalid("personId",
				"Cette personne n'est pas celle de l'accueil.")
		}
		src.personID = person
		if src.userID == "" {
			src.userID = user
		}
		if src.day == "" {
			src.day = day
		}
	case in.PersonID != "":
		var n int
		if err := t.QueryRow(`SELECT count(*) FROM persons WHERE id = ? AND deleted_at IS NULL`,
			in.PersonID).Scan(&n); err != nil || n == 0 {
			return src, orInvalid(err, "personId", "Cette personne n'existe pas.")
		}
	default:
		return src, backend.Invalid("visitId", "Une orientation part d'un accueil ou d'une "+
			"personne.")
	}
	if src.userID == "" {
		return src, backend.Invalid("userId", "L'intervenant qui oriente est inconnu.")
	}
	if src.day == "" {
		src.day = t.now.In(parisZone).Format("2006-01-02")
	}
	return src, nil
}

// insertReferral writes one referral and returns its id, or "" when the
// visit already referred to that partner.
func (t *tx) insertReferral(src referralSource, partnerID, reason string) (string, error) {
	var n int
	if err := t.QueryRow(`SELECT count(*) FROM partners WHERE id = ? AND deleted_at IS NULL`,
		partnerID).Scan(&n); err != nil || n == 0 {
		return "", orInvalid(err, "partnerIds", "Ce partenaire n'existe pas.")
	}
	if src.visitID != "" {
		if err := t.QueryRow(`SELECT count(*) FROM referrals WHERE visit_id = ?
			AND partner_id = ? AND deleted_at IS NULL`, src.visitID,
			partnerID).Scan(&n); err != nil {
			return "", err
		}
		if n > 0 {
			return "", nil
		}
	}
	id := newID()
	now, version := t.stamp()
	if _, err := t.Exec(`INSERT INTO referrals (id, person_id, visit_id, partner_id, user_id,
		day, reason, outcome, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, nullable(src.personID),
		nullable(src.visitID), partnerID, src.userID, src.day, reason, backend.ReferralPending,
		now, now, version); err != nil {
		return "", err
	}
	r := backend.Referral{ID: id, PersonID: src.personID, VisitID: src.visitID,
		PartnerID: partnerID, UserID: src.userID, Day: src.day, Reason: reason,
		Outcome: backend.ReferralPending, CreatedAt: t.now}
	if err := t.logChange("referral", id, version, "upsert", r); err != nil {
		return "", err
	}
	fields := []string{"partnerId", "day"}
	if reason != "" {
		fields = append(fields, "reason")
	}
	return id, t.audit("create", "referral", id, fields)
}

// SetReferralOutcome records what became of a referral on a day ("" for
// today). Setting it back to "en attente" clears the day.
func (db *DB) SetReferralOutcome(ctx context.Context, id, outcome, day string) (
	backend.ReferralRow, error) {
	if !backend.ValidReferralOutcome(outcome) {
		return backend.ReferralRow{}, backend.Invalid("outcome",
			"La suite « %s » n'est pas reconnue.", outcome)
	}
	if day == "" {
		day = db.Now().In(parisZone).Format("2006-01-02")
	}
	if err := backend.CheckDate("day", "La date de la suite", day, db.today()); err != nil {
		return backend.ReferralRow{}, err
	}
	if outcome == backend.ReferralPending {
		day = ""
	}
	if r, err := db.Referral(ctx, id); err == nil {
		if err := db.PersonAccess(ctx, r.PersonID); err != nil {
			return backend.ReferralRow{}, err
		}
	}
	err := db.write(ctx, func(t *tx) error {
		r, err := scanReferral(t.QueryRow(referralQuery+` WHERE r.id = ?
			AND r.deleted_at IS NULL`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return backend.NotFound("Cette orientation n'existe pas ou a été supprimée.")
		}
		if err != nil {
			return err
		}
		if day != "" && day < r.Day {
			return backend.Invalid("day", "La suite ne peut pas précéder l'orientation.")
		}
		if r.Outcome == outcome && r.OutcomeOn == day {
			return nil
		}
		now, version := t.stamp()
		if _, err := t.Exec(`UPDATE referrals SET outcome = ?, outcome_on = ?, updated_at = ?,
			version = ? WHERE id = ?`, outcome, day, now, version, id); err != nil {
			return err
		}
		r.Outcome, r.OutcomeOn = outcome, day
		if err := t.logChange("referral", id, version, "upsert", r.Referral); err != nil {
			return err
		}
		return t.audit("update", "referral", id, []string{"outcome", "outcomeOn"})
	})
	if err != nil {
		return backend.ReferralRow{}, err
	}
	return db.Referral(ctx, id)
}

const (
	referralColumns = `r.id, coalesce(r.person_id, ''), coalesce(r.visit_id, ''),
	r.partner_id, pa.name, r.user_id, r.day, r.reason, r.outcome, r.outcome_on,
	r.created_at, coalesce(p.last_name, ''), coalesce(p.first_names, ''),
	coalesce(p.file_number, '')`
	referralFrom = `
	FROM referrals r
	JOIN partners pa ON pa.id = r.partner_id
	LEFT JOIN persons p ON p.id = r.person_id`
	referralQuery = `SELECT ` + referralColumns + referralFrom
)

func scanReferral(row scanner) (backend.ReferralRow, error) {
	var r backend.ReferralRow
	var created, last, first string
	err := row.Scan(&r.ID, &r.PersonID, &r.VisitID, &r.PartnerID, &r.PartnerName, &r.UserID,
		&r.Day, &r.Reason, &r.Outcome, &r.OutcomeOn, &created, &last, &first, &r.FileNumber)
	r.CreatedAt = parseTime(created)
	r.PersonName = joinName(last, first)
	r.OutcomeLabel = backend.ReferralOutcomeLabel(r.Outcome)
	return r, err
}

// Referral returns one live referral.
func (db *DB) Referral(ctx context.Context, id string) (backend.ReferralRow, error) {
	r, err := scanReferral(db.reader.QueryRowContext(ctx, referralQuery+` WHERE r.id = ?
		AND r.deleted_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, backend.NotFound("Cette orientation n'existe pas ou a été supprimée.")
	}
	if err != nil {
		return r, db.storageError("referral", err)
	}
	r.AgeDays = db.daysSince(r.Day)
	return r, nil
}

// daysSince counts the days from day to today in Europe/Paris.
func (db *DB) daysSince(day string) int {
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		return 0
	}
	return int(db.today().Sub(d).Hours() / 24)
}

func (db *DB) referralRows(ctx context.Context, where string, args ...any) (
	[]backend.ReferralRow, error) {
	rows, err := db.reader.QueryContext(ctx, referralQuery+` WHERE r.deleted_at IS NULL AND `+
		where, args...)
	if err != nil {
		return nil, db.storageError("referrals", err)
	}
	defer rows.Close()
	out := []backend.ReferralRow{}
	for rows.Next() {
		r, err := scanReferral(rows)
		if err != nil {
			return nil, db.storageError("referrals", err)
		}
		r.AgeDays = db.daysSince(r.Day)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, db.storageError("referrals", err)
	}
	hidden, err := db.hiddenAmong(ctx, len(out), func(i int) string { return out[i].PersonID })
	if err != nil {
		return nil, err
	}
	for i, r := range out {
		if hidden[r.PersonID] {
			out[i].PersonName, out[i].Reason = "Dossier réservé", ""
		}
	}
	return out, nil
}

// PendingReferrals lists the referrals still waiting for an outcome, the
// oldest first.
func (db *DB) PendingReferrals(ctx context.Context) ([]backend.ReferralRow, error) {
	return db.referralRows(ctx, "r.outcome = ? ORDER BY r.day, r.created_at, r.id",
		backend.ReferralPending)
}

// ReferralsOfPartner lists the referrals sent to a partner, newest first.
func (db *DB) ReferralsOfPartner(ctx context.Context, partnerID string) (
	[]backend.ReferralRow, error) {
	return db.referralRows(ctx, "r.partner_id = ? ORDER BY r.day DESC, r.created_at DESC",
		partnerID)
}

// ReferralsOfVisit lists the referrals made from a visit.
func (db *DB) ReferralsOfVisit(ctx context.Context, visitID string) (
	[]backend.ReferralRow, error) {
	return db.referralRows(ctx, "r.visit_id = ? ORDER BY pa.name", visitID)
}

// anonymiseReferralsOf empties the reason of every referral of a person,
// tombstoned ones included: free text may describe them. It returns the
// referrals' ids.
func (t *tx) anonymiseReferralsOf(personID string) ([]string, error) {
	rows, err := t.Query(`SELECT id FROM referrals WHERE person_id = ? AND reason != ''`,
		personID)
	if err != nil {
		return nil, err
	}
	ids, err := scanStrings(rows)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		now, version := t.stamp()
		if _, err := t.Exec(`UPDATE referrals SET reason = '', updated_at = ?, version = ?
			WHERE id = ?`, now, version, id); err != nil {
			return nil, err
		}
		var deleted bool
		r, err := scanReferral(withExtra(t.QueryRow(`SELECT `+referralColumns+
			`, r.deleted_at IS NOT NULL`+referralFrom+` WHERE r.id = ?`, id), &deleted))
		if err != nil {
			return nil, err
		}
		if err := t.logChange("referral", id, version, changeOp(deleted),
			r.Referral); err != nil {
			return nil, err
		}
		if err := t.audit("anonymise", "referral", id, []string{"reason"}); err != nil {
			return nil, err
		}
	}
	return ids, nil
}
