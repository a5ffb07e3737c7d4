package backup_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"pappu/backend/backup"
	"pappu/backend/jobs"
	"pappu/backend/sqlite"
)

// The database's local settings are where the configuration lives.
var _ backup.Settings = (*sqlite.DB)(nil)

// memSettings is a Settings in memory.
type memSettings struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *memSettings) Setting(_ context.Context, key, def string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.m[key]; ok {
		return v, nil
	}
	return def, nil
}

func (s *memSettings) SetSetting(_ context.Context, key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]string{}
	}
	s.m[key] = value
	return nil
}

func TestConfigure(t *testing.T) {
	ctx := context.Background()
	db, _ := newDB(t)
	dest := t.TempDir()

	if c, err := backup.LoadConfig(ctx, db); err != nil || c.Enabled() {
		t.Fatalf("before any configuration: %+v, %v", c, err)
	}
	if _, err := backup.Configure(ctx, db, dest, []byte("trop court")); err == nil ||
		!strings.Contains(message(err), "au moins 12 caractères") {
		t.Errorf("short passphrase: %v", err)
	}
	missing := filepath.Join(dest, "absent")
	if _, err := backup.Configure(ctx, db, missing, passphrase); err == nil ||
		!strings.Contains(message(err), missing) {
		t.Errorf("missing folder: %v", err)
	}

	c, err := backup.Configure(ctx, db, dest, passphrase)
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := backup.LoadConfig(ctx, db)
	if err != nil || !loaded.Enabled() || loaded.Folder != dest || loaded.Key != c.Key {
		t.Fatalf("loaded %+v, %v", loaded, err)
	}
	raw, _ := db.Setting(ctx, backup.SettingConfig, "")
	if strings.Contains(raw, string(passphrase)) {
		t.Error("the passphrase is stored in clear")
	}
	if entries, _ := os.ReadDir(dest); len(entries) != 0 {
		t.Errorf("Configure left %v in the folder", entries)
	}
}

func TestDailyJob(t *testing.T) {
	ctx := context.Background()
	db, dbPath := newDB(t)
	settings := &memSettings{}
	dest := t.TempDir()
	now := fixedNow
	var logged bytes.Buffer
	sched := jobs.New(slog.New(slog.NewTextHandler(&logged, nil)))
	daily := backup.Daily(settings, dbPath, func() time.Time { return now }, nil)
	if err := sched.Add(backup.DailySpec, "sauvegarde", daily); err != nil {
		t.Fatal(err)
	}
	files := func() []string {
		entries, _ := os.ReadDir(dest)
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}

	// Not configured: nothing to do.
	if err := sched.RunNow("sauvegarde"); err != nil || len(files()) != 0 {
		t.Fatalf("not configured: %v, %v", err, files())
	}

	if _, err := backup.Configure(ctx, settings, dest, passphrase); err != nil {
		t.Fatal(err)
	}
	if err := sched.RunNow("sauvegarde"); err != nil {
		t.Fatal(err)
	}
	if got := files(); len(got) != 1 || got[0] != "pappu-2026-12-04T030000.pappubak" {
		t.Fatalf("after the first run: %v", got)
	}
	if !strings.Contains(logged.String(), "job finished") ||
		!strings.Contains(logged.String(), "removed=0") {
		t.Errorf("log:\n%s", logged.String())
	}

	// Later the same day: already done.
	now = fixedNow.Add(5 * time.Hour)
	if err := sched.RunNow("sauvegarde"); err != nil || len(files()) != 1 {
		t.Fatalf("same day: %v, %v", err, files())
	}

	// The next day: a second backup, which the passphrase opens.
	now = fixedNow.AddDate(0, 0, 1)
	if err := sched.RunNow("sauvegarde"); err != nil || len(files()) != 2 {
		t.Fatalf("next day: %v, %v", err, files())
	}
	second := filepath.Join(dest, "pappu-2026-12-05T030000.pappubak")
	if err := backup.Verify(second, passphrase); err != nil {
		t.Fatal(err)
	}
	st, err := backup.LoadStatus(ctx, settings)
	if err != nil || !st.LastSuccess.Equal(now) || st.LastFile != filepath.Base(second) {
		t.Errorf("status %+v, %v", st, err)
	}

	// The USB key is unplugged: the job fails, says where, and records it.
	os.RemoveAll(dest)
	now = fixedNow.AddDate(0, 0, 2)
	err = sched.RunNow("sauvegarde")
	if err == nil || !strings.Contains(message(err), dest) {
		t.Errorf("unplugged: %v", err)
	}
	st, _ = backup.LoadStatus(ctx, settings)
	if !st.LastFailure.Equal(now) || !strings.Contains(st.Failure, dest) ||
		!st.LastSuccess.Equal(fixedNow.AddDate(0, 0, 1)) {
		t.Errorf("status after a failure: %+v", st)
	}
	if !strings.Contains(logged.String(), "level=ERROR msg=\"job failed\" job=sauvegarde") {
		t.Errorf("log:\n%s", logged.String())
	}
	if strings.Contains(logged.String(), marker) {
		t.Error("the log holds personal data")
	}
	db.Close()
}

// A failure in the folder given before is forgotten once another folder is
// configured: the status speaks of the folder in use.
func TestConfiguringAnotherFolderForgetsTheOldFailure(t *testing.T) {
	ctx := context.Background()
	_, dbPath := newDB(t)
	settings := &memSettings{}
	gone := filepath.Join(t.TempDir(), "clé USB")
	if err := os.Mkdir(gone, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := backup.Configure(ctx, settings, gone, passphrase); err != nil {
		t.Fatal(err)
	}
	os.Remove(gone) // the key is unplugged
	daily := backup.Daily(settings, dbPath, func() time.Time { return fixedNow }, nil)
	if err := daily(ctx); err == nil {
		t.Fatal("a backup into a missing folder succeeded")
	}
	if st, _ := backup.LoadStatus(ctx, settings); st.Failure == "" {
		t.Fatal("the failure was not recorded")
	}
	if _, err := backup.Configure(ctx, settings, t.TempDir(), passphrase); err != nil {
		t.Fatal(err)
	}
	if st, _ := backup.LoadStatus(ctx, settings); st.Failure != "" || !st.LastFailure.IsZero() {
		t.Errorf("status after configuring another folder: %+v", st)
	}
}
