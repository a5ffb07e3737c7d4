package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
	"golang.org/x/sync/errgroup"

	"pappu/backend"
)

// FileExt ends the name of every backup file.
const FileExt = ".pappubak"

// nameLayout dates a backup file in its name, to the second, in the time
// zone of the clock given to Backup. Colons are not allowed in Windows
// names. Backups written before were dated to the minute (oldNameLayout);
// Prune still reads those names.
const (
	nameLayout    = "2006-01-02T150405"
	oldNameLayout = "2006-01-02T1504"
)

// FileName returns the name of a backup made at t, such as
// pappu-2026-12-04T030000.pappubak.
func FileName(t time.Time) string { return "pappu-" + t.Format(nameLayout) + FileExt }

// freeName returns the path in dir of a backup made at t that no file has
// yet: FileName(t), else with -2, -3… before the extension, so that a
// second backup within the same second never replaces the first.
func freeName(dir string, t time.Time) string {
	base := strings.TrimSuffix(FileName(t), FileExt)
	name := base + FileExt
	for i := 2; ; i++ {
		if _, err := os.Lstat(filepath.Join(dir, name)); errors.Is(err, fs.ErrNotExist) {
			return filepath.Join(dir, name)
		}
		name = fmt.Sprintf("%s-%d%s", base, i, FileExt)
	}
}

// Prefixes of the temporary files and folders this package creates. A crash
// can leave them behind; later runs remove those more than a day old.
const (
	workPrefix = ".pappu-backup-"   // private folder next to the database
	tempPrefix = ".pappu-en-cours-" // unfinished backup in the destination
	staleAfter = 24 * time.Hour
	maxBusy    = 2 * time.Minute // how long the snapshot waits for a lock
)

// Backup derives a key from pass (see DeriveKey) and writes a backup of the
// database at srcDBPath into destDir, named after now. See BackupWithKey.
func Backup(ctx context.Context, srcDBPath, destDir string, pass []byte,
	now time.Time) (string, error) {
	if err := checkFolder(destDir); err != nil {
		return "", err
	}
	if info, err := os.Stat(srcDBPath); err != nil || info.IsDir() {
		return "", errNoDatabase(srcDBPath)
	}
	key, err := DeriveKey(pass, DefaultParams)
	if err != nil {
		return "", err
	}
	return BackupWithKey(ctx, srcDBPath, destDir, key, now)
}

// BackupWithKey writes an encrypted backup of the database at srcDBPath into
// destDir and returns its path. The database may be in use: SQLite's online
// backup API copies one consistent state of it into a private folder next to
// it, while writers go on. That copy must pass PRAGMA quick_check, the
// encrypted file must then decrypt completely, and only then does it get its
// final name; the plaintext copy is removed whatever happens.
func BackupWithKey(ctx context.Context, srcDBPath, destDir string, key Key,
	now time.Time) (path string, err error) {
	if key.IsZero() {
		return "", internal("backup", errors.New("zero key"))
	}
	if err := checkFolder(destDir); err != nil {
		return "", err
	}
	if info, err := os.Stat(srcDBPath); err != nil || info.IsDir() {
		return "", errNoDatabase(srcDBPath)
	}

	// The unfinished file is created first: an unwritable destination then
	// fails before any plaintext copy exists.
	out, err := os.CreateTemp(destDir, tempPrefix+"*.tmp")
	if err != nil {
		return "", errUnwritable(destDir, err)
	}
	defer func() {
		if err != nil {
			out.Close()
			os.Remove(out.Name())
		}
	}()

	work, err := newWorkDir(filepath.Dir(srcDBPath))
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)

	snap := filepath.Join(work, "copie.db")
	if err := snapshot(ctx, srcDBPath, snap); err != nil {
		return "", err
	}
	if err := checkAndEncrypt(ctx, srcDBPath, snap, out, key); err != nil {
		return "", err
	}
	os.RemoveAll(work) // done with the plaintext; the deferred call is for failures

	if err := verifyWritten(ctx, out.Name(), key); err != nil {
		return "", err
	}
	// TODO: two processes finishing a backup within the same second could
	// both find the name free; renaming without replacing is not portable
	// to the FAT file systems of USB keys.
	path = freeName(destDir, now)
	if err := os.Rename(out.Name(), path); err != nil {
		return "", errUnwritable(destDir, err)
	}
	syncDir(destDir)
	return path, nil
}

// checkFolder checks that the destination exists and is a folder. It is
// never created: a missing USB key must not become a folder on the PC.
func checkFolder(dir string) error {
	if strings.TrimSpace(dir) == "" {
		return backend.Invalid("folder", "Indiquez le dossier où écrire les sauvegardes.")
	}
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errNoFolder(dir)
	case err != nil:
		return errUnwritable(dir, err)
	case !info.IsDir():
		return errNotFolder(dir)
	}
	return nil
}

// newWorkDir creates a folder only this user can read, next to the database:
// the plaintext copy is then exactly as protected as the database itself,
// and a RAM-backed /tmp is not filled with a copy of it.
func newWorkDir(dataDir string) (string, error) {
	removeStale(dataDir, workPrefix)
	dir, err := os.MkdirTemp(dataDir, workPrefix+"*")
	if err != nil {
		return "", internal("work folder", err)
	}
	return dir, nil
}

// removeStale removes what an interrupted run left in dir, once older than a
// day, so that a run going on in another process is left alone. It goes by
// the files' real times, not by a clock given to this package.
func removeStale(dir, prefix string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < staleAfter {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if os.RemoveAll(p) == nil {
			removed = append(removed, p)
		}
	}
	return removed
}

