package app

import (
	"context"
	"time"

	"pappu/backend/backup"
	"pappu/backend/jobs"
)

// startJobs starts the background jobs: the daily backup, which does
// nothing until backups are configured (pappu-cli backup-config), and the
// reminders every minute. The scheduler only turns ticks into calls of the
// services.
func (s *Services) startJobs() {
	sched := jobs.New(s.deps.log)
	daily := backup.Daily(s.deps.store, s.deps.store.Path(), time.Now, s.deps.log)
	if err := sched.Add(backup.DailySpec, "sauvegarde", daily); err != nil {
		s.deps.log.Error("scheduling the daily backup", "err", err)
	}
	s.addReminderJob(sched)
	sched.Start()
	s.deps.mu.Lock()
	s.deps.jobs = sched
	s.deps.mu.Unlock()
}

// stopJobs stops the clock and waits, a bounded time, for a run in progress
// (its context is cancelled) so that the database is not closed under it.
func (s *Services) stopJobs() {
	s.deps.mu.Lock()
	sched := s.deps.jobs
	s.deps.mu.Unlock()
	if sched == nil {
		return
	}
	select {
	case <-sched.Stop().Done():
	case <-time.After(30 * time.Second):
		s.deps.log.Warn("a background job did not stop within 30 s")
	}
}

// reminderJob names the minute job that fires due reminders.
const reminderJob = "rappels"

// addReminderJob fires due reminders at every minute, and once at start:
// a reminder due while PAPPU was closed fires then, marked late.
func (s *Services) addReminderJob(sched *jobs.Scheduler) {
	fire := func(ctx context.Context) error {
		_, err := s.FireReminders(ctx)
		return err
	}
	if err := sched.Add("* * * * *", reminderJob, fire); err != nil {
		s.deps.log.Error("scheduling the reminders", "err", err)
		return
	}
	go sched.RunNow(reminderJob)
}
