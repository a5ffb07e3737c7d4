package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportWritesTheYearsFiles(t *testing.T) {
	if _, err := os.Stat(sample); err != nil {
		t.Skip("shared sample not found")
	}
	dir := setUp(t)
	if code, _, stderr := runCLI(t, "import", sample, "--data-dir", dir,
		"--user", "alex"); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	out := t.TempDir()
	pdf, xlsx, csvDir := filepath.Join(out, "bilan.pdf"), filepath.Join(out, "bilan.xlsx"),
		filepath.Join(out, "tableaux")
	code, stdout, stderr := runCLI(t, "report", "--year", "2024", "--pdf", pdf, "--xlsx", xlsx,
		"--csv", csvDir, "--data-dir", dir, "--user", "alex")
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "Bilan d'activité 2024 : 300 accueils, 95 personnes reçues.") {
		t.Errorf("stdout %q", stdout)
	}
	for _, f := range []string{pdf, xlsx, filepath.Join(csvDir, "bilan-2024-theme.csv")} {
		if info, err := os.Stat(f); err != nil || info.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	theme, _ := os.ReadFile(filepath.Join(csvDir, "bilan-2024-theme.csv"))
	if !strings.HasPrefix(string(theme), "\uFEFFThématique;Accueils;") {
		t.Errorf("theme CSV starts %q", string(theme[:min(60, len(theme))]))
	}

	// Without a year, nothing is written and the usage is shown.
	if code, _, stderr := runCLI(t, "report", "--pdf", pdf+"2", "--data-dir", dir,
		"--user", "alex"); code != 2 || !strings.Contains(stderr, "--year") {
		t.Errorf("no year: exit %d, %q", code, stderr)
	}
}
