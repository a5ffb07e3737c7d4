package app

import (
	"context"
	"time"

	"pappu/backend/backup"
	"pappu/backend/jobs"
)

// startJobs starts the background jobs: the daily backup, which does
// nothing until backups are configured, and the retention rule. The
// scheduler only turns ticks into calls of the services.
func (s *Services) startJobs() {
	sched := jobs.New(s.deps.log)
	daily := backup.Daily(s.deps.store, s.deps.store.Path(), time.Now, s.deps.log)
	if err := sched.Add(backup.DailySpec, "sauvegarde", daily); err != nil {
		s.deps.log.Error("scheduling the daily backup", "err", err)
	}
	if err := sched.Add(RetentionSpec, "conservation", s.retentionJob); err != nil {
		s.deps.log.Error("scheduling the retention rule", "err", err)
	}
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

// RetentionSpec is when the retention job looks: every hour, so that a PC
// switched off at night applies the rule within an hour of use; the store
// applies it once a day.
const RetentionSpec = "@hourly"

// retentionJob anonymises the files past the retention period.
func (s *Services) retentionJob(ctx context.Context) error {
	run, err := s.deps.store.ApplyRetention(ctx, s.deps.now())
	jobs.Count(ctx, "anonymised", int64(run.Anonymised))
	return err
}
