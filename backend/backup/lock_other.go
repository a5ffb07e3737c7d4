//go:build !linux && !darwin && !freebsd && !openbsd && !netbsd && !dragonfly && !windows

package backup

import "os"

// lockFile does not lock where PAPPU does not run; the SQLite probe in
// Restore still refuses while the database is open.
func lockFile(*os.File, bool) (bool, error) { return true, nil }
