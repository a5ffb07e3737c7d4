package statcheck

import (
	"testing"

	"pappu/backend"
)

// CaseFigures are a period's figures of the case work, every breakdown by
// code.
type CaseFigures struct {
	OpenedByType, FiledByType, DecidedByType, DecidedByOutcome map[string]int
	ReferralsByKind, ReferralsByOutcome                        map[string]int
}

// CheckCaseFigures fails t unless got, the case figures of period p, agree
// with the figures recomputed from the database file at dbPath.
func CheckCaseFigures(t testing.TB, dbPath string, p backend.Period, got backend.CaseFigures) {
	t.Helper()
	want, err := ComputeCases(dbPath, p)
	if err != nil {
		t.Fatalf("statcheck: %v", err)
	}
	where := p.From + ".." + p.To + ": cases"
	if got.Period != p {
		t.Errorf("%s: period = %+v", where, got.Period)
	}
	for _, f := range []struct {
		name  string
		total int
		lines []backend.Count
		want  map[string]int
	}{
		{"opened by type", got.Opened, got.OpenedByType, want.OpenedByType},
		{"filed by type", got.Filed, got.FiledByType, want.FiledByType},
		{"decided by type", got.Decided, got.DecidedByType, want.DecidedByType},
		{"decided by outcome", got.Decided, got.DecidedByOutcome, want.DecidedByOutcome},
		{"referrals by kind", got.Referrals, got.ReferralsByKind, want.ReferralsByKind},
		{"referrals by outcome", got.Referrals, got.ReferralsByOutcome, want.ReferralsByOutcome},
	} {
		sameCounts(t, where+" "+f.name, f.lines, f.want)
		if n := total(f.want); f.total != n {
			t.Errorf("%s %s: total = %d, recomputed %d", where, f.name, f.total, n)
		}
		for _, c := range f.lines {
			if c.Label == "" || c.Label == c.Code {
				t.Errorf("%s %s: code %q has no label", where, f.name, c.Code)
			}
		}
	}
	CheckSupport(t, dbPath, p, got.Support)
}

// ComputeCases recomputes the case figures of period p from the base tables,
// one row at a time: each step with its procedure, each referral with its
// partner, the counting done in Go.
func ComputeCases(dbPath string, p backend.Period) (CaseFigures, error) {
	f := CaseFigures{OpenedByType: map[string]int{}, FiledByType: map[string]int{},
		DecidedByType: map[string]int{}, DecidedByOutcome: map[string]int{},
		ReferralsByKind: map[string]int{}, ReferralsByOutcome: map[string]int{}}
	db, err := openReadOnly(dbPath)
	if err != nil {
		return f, err
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		return f, err
	}
	defer tx.Rollback()

	procType := map[string]string{} // live procedures only
	rows, err := tx.Query(`SELECT id, type, deleted_at IS NOT NULL FROM procedures`)
	if err != nil {
		return f, err
	}
	for rows.Next() {
		var id, typ string
		var deleted bool
		if err := rows.Scan(&id, &typ, &deleted); err != nil {
			rows.Close()
			return f, err
		}
		if !deleted {
			procType[id] = typ
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, err
	}

	rows, err = tx.Query(`SELECT procedure_id, seq, to_status, day, deleted_at IS NOT NULL
		FROM procedure_steps`)
	if err != nil {
		return f, err
	}
	for rows.Next() {
		var proc, to, day string
		var seq int
		var deleted bool
		if err := rows.Scan(&proc, &seq, &to, &day, &deleted); err != nil {
			rows.Close()
			return f, err
		}
		typ, live := procType[proc]
		if deleted || !live || day < p.From || day > p.To {
			continue
		}
		if seq == 1 {
			f.OpenedByType[typ]++
		}
		switch to {
		case backend.StatusFiled:
			f.FiledByType[typ]++
		case backend.StatusGranted, backend.StatusRefused:
			f.DecidedByType[typ]++
			f.DecidedByOutcome[to]++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, err
	}

	kinds := map[string]string{} // partners, deleted ones included
	rows, err = tx.Query(`SELECT id, kind FROM partners`)
	if err != nil {
		return f, err
	}
	for rows.Next() {
		var id, kind string
		if err := rows.Scan(&id, &kind); err != nil {
			rows.Close()
			return f, err
		}
		kinds[id] = kind
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, err
	}

	rows, err = tx.Query(`SELECT partner_id, outcome, day FROM referrals
		WHERE deleted_at IS NULL`)
	if err != nil {
		return f, err
	}
	defer rows.Close()
	for rows.Next() {
		var partner, outcome, day string
		if err := rows.Scan(&partner, &outcome, &day); err != nil {
			return f, err
		}
		if day < p.From || day > p.To {
			continue
		}
		f.ReferralsByKind[kinds[partner]]++
		f.ReferralsByOutcome[outcome]++
	}
	return f, rows.Err()
}

func total(counts map[string]int) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}
