package sqlite

import (
	"path/filepath"
	"testing"
)

// Saving a visit never waits for a checkpoint: the writer's automatic
// checkpoints are off and a goroutine of its own does them.
func TestCheckpointsLeaveTheWriter(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "pappu.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var pages int
	if err := db.writer.QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if pages != 0 {
		t.Fatalf("the writer checkpoints every %d pages", pages)
	}
	if db.checkpoints == nil {
		t.Fatal("no background checkpointer")
	}
	var busy, logged, copied int
	if err := db.checkpoints.conn.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).
		Scan(&busy, &logged, &copied); err != nil || busy != 0 || copied != logged {
		t.Fatalf("the checkpointer's connection cannot checkpoint: %v %d %d/%d",
			err, busy, copied, logged)
	}
}
