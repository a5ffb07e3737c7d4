package backup

import (
	"bufio"
	"context"
	"database/sql"
	"os"
	"path/filepath"
)

// Verify checks that the backup file can be restored with pass: the key
// check, every chunk, then PRAGMA integrity_check on the decrypted database.
// The plaintext goes to a private folder (0700) in the system's temporary
// folder and is removed before Verify returns.
func Verify(path string, pass []byte) error {
	ctx := context.Background()
	s, err := openSealed(path, pass)
	if err != nil {
		return err
	}
	defer s.Close()

	work, err := os.MkdirTemp("", "pappu-verification-")
	if err != nil {
		return internal("work folder", err)
	}
	defer os.RemoveAll(work)
	plain := filepath.Join(work, "copie.db")
	if err := decryptTo(ctx, s, plain); err != nil {
		return err
	}
	return checkCopy(ctx, path, plain)
}

// decryptTo writes the plaintext of s to the new file path, readable by
// this user only, and syncs it. A failure removes what was written.
func decryptTo(ctx context.Context, s *sealed, path string) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return internal("create plaintext", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(path)
		}
	}()
	w := bufio.NewWriterSize(f, 1<<20)
	if err := s.decrypt(ctx, w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return internal("write plaintext", err)
	}
	if err := f.Sync(); err != nil {
		return internal("sync plaintext", err)
	}
	if err := f.Close(); err != nil {
		return internal("close plaintext", err)
	}
	return nil
}

// checkCopy checks the decrypted database of backup file: sound, and PAPPU's.
func checkCopy(ctx context.Context, file, plain string) error {
	detail, err := integrityCheck(ctx, plain, fullCheck)
	if err != nil {
		return err
	}
	if detail != "" {
		return errDamagedCopy(file, detail)
	}
	ok, err := isPappuDB(ctx, plain)
	if err != nil {
		return err
	}
	if !ok {
		return errNotPappuDB(file)
	}
	return nil
}

// isPappuDB reports whether the SQLite file at path has the tables every
// PAPPU database has had since its first migration.
func isPappuDB(ctx context.Context, path string) (bool, error) {
	db, err := sql.Open("sqlite3", dsn(path, "mode=ro", "immutable=1"))
	if err != nil {
		return false, internal("open copy", err)
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master
		WHERE type = 'table' AND name IN ('schema_migrations', 'settings')`).Scan(&n)
	if err != nil {
		return false, internal("inspect copy", err)
	}
	return n == 2, nil
}
