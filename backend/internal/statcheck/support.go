package statcheck

import (
	"encoding/json"
	"testing"

	"pappu/backend"
)

// SupportFigures are a period's figures of the support to partners.
type SupportFigures struct {
	Count, Minutes          int
	ByKind, ByTheme, ByMode map[string]int
}

// CheckSupport fails t unless got, the support figures of period p, agree
// with the figures recomputed from the database file at dbPath.
func CheckSupport(t testing.TB, dbPath string, p backend.Period, got backend.SupportFigures) {
	t.Helper()
	want, err := ComputeSupport(dbPath, p)
	if err != nil {
		t.Fatalf("statcheck: %v", err)
	}
	where := p.From + ".." + p.To + ": support"
	if got.Period != p {
		t.Errorf("%s: period = %+v", where, got.Period)
	}
	if got.Count != want.Count {
		t.Errorf("%s: count = %d, SQL says %d", where, got.Count, want.Count)
	}
	if got.Minutes != want.Minutes {
		t.Errorf("%s: minutes = %d, SQL says %d", where, got.Minutes, want.Minutes)
	}
	sameCounts(t, where+" by kind", got.ByKind, want.ByKind)
	sameCounts(t, where+" by theme", got.ByTheme, want.ByTheme)
	sameCounts(t, where+" by mode", got.ByMode, want.ByMode)
}

// ComputeSupport recomputes the support figures of period p from the base
// table partner_supports, one record at a time: its partner's kind read
// row by row, its themes decoded in Go.
func ComputeSupport(dbPath string, p backend.Period) (SupportFigures, error) {
	db, err := openReadOnly(dbPath)
	if err != nil {
		return SupportFigures{}, err
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		return SupportFigures{}, err
	}
	defer tx.Rollback()

	f := SupportFigures{ByKind: map[string]int{}, ByTheme: map[string]int{},
		ByMode: map[string]int{}}
	rows, err := tx.Query(`SELECT partner_id, mode, duration_min, themes
		FROM partner_supports WHERE deleted_at IS NULL AND day >= ? AND day <= ?`,
		p.From, p.To)
	if err != nil {
		return f, err
	}
	type record struct {
		partner, mode, themes string
		minutes               int
	}
	var records []record
	for rows.Next() {
		var r record
		if err := rows.Scan(&r.partner, &r.mode, &r.minutes, &r.themes); err != nil {
			rows.Close()
			return f, err
		}
		records = append(records, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, err
	}
	for _, r := range records {
		f.Count++
		f.Minutes += r.minutes
		f.ByMode[r.mode]++
		var kind string
		if err := tx.QueryRow(`SELECT kind FROM partners WHERE id = ?`,
			r.partner).Scan(&kind); err != nil {
			return f, err
		}
		f.ByKind[kind]++
		themes, err := jsonStrings(r.themes)
		if err != nil {
			return f, err
		}
		seen := map[string]bool{}
		for _, th := range themes {
			if !seen[th] {
				seen[th] = true
				f.ByTheme[th]++
			}
		}
	}
	return f, nil
}

func jsonStrings(s string) ([]string, error) {
	var out []string
	err := json.Unmarshal([]byte(s), &out)
	return out, err
}