// dsn is how this package opens SQLite files; like package sqlite, it
// escapes the path so that "?" or "#" in a folder name stays in the name.
func dsn(path string, params ...string) string {
	return "file:" + url.PathEscape(filepath.ToSlash(path)) + "?" + strings.Join(params, "&")
}

// snapshot copies the database at src into the new file dst with SQLite's
// online backup API. One step copies every page inside one read transaction:
// in WAL mode writers are not blocked and the copy is one consistent state,
// where an incremental backup would restart at each write.
func snapshot(ctx context.Context, src, dst string) error {
	srcDB, err := sql.Open("sqlite3", dsn(src, "mode=ro", "_busy_timeout=15000"))
	if err != nil {
		return internal("open source", err)
	}
	defer srcDB.Close()
	dstDB, err := sql.Open("sqlite3", dsn(dst, "_journal_mode=OFF", "_synchronous=OFF"))
	if err != nil {
		return internal("open copy", err)
	}
	defer dstDB.Close()

	srcConn, err := srcDB.Conn(ctx)
	if err != nil {
		return sourceError(src, err)
	}
	defer srcConn.Close()
	dstConn, err := dstDB.Conn(ctx)
	if err != nil {
		return internal("open copy", err)
	}
	defer dstConn.Close()

	err = dstConn.Raw(func(d any) error {
		return srcConn.Raw(func(s any) error {
			return copyPages(ctx, d.(*sqlite3.SQLiteConn), s.(*sqlite3.SQLiteConn))
		})
	})
	if err != nil {
		return sourceError(src, err)
	}
	return nil
}

func copyPages(ctx context.Context, dst, src *sqlite3.SQLiteConn) error {
	bk, err := dst.Backup("main", src, "main")
	if err != nil {
		return err
	}
	start := time.Now()
	for {
		done, err := bk.Step(-1)
		if err != nil {
			bk.Finish()
			return err
		}
		if done {
			return bk.Finish()
		}
		// Busy or locked: a checkpoint or a recovery holds the file for a
		// moment; Step reports it as not done, without an error. A lock held
		// for minutes is something else, such as a restore under way.
		if time.Since(start) > maxBusy {
			bk.Finish()
			return errors.New("database busy for too long")
		}
		select {
		case <-ctx.Done():
			bk.Finish()
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// sourceError tells a damaged database from a fault of ours.
func sourceError(db string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB) {
		return errDamagedSource(db, se.Error())
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return internal("snapshot", err)
}

// checkAndEncrypt runs PRAGMA quick_check on the copy while encrypting
// it into out: on two cores the check, the longest step, costs no extra time.
func checkAndEncrypt(ctx context.Context, db, snap string, out *os.File, key Key) error {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		detail, err := integrityCheck(gctx, snap, quickCheck)
		if err != nil {
			return err
		}
		if detail != "" {
			return errDamagedSource(db, detail)
		}
		return nil
	})
	g.Go(func() error {
		if err := encryptFile(gctx, snap, out, key); err != nil {
			switch {
			case ctx.Err() != nil:
				return ctx.Err()
			case gctx.Err() != nil:
				return nil // the check failed; its error says why
			}
			return errUnwritable(filepath.Dir(out.Name()), err)
		}
		return nil
	})
	return g.Wait()
}

func encryptFile(ctx context.Context, snap string, out *os.File, key Key) error {
	in, err := os.Open(snap)
	if err != nil {
		return err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return err
	}
	if err := encrypt(ctx, out, in, info.Size(), key); err != nil {
		return err
	}
	if err := out.Sync(); err != nil {
		return err
	}
	return out.Close()
}

// The checks of a database copy. The daily backup runs quick_check on its
// snapshot: every page, record and b-tree of the file, in a third of the
// time, leaving out only whether each index matches its table, which a
// copy made page by page by SQLite's backup API from a working database
// does not change. Verify and Restore, run once by a person, run the full
// integrity_check.
const (
	quickCheck = "quick_check"
	fullCheck  = "integrity_check"
)

// integrityCheck runs PRAGMA check (quick_check or integrity_check) on the
// SQLite file at path, opened immutable so that nothing is written next to
// it. It returns "" when the file is sound, else what SQLite found.
func integrityCheck(ctx context.Context, path, check string) (string, error) {
	db, err := sql.Open("sqlite3", dsn(path, "mode=ro", "immutable=1"))
	if err != nil {
		return "", internal("open copy", err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "PRAGMA "+check+"(10)")
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return err.Error(), nil // not a database at all
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", internal("integrity check", err)
		}
		lines = append(lines, line)
	}
	if err := rows.Err(); err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return err.Error(), nil
	}
	if len(lines) == 1 && lines[0] == "ok" {
		return "", nil
	}
	return strings.Join(lines, "; "), nil
}

// verifyWritten reads back a file just written and authenticates every chunk
// of it, on both cores (see sealed.authenticate). With
// the copy already checked by quick_check, a file whose every chunk
// authenticates under the key holds exactly that checked copy, so the
// plaintext need not be written out and checked a second time.
func verifyWritten(ctx context.Context, file string, key Key) error {
	s, err := openSealedWithKey(file, key)
	if err != nil {
		return errUnreadable(filepath.Dir(file), err)
	}
	defer s.Close()
	if err := s.authenticate(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return errUnreadable(filepath.Dir(file), err)
	}
	return nil
}

// syncDir makes a rename in dir durable. It is best effort: Windows cannot
// open a folder for this (NTFS journals the rename itself), and FAT or
// network shares may refuse; the file's own content is synced before.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
