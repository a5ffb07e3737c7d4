package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestTaskFromPersonPage creates a task from a person's page in two
// clicks and a title, finds it under "Aujourd'hui", marks it done, and sees
// the count drop.
func TestTaskFromPersonPage(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t)
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot(t, "tasks-failed")
		}
	})
	setUpStructure(t, b, s)

	var person struct{ ID string }
	s.call(t, "Persons", "Create", &person, map[string]any{"lastName": "TESTTACHE",
		"firstNames": "Ibrahima"})

	b.step(t, "open the person's page and the task form",
		chromedp.Navigate(s.URL+"/#/person/"+person.ID),
		chromedp.WaitVisible(chromedp.ID("new-task")),
		chromedp.Click(chromedp.ID("new-task")),
		chromedp.WaitVisible(chromedp.ID("task-title")))
	if got := b.text(t, "#task-person"); !strings.HasPrefix(got, "Tâche liée à la fiche") {
		t.Errorf("the form says %q about the person", got)
	}

	// Without a title nothing is saved, and the form says why.
	b.step(t, "save without a title", chromedp.Click(chromedp.ID("task-submit")))
	b.waitText(t, "#task-title-error", "Ce champ est obligatoire.")

	b.step(t, "give a title and save",
		chromedp.SendKeys(chromedp.ID("task-title"), "Photocopier le passeport"),
		chromedp.Click(chromedp.ID("task-submit")),
		chromedp.WaitVisible(chromedp.ID("person-record-visit")))
	b.waitText(t, "#flash", "Tâche enregistrée.")
	b.screenshot(t, "tasks-01-person")

	b.step(t, "open today's tasks",
		chromedp.Click(chromedp.CSS(`[data-testid="nav-tasks"]`)),
		chromedp.WaitVisible(chromedp.ID("tasks-table")))
	b.waitText(t, "#tasks-tab-today[aria-current=page] .tab-count", "1")
	b.waitText(t, `[data-testid="task-row"] .task-title`, "Photocopier le passeport")
	if got := b.text(t, `[data-testid="task-row"] td:nth-child(3)`); got != "TESTTACHE Ibrahima" {
		t.Errorf("the row names %q", got)
	}
	b.screenshot(t, "tasks-02-today")

	b.step(t, "mark it done", chromedp.Click(chromedp.CSS(`[data-testid="task-done"]`)))
	b.waitText(t, "#tasks-count-today", "0")
	b.waitCount(t, `[data-testid="task-row"]`, 0)
	b.waitText(t, "#tasks-status", "Tâche marquée comme faite.")
	b.screenshot(t, "tasks-03-done")

	if errs := b.pageErrors(); len(errs) > 0 {
		t.Errorf("the page threw errors:\n%s", strings.Join(errs, "\n"))
	}
	s.stop()
	noNamesInLogs(t, s, "testtache", "ibrahima", "photocopier")
}
