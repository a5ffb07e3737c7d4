// The task form: a new task (possibly linked to a person, procedure, visit
// or partner by the page it was opened from), or an existing one opened
// from a list or a notification.

import { tasks } from "../../api";
import type { Task, TaskStatus } from "../../api";
import { append, h } from "../../components/dom";
import { button, checkbox, checkField, field, FormErrors, select, textArea, textInput } from "../../components/form";
import type { Option } from "../../components/form";
import { flashNext } from "../../components/notice";
import { fr } from "../../i18n/fr";
import { formatDate, formatDateTime, nowParisLocal, parisLocalToISO, parseDate } from "../../lib/dates";
import { href, navigate } from "../../nav";
import type { Route, Screen } from "../../nav";
import { me } from "../../session";
import { ctx } from "../../store";

const t = fr.tasks;
const DEFAULT_TIME = "18:00";
const REMINDER_OFFSETS = ["0", "15", "60", "1440"];

function emptyTask(route: Route): Task {
  const q = route.query;
  return {
    id: "", title: "", notes: "", dueAt: "", remindAt: null, priority: "normal", status: "todo",
    assigneeId: me()?.id ?? "", personId: q.get("personId") ?? "", procedureId: q.get("procedureId") ?? "",
    partnerId: q.get("partnerId") ?? "", visitId: q.get("visitId") ?? "", recurrence: "", workingDay: false,
    origin: "user", createdBy: "", doneAt: null, createdAt: "", updatedAt: "",
  };
}

export const taskFormScreen: Screen = async (root, route) => {
  const id = route.params.id;
  const creating = !id || id === "new";
  const task = creating ? emptyTask(route) : await tasks.get(id);
  const back = route.query.get("back") || "/tasks?list=today";

  // Due date and time, as Paris wall time.
  const [dueDay, dueTime] = task.dueAt ? nowParisLocal(new Date(task.dueAt)).split("T") : [nowParisLocal().slice(0, 10), DEFAULT_TIME];
  const f = {
    title: textInput("task-title", task.title, { maxlength: "200" }),
    notes: textArea("task-notes", task.notes, 3),
    dueAt: textInput("task-dueAt", formatDate(dueDay), { inputmode: "numeric" }),
    dueTime: textInput("task-dueTime", dueTime, { inputmode: "numeric" }),
    remindAt: select("task-remindAt", reminderOptions(task), reminderValue(task)),
    priority: select("task-priority", options(t.priorities), task.priority),
    assigneeId: select("task-assigneeId", assignees(), task.assigneeId, t.everyone),
    recurrence: select("task-recurrence", options(t.recurrences), task.recurrence),
    workingDay: checkbox("task-workingDay", task.workingDay),
  };
  const submit = button(t.save, { type: "submit", id: "task-submit" }, "primary");
  const form = h(
    "form",
    { id: "task-form", class: "stack", novalidate: true, "aria-labelledby": "task-heading" },
    h("div", { class: "form-grid" },
      field(t.fieldTitle, f.title, { required: true, wide: true }),
      field(t.fieldDueDate, f.dueAt, { required: true, hint: t.fieldDueDateHint }),
      field(t.fieldDueTime, f.dueTime, { required: true, hint: t.fieldDueTimeHint }),
      field(t.fieldReminder, f.remindAt),
      field(t.fieldPriority, f.priority),
      field(t.fieldAssignee, f.assigneeId),
      field(t.fieldRecurrence, f.recurrence),
      field(t.fieldNotes, f.notes, { wide: true })),
    checkField(t.fieldWorkingDay, f.workingDay),
    h("div", { class: "form-actions" }, submit, h("a", { href: href(back), class: "btn btn-link", id: "task-back" }, t.back)),
  );
  const errors = new FormErrors(form, "task");
  form.prepend(errors.summary);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    const out = readTask(task, f, errors);
    if (errors.any || !out) {
      errors.focusFirst();
      return;
    }
    submit.disabled = true;
    try {
      await (creating ? tasks.create(out) : tasks.update(out));
      flashNext(t.saved);
      navigate(back);
    } catch (err) {
      errors.setError(err);
      errors.focusFirst();
      submit.disabled = false;
    }
  });

  append(root, [
    h("div", { class: "screen-head" },
      h("div", {},
        h("h1", { id: "task-heading" }, creating ? t.newTitle : t.editTitle),
        creating ? null : h("p", { class: "muted", id: "task-status" }, t.statusLabel(t.status[task.status]))),
      creating || task.status !== "todo" ? null : h("div", { class: "actions" }, statusButton(task.id, "done", back), statusButton(task.id, "cancelled", back))),
    task.personId
      ? h("p", { class: "muted", id: "task-person" }, t.linkedPerson, " ",
          h("a", { href: href(`/person/${encodeURIComponent(task.personId)}`) }, t.openPerson))
      : null,
    form,
  ]);
  f.title.focus();
};

