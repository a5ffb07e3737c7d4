package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"sort"
	"strings"

	"pappu/backend"
)

// Kinds of timeline entries.
const (
	TimelineVisit           = "visit"
	TimelineStep            = "step"
	TimelineReferral        = "referral"
	TimelineReferralOutcome = "referral_outcome"
)

// CaseFile returns the person page: the person, their procedures with the
// next key date, their referrals, and one timeline of visits, procedures'
// steps and referrals (with their outcomes), newest first. Everything is
// read in one read transaction, so the parts agree with each other.
func (db *DB) CaseFile(ctx context.Context, personID string) (backend.CaseFile, error) {
	var cf backend.CaseFile
	person, err := db.Person(ctx, personID)
	if err != nil {
		return cf, err
	}
	labels, err := db.caseFileLabels(ctx)
	if err != nil {
		return cf, db.storageError("case file labels", err)
	}
	rtx, err := db.reader.BeginTx(ctx, nil)
	if err != nil {
		return cf, db.storageError("case file", err)
	}
	defer rtx.Rollback()

	cf.Person = person
	if cf.Procedures, err = procedureRows(ctx, rtx, personID, db.today(),
		labels.procedureTypes); err != nil {
		return cf, db.storageError("case file procedures", err)
	}
	if cf.Referrals, err = personReferrals(ctx, rtx, personID); err != nil {
		return cf, db.storageError("case file referrals", err)
	}
	var tl timeline
	if err := tl.addVisits(ctx, rtx, personID, labels); err != nil {
		return cf, db.storageError("case file visits", err)
	}
	if err := tl.addSteps(ctx, rtx, personID, labels); err != nil {
		return cf, db.storageError("case file steps", err)
	}
	tl.addReferrals(cf.Referrals)
	cf.Timeline = tl.sorted()
	return cf, nil
}

// caseLabels are the labels a case file's timeline writes its lines with.
type caseLabels struct {
	themes, modes, procedureTypes map[string]string
}

func (db *DB) caseFileLabels(ctx context.Context) (caseLabels, error) {
	var l caseLabels
	var err error
	if l.themes, err = db.refLabels(ctx, listTheme); err != nil {
		return l, err
	}
	if l.modes, err = db.refLabels(ctx, listVisitMode); err != nil {
		return l, err
	}
	l.procedureTypes = db.procedureTypeLabels(ctx)
	return l, nil
}

func labelOr(labels map[string]string, code string) string {
	if l, ok := labels[code]; ok {
		return l
	}
	return code
}

