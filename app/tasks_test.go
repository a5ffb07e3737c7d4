package app_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"pappu/app"
	"pappu/backend"
)

// desktop keeps what would be shown on the desktop.
type desktop struct {
	mu    sync.Mutex
	shown []backend.Notification
}

func (d *desktop) Notify(n backend.Notification) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.shown = append(d.shown, n)
	return nil
}

func TestDueReminderReachesTheDesktopAndTheBell(t *testing.T) {
	svc, _ := mustServices(t)
	rec, desk := &recorder{}, &desktop{}
	svc.SetEvents(rec)
	svc.SetNotifier(desk)
	now := time.Now().Truncate(time.Minute)
	svc.SetClock(func() time.Time { return now })

	remind := now.Add(2 * time.Minute)
	task, err := svc.Tasks.Create(backend.Task{Title: "Rappeler M. Haddad",
		DueAt: now.Add(time.Hour), RemindAt: &remind})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := svc.FireReminders(context.Background()); n != 0 || len(desk.shown) != 0 {
		t.Fatalf("fired before its time: %d", n)
	}

	now = remind
	if n, err := svc.FireReminders(context.Background()); n != 1 || err != nil {
		t.Fatalf("fired %d (%v)", n, err)
	}
	if len(desk.shown) != 1 || desk.shown[0].Title != "Rappeler M. Haddad" ||
		desk.shown[0].TaskID != task.ID {
		t.Fatalf("shown on the desktop: %+v", desk.shown)
	}
	if last := rec.names[len(rec.names)-1]; last != "notifications:changed" {
		t.Fatalf("last event %q", last)
	}
	if n, _ := svc.FireReminders(context.Background()); n != 0 {
		t.Fatal("fired twice")
	}

	unread, err := svc.Notifications.UnreadCount()
	if err != nil || unread != 1 {
		t.Fatalf("unread %d (%v)", unread, err)
	}
	list, _ := svc.Notifications.List(10)
	if len(list) != 1 || list[0].TaskID != task.ID {
		t.Fatalf("centre %+v", list)
	}
	if unread, err = svc.Notifications.MarkAllRead(); unread != 0 || err != nil {
		t.Fatalf("after reading all: %d (%v)", unread, err)
	}
}

// While the session is locked (or nobody is logged in) a reminder still
// reaches the desktop, but without its title: whoever passes by the screen
// must not read a person's name there. The bell keeps the whole reminder.
func TestALockedDeskShowsNoReminderTitle(t *testing.T) {
	svc, _ := mustServices(t)
	desk := &desktop{}
	svc.SetNotifier(desk)
	now := time.Now().Truncate(time.Minute)
	svc.SetClock(func() time.Time { return now })
	for i, remind := range []time.Time{now.Add(time.Minute), now.Add(2 * time.Minute)} {
		if _, err := svc.Tasks.Create(backend.Task{Title: "Rappeler Mme Ferreira",
			DueAt: now.Add(time.Hour), RemindAt: &remind}); err != nil {
			t.Fatal(i, err)
		}
	}
	if _, err := svc.Session.Lock(); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Minute)
	if n, err := svc.FireReminders(context.Background()); n != 1 || err != nil {
		t.Fatalf("fired %d (%v)", n, err)
	}
	svc.Session.Logout()
	now = now.Add(time.Minute)
	if n, err := svc.FireReminders(context.Background()); n != 1 || err != nil {
		t.Fatalf("fired %d (%v)", n, err)
	}
	if len(desk.shown) != 2 {
		t.Fatalf("shown %+v", desk.shown)
	}
	for _, n := range desk.shown {
		if n.Title != app.LockedNotificationBody {
			t.Errorf("a locked desk showed %q", n.Title)
		}
	}
}
