package app

import (
	"strings"
	"testing"

	"pappu/backend"
)

// While a restore replaces the database, every entry point says so rather
// than reaching a closed store.
func TestCallsDuringARestoreAreTurnedAway(t *testing.T) {
	svc, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if _, err := svc.Structure.Setup(backend.Setup{OrganisationName: "Espace Test",
		SiteName: "Permanence", UserName: "Hélène R.", Login: "helene",
		Password: "Vert-Olive-2026"}); err != nil {
		t.Fatal(err)
	}

	svc.deps.mu.Lock()
	svc.deps.restoring = true
	svc.deps.mu.Unlock()
	calls := map[string]func() error{
		"Persons.Search": func() error { _, err := svc.Persons.Search("x", 3); return err },
		"Session.State":  func() error { _, err := svc.Session.State(); return err },
		"Session.Login": func() error {
			_, err := svc.Session.Login("helene", "Vert-Olive-2026")
			return err
		},
		"Structure.Context": func() error { _, err := svc.Structure.Context(); return err },
		"Backups.Restore": func() error {
			_, err := svc.Backups.Restore("x.pappubak", "phrase de passe longue")
			return err
		},
	}
	for name, call := range calls {
		err := call()
		if err == nil || !strings.Contains(err.Error(), "Restauration en cours") {
			t.Errorf("%s during a restore: %v", name, err)
		}
	}

	svc.deps.mu.Lock()
	svc.deps.restoring = false
	svc.deps.mu.Unlock()
	if _, err := svc.Persons.Search("x", 3); err != nil {
		t.Fatalf("after the restore: %v", err)
	}
}
