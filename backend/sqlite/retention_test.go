package sqlite_test

import (
	"strings"
	"testing"
	"time"

	"pappu/backend"
)

// The retention job, as the scheduler runs it every hour: the first run of
// a day anonymises the persons past the period and compacts the file, so
// that their data is gone from the bytes without anyone running Compact;
// later runs that day do nothing; the next day's run finds nobody new.
func TestRetentionJobOncePerDayLeavesNoTrace(t *testing.T) {
	db, c := mustOpen(t)
	if _, err := db.ClaimAdmin(actorCtx(c), "camille", "Jaune-Citron-77"); err != nil {
		t.Fatal(err)
	}
	scenarios := retentionScenarios()
	persons := seedArchive(t, db, c, scenarios)
	due := 0
	var soon []backend.Person
	for i, s := range scenarios {
		if s.due {
			due++
		} else if s.dueSoon {
			soon = append(soon, persons[i])
		}
	}

	run, err := db.ApplyRetention(t.Context(), fixedNow)
	if err != nil || run.Skipped || run.Anonymised != due || !run.Compacted {
		t.Fatalf("first run %+v (%v), want %d anonymised and a compaction", run, err, due)
	}
	// The files due within a month are announced to the administrator, by
	// number only.
	if run.Announced != len(soon) || len(soon) == 0 {
		t.Fatalf("announced %d files, want %d", run.Announced, len(soon))
	}
	admin := backend.WithPrincipal(t.Context(),
		backend.Principal{UserID: c.Users[0].ID, Role: backend.RoleAdmin})
	rows, err := db.Tasks(admin, backend.TaskQuery{List: backend.TaskListMine})
	if err != nil || len(rows) != 1 || rows[0].Origin != backend.OriginRetention {
		t.Fatalf("the administrator's tasks: %+v (%v)", rows, err)
	}
	task, _ := db.Task(admin, rows[0].ID)
	for _, p := range soon {
		if !strings.Contains(task.Notes, p.FileNumber) || strings.Contains(task.Notes, p.LastName) {
			t.Errorf("announcement %q: want file %s, never the name", task.Notes, p.FileNumber)
		}
	}
	after := rawFiles(t, db)
	for _, s := range scenarios {
		if !s.due {
			continue
		}
		for _, m := range s.markers {
			if where := findMarker(after, m); where != "" {
				t.Errorf("%s: %q is still in %s after the job", s.name, m, where)
			}
		}
	}

	later, err := db.ApplyRetention(t.Context(), fixedNow.Add(2*time.Hour))
	if err != nil || !later.Skipped || later.Anonymised != 0 || later.Compacted {
		t.Fatalf("second run of the day %+v (%v), want nothing done", later, err)
	}
	next, err := db.ApplyRetention(t.Context(), fixedNow.Add(24*time.Hour))
	if err != nil || next.Skipped || next.Compacted || next.Announced != 0 {
		t.Fatalf("next day's run %+v (%v), want a run without compaction or announcement",
			next, err)
	}
}

// A file being followed is active without visits: an appeal opened, a task
// written or the file updated keeps it from the retention rule.
func TestAFileBeingFollowedIsNotDue(t *testing.T) {
	db, c := mustOpen(t)
	ctx := actorCtx(c)
	old := fixedNow.AddDate(-6, 0, 0)
	var quiet, appeal, updated backend.Person
	at(db, old, func() {
		var err error
		for _, p := range []*backend.Person{&quiet, &appeal, &updated} {
			if *p, err = db.CreatePerson(ctx, backend.Person{LastName: "Ancienne"}); err != nil {
				t.Fatal(err)
			}
		}
	})
	mustOpenProcedure(t, db, ctx, appeal.ID, "recours_cnda")
	updated.Phone = "0611111111"
	if _, err := db.UpdatePerson(ctx, updated); err != nil {
		t.Fatal(err)
	}
	due, err := db.PersonsDueForAnonymisation(ctx, fixedNow, 0)
	if err != nil || len(due) != 1 || due[0] != quiet.FileNumber {
		t.Fatalf("due %v (%v), want only the file nobody worked on (%s)", due, err,
			quiet.FileNumber)
	}
}
