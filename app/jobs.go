package app

import (
	"context"
	"time"

	"pappu/backend/backup"
	"pappu/backend/geo"
	"pappu/backend/jobs"
)

// startJobs starts the background jobs: the daily backup, which does nothing
// until backups are configured (the backups screen, or pappu-cli
// backup-config), the retention rule, geocoding and the reminders every
// minute. The scheduler only turns ticks
// into calls of the services.
func (d *deps) startJobs() {
	d.mu.Lock()
	store := d.store
	d.mu.Unlock()
	sched := jobs.New(d.log)
	daily := backup.Daily(store, store.Path(), time.Now, d.log)
	if err := sched.Add(backup.DailySpec, "sauvegarde", daily); err != nil {
		d.log.Error("scheduling the daily backup", "err", err)
	}
	if err := sched.Add(RetentionSpec, "conservation", d.retentionJob); err != nil {
		d.log.Error("scheduling the retention rule", "err", err)
	}
	// Places sites and partners on the map (offline, then online if set).
	if err := sched.Add(geo.JobSpec, "géocodage", GeocodingJob(store).Run); err != nil {
		d.log.Error("scheduling the geocoding job", "err", err)
	}
	d.addReminderJob(sched)
	sched.Start()
	d.mu.Lock()
	d.jobs = sched
	d.mu.Unlock()
}

// stopJobs stops the clock and waits, a bounded time, for a run in progress
// (its context is cancelled) so that the database is not closed under it.
// It reports whether jobs were running.
func (d *deps) stopJobs() bool {
	d.mu.Lock()
	sched := d.jobs
	d.jobs = nil
	d.mu.Unlock()
	if sched == nil {
		return false
	}
	select {
	case <-sched.Stop().Done():
	case <-time.After(30 * time.Second):
		d.log.Warn("a background job did not stop within 30 s")
	}
	return true
}

// RetentionSpec is when the retention job looks: every hour, so that a PC
// switched off at night applies the rule within an hour of use; the store
// applies it once a day.
const RetentionSpec = "@hourly"

// retentionJob anonymises the files past the retention period.
func (d *deps) retentionJob(ctx context.Context) error {
	store, err := d.db()
	if err != nil {
		return err
	}
	run, err := store.ApplyRetention(ctx, d.now())
	jobs.Count(ctx, "anonymised", int64(run.Anonymised))
	return err
}

// reminderJob names the minute job that fires due reminders.
const reminderJob = "rappels"

// addReminderJob fires due reminders at every minute, and once at start:
// a reminder due while PAPPU was closed fires then, marked late.
func (d *deps) addReminderJob(sched *jobs.Scheduler) {
	fire := func(ctx context.Context) error {
		_, err := d.fireReminders(ctx)
		return err
	}
	if err := sched.Add("* * * * *", reminderJob, fire); err != nil {
		d.log.Error("scheduling the reminders", "err", err)
		return
	}
	go sched.RunNow(reminderJob)
}
