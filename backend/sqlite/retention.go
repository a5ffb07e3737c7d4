package sqlite

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"pappu/backend"
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
	Announced  int  // files announced to administrators, a month ahead
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
		announced, err := db.announceRetention(ctx, now, last)
		run.Announced = announced
		if err != nil {
			return run, err
		}
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

// announceEnd is the end of the window a run on day announces: the files
// due before the day after the same day next month begin.
func announceEnd(day time.Time) time.Time {
	y, m, d := day.In(parisZone).Date()
	return time.Date(y, m+1, d+1, 0, 0, 0, 0, parisZone)
}

// announceRetention tells every active administrator, through a task, which
// files the rule will anonymise within a month: those that become due
// between the end of the last run's window (lastDay, "" if none) and the
// end of today's, so that a day PAPPU stayed closed announces nothing twice
// and misses nobody. The task names files by number only and says how to
// keep one (a visit, or an update of the file, makes it active again).
func (db *DB) announceRetention(ctx context.Context, now time.Time, lastDay string) (int, error) {
	years, err := db.RetentionYears(ctx)
	if err != nil {
		return 0, err
	}
	from := now
	if last, err := time.ParseInLocation(time.DateOnly, lastDay, parisZone); err == nil {
		if end := announceEnd(last); end.After(now) {
			from = end
		}
	}
	to := announceEnd(now)
	if !from.Before(to) {
		return 0, nil
	}
	// Due at instant x: last activity before x minus the period.
	rows, err := db.reader.QueryContext(ctx, `SELECT file_number, last FROM (
		SELECT p.file_number, `+lastActivity+` AS last
		FROM persons p WHERE p.deleted_at IS NULL AND p.anonymised_at IS NULL)
		WHERE last >= ? AND last < ? ORDER BY last, file_number`,
		retentionCutoff(from, years), retentionCutoff(to, years))
	if err != nil {
		return 0, db.storageError("files to announce", err)
	}
	defer rows.Close()
	var files []string
	var first time.Time
	for rows.Next() {
		var f, last string
		if err := rows.Scan(&f, &last); err != nil {
			return 0, db.storageError("files to announce", err)
		}
		if len(files) == 0 {
			first = parseTime(last).In(parisZone).AddDate(years, 0, 0)
		}
		files = append(files, f)
	}
	if err := rows.Err(); err != nil {
		return 0, db.storageError("files to announce", err)
	}
	if len(files) == 0 {
		return 0, nil
	}

	title := fmt.Sprintf("Anonymisation prévue de %d dossier(s) à partir du %s",
		len(files), first.Format("02/01/2006"))
	notes := fmt.Sprintf("La durée de conservation (%d ans sans accueil) sera atteinte d'ici "+
		"un mois pour les dossiers N° %s. Ils seront alors anonymisés : identité, "+
		"coordonnées et notes effacées, statistiques gardées. Pour garder un dossier "+
		"qui doit l'être, enregistrez un accueil ou mettez le dossier à jour.",
		years, strings.Join(files, ", "))
	day := now.In(parisZone).Format(time.DateOnly)
	due := time.Date(first.Year(), first.Month(), first.Day(), 9, 0, 0, 0, parisZone).
		AddDate(0, 0, -7)
	if due.Before(now) {
		due = now
	}
	remind := now
	err = db.write(ctx, func(t *tx) error {
		admins, err := t.Query(`SELECT id FROM users WHERE role = ? AND active = 1
			AND login IS NOT NULL AND deleted_at IS NULL ORDER BY created_at`, backend.RoleAdmin)
		if err != nil {
			return err
		}
		ids, err := scanStrings(admins)
		if err != nil {
			return err
		}
		for _, admin := range ids {
			key := "retention/" + day + "/" + admin
			if _, found, err := t.taskByOrigin(key); err != nil || found {
				return err
			}
			task := backend.Task{ID: newID(), Title: title, Notes: notes, DueAt: due.UTC(),
				RemindAt: &remind, Priority: backend.PriorityHigh, Status: backend.TaskTodo,
				AssigneeID: admin, Origin: backend.OriginRetention}
			if err := t.insertTask(task, key); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	db.log.Info("retention announced", slog.Int("files", len(files)))
	return len(files), nil
}
