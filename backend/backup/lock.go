package backup

import (
	"database/sql"
	"errors"
	"os"

	"github.com/mattn/go-sqlite3"
)

// LockPath returns the lock file of the database at dbPath: pappu.db.lock
// next to pappu.db. It is an empty file that is never removed; what counts is
// the lock the system holds on it for a running process, which a crash
// releases, not whether the file exists.
func LockPath(dbPath string) string { return dbPath + ".lock" }

// HoldDatabase takes a shared lock on the lock file of dbPath, for as long as
// the caller has the database open; any number of processes may hold it at
// once. The desktop app takes it when it opens the database. While one is
// held, Restore refuses; while a restore runs, HoldDatabase fails.
func HoldDatabase(dbPath string) (release func() error, err error) {
	return takeLock(dbPath, false, errRestoreRunning)
}

// lockExclusive takes the lock file of dbPath for a restore.
func lockExclusive(dbPath string) (release func() error, err error) {
	return takeLock(dbPath, true, errInUse)
}

func takeLock(dbPath string, exclusive bool, busy func(string) error) (func() error, error) {
	f, err := os.OpenFile(LockPath(dbPath), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, internal("open lock file", err)
	}
	ok, err := lockFile(f, exclusive)
	if err != nil {
		f.Close()
		return nil, internal("lock", err)
	}
	if !ok {
		f.Close()
		return nil, busy(dbPath)
	}
	return f.Close, nil // closing the file releases its lock
}

// heldBySQLite reports whether another connection, in this process or any
// other, has the database at dbPath open. In WAL mode every open connection
// keeps a shared lock on the database file, and a connection in exclusive
// locking mode needs an exclusive lock to read it. A database too damaged to
// be read cannot answer: the lock file then does.
//
// The probe reads the database; being the only connection, it also
// checkpoints a WAL left by a crash into the database when it closes.
func heldBySQLite(dbPath string) bool {
	if _, err := os.Stat(dbPath); err != nil {
		return false
	}
	db, err := sql.Open("sqlite3", dsn(dbPath, "mode=rw", "_locking_mode=EXCLUSIVE",
		"_busy_timeout=0"))
	if err != nil {
		return false
	}
	defer db.Close()
	var n int
	err = db.QueryRow(`SELECT count(*) FROM sqlite_master`).Scan(&n)
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}
