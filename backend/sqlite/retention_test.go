package sqlite_test

import (
	"testing"
	"time"
)

// The retention job, as the scheduler runs it every hour: the first run of
// a day anonymises the persons past the period and compacts the file, so
// that their data is gone from the bytes without anyone running Compact;
// later runs that day do nothing; the next day's run finds nobody new.
func TestRetentionJobOncePerDayLeavesNoTrace(t *testing.T) {
	db, c := mustOpen(t)
	scenarios := retentionScenarios()
	seedArchive(t, db, c, scenarios)
	due := 0
	for _, s := range scenarios {
		if s.due {
			due++
		}
	}

	run, err := db.ApplyRetention(t.Context(), fixedNow)
	if err != nil || run.Skipped || run.Anonymised != due || !run.Compacted {
		t.Fatalf("first run %+v (%v), want %d anonymised and a compaction", run, err, due)
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
	if err != nil || next.Skipped || next.Compacted {
		t.Fatalf("next day's run %+v (%v), want a run without compaction", next, err)
	}
}
