package demo_test

import (
	"database/sql"
	"testing"

	"pappu/backend"
)

// TestGeneratedProceduresArePlausible reads the procedures back: a share of
// the persons has one to three, each history follows the transition rules
// day after day up to the last day, and the key dates go with the statuses.
func TestGeneratedProceduresArePlausible(t *testing.T) {
	db, path := openDB(t)
	sum := generate(t, db, small)
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()

	var persons, most, procedures int
	if err := raw.QueryRow(`SELECT count(*), max(n), sum(n) FROM (SELECT count(*) AS n
		FROM procedures GROUP BY person_id)`).Scan(&persons, &most, &procedures); err != nil {
		t.Fatal(err)
	}
	if procedures != sum.Procedures {
		t.Errorf("%d procedures stored, %d reported", procedures, sum.Procedures)
	}
	if share := float64(persons) / float64(sum.Persons); share < 0.35 || share > 0.55 || most > 3 {
		t.Errorf("%d persons of %d have procedures (at most %d each)", persons, sum.Persons, most)
	}

	rows, err := raw.Query(`SELECT p.id, p.status, p.submitted_on, p.receipt_until,
		p.decision_on, s.seq, s.from_status, s.to_status, s.day
		FROM procedures p JOIN procedure_steps s ON s.procedure_id = p.id
		ORDER BY p.id, s.seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	last := today.Format("2006-01-02")
	type state struct{ id, status, to, day string }
	var cur state
	check := func() {
		if cur.id != "" && cur.to != cur.status {
			t.Errorf("procedure %s is %s but its last step goes to %s", cur.id, cur.status, cur.to)
		}
	}
	statuses := map[string]int{}
	for rows.Next() {
		var id, status, submitted, receipt, decision, from, to, day string
		var seq int
		if err := rows.Scan(&id, &status, &submitted, &receipt, &decision, &seq, &from, &to,
			&day); err != nil {
			t.Fatal(err)
		}
		if id != cur.id {
			check()
			cur = state{id: id, status: status}
			statuses[status]++
			if seq != 1 || from != "" {
				t.Fatalf("procedure %s starts with step %d from %q", id, seq, from)
			}
		} else if from != cur.to || !backend.CanMove(from, to) || day < cur.day {
			t.Fatalf("procedure %s: step %d %s → %s on %s after %s", id, seq, from, to, day,
				cur.day)
		}
		if day > last {
			t.Fatalf("procedure %s has a step on %s, after the last day", id, day)
		}
		switch to {
		case backend.StatusFiled:
			if submitted != day {
				t.Errorf("procedure %s filed on %s records %q", id, day, submitted)
			}
		case backend.StatusReceipt:
			if receipt <= day {
				t.Errorf("procedure %s: receipt on %s runs until %q", id, day, receipt)
			}
		case backend.StatusGranted, backend.StatusRefused:
			if decision == "" {
				t.Errorf("procedure %s decided on %s without a decision date", id, day)
			}
		}
		cur.to, cur.day = to, day
	}
	check()
	for _, s := range []string{backend.StatusToPrepare, backend.StatusFiled,
		backend.StatusReceipt, backend.StatusGranted, backend.StatusClosed} {
		if statuses[s] == 0 {
			t.Errorf("no procedure ends up %s: %v", s, statuses)
		}
	}
}
