// The "Nouvelle tâche" button of a person's, procedure's, visit's or
// partner's page: it opens the task form already linked to what the page
// shows, and comes back to the page once the task is saved.

import { fr } from "../i18n/fr";
import { href } from "../nav";
import { can } from "../session";
import { h } from "./dom";

export interface TaskLinks {
  personId?: string;
  procedureId?: string;
  visitId?: string;
  partnerId?: string;
}

/** The button, or null when the user's role has no tasks. */
export function newTaskButton(links: TaskLinks): HTMLElement | null {
  if (!can("tasks")) return null;
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(links)) {
    if (value) q.set(name, value);
  }
  q.set("back", window.location.hash.replace(/^#/, "") || "/");
  return h(
    "a",
    { href: href(`/tasks/new?${q.toString()}`), class: "btn btn-secondary", id: "new-task", "data-testid": "new-task" },
    fr.tasks.newTask,
  );
}
