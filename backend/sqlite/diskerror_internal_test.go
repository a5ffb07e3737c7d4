package sqlite

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mattn/go-sqlite3"

	"pappu/backend"
)

// A full disk or a folder PAPPU cannot write to is told in French, with the
// folder, as something the user can act on; other faults stay internal.
func TestDiskFaultsAreToldPlainly(t *testing.T) {
	dir := `C:\Users\accueil\AppData\Roaming\PAPPU`
	for code, want := range map[sqlite3.ErrNo]string{
		sqlite3.ErrFull:     "Le disque de PAPPU est plein",
		sqlite3.ErrReadonly: "ne peut pas écrire dans son dossier de données",
		sqlite3.ErrCantOpen: "ne peut pas écrire dans son dossier de données",
	} {
		err := diskError(dir, fmt.Errorf("commit: %w", sqlite3.Error{Code: code}))
		var be *backend.Error
		if !asBackendError(err, &be) || be.Code != backend.EStorage ||
			!strings.Contains(be.Message, want) || !strings.Contains(be.Message, dir) {
			t.Errorf("%v: %v", code, err)
		}
	}
	if err := diskError(dir, sqlite3.Error{Code: sqlite3.ErrConstraint}); err != nil {
		t.Errorf("a constraint failure told as a disk fault: %v", err)
	}
}

func asBackendError(err error, be **backend.Error) bool {
	e, ok := err.(*backend.Error)
	*be = e
	return ok
}
