package geo

import (
	"context"
	"errors"
	"time"

	"pappu/backend"
	"pappu/backend/jobs"
)

// Target is a site or partner for the geocoding job.
type Target struct {
	Entity    string // site | partner
	ID        string
	Address   Address
	Precision Precision // of the position it has; "" for none
}

// Store is what the geocoding job reads and writes.
type Store interface {
	// GeoTargets lists the sites and partners without a position and, when
	// online is true, those with an offline one, whose retry time has come.
	GeoTargets(ctx context.Context, now time.Time, online bool) ([]Target, error)
	SavePosition(ctx context.Context, entity, id string, p backend.GeoPosition) error
	PostponeGeocoding(ctx context.Context, entity, id string,
		backoff func(failures int) time.Duration, reason string) (int, error)
}

// JobSpec is when the geocoding job runs.
const JobSpec = "@every 10m"

// Job geocodes the sites and partners that lack a position: offline first,
// so that every place is on the map at once, then online when a geocoder is
// configured, whose street-level result replaces the offline one. When the
// online geocoder cannot be reached, the offline position stays and the
// place is tried again later, waiting longer after each failure.
type Job struct {
	Store   Store
	Offline Geocoder
	// Online returns the online geocoder, or nil when none is configured;
	// asked at each run, so that a new setting needs no restart.
	Online func(ctx context.Context) (Geocoder, error)
	Now    func() time.Time
}

// Backoff is how long to wait before trying a place online again after
// failures failed attempts in a row: 15 minutes, doubling, at most a day.
func Backoff(failures int) time.Duration {
	d := 15 * time.Minute
	for i := 1; i < failures && d < 24*time.Hour; i++ {
		d *= 2
	}
	return min(d, 24*time.Hour)
}

// Run is one run of the job.
func (j *Job) Run(ctx context.Context) error {
	var online Geocoder
	if j.Online != nil {
		var err error
		if online, err = j.Online(ctx); err != nil {
			return err
		}
	}
	targets, err := j.Store.GeoTargets(ctx, j.Now(), online != nil)
	if err != nil {
		return err
	}
	reachable := true
	for _, t := range targets {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if t.Precision == "" {
			if err := j.offline(ctx, &t); err != nil {
				return err
			}
		}
		if online == nil || t.Precision == PrecisionStreet {
			continue
		}
		if reachable {
			reachable, err = j.online(ctx, online, t)
		} else {
			err = j.postpone(ctx, t, ErrUnavailable)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (j *Job) offline(ctx context.Context, t *Target) error {
	r, err := j.Offline.Geocode(ctx, t.Address)
	if errors.Is(err, ErrNotFound) {
		jobs.Count(ctx, "introuvables", 1)
		return nil
	}
	if err != nil {
		return err
	}
	jobs.Count(ctx, "hors ligne", 1)
	t.Precision = r.Precision
	return j.Store.SavePosition(ctx, t.Entity, t.ID, j.position(r))
}

// online asks the online geocoder about t; it returns false when the
// geocoder could not be reached, so that the run stops asking it.
func (j *Job) online(ctx context.Context, g Geocoder, t Target) (bool, error) {
	r, err := g.Geocode(ctx, t.Address)
	switch {
	case errors.Is(err, ErrUnavailable):
		return false, j.postpone(ctx, t, err)
	case errors.Is(err, ErrNotFound):
		return true, j.postpone(ctx, t, err)
	case err != nil:
		return true, err
	case r.Precision.Rank() <= t.Precision.Rank():
		return true, j.postpone(ctx, t, ErrNotFound) // nothing finer to be had now
	}
	jobs.Count(ctx, "en ligne", 1)
	return true, j.Store.SavePosition(ctx, t.Entity, t.ID, j.position(r))
}

func (j *Job) postpone(ctx context.Context, t Target, reason error) error {
	jobs.Count(ctx, "reportés", 1)
	_, err := j.Store.PostponeGeocoding(ctx, t.Entity, t.ID, Backoff, reason.Error())
	return err
}

func (j *Job) position(r Result) backend.GeoPosition {
	return backend.GeoPosition{Lat: r.Lat, Lon: r.Lon, Precision: string(r.Precision),
		Source: r.Source, INSEE: r.INSEE, DistrictINSEE: r.DistrictINSEE, GeocodedAt: j.Now()}
}
