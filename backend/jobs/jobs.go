// Package jobs runs PAPPU's background work (backups, reminders, geocoding,
// retention) on a schedule. It only turns ticks into calls: each job is a
// function that calls the backend's services, and the scheduler runs it,
// never two runs of one job at once, and writes one log line per run with
// its duration, the figures the job counted (see Count) and its error. Job
// functions log nothing personal, and neither does the scheduler.
//
// Schedules are cron expressions in the local time zone ("0 3 * * *") or
// descriptors ("@hourly", "@every 10m"); see github.com/robfig/cron/v3.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
)

// ErrRunning is returned by RunNow when the job is already running.
var ErrRunning = errors.New("jobs: already running")

// ErrStopped is returned by RunNow once the scheduler is stopped.
var ErrStopped = errors.New("jobs: scheduler stopped")

// Scheduler runs named jobs on their schedules, and on demand with RunNow.
type Scheduler struct {
	log    *slog.Logger
	cron   *cron.Cron
	ctx    context.Context // every run's context; cancelled by Stop
	cancel context.CancelFunc

	mu      sync.Mutex
	jobs    map[string]*job
	stopped bool
	runs    sync.WaitGroup // runs started by RunNow or by a tick
}

type job struct {
	name     string
	schedule cron.Schedule
	fn       func(ctx context.Context) error
	running  sync.Mutex // held during a run: a run never overlaps the previous one
}

// New returns a scheduler that logs to log; Start starts its clock.
func New(log *slog.Logger) *Scheduler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Scheduler{
		log:    log,
		cron:   cron.New(cron.WithLogger(cronLogger{log})),
		ctx:    ctx,
		cancel: cancel,
		jobs:   map[string]*job{},
	}
}

// Add schedules fn under name, which the log lines carry and RunNow takes.
func (s *Scheduler) Add(spec, name string, fn func(ctx context.Context) error) error {
	schedule, err := cron.ParseStandard(spec)
	if err != nil {
		return fmt.Errorf("jobs: schedule %q of %s: %w", spec, name, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.jobs[name]; dup {
		return fmt.Errorf("jobs: a job named %s already exists", name)
	}
	j := &job{name: name, schedule: schedule, fn: fn}
	s.jobs[name] = j
	s.cron.Schedule(schedule, cron.FuncJob(func() { s.run(j, "schedule") }))
	return nil
}

// Start starts the clock; jobs run at their next tick, not now.
func (s *Scheduler) Start() { s.cron.Start() }

// Stop stops the clock and cancels the context of the runs in progress. The
// returned context is done once they have returned: wait for it before
// closing what the jobs use, such as the database.
func (s *Scheduler) Stop() context.Context {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	s.cancel()
	cronDone := s.cron.Stop()

	ctx, done := context.WithCancel(context.Background())
	go func() {
		<-cronDone.Done()
		s.runs.Wait()
		done()
	}()
	return ctx
}

// RunNow runs the job named name at once, in the caller's goroutine, and
// returns its error: ErrRunning if a run is in progress, ErrStopped after
// Stop. A button such as "Sauvegarder maintenant" calls it.
func (s *Scheduler) RunNow(name string) error {
	s.mu.Lock()
	j, ok := s.jobs[name]
	s.mu.Unlock()
	if !ok {
		return fmt.Errorf("jobs: no job named %s", name)
	}
	return s.run(j, "manual")
}

// Next returns when the job named name would next run after t; the zero
// time for an unknown name.
func (s *Scheduler) Next(name string, t time.Time) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if j, ok := s.jobs[name]; ok {
		return j.schedule.Next(t)
	}
	return time.Time{}
}

// run runs j once and logs how it went.
func (s *Scheduler) run(j *job, trigger string) error {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return ErrStopped
	}
	s.runs.Add(1) // under mu, so never concurrent with Stop's Wait on zero
	s.mu.Unlock()
	defer s.runs.Done()

	if !j.running.TryLock() {
		s.log.Warn("job skipped: the previous run has not finished",
			slog.String("job", j.name), slog.String("trigger", trigger))
		return ErrRunning
	}
	defer j.running.Unlock()

	c := &counts{}
	ctx := context.WithValue(s.ctx, countsKey{}, c)
	s.log.Debug("job started", slog.String("job", j.name), slog.String("trigger", trigger))
	start := time.Now()
	err := call(ctx, j.fn)

	attrs := append([]any{slog.String("job", j.name), slog.String("trigger", trigger),
		slog.Int64("duration_ms", time.Since(start).Milliseconds())}, c.attrs()...)
	if err != nil {
		s.log.Error("job failed", append(attrs, slog.Any("err", err))...)
		return err
	}
	// A run that counted nothing (the reminders' minute with none due) is
	// routine: at Info it would write a line a minute all day long.
	level := slog.LevelInfo
	if c.zero() {
		level = slog.LevelDebug
	}
	s.log.Log(ctx, level, "job finished", attrs...)
	return nil
}

// call runs fn, turning a panic into an error so that one faulty job does
// not take the app down.
func call(ctx context.Context, fn func(context.Context) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("jobs: panic: %v\n%s", r, debug.Stack())
		}
	}()
	return fn(ctx)
}

type countsKey struct{}

// counts are the figures a run reports, in the order first counted.
type counts struct {
	mu    sync.Mutex
	names []string
	n     map[string]int64
}

// Count adds n to the figure name of the run ctx belongs to, such as
// Count(ctx, "removed", 3); the run's log line shows it. Figures are
// numbers, never names or anything else about a person. Outside a run,
// Count does nothing.
func Count(ctx context.Context, name string, n int64) {
	c, ok := ctx.Value(countsKey{}).(*counts)
	if !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int64{}
	}
	if _, seen := c.n[name]; !seen {
		c.names = append(c.names, name)
	}
	c.n[name] += n
}

// zero reports whether every figure of the run is zero (or none was counted).
func (c *counts) zero() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range c.n {
		if n != 0 {
			return false
		}
	}
	return true
}

func (c *counts) attrs() []any {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]any, 0, len(c.names))
	for _, name := range c.names {
		out = append(out, slog.Int64(name, c.n[name]))
	}
	return out
}

// cronLogger passes cron's own messages to slog: its routine ones at Debug.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) {
	l.log.Debug("cron: "+msg, kv...)
}

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, slog.Any("err", err))...)
}
