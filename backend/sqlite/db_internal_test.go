package sqlite

import (
	"path/filepath"
	"testing"
)

// Every connection, the writer's and the readers', cuts the WAL back to
// walSizeLimit when it starts over: a PRAGMA in the connect hook reaches
// them all, where one run through a pool would reach a single connection.
func TestEveryConnectionLimitsTheWAL(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "pappu.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct {
		name string
		get  func() (int64, error)
	}{
		{"writer", func() (n int64, err error) {
			err = db.writer.QueryRow(`PRAGMA journal_size_limit`).Scan(&n)
			return
		}},
		{"reader", func() (n int64, err error) {
			err = db.reader.QueryRow(`PRAGMA journal_size_limit`).Scan(&n)
			return
		}},
	} {
		n, err := c.get()
		if err != nil || n != walSizeLimit {
			t.Errorf("%s: journal_size_limit = %d (%v), want %d", c.name, n, err, walSizeLimit)
		}
	}
}
