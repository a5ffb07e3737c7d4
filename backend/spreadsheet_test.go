package backend_test

import (
	"testing"

	"pappu/backend"
)

// A cell a spreadsheet would take for a formula is written as text, and
// read back as it was typed.
func TestSpreadsheetCells(t *testing.T) {
	for in, want := range map[string]string{
		"=2+3":          "'=2+3",
		"@SUM(1,1)":     "'@SUM(1,1)",
		"+33 6 12":      "'+33 6 12",
		"-12":           "'-12",
		"Cimade":        "Cimade",
		"":              "",
		"l'accueil":     "l'accueil",
		"'déjà entre '": "'déjà entre '",
	} {
		got := backend.SpreadsheetCell(in)
		if got != want {
			t.Errorf("SpreadsheetCell(%q) = %q, want %q", in, got, want)
		}
		if back := backend.FromSpreadsheetCell(got); back != in {
			t.Errorf("FromSpreadsheetCell(%q) = %q, want %q", got, back, in)
		}
	}
}
