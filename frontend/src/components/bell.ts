// The notification centre: a bell with the number of unread reminders, and
// the list of the latest ones; clicking one opens its task. It follows the
// "notifications:changed" event, which Go sends when a reminder fires.

import { notifications, onNotificationsChanged } from "../api";
import type { Notification } from "../api";
import { fr } from "../i18n/fr";
import { formatDateTime } from "../lib/dates";
import { navigate } from "../nav";
import { can } from "../session";
import { h, replace } from "./dom";

const t = fr.notifications;

let bell: HTMLElement | null = null;
let count: HTMLElement;
let toggle: HTMLButtonElement;
let panel: HTMLElement;

/**
 * The bell, built once and moved into each frame, or null when the role
 * has no tasks. Its count is refreshed each time it is shown.
 */
export function notificationBell(): HTMLElement | null {
  if (!can("tasks")) return null;
  if (!bell) build();
  void refreshCount();
  return bell;
}

function build(): void {
  count = h("span", { class: "bell-count", id: "bell-count", "data-testid": "bell-count", hidden: true });
  toggle = h(
    "button",
    { type: "button", class: "btn btn-nav bell", id: "bell", "aria-expanded": "false", "aria-controls": "bell-panel" },
    h("span", { class: "bell-label" }, fr.notifications.title),
    count,
  );
  panel = h("section", { class: "bell-panel", id: "bell-panel", hidden: true, "aria-label": t.title });
  toggle.addEventListener("click", () => void (panel.hidden ? open() : close()));
  bell = h("div", { class: "bell-box" }, toggle, panel);
  onNotificationsChanged(() => {
    void refreshCount();
    if (!panel.hidden) void open();
  });
}

async function refreshCount(): Promise<void> {
  if (!can("tasks")) return;
  try {
    showCount(await notifications.unreadCount());
  } catch {
    // the bell waits for the next event; the screens say what failed
  }
}

function showCount(n: number): void {
  replace(count, String(n));
  count.hidden = n === 0;
  toggle.setAttribute("aria-label", t.bell(n));
}

async function open(): Promise<void> {
  const items = await notifications.list();
  replace(
    panel,
    h("h2", { class: "bell-title" }, t.title),
    items.length === 0
      ? h("p", { class: "empty" }, t.empty)
      : h("ul", { class: "bell-list", id: "bell-list" }, items.map(item)),
    h("div", { class: "bell-actions" }, markAllButton(), closeButton()),
  );
  panel.hidden = false;
  toggle.setAttribute("aria-expanded", "true");
}

function close(): void {
  panel.hidden = true;
  toggle.setAttribute("aria-expanded", "false");
}

function item(n: Notification): HTMLElement {
  const link = h(
    "button",
    { type: "button", class: n.read ? "bell-item" : "bell-item unread", "data-testid": "bell-item", "data-task": n.taskId },
    h("span", { class: "bell-item-title" }, n.title),
    h("span", { class: "muted" }, formatDateTime(n.firedAt), n.late ? ` — ${t.late}` : ""),
  );
  link.addEventListener("click", async () => {
    close();
    if (!n.read) showCount(await notifications.markRead(n.id));
    navigate(`/tasks/${encodeURIComponent(n.taskId)}`);
  });
  return h("li", {}, link);
}

function markAllButton(): HTMLElement {
  const b = h("button", { type: "button", class: "btn btn-link", id: "bell-read-all" }, t.markAllRead);
  b.addEventListener("click", async () => {
    showCount(await notifications.markAllRead());
    await open();
  });
  return b;
}

function closeButton(): HTMLElement {
  const b = h("button", { type: "button", class: "btn btn-link" }, t.close);
  b.addEventListener("click", close);
  return b;
}
