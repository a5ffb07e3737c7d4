package sqlite

import (
	"context"
	"log/slog"
	"time"
)

// Settings of the retention job, local to this device: the day it last
// applied the rule, and whether erased bytes still wait for a compaction.
const (
	settingRetentionDay     = "retention_last_day"
	settingRetentionCompact = "retention_compact_pending"
)

// RetentionRun is what one run of the retention rule did.
type RetentionRun struct {
	Skipped    bool // the rule was already applied today
	Anonymised int
	Compacted  bool
}

// ApplyRetention applies the retention rule once a day: it anonymises the
// persons past the retention period, then compacts the database so that
// their former data leaves the file. The background job calls it every
// hour, so that a PC switched off at night applies it within an hour of
// use; the second and later calls of a day do nothing, except retrying a
// compaction that another program reading the file made fail.
func (db *DB) ApplyRetention(ctx context.Context, now time.Time) (RetentionRun, error) {
	var run RetentionRun
	today := now.In(parisZone).Format("2006-01-02")
	last, err := db.Setting(ctx, settingRetentionDay, "")
	if err != nil {
		return run, err
	}
	pending, err := db.Setting(ctx, settingRetentionCompact, "")
	if err != nil {
		return run, err
	}
	if last == today {
		run.Skipped = true
	} else {
		files, err := db.AnonymiseInactiveFiles(ctx, now)
		run.Anonymised = len(files)
		if len(files) > 0 {
			pending = "1"
			if err := db.SetSetting(ctx, settingRetentionCompact, pending); err != nil {
				return run, err
			}
		}
		if err != nil {
			return run, err
		}
		if err := db.SetSetting(ctx, settingRetentionDay, today); err != nil {
			return run, err
		}
	}
	if pending != "1" {
		return run, nil
	}
	if err := db.Compact(ctx); err != nil {
		return run, err
	}
	run.Compacted = true
	db.log.Info("retention compaction done", slog.Int("anonymised", run.Anonymised))
	return run, db.SetSetting(ctx, settingRetentionCompact, "")
}
