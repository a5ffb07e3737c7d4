package app

import (
	"time"

	"pappu/backend/backup"
	"pappu/backend/geo"
	"pappu/backend/jobs"
)

// startJobs starts the background jobs: for now the daily backup, which does
// nothing until backups are configured (pappu-cli backup-config). The
// scheduler only turns ticks into calls of the services.
func (s *Services) startJobs() {
	sched := jobs.New(s.deps.log)
	daily := backup.Daily(s.deps.store, s.deps.store.Path(), time.Now, s.deps.log)
	if err := sched.Add(backup.DailySpec, "sauvegarde", daily); err != nil {
		s.deps.log.Error("scheduling the daily backup", "err", err)
	}
	// Places sites and partners on the map (offline, then online if set).
	if err := sched.Add(geo.JobSpec, "géocodage", GeocodingJob(s.deps.store).Run); err != nil {
		s.deps.log.Error("scheduling the geocoding job", "err", err)
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
