package jobs_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"pappu/backend/jobs"
)

// syncBuffer is a log output the scheduler's goroutines may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newScheduler() (*jobs.Scheduler, *syncBuffer) {
	var out syncBuffer
	return jobs.New(slog.New(slog.NewTextHandler(&out, nil))), &out
}

func TestRunNowLogsEachRun(t *testing.T) {
	s, logged := newScheduler()
	calls := 0
	s.Add("@daily", "rappels", func(ctx context.Context) error {
		calls++
		jobs.Count(ctx, "tasks", 2)
		jobs.Count(ctx, "tasks", 1)
		jobs.Count(ctx, "persons", 0)
		return nil
	})
	s.Add("@daily", "géocodage", func(context.Context) error {
		return errors.New("service indisponible")
	})
	s.Add("@daily", "rien", func(ctx context.Context) error {
		jobs.Count(ctx, "fired", 0)
		return nil
	})

	if err := s.RunNow("rappels"); err != nil || calls != 1 {
		t.Fatalf("RunNow: %v, %d calls", err, calls)
	}
	if err := s.RunNow("géocodage"); err == nil || err.Error() != "service indisponible" {
		t.Errorf("the job's error: %v", err)
	}
	if err := s.RunNow("inconnu"); err == nil {
		t.Error("an unknown job ran")
	}
	// A run that counted nothing is logged at Debug only, which the
	// scheduler's logger here leaves out.
	if err := s.RunNow("rien"); err != nil {
		t.Fatal(err)
	}

	lines := strings.Split(strings.TrimSpace(logged.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("log:\n%s", logged.String())
	}
	for _, want := range []string{"level=INFO", `msg="job finished"`, "job=rappels",
		"trigger=manual", "duration_ms=", "tasks=3 persons=0"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("%q lacks %q", lines[0], want)
		}
	}
	for _, want := range []string{"level=ERROR", `msg="job failed"`, "job=géocodage",
		`err="service indisponible"`} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("%q lacks %q", lines[1], want)
		}
	}
}

func TestAddChecksItsInput(t *testing.T) {
	s, _ := newScheduler()
	nop := func(context.Context) error { return nil }
	if err := s.Add("tous les jours", "x", nop); err == nil {
		t.Error("a bad schedule was accepted")
	}
	if err := s.Add("@hourly", "x", nop); err != nil {
		t.Fatal(err)
	}
	if err := s.Add("@daily", "x", nop); err == nil {
		t.Error("a second job named x was accepted")
	}
}

// TestNext checks the schedules with a fixed clock instead of waiting.
func TestNext(t *testing.T) {
	s, _ := newScheduler()
	nop := func(context.Context) error { return nil }
	s.Add("@hourly", "sauvegarde", nop)
	s.Add("30 8 * * 1-5", "rappels", nop)
	friday := time.Date(2026, 12, 4, 9, 20, 0, 0, time.Local)
	cases := []struct {
		job  string
		want time.Time
	}{
		{"sauvegarde", time.Date(2026, 12, 4, 10, 0, 0, 0, time.Local)},
		{"rappels", time.Date(2026, 12, 7, 8, 30, 0, 0, time.Local)}, // Monday
		{"inconnu", time.Time{}},
	}
	for _, c := range cases {
		if got := s.Next(c.job, friday); !got.Equal(c.want) {
			t.Errorf("%s: next run %v, want %v", c.job, got, c.want)
		}
	}
}

// TestPanicIsAnError checks that a faulty job is logged, not fatal.
func TestPanicIsAnError(t *testing.T) {
	s, logged := newScheduler()
	s.Add("@daily", "fautif", func(context.Context) error {
		var m map[string]int
		m["x"]++
		return nil
	})
	err := s.RunNow("fautif")
	if err == nil || !strings.Contains(err.Error(), "panic") {
		t.Errorf("got %v", err)
	}
	if !strings.Contains(logged.String(), "level=ERROR") {
		t.Errorf("log:\n%s", logged.String())
	}
}

// TestRunsDoNotOverlap starts a run and tries another while it is going.
func TestRunsDoNotOverlap(t *testing.T) {
	s, logged := newScheduler()
	started, release := make(chan struct{}), make(chan struct{})
	s.Add("@daily", "long", func(context.Context) error {
		close(started)
		<-release
		return nil
	})
	done := make(chan error)
	go func() { done <- s.RunNow("long") }()
	<-started
	if err := s.RunNow("long"); !errors.Is(err, jobs.ErrRunning) {
		t.Errorf("second run: %v, want ErrRunning", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logged.String(), "level=WARN") {
		t.Errorf("log:\n%s", logged.String())
	}
}

// TestStopCancelsAndWaits stops the scheduler during a run: the run's
// context is cancelled, and Stop's context is done only once it returned.
func TestStopCancelsAndWaits(t *testing.T) {
	s, _ := newScheduler()
	started, returned := make(chan struct{}), make(chan struct{})
	s.Add("@daily", "sauvegarde", func(ctx context.Context) error {
		close(started)
		<-ctx.Done()
		close(returned)
		return ctx.Err()
	})
	s.Start()
	go s.RunNow("sauvegarde")
	<-started

	stopped := s.Stop()
	<-stopped.Done()
	select {
	case <-returned:
	default:
		t.Fatal("Stop's context was done before the run returned")
	}
	if err := s.RunNow("sauvegarde"); !errors.Is(err, jobs.ErrStopped) {
		t.Errorf("after Stop: %v, want ErrStopped", err)
	}
}

// TestTicksRunJobs checks the wiring to the clock with cron's shortest
// schedule. The only time limit is a generous guard against hanging.
func TestTicksRunJobs(t *testing.T) {
	s, logged := newScheduler()
	ran := make(chan struct{}, 10)
	s.Add("@every 1s", "tic", func(ctx context.Context) error {
		jobs.Count(ctx, "tics", 1)
		ran <- struct{}{}
		return nil
	})
	s.Start()
	defer func() { <-s.Stop().Done() }()
	select {
	case <-ran:
	case <-time.After(time.Minute):
		t.Fatal("no tick in a minute")
	}
	<-s.Stop().Done()
	if !strings.Contains(logged.String(), "trigger=schedule") {
		t.Errorf("log:\n%s", logged.String())
	}
}

func TestCountOutsideARun(t *testing.T) {
	jobs.Count(context.Background(), "x", 1) // does nothing, does not panic
}
