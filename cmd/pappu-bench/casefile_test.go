package main

import (
	"io"
	"os"
	"testing"
)

// TestCaseFileFigure prints the case file figures alone:
//
//	go test -run CaseFileFigure -v ./cmd/pappu-bench/
//
// Speed is a benchmark's business, not a test's: nothing is asserted, but
// building the followed person checks that it still can be built.
func TestCaseFileFigure(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a database")
	}
	b := &bench{opt: options{seed: 1}, out: os.Stdout, log: io.Discard, work: t.TempDir()}
	if err := b.measureCaseFile(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, f := range b.figures {
		t.Logf("%s %s %s %s", f.name, formatValue(f.value), f.unit, f.target())
	}
}
