package app

import (
	"github.com/gen2brain/beeep"

	"pappu/backend"
)

// Notifier shows a reminder that fired outside the window: on the desktop
// in the app, nowhere in tests and on the command line.
type Notifier interface {
	Notify(n backend.Notification) error
}

// NotificationTitle is the title of every desktop notification.
const NotificationTitle = "PAPPU — rappel"

// desktopNotifier shows reminders as desktop notifications through beeep:
// a freedesktop notification over D-Bus on Linux, a toast on Windows.
type desktopNotifier struct{}

// DesktopNotifier returns the Notifier of the desktop app.
func DesktopNotifier() Notifier {
	beeep.AppName = "PAPPU" // the sender the desktop names (the toast's AppID on Windows)
	return desktopNotifier{}
}

// Notify shows the task's title; a reminder that fired late says so. The
// title may name a person: it is shown on the user's own desktop only.
func (desktopNotifier) Notify(n backend.Notification) error {
	body := n.Title
	if n.Late {
		body += " (rappel en retard)"
	}
	return beeep.Notify(NotificationTitle, body, "")
}

type nopNotifier struct{}

func (nopNotifier) Notify(backend.Notification) error { return nil }

// SetNotifier replaces how fired reminders reach the desktop.
func (s *Services) SetNotifier(n Notifier) { s.deps.notifier = n }
