// The task lists: mine, overdue, today, this week, each with its count;
// a task is marked done or cancelled from its row.

import { onTasksChanged, tasks } from "../../api";
import type { TaskCounts, TaskList, TaskRow, TaskStatus } from "../../api";
import { append, h, replace } from "../../components/dom";
import { button } from "../../components/form";
import { errorBox } from "../../components/notice";
import { newTaskButton } from "../../components/taskButton";
import { fr } from "../../i18n/fr";
import { formatDateTime } from "../../lib/dates";
import { href } from "../../nav";
import type { Screen } from "../../nav";

const t = fr.tasks;
const LISTS: (keyof TaskCounts & TaskList)[] = ["mine", "overdue", "today", "week"];

export const tasksScreen: Screen = async (root, route) => {
  const asked = route.query.get("list") ?? "mine";
  const list = (LISTS as string[]).includes(asked) ? (asked as TaskList) : "mine";
  const tabs = h("nav", { class: "tabs", "aria-label": t.listsLabel });
  const body = h("div", { id: "tasks-list" });
  const status = h("div", { role: "status", "aria-live": "polite", id: "tasks-status" });

  const refresh = async (): Promise<void> => {
    try {
      const [counts, rows] = await Promise.all([tasks.counts(), tasks.list({ list, personId: "", limit: 200 })]);
      replace(tabs, LISTS.map((l) => tab(l, l === list, counts[l])));
      replace(body, table(rows, refresh, status));
    } catch (err) {
      replace(body, errorBox(err));
    }
  };
  await refresh();

  append(root, [
    h("div", { class: "screen-head" }, h("h1", { id: "tasks-title" }, t.title), h("div", { class: "actions" }, newTaskButton({}))),
    tabs,
    status,
    body,
  ]);
  return onTasksChanged(() => void refresh());
};

function tab(list: string, current: boolean, n: number): HTMLElement {
  return h(
    "a",
    { href: href(`/tasks?list=${list}`), class: "tab", id: `tasks-tab-${list}`, "aria-current": current ? "page" : false },
    t.lists[list],
    " ",
    h("span", { class: "tab-count", id: `tasks-count-${list}`, "data-testid": `tasks-count-${list}` }, String(n)),
  );
}

function table(rows: TaskRow[], refresh: () => Promise<void>, status: HTMLElement): HTMLElement {
  if (rows.length === 0) return h("p", { class: "empty" }, t.empty);
  return h(
    "table",
    { class: "table", id: "tasks-table" },
    h("thead", {},
      h("tr", {},
        h("th", { scope: "col" }, t.colDue),
        h("th", { scope: "col" }, t.colTitle),
        h("th", { scope: "col" }, t.colPerson),
        h("th", { scope: "col" }, t.colAssignee),
        h("th", { scope: "col" }, t.colActions))),
    h("tbody", {}, rows.map((r) => row(r, refresh, status))),
  );
}

function row(r: TaskRow, refresh: () => Promise<void>, status: HTMLElement): HTMLElement {
  const act = (label: string, to: TaskStatus, testid: string, flash: string): HTMLButtonElement => {
    const b = button(label, { "data-testid": testid }, "secondary");
    b.classList.add("btn-small");
    b.addEventListener("click", async () => {
      b.disabled = true;
      try {
        await tasks.setStatus(r.id, to);
        replace(status, h("p", { class: "flash" }, flash));
        await refresh();
      } catch (err) {
        b.disabled = false;
        replace(status, errorBox(err));
      }
    });
    return b;
  };
  return h(
    "tr",
    { "data-testid": "task-row", "data-id": r.id, class: r.overdue ? "overdue" : null },
    h("td", {}, formatDateTime(r.dueAt), r.overdue ? h("span", { class: "tag tag-late" }, t.overdue) : null),
    h("td", {},
      h("a", { href: href(`/tasks/${encodeURIComponent(r.id)}`), class: "task-title" }, r.title),
      r.priority === "high" ? h("span", { class: "tag" }, t.priorities.high) : null,
      r.origin === "key_date" ? h("span", { class: "tag" }, t.keyDate) : null),
    h("td", {}, r.personId ? h("a", { href: href(`/person/${encodeURIComponent(r.personId)}`) }, r.personName) : ""),
    h("td", {}, r.assigneeName || t.everyone),
    h("td", { class: "row-actions" },
      act(t.markDone, "done", "task-done", t.doneFlash),
      act(t.cancel, "cancelled", "task-cancel", t.cancelledFlash)),
  );
}
