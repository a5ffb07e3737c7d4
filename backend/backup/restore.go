package backup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// RestoreOption changes what Restore does.
type RestoreOption func(*restoreOptions)

type restoreOptions struct {
	checks []func(ctx context.Context, path string) error
}

// CheckWith adds a check of the decrypted database, run on its temporary
// copy before it replaces anything. The command line passes one that opens
// the copy with package sqlite: an older schema is then upgraded before the
// swap, and a database from a newer PAPPU is refused with that package's
// message. The check must close the copy before returning.
func CheckWith(check func(ctx context.Context, path string) error) RestoreOption {
	return func(o *restoreOptions) { o.checks = append(o.checks, check) }
}

// asideInfix names the copy of the replaced database: pappu.db becomes
// pappu.db.avant-restauration-2026-12-04T150405.
const asideInfix = ".avant-restauration-"

// dbSuffixes are the files SQLite keeps next to a database; they follow it
// aside, so that the old database can still be opened as it was.
var dbSuffixes = []string{"", "-wal", "-shm", "-journal"}

// Restore replaces the database at dbPath by the one in the backup file. The
// passphrase and the whole file are checked first: every chunk decrypted,
// PRAGMA integrity_check, the tables of a PAPPU database, then each
// CheckWith. Only then is the database set aside and the restored one put in
// its place; the replaced files are then sealed with the passphrase (see
// sealAside). The returned path is the replaced database's ("" when there was
// none).
//
// PAPPU must be closed: Restore refuses while the lock file of dbPath is held
// (see HoldDatabase) or while SQLite reports another connection.
func Restore(ctx context.Context, file string, pass []byte, dbPath string, now time.Time,
	opts ...RestoreOption) (asidePath string, err error) {
	var o restoreOptions
	for _, opt := range opts {
		opt(&o)
	}
	dataDir := filepath.Dir(dbPath)
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return "", internal("data folder", err)
	}

	release, err := lockExclusive(dbPath)
	if err != nil {
		return "", err
	}
	defer release()

	plain, cleanup, err := decryptAndCheck(ctx, file, pass, dataDir, o)
	if err != nil {
		return "", err
	}
	defer cleanup()

	// Asked last, as the check may take a while; it may checkpoint a
	// leftover WAL into the database, which changes no row.
	if heldBySQLite(dbPath) {
		return "", errInUse(dbPath)
	}
	aside, err := swap(plain, dbPath, now)
	if err != nil || aside == "" {
		return aside, err
	}
	// The restore is done whatever happens next: a failure to seal leaves
	// the replaced database in the clear, under a name without FileExt,
	// which the caller tells the user.
	sealed, err := sealAside(ctx, aside, pass)
	if err != nil {
		return aside, nil
	}
	return sealed, nil
}

// Sealed reports whether the replaced database Restore returned was
// encrypted; when not, it is in the clear and the user must be told.
func Sealed(aside string) bool { return strings.HasSuffix(aside, FileExt) }

// decryptAndCheck decrypts file into a private folder of dataDir and runs
// every check on it. cleanup removes the folder and what is left in it.
func decryptAndCheck(ctx context.Context, file string, pass []byte, dataDir string,
	o restoreOptions) (plain string, cleanup func(), err error) {
	s, err := openSealed(file, pass)
	if err != nil {
		return "", nil, err
	}
	defer s.Close()

	work, err := newWorkDir(dataDir)
	if err != nil {
		return "", nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(work)
		}
	}()

	plain = filepath.Join(work, "pappu.db")
	if err := decryptTo(ctx, s, plain); err != nil {
		return "", nil, err
	}
	if err := checkCopy(ctx, file, plain); err != nil {
		return "", nil, err
	}
	for _, check := range o.checks {
		if err := check(ctx, plain); err != nil {
			return "", nil, err
		}
	}
	// A check that left a WAL behind would lose it in the rename below.
	if _, err := os.Stat(plain + "-wal"); err == nil {
		return "", nil, internal("restore", errors.New("the check left a WAL file open"))
	}
	return plain, func() { os.RemoveAll(work) }, nil
}

// swap moves the database at dbPath and its companion files aside, then puts
// plain in its place; a failure puts the old files back.
func swap(plain, dbPath string, now time.Time) (string, error) {
	var present []string
	for _, suffix := range dbSuffixes {
		if _, err := os.Lstat(dbPath + suffix); err == nil {
			present = append(present, suffix)
		}
	}

	aside := ""
	if len(present) > 0 {
		aside = asideName(dbPath, now)
	}
	var moved []string
	undo := func() {
		for _, suffix := range moved {
			os.Rename(aside+suffix, dbPath+suffix)
		}
	}
	for _, suffix := range present {
		if err := os.Rename(dbPath+suffix, aside+suffix); err != nil {
			undo()
			return "", internal("set the database aside", err)
		}
		moved = append(moved, suffix)
	}
	if err := os.Rename(plain, dbPath); err != nil {
		undo()
		return "", internal("put the restored database in place", err)
	}
	syncDir(filepath.Dir(dbPath))
	return aside, nil
}

// asideName returns a name for the replaced database that no file has yet.
func asideName(dbPath string, now time.Time) string {
	base := dbPath + asideInfix + now.Format("2006-01-02T150405")
	name := base
	for i := 2; ; i++ {
		free := true
		for _, suffix := range dbSuffixes {
			if _, err := os.Lstat(name + suffix); !errors.Is(err, fs.ErrNotExist) {
				free = false
				break
			}
		}
		if free {
			return name
		}
		name = fmt.Sprintf("%s-%d", base, i)
	}
}
