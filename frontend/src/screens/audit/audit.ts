// The audit log, for administrators: who logged in (or failed to), opened a
// file, created or changed what, and which calls were refused, newest
// first. Filters: user, action, period (Europe/Paris days). Only field
// names are kept in the log, never the values typed.

import { audit, users } from "../../api";
import type { AuditEntry, AuditFilter, User } from "../../api";
import { h, replace } from "../../components/dom";
import { button, field, FormErrors, select, textInput } from "../../components/form";
import { errorBox } from "../../components/notice";
import { fr } from "../../i18n/fr";
import { formatDateTimeSeconds } from "../../lib/dates";
import { href } from "../../nav";
import type { Screen } from "../../nav";
import { can } from "../../session";

const t = fr.audit;
/** Go's default; the screen says so when it is reached. */
const LIMIT = 200;

// The filters survive leaving and coming back to the screen.
let last: AuditFilter = { userId: "", action: "", entity: "", from: "", to: "", limit: LIMIT };

export const auditScreen: Screen = async (root) => {
  const all = await users.list();
  const names = new Map(all.map((u) => [u.id, u.displayName]));

  const userSel = select("audit-userId", userOptions(all), last.userId, t.allUsers);
  const actionSel = select(
    "audit-action",
    Object.entries(t.actions).map(([value, label]) => ({ value, label })),
    last.action,
    t.allActions,
  );
  const from = textInput("audit-from", last.from, { type: "date" });
  const to = textInput("audit-to", last.to, { type: "date" });
  const form = h(
    "form",
    { class: "card period", id: "audit-filters", novalidate: true },
    h("fieldset", {},
      h("legend", {}, t.filtersLegend),
      h("div", { class: "period-row" },
        field(t.user, userSel),
        field(t.action, actionSel),
        field(t.from, from),
        field(t.to, to),
        button(t.apply, { type: "submit", id: "audit-apply" }, "primary"))),
  );
  const errors = new FormErrors(form, "audit");
  form.prepend(errors.summary);
  const body = h("div", { id: "audit-body", "aria-live": "polite" });

  let asked = 0;
  async function refresh(): Promise<void> {
    errors.clear();
    const f: AuditFilter = { userId: userSel.value, action: actionSel.value, entity: "", from: from.value, to: to.value, limit: LIMIT };
    if (f.from && f.to && f.from > f.to) {
      errors.set("to", t.badPeriod);
      return;
    }
    last = f;
    const n = ++asked;
    body.setAttribute("aria-busy", "true");
    try {
      const entries = await audit.log(f);
      if (n === asked) renderEntries(body, entries, names);
    } catch (err) {
      if (n === asked) {
        replace(body, errorBox(err));
        errors.setError(err);
      }
    } finally {
      if (n === asked) body.removeAttribute("aria-busy");
    }
  }
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void refresh();
  });

  await refresh();
  root.append(h("h1", {}, t.title), h("p", { class: "lead" }, t.intro), form, body);
};

function userOptions(all: User[]): { value: string; label: string }[] {
  return all.map((u) => ({ value: u.id, label: u.login ? `${u.displayName} (${u.login})` : u.displayName }));
}

function renderEntries(root: HTMLElement, entries: AuditEntry[], names: Map<string, string>): void {
  if (entries.length === 0) {
    replace(root, h("p", { class: "empty" }, t.empty));
    return;
  }
  replace(
    root,
    h("p", { class: "muted", id: "audit-count" }, entries.length >= LIMIT ? t.truncated(LIMIT) : t.count(entries.length)),
    h("div", { class: "table-scroll" },
      h(
        "table",
        { class: "table audit-table" },
        h("thead", {},
          h("tr", {},
            h("th", { scope: "col" }, t.colAt),
            h("th", { scope: "col" }, t.colUser),
            h("th", { scope: "col" }, t.colAction),
            h("th", { scope: "col" }, t.colEntity),
            h("th", { scope: "col" }, t.colFields))),
        h("tbody", {},
          entries.map((e) =>
            h("tr", { "data-testid": "audit-row", "data-action": e.action, class: e.action === "refused" || e.action === "login_failed" ? "audit-alert" : "" },
              h("td", { class: "nowrap", "data-testid": "audit-at" }, formatDateTimeSeconds(e.at)),
              h("td", { "data-testid": "audit-user" }, userName(e)),
              h("td", { "data-testid": "audit-action" }, t.actions[e.action] ?? e.action),
              h("td", { "data-testid": "audit-entity" }, entity(e, names)),
              h("td", { "data-testid": "audit-fields" }, details(e))))),
      )),
  );
}

function userName(e: AuditEntry): string {
  if (e.userName) return e.userName;
  if (e.userId === "inconnu") return t.unknownUser;
  if (e.userId === "systeme") return t.system;
  return e.userId;
}

function entity(e: AuditEntry, names: Map<string, string>): (Node | string)[] {
  const kind = t.entities[e.entity] ?? e.entity;
  switch (e.entity) {
    case "method":
      return [`${kind} : ${t.methods[e.entityId] ?? e.entityId} `, h("code", { class: "muted" }, e.entityId)];
    case "user": {
      const name = names.get(e.entityId);
      return [name ? `${kind} : ${name}` : kind];
    }
    case "person":
      return can("person.read") && e.entityId
        ? [`${kind} `, h("a", { href: href(`/person/${encodeURIComponent(e.entityId)}`) }, t.openFile)]
        : [kind];
    default:
      return [kind];
  }
}

function details(e: AuditEntry): string {
  const parts = e.fields.split(",").filter(Boolean);
  if (e.action === "refused") return parts.map((p) => t.permissions[p] ?? p).join(", ");
  const count = /^count:(\d+)$/.exec(e.fields);
  if (count) return t.importCount(Number(count[1]));
  return parts.map((p) => t.fields[p] ?? p).join(", ");
}