function statusButton(id: string, to: TaskStatus, back: string): HTMLButtonElement {
  const b = button(to === "done" ? t.markDone : t.cancel, { id: `task-${to}` }, to === "done" ? "primary" : "secondary");
  b.addEventListener("click", async () => {
    b.disabled = true;
    await tasks.setStatus(id, to);
    flashNext(to === "done" ? t.doneFlash : t.cancelledFlash);
    navigate(back);
  });
  return b;
}

function options(labels: Record<string, string>): Option[] {
  return Object.entries(labels).map(([value, label]) => ({ value, label }));
}

function assignees(): Option[] {
  return (ctx().users ?? []).filter((u) => u.active && u.login !== "").map((u) => ({ value: u.id, label: u.displayName }));
}

/** The reminder as minutes before the due time, "none", or "custom". */
function reminderValue(task: Task): string {
  if (!task.dueAt) return "none";
  if (!task.remindAt) return "none";
  const minutes = String(Math.round((Date.parse(task.dueAt) - Date.parse(task.remindAt)) / 60000));
  return REMINDER_OFFSETS.includes(minutes) ? minutes : "custom";
}

function reminderOptions(task: Task): Option[] {
  const out = [{ value: "none", label: t.reminders.none }, ...REMINDER_OFFSETS.map((m) => ({ value: m, label: t.reminders[m] }))];
  if (reminderValue(task) === "custom" && task.remindAt) {
    out.push({ value: "custom", label: t.reminderAt(formatDateTime(task.remindAt)) });
  }
  return out;
}

interface TaskFields {
  title: HTMLInputElement;
  notes: HTMLTextAreaElement;
  dueAt: HTMLInputElement;
  dueTime: HTMLInputElement;
  remindAt: HTMLSelectElement;
  priority: HTMLSelectElement;
  assigneeId: HTMLSelectElement;
  recurrence: HTMLSelectElement;
  workingDay: HTMLInputElement;
}

/** Reads the form into a task, or null after showing what is wrong. */
function readTask(task: Task, f: TaskFields, errors: FormErrors): Task | null {
  const title = f.title.value.trim();
  if (title === "") errors.set("title", t.required);
  const day = parseDate(f.dueAt.value);
  if (day === null || day.length !== 10) errors.set("dueAt", t.badDate);
  const time = /^(\d{1,2})[:hH](\d{2})$/.exec(f.dueTime.value.trim());
  if (!time || Number(time[1]) > 23 || Number(time[2]) > 59) errors.set("dueTime", t.badTime);
  if (errors.any || !day || !time) return null;
  const dueAt = parisLocalToISO(`${day}T${time[1].padStart(2, "0")}:${time[2]}`);
  if (!dueAt) return null;
  let remindAt: string | null = null;
  if (f.remindAt.value === "custom") {
    remindAt = task.remindAt;
  } else if (f.remindAt.value !== "none") {
    remindAt = new Date(Date.parse(dueAt) - Number(f.remindAt.value) * 60000).toISOString();
  }
  return {
    ...task,
    title,
    notes: f.notes.value.trim(),
    dueAt,
    remindAt,
    priority: f.priority.value,
    assigneeId: f.assigneeId.value,
    recurrence: f.recurrence.value,
    workingDay: f.workingDay.checked,
  };
}
