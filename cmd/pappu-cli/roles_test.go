package main_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"pappu/app"
	"pappu/backend"
	"pappu/backend/sqlite"
)

// addAccount creates an account with role and sets its final password.
func addAccount(t *testing.T, dir, login, role string) backend.User {
	t.Helper()
	svc, err := app.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if _, err := svc.Session.Login("alex", password); err != nil {
		t.Fatal(err)
	}
	u, err := svc.Users.Create(sqlite.NewAccount{DisplayName: "Compte " + login,
		Login: login, Role: role, TemporaryPassword: "Provisoire-2026!"})
	if err == nil {
		_, err = svc.Session.Login(login, "Provisoire-2026!")
	}
	if err == nil {
		_, err = svc.Session.ChangePassword("Provisoire-2026!", password+"x")
	}
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// roleCase is a command, and the action whose right it needs.
type roleCase struct {
	name   string
	args   []string // "%s" is replaced by the role, to keep outputs apart
	action string
}

// checkCommandRoles runs each command as an account of each role but the
// administrator's: allowed ones succeed; refused ones say so in French and
// leave an entry in the audit log.
func checkCommandRoles(t *testing.T, dir string, commands []roleCase) {
	t.Helper()
	for _, role := range []string{backend.RoleManager, backend.RoleWorker,
		backend.RoleReception} {
		login := "cli." + role
		u := addAccount(t, dir, login, role)
		for _, c := range commands {
			t.Run(role+"/"+strings.Join(c.args[:min(2, len(c.args))], " "), func(t *testing.T) {
				args := append([]string{}, c.args...)
				for i := range args {
					args[i] = strings.ReplaceAll(args[i], "%s", role)
				}
				cmd := exec.Command(cli, append(args, "--data-dir", dir, "--user", login)...)
				cmd.Env = append(os.Environ(), "PAPPU_DATA_DIR=", "PAPPU_PASSWORD="+password+"x")
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				err := cmd.Run()
				if backend.Can(role, c.action) {
					if err != nil {
						t.Fatalf("refused: %v %s", err, stderr.String())
					}
					return
				}
				if err == nil || !strings.Contains(stderr.String(), "ne permet pas") {
					t.Fatalf("allowed, or refused without a French message: %v %q",
						err, stderr.String())
				}
				if !audited(t, dir, u.ID, "cli."+c.name) {
					t.Fatal("the refusal is not in the audit log")
				}
			})
		}
	}
}

func TestCommandsCheckTheRole(t *testing.T) {
	dir := setUp(t)
	file := writeLog(t, 3)
	checkCommandRoles(t, dir, []roleCase{
		{"import", []string{"import", file}, backend.ActImport},
		{"stats", []string{"stats"}, backend.ActStats},
		{"demo", []string{"demo", "--persons", "2", "--visits", "3"}, backend.ActSettings},
		{"partners.import", []string{"partners", "import", partnersFile(t)},
			backend.ActPartnerWrite},
		{"partners.export", []string{"partners", "export", "-"}, backend.ActExport},
		// The report needs ActExport too, which every role with ActStats has.
		{"report", []string{"report", "--year", "2025", "--pdf",
			filepath.Join(t.TempDir(), "bilan-%s.pdf")}, backend.ActStats},
	})
}

func audited(t *testing.T, dir, userID, method string) bool {
	t.Helper()
	svc, err := app.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	entries, err := svc.Store().AuditLog(t.Context(), sqlite.AuditFilter{UserID: userID,
		Action: "refused"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.EntityID == method {
			return true
		}
	}
	return false
}
