package backup

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func cpu() time.Duration {
	var r syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &r)
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

func TestZZPhases(t *testing.T) {
	src := os.Getenv("PAPPU_BENCH_DB")
	if src == "" {
		t.Skip()
	}
	ctx := context.Background()
	work := t.TempDir()
	snap := filepath.Join(work, "copie.db")
	step := func(name string, fn func() error) {
		c0, w0 := cpu(), time.Now()
		if err := fn(); err != nil {
			t.Fatal(name, err)
		}
		t.Logf("%-28s wall %6.2f s  cpu %6.2f s", name, time.Since(w0).Seconds(), (cpu() - c0).Seconds())
	}
	step("snapshot", func() error { return snapshot(ctx, src, snap) })
	for _, q := range []struct{ name string; params []string; pragma string }{
		{"integrity_check", []string{"mode=ro", "immutable=1"}, "PRAGMA integrity_check(10)"},
		{"integrity_check cache+mmap", []string{"mode=ro", "immutable=1", "_cache_size=-262144", "_mmap_size=4294967296"}, "PRAGMA integrity_check(10)"},
		{"quick_check", []string{"mode=ro", "immutable=1"}, "PRAGMA quick_check(10)"},
	} {
		step(q.name, func() error {
			db, err := sql.Open("sqlite3", dsn(snap, q.params...))
			if err != nil {
				return err
			}
			defer db.Close()
			var r string
			return db.QueryRow(q.pragma).Scan(&r)
		})
	}
	out, _ := os.Create(filepath.Join(work, "out.pappubak"))
	step("encrypt+sync", func() error { return encryptFile(ctx, snap, out, testKey) })
	step("read back", func() error { return verifyWritten(ctx, out.Name(), testKey) })
}
