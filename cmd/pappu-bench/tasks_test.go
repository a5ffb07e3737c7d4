package main

import (
	"bytes"
	"context"
	"os"
	"testing"
)

// TestTaskFigures prints the task figures alone, without the large
// database the rest of the bench needs:
//
//	PAPPU_BENCH_TASKS=1 go test -run TaskFigures -v ./cmd/pappu-bench/
//
// Speed is a benchmark's business, not a test's: nothing is asserted.
func TestTaskFigures(t *testing.T) {
	if os.Getenv("PAPPU_BENCH_TASKS") == "" {
		t.Skip("PAPPU_BENCH_TASKS is not set")
	}
	var out bytes.Buffer
	b := &bench{out: &out, log: &out, work: t.TempDir()}
	if err := b.measureTasks(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + out.String())
}
