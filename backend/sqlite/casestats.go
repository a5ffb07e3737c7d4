package sqlite

import (
	"context"

	"golang.org/x/sync/errgroup"

	"pappu/backend"
)

// stepsByType counts the live steps of live procedures dated in the period
// and matching cond (on s, the step), by procedure type.
const stepsByType = `SELECT p.type, count(*) FROM procedure_steps s
	JOIN procedures p ON p.id = s.procedure_id
	WHERE s.deleted_at IS NULL AND p.deleted_at IS NULL AND s.day BETWEEN ? AND ?
	AND `

// CaseFigures computes the case work figures of a period, as defined in
// backend.CaseDefinitions; an empty period is the current month.
func (db *DB) CaseFigures(ctx context.Context, p backend.Period) (backend.CaseFigures, error) {
	p, err := db.checkPeriod(p)
	if err != nil {
		return backend.CaseFigures{}, err
	}
	f := backend.CaseFigures{Period: p}
	var opened, filed, decidedType, decidedOutcome, refKind, refOutcome map[string]int
	g, gctx := errgroup.WithContext(ctx)
	for _, q := range []struct {
		query string
		out   *map[string]int
	}{
		{stepsByType + `s.seq = 1 GROUP BY p.type`, &opened},
		{stepsByType + `s.to_status = '` + backend.StatusFiled + `' GROUP BY p.type`, &filed},
		{stepsByType + `s.to_status IN ('` + backend.StatusGranted + `', '` +
			backend.StatusRefused + `') GROUP BY p.type`, &decidedType},
		{`SELECT s.to_status, count(*) FROM procedure_steps s
			JOIN procedures p ON p.id = s.procedure_id
			WHERE s.deleted_at IS NULL AND p.deleted_at IS NULL AND s.day BETWEEN ? AND ?
			AND s.to_status IN ('` + backend.StatusGranted + `', '` + backend.StatusRefused + `')
			GROUP BY s.to_status`, &decidedOutcome},
		{`SELECT pa.kind, count(*) FROM referrals r JOIN partners pa ON pa.id = r.partner_id
			WHERE r.deleted_at IS NULL AND r.day BETWEEN ? AND ? GROUP BY pa.kind`, &refKind},
		{`SELECT outcome, count(*) FROM referrals
			WHERE deleted_at IS NULL AND day BETWEEN ? AND ? GROUP BY outcome`, &refOutcome},
	} {
		g.Go(func() (err error) {
			*q.out, err = db.countBy(gctx, q.query, p)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return f, db.storageError("case figures", err)
	}
	if f.Support, err = db.SupportFigures(ctx, p); err != nil {
		return f, err
	}
	types, err := db.refLabels(ctx, listProcedureType)
	if err != nil {
		return f, db.storageError("case figures", err)
	}
	kinds, err := db.refLabels(ctx, listPartnerKind)
	if err != nil {
		return f, db.storageError("case figures", err)
	}
	typeLabel := func(c string) string { return types[c] }
	f.OpenedByType, f.Opened = labelled(opened, typeLabel), sum(opened)
	f.FiledByType, f.Filed = labelled(filed, typeLabel), sum(filed)
	f.DecidedByType, f.Decided = labelled(decidedType, typeLabel), sum(decidedType)
	f.DecidedByOutcome = labelled(decidedOutcome, backend.StatusLabel)
	f.ReferralsByKind = labelled(refKind, func(c string) string { return kinds[c] })
	f.ReferralsByOutcome = labelled(refOutcome, backend.ReferralOutcomeLabel)
	f.Referrals = sum(refOutcome)
	return f, nil
}

// sum adds up the counts of a breakdown.
func sum(counts map[string]int) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}
