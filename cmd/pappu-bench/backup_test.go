package main

import (
	"os"
	"testing"
)

// TestBackupFigures prints the backup figures for the database named by
// PAPPU_BENCH_DB, such as the one `make bench` caches:
//
//	PAPPU_BENCH_DB=$PWD/.cache/bench/demo-p200000-v1000000-s1/pappu.db \
//	  go test -run BackupFigures -v -timeout 30m ./cmd/pappu-bench/
//
// Speed is a benchmark's business, not a test's: nothing is asserted.
func TestBackupFigures(t *testing.T) {
	db := os.Getenv("PAPPU_BENCH_DB")
	if db == "" {
		t.Skip("PAPPU_BENCH_DB is not set")
	}
	key, err := benchKeyDerivation()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("backup_key %.0f ms", key*1000)
	for range 2 {
		seconds, err := benchBackup(db)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("backup %.1f s", seconds)
	}
}