// personReferrals reads a person's referrals, newest first, with the
// partner's name.
func personReferrals(ctx context.Context, q querier, personID string) ([]backend.Referral, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.id, coalesce(r.person_id, ''),
		coalesce(r.visit_id, ''), r.partner_id, coalesce(p.name, ''), r.user_id, r.day,
		r.reason, r.outcome, r.outcome_on, r.created_at
		FROM referrals r LEFT JOIN partners p ON p.id = r.partner_id
		WHERE r.person_id = ? AND r.deleted_at IS NULL
		ORDER BY r.day DESC, r.created_at DESC, r.id DESC`, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []backend.Referral{}
	for rows.Next() {
		var r backend.Referral
		var created string
		if err := rows.Scan(&r.ID, &r.PersonID, &r.VisitID, &r.PartnerID, &r.PartnerName,
			&r.UserID, &r.Day, &r.Reason, &r.Outcome, &r.OutcomeOn, &created); err != nil {
			return nil, err
		}
		r.CreatedAt = parseTime(created)
		out = append(out, r)
	}
	return out, rows.Err()
}

// timeline gathers a case file's events before sorting them.
type timeline []timelineItem

type timelineItem struct {
	backend.TimelineEntry
	seq int // orders the steps of one procedure recorded at the same instant
}

func (tl *timeline) add(e backend.TimelineEntry, seq int) {
	*tl = append(*tl, timelineItem{e, seq})
}

// sorted returns the entries newest first: by day, then by when they were
// recorded, then by their order in a procedure's history.
func (tl timeline) sorted() []backend.TimelineEntry {
	sort.SliceStable(tl, func(i, j int) bool {
		a, b := tl[i], tl[j]
		switch {
		case a.Day != b.Day:
			return a.Day > b.Day
		case !a.At.Equal(b.At):
			return a.At.After(b.At)
		}
		return a.seq > b.seq
	})
	out := make([]backend.TimelineEntry, len(tl))
	for i, it := range tl {
		out[i] = it.TimelineEntry
	}
	return out
}

// addVisits adds the person's visits: their themes, site, worker and mode.
// Notes stay in the visit itself.
func (tl *timeline) addVisits(ctx context.Context, q querier, personID string,
	l caseLabels) error {
	rows, err := q.QueryContext(ctx, `SELECT v.id, v.at, v.day, v.themes, v.mode,
		coalesce(s.name, ''), coalesce(u.display_name, '')
		FROM visits v
		LEFT JOIN sites s ON s.id = v.site_id
		LEFT JOIN users u ON u.id = v.user_id
		WHERE v.person_id = ? AND v.deleted_at IS NULL`, personID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, at, day, themesJSON, mode, site, user string
		if err := rows.Scan(&id, &at, &day, &themesJSON, &mode, &site, &user); err != nil {
			return err
		}
		var themes []string
		json.Unmarshal([]byte(themesJSON), &themes)
		names := make([]string, len(themes))
		for i, th := range themes {
			names[i] = labelOr(l.themes, th)
		}
		title := "Accueil"
		if len(names) > 0 {
			title += " : " + strings.Join(names, ", ")
		}
		var detail []string
		for _, d := range []string{labelOr(l.modes, mode), site, user} {
			if d != "" {
				detail = append(detail, d)
			}
		}
		tl.add(backend.TimelineEntry{Day: day, At: parseTime(at), Kind: TimelineVisit,
			ID: id, Title: title, Detail: strings.Join(detail, " · ")}, 0)
	}
	return rows.Err()
}

// addSteps adds every step of the person's procedures. The step's note is
// a case detail and stays in the procedure.
func (tl *timeline) addSteps(ctx context.Context, q querier, personID string,
	l caseLabels) error {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.type, s.seq, s.from_status,
		s.to_status, s.day, s.created_at, coalesce(u.display_name, '')
		FROM procedures p
		JOIN procedure_steps s ON s.procedure_id = p.id AND s.deleted_at IS NULL
		LEFT JOIN users u ON u.id = s.user_id
		WHERE p.person_id = ? AND p.deleted_at IS NULL`, personID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, typ, from, to, day, at, user string
		var seq int
		if err := rows.Scan(&id, &typ, &seq, &from, &to, &day, &at, &user); err != nil {
			return err
		}
		title := labelOr(l.procedureTypes, typ) + " : "
		if from == "" {
			title += "démarche ouverte (" + backend.StatusLabel(to) + ")"
		} else {
			title += backend.StatusLabel(to)
		}
		tl.add(backend.TimelineEntry{Day: day, At: parseTime(at), Kind: TimelineStep,
			ID: id, Title: title, Detail: user}, seq)
	}
	return rows.Err()
}

// addReferrals adds each referral, and its outcome once known.
func (tl *timeline) addReferrals(refs []backend.Referral) {
	for _, r := range refs {
		tl.add(backend.TimelineEntry{Day: r.Day, At: r.CreatedAt, Kind: TimelineReferral,
			ID: r.ID, Title: "Orientation vers " + r.PartnerName, Detail: r.Reason}, 0)
		if r.Outcome != backend.ReferralPending && r.OutcomeOn != "" {
			tl.add(backend.TimelineEntry{Day: r.OutcomeOn, At: r.CreatedAt,
				Kind: TimelineReferralOutcome, ID: r.ID,
				Title: "Orientation vers " + r.PartnerName + " : " + backend.ReferralOutcomeLabel(r.Outcome),
			}, 1)
		}
	}
}

var _ querier = (*sql.Tx)(nil)
