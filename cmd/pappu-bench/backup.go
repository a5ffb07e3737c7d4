package main

import (
	"slices"

	"context"
	"os"
	"time"

	"pappu/backend/auth"
	"pappu/backend/backup"
)

// benchPassphrase encrypts the measured backups, which are removed at once.
var benchPassphrase = []byte("phrase de passe de mesure")

// measureBackup measures the daily backup of the cached database and the
// key derivation a restore waits for. The cached database is only read.
func (b *bench) measureBackup(ctx context.Context) error {
	seconds, err := benchBackup(b.dbPath)
	if err != nil {
		return err
	}
	b.add(figure{name: "backup", value: seconds, unit: "s", max: 10})
	seconds, err = benchKeyDerivation()
	if err != nil {
		return err
	}
	b.add(figure{name: "backup_key", value: seconds * 1000, unit: "ms", max: 500})
	b.add(figure{name: "login", value: benchLogin() * 1000, unit: "ms", max: 500})
	return nil
}

// benchLogin returns the median time, in seconds, of checking a password
// with the argon2id parameters every new account gets: what a login waits.
func benchLogin() float64 {
	hash := auth.Hash(string(benchPassphrase), auth.Default)
	times := make([]float64, 0, 7)
	for range 7 {
		start := time.Now()
		auth.Verify(string(benchPassphrase), hash)
		times = append(times, time.Since(start).Seconds())
	}
	slices.Sort(times)
	return times[len(times)/2]
}

// benchBackup writes one backup of the database at dbPath as the daily job
// does, key already derived: SQLite's online backup into a private folder
// next to the database, PRAGMA integrity_check of that copy alongside its
// encryption, sync, and a full read-back. The backup goes to a temporary
// folder removed afterwards; it returns the seconds taken.
func benchBackup(dbPath string) (seconds float64, err error) {
	key, err := backup.DeriveKey(benchPassphrase, backup.DefaultParams)
	if err != nil {
		return 0, err
	}
	dest, err := os.MkdirTemp("", "pappu-bench-backup-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dest)

	start := time.Now()
	if _, err := backup.BackupWithKey(context.Background(), dbPath, dest, key,
		time.Now()); err != nil {
		return 0, err
	}
	return time.Since(start).Seconds(), nil
}

// benchKeyDerivation returns the best of three argon2id derivations with
// backup.DefaultParams, in seconds: what a restore, or a backup with a typed
// passphrase, waits for before anything else.
func benchKeyDerivation() (seconds float64, err error) {
	best := time.Duration(1<<63 - 1)
	for range 3 {
		start := time.Now()
		if _, err := backup.DeriveKey(benchPassphrase, backup.DefaultParams); err != nil {
			return 0, err
		}
		best = min(best, time.Since(start))
	}
	return best.Seconds(), nil
}
