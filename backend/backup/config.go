package backup

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"pappu/backend"
	"pappu/backend/jobs"
)

// Settings is where the backup configuration lives: the local settings of
// the database, which are this PC's and never synchronised. *sqlite.DB
// implements it.
type Settings interface {
	Setting(ctx context.Context, key, def string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
}

// Keys of the local settings this package uses.
const (
	SettingConfig = "backup.config" // JSON: the folder and the encoded key
	SettingStatus = "backup.status" // JSON: how the last daily backup went
)

// Config is what the daily backup needs: where to write, and the key derived
// from the structure's passphrase, so that no one types it every day.
type Config struct {
	Folder string
	Key    Key
}

// Enabled reports whether daily backups are configured.
func (c Config) Enabled() bool { return c.Folder != "" && !c.Key.IsZero() }

type configJSON struct {
	Folder string `json:"folder"`
	Key    string `json:"key"`
}

// Configure checks the folder (it must exist and take a file) and the
// passphrase, derives a key with a new salt, and stores both for the daily
// backup, replacing any earlier configuration. Backups made before keep
// needing the passphrase they were made with.
func Configure(ctx context.Context, s Settings, folder string, pass []byte) (Config, error) {
	if err := checkFolder(folder); err != nil {
		return Config{}, err
	}
	abs, err := filepath.Abs(folder)
	if err != nil {
		return Config{}, errNoFolder(folder)
	}
	if err := checkWritable(abs); err != nil {
		return Config{}, err
	}
	key, err := DeriveKey(pass, DefaultParams)
	if err != nil {
		return Config{}, err
	}
	b, err := json.Marshal(configJSON{Folder: abs, Key: key.Encode()})
	if err != nil {
		return Config{}, internal("encode config", err)
	}
	if err := s.SetSetting(ctx, SettingConfig, string(b)); err != nil {
		return Config{}, err
	}
	// A failure in the previous folder says nothing of the new one.
	recordStatus(ctx, s, slog.New(slog.DiscardHandler), func(st *Status) {
		st.LastFailure, st.Failure = time.Time{}, ""
	})
	return Config{Folder: abs, Key: key}, nil
}

// checkWritable writes and removes an empty file in dir.
func checkWritable(dir string) error {
	f, err := os.CreateTemp(dir, tempPrefix+"*.tmp")
	if err != nil {
		return errUnwritable(dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// LoadConfig returns the stored configuration; Enabled is false when there
// is none.
func LoadConfig(ctx context.Context, s Settings) (Config, error) {
	raw, err := s.Setting(ctx, SettingConfig, "")
	if err != nil || raw == "" {
		return Config{}, err
	}
	var c configJSON
	if err := json.Unmarshal([]byte(raw), &c); err != nil {
		return Config{}, internal("decode config", err)
	}
	key, err := ParseKey(c.Key)
	if err != nil {
		return Config{}, err
	}
	return Config{Folder: c.Folder, Key: key}, nil
}

// Status is how the last daily backup went, for the window to show even
// when the USB key is not plugged in.
type Status struct {
	LastSuccess time.Time `json:"last_success"`
	LastFile    string    `json:"last_file,omitempty"`
	LastFailure time.Time `json:"last_failure"`
	Failure     string    `json:"failure,omitempty"` // French, safe to show
}

// LoadStatus returns the stored status; zero times when nothing ran yet.
func LoadStatus(ctx context.Context, s Settings) (Status, error) {
	raw, err := s.Setting(ctx, SettingStatus, "")
	if err != nil || raw == "" {
		return Status{}, err
	}
	var st Status
	if err := json.Unmarshal([]byte(raw), &st); err != nil {
		return Status{}, internal("decode status", err)
	}
	return st, nil
}

// DailySpec is the daily job's schedule: it looks every hour, so that a PC
// switched off at night still gets its backup within an hour of use.
const DailySpec = "@hourly"

// Daily returns the job that writes the day's backup: when backups are
// configured and the folder has none dated today, it writes one with the
// stored key, verifies it, prunes the folder and records the status. Run
// hourly (DailySpec), it makes one backup a day on the days PAPPU is open.
func Daily(s Settings, dbPath string, now func() time.Time,
	log *slog.Logger) func(context.Context) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return func(ctx context.Context) error {
		cfg, err := LoadConfig(ctx, s)
		if err != nil || !cfg.Enabled() {
			return err
		}
		t := now()
		done, err := backedUpOn(cfg.Folder, t)
		if err != nil {
			recordFailure(ctx, s, log, t, err)
			return err
		}
		if done {
			return nil
		}

		path, removed, err := Now(ctx, s, cfg, dbPath, t, log)
		if path != "" {
			if info, statErr := os.Stat(path); statErr == nil {
				jobs.Count(ctx, "bytes", info.Size())
			}
			jobs.Count(ctx, "removed", int64(len(removed)))
		}
		return err
	}
}

// Now writes a backup with the configured key, verifies it, prunes the
// folder and records the status, as the daily job does, whatever backups
// the day already has. It returns the backup's path ("" when none was
// written) and the backups pruned.
func Now(ctx context.Context, s Settings, cfg Config, dbPath string, t time.Time,
	log *slog.Logger) (string, []string, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	path, err := BackupWithKey(ctx, dbPath, cfg.Folder, cfg.Key, t)
	if err != nil {
		recordFailure(ctx, s, log, t, err)
		return "", nil, err
	}
	removed, err := Prune(cfg.Folder, t)
	recordStatus(ctx, s, log, func(st *Status) {
		st.LastSuccess, st.LastFile = t, filepath.Base(path)
	})
	return path, removed, err
}

func recordFailure(ctx context.Context, s Settings, log *slog.Logger, t time.Time, err error) {
	recordStatus(ctx, s, log, func(st *Status) {
		st.LastFailure, st.Failure = t, backend.ErrorMessage(err)
	})
}

// backedUpOn reports whether dir holds a backup dated on t's day.
func backedUpOn(dir string, t time.Time) (bool, error) {
	if err := checkFolder(dir); err != nil {
		return false, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, errUnwritable(dir, err)
	}
	day := t.Format("2006-01-02")
	for _, e := range entries {
		if at, ok := parseFileName(e.Name(), t.Location()); ok && at.Format("2006-01-02") == day {
			return true, nil
		}
	}
	return false, nil
}

// recordStatus updates the stored status; failing to record it is logged,
// not returned, since the backup itself went as reported.
func recordStatus(ctx context.Context, s Settings, log *slog.Logger, change func(*Status)) {
	st, err := LoadStatus(ctx, s)
	if err == nil {
		change(&st)
		var b []byte
		if b, err = json.Marshal(st); err == nil {
			err = s.SetSetting(ctx, SettingStatus, string(b))
		}
	}
	if err != nil {
		log.Error("recording the backup status", slog.Any("err", err))
	}
}
