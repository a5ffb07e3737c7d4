package demo_test

import (
	"context"
	"database/sql"
	"testing"
)

// The demo also fills the partner directory, refers persons from visits and
// records support to partners; generating again adds none of it twice.
func TestGenerateFillsTheDirectory(t *testing.T) {
	db, path := openDB(t)
	opt := small
	opt.Persons, opt.Visits = 300, 1500
	generate(t, db, opt)
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	count := func() (n [4]int) {
		for i, q := range []string{
			`SELECT count(*) FROM partners`,
			`SELECT count(*) FROM referrals WHERE person_id IS NOT NULL`,
			`SELECT count(*) FROM referrals WHERE outcome != 'pending'`,
			`SELECT count(*) FROM partner_supports`,
		} {
			if err := raw.QueryRow(q).Scan(&n[i]); err != nil {
				t.Fatal(err)
			}
		}
		return n
	}
	first := count()
	if first[0] != 12 || first[1] < 50 || first[2] == 0 || first[2] == first[1] ||
		first[3] < 100 {
		t.Fatalf("partners, referrals, with an outcome, supports = %v", first)
	}
	pending, err := db.PendingReferrals(context.Background())
	if err != nil || len(pending) == 0 || pending[0].PersonName == "" {
		t.Fatalf("pending referrals: %d %v", len(pending), err)
	}
	generate(t, db, opt)
	if again := count(); again != first {
		t.Fatalf("a second run wrote %v, first %v", again, first)
	}
}
