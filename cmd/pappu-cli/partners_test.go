package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// partnersFile writes a small directory file with one line without a name.
func partnersFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "annuaire.csv")
	data := "nom;organisme;type;adresse;code_postal;commune\r\n" +
		"La Cimade Marseille;La Cimade;association;8 rue Jean-Marc Cathala;13002;Marseille\r\n" +
		";Sans nom;autre;;;Nice\r\n" +
		"Préfecture des Bouches-du-Rhône;État;préfecture;66 rue Saint-Sébastien;;Marseille\r\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPartnersImportAndExport(t *testing.T) {
	dir := setUp(t)
	file := partnersFile(t)
	code, out, errOut := runCLI(t, "partners", "import", file, "--data-dir", dir,
		"--user", "alex")
	if code != 0 || !strings.Contains(out, "Partenaires ajoutés : 2") ||
		!strings.Contains(out, "Ligne 3 : le nom du partenaire est vide.") {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	code, out, _ = runCLI(t, "partners", "import", file, "--data-dir", dir, "--user", "alex")
	if code != 0 || !strings.Contains(out, "ajoutés : 0, mis à jour : 0, inchangés : 2") {
		t.Fatalf("second import: %d %q", code, out)
	}

	code, out, errOut = runCLI(t, "partners", "export", "--data-dir", dir, "--user", "alex")
	if code != 0 || !strings.HasPrefix(out, "\uFEFFnom;organisme;type") ||
		!strings.Contains(out, "La Cimade Marseille;La Cimade;Association;") ||
		!strings.Contains(out, "Préfecture des Bouches-du-Rhône;État;Administration;") {
		t.Fatalf("export: %d %q %q", code, out, errOut)
	}
	code, _, errOut = runCLI(t, "partners", "exporter", "--data-dir", dir)
	if code != 2 || !strings.Contains(errOut, "« import » ou « export »") {
		t.Fatalf("unknown subcommand: %d %q", code, errOut)
	}
}
