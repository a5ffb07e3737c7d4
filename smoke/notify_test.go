package smoke_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"pappu/backend"
	"pappu/backend/sqlite"
)

// The task whose reminder fires at start; made up.
const reminderTitle = "Rappeler Mme Essai pour le récépissé"

// TestDesktopNotification starts the real binary on a database holding a
// task whose reminder passed while PAPPU was closed. At start the reminder
// fires, late, as a desktop notification: a real notification daemon
// (dunst) on a private D-Bus session receives it, and the test reads it
// back from the daemon's history. Nobody is logged in yet, so the desktop
// is told that a reminder waits, never the task's title (it may name a
// person; see app.LockedNotificationBody).
func TestDesktopNotification(t *testing.T) {
	requireTools(t, "Xvfb", "dbus-daemon", "dunst")
	root := repoRoot(t)
	bin := binary(t, root)
	display := startXvfb(t)
	bus := startSessionBus(t)
	startDunst(t, display, bus)

	dataDir := filepath.Join(t.TempDir(), "PAPPU")
	prepareDueReminder(t, dataDir)
	app := startApp(t, bin, display, dataDir, "DBUS_SESSION_BUS_ADDRESS="+bus)

	conn, err := dbus.Connect(bus)
	if err != nil {
		t.Fatalf("connect to the session bus: %v", err)
	}
	defer conn.Close()
	got := waitFor(t, app, "a notification in dunst's history", func() (string, bool) {
		return findNotification(t, conn)
	})
	t.Logf("dunst received %q", got)
	if !strings.Contains(got, "Un rappel vous attend dans PAPPU.") ||
		!strings.Contains(got, "rappel en retard") || strings.Contains(got, "Essai") {
		t.Errorf("the notification reads %q", got)
	}
	app.stop(t)

	// The title names a person: it went to the desktop, not to the log.
	log, _ := os.ReadFile(filepath.Join(dataDir, "logs", "pappu.log"))
	if strings.Contains(string(log), "Essai") {
		t.Errorf("the log names the task:\n%s", log)
	}
}

// startSessionBus starts a private D-Bus session bus and returns its address.
func startSessionBus(t *testing.T) string {
	t.Helper()
	socket := filepath.Join(t.TempDir(), "bus")
	address := "unix:path=" + socket
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--nopidfile",
		"--address="+address)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start dbus-daemon: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	waitUntil(t, "the D-Bus session socket", func() bool {
		_, err := os.Stat(socket)
		return err == nil
	})
	return address
}

// startDunst starts the notification daemon on the screen and the bus, and
// waits until it owns the notification service.
func startDunst(t *testing.T, display, bus string) {
	t.Helper()
	cmd := exec.Command("dunst")
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "DBUS_SESSION_BUS_ADDRESS="+bus)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start dunst: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	conn, err := dbus.Connect(bus)
	if err != nil {
		t.Fatalf("connect to the session bus: %v", err)
	}
	defer conn.Close()
	waitUntil(t, "dunst on the bus", func() bool {
		var owned bool
		err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0,
			"org.freedesktop.Notifications").Store(&owned)
		return err == nil && owned
	})
}

// prepareDueReminder creates the structure and a task whose reminder was
// due ten minutes ago, as if PAPPU had been closed then.
func prepareDueReminder(t *testing.T, dataDir string) {
	t.Helper()
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(filepath.Join(dataDir, "pappu.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := db.Setup(context.Background(), backend.Setup{OrganisationName: "Fumée",
		SiteName: "Permanence", UserName: "Camille", Login: smokeLogin,
		Password: smokePassword})
	if err != nil {
		t.Fatal(err)
	}
	ctx := backend.WithActor(context.Background(), c.Users[0].ID)
	remind := time.Now().Add(-10 * time.Minute)
	if _, err := db.CreateTask(ctx, backend.Task{Title: reminderTitle,
		DueAt: time.Now().Add(time.Hour), RemindAt: &remind}); err != nil {
		t.Fatal(err)
	}
}

// findNotification returns the summary and body of PAPPU's notification in
// dunst, once shown; it closes what dunst displays so that it reaches the
// history, where dunst lets it be read.
func findNotification(t *testing.T, conn *dbus.Conn) (string, bool) {
	dunst := conn.Object("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
	dunst.Call("org.dunstproject.cmd0.NotificationCloseAll", 0)
	var history []map[string]dbus.Variant
	if err := dunst.Call("org.dunstproject.cmd0.NotificationListHistory", 0).
		Store(&history); err != nil {
		t.Logf("dunst history: %v", err)
		return "", false
	}
	for _, n := range history {
		summary, _ := n["summary"].Value().(string)
		body, _ := n["body"].Value().(string)
		if summary == "PAPPU — rappel" {
			return summary + ": " + body, true
		}
	}
	return "", false
}

func waitUntil(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(windowTimeout)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s after %v", what, windowTimeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
