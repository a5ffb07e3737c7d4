// The case file's sections on the person page: identity and situation at a
// glance, the procedures with their status and next key date (and a way to
// open a new one), and the timeline of visits, procedures' steps and
// referrals, newest first. An accueillant sees the procedures' type and
// status only, without a link to their details (Go refuses them anyway).

import { list, procedures } from "../../api";
import type { CaseFile, Person, ProcedureRow, TimelineEntry } from "../../api";
import { h } from "../../components/dom";
import { button, field, FormErrors, select } from "../../components/form";
import { flashNext } from "../../components/notice";
import { fr } from "../../i18n/fr";
import { formatDate, formatTime } from "../../lib/dates";
import { href, navigate } from "../../nav";
import { can } from "../../session";
import { caseRef, label, ref } from "../../store";

const t = fr.caseFile;

/** The case file's sections, in reading order. */
export function caseFileSections(cf: CaseFile): HTMLElement[] {
  return [situationSection(cf.person), proceduresSection(cf), timelineSection(list(cf.timeline))];
}

function situationSection(p: Person): HTMLElement {
  const facts: [string, string][] = [
    [t.born, p.birthDate ? formatDate(p.birthDate) : ""],
    [t.nationality, p.nationality ? label.country(p.nationality) : ""],
    [t.adminSituation, p.adminSituation ? situationLabel(p.adminSituation) : ""],
    [t.commune, p.noFixedAddress ? t.noFixedAddress : p.commune],
    [t.phone, p.phone],
    [t.languages, p.languages],
  ];
  return h("section", { class: "casefile-situation", id: "casefile-situation", "aria-labelledby": "casefile-situation-title" },
    h("h2", { id: "casefile-situation-title" }, t.situationTitle),
    h("dl", { class: "facts" },
      facts.filter(([, v]) => v !== "").flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])));
}

function situationLabel(code: string): string {
  return ref.adminSituations().find((s) => s.code === code)?.label ?? code;
}

function proceduresSection(cf: CaseFile): HTMLElement {
  const rows = list(cf.procedures);
  const details = can("case.details");
  const body =
    rows.length === 0
      ? h("p", { class: "empty", id: "casefile-procedures-empty" }, t.proceduresEmpty)
      : h("table", { class: "table", id: "casefile-procedures" },
          h("thead", {},
            h("tr", {},
              h("th", { scope: "col" }, t.colType),
              h("th", { scope: "col" }, t.colStatus),
              details ? h("th", { scope: "col" }, t.colNextDate) : null)),
          h("tbody", {}, rows.map((r) => procedureRow(r, details))));
  return h("section", { class: "casefile-procedures", "aria-labelledby": "casefile-procedures-title" },
    h("h2", { id: "casefile-procedures-title" }, t.proceduresTitle),
    body,
    details ? newProcedureForm(cf.person.id) : null);
}

function procedureRow(r: ProcedureRow, details: boolean): HTMLElement {
  const name = details
    ? h("a", { href: href(`/procedure/${encodeURIComponent(r.id)}`), "data-testid": "procedure-link" }, r.typeLabel)
    : r.typeLabel;
  const next = r.nextDate ? `${formatDate(r.nextDate)} (${t.nextDateKinds[r.nextDateKind] ?? r.nextDateKind})` : "";
  return h("tr", { "data-testid": "procedure-row", "data-id": r.id, "data-status": r.status },
    h("td", { "data-testid": "procedure-type" }, name),
    h("td", {}, h("span", { class: "tag", "data-testid": "procedure-status" }, r.statusLabel)),
    details ? h("td", { "data-testid": "procedure-next" }, next) : null);
}

function newProcedureForm(personId: string): HTMLElement {
  const type = select("casefile-type", caseRef.procedureTypes().map((it) => ({ value: it.code, label: it.label })), "", t.chooseType);
  const submit = button(t.openProcedure, { type: "submit", id: "casefile-open" }, "secondary");
  const form = h("form", { id: "casefile-new", class: "inline-form", novalidate: true, "aria-label": t.newProcedure },
    field(t.newProcedureType, type), submit);
  const errors = new FormErrors(form, "casefile");
  form.prepend(errors.summary);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    if (type.value === "") {
      errors.set("type", t.needType);
      errors.focusFirst();
      return;
    }
    submit.disabled = true;
    try {
      const p = await procedures.open({
        id: "", personId, type: type.value, status: "", authority: "", reference: "", submittedOn: "",
        receiptUntil: "", decisionOn: "", permitUntil: "", outcome: "", documents: null, notes: "",
        openedBy: "", steps: null,
      });
      flashNext(t.opened);
      navigate(`/procedure/${encodeURIComponent(p.id)}`);
    } catch (err) {
      errors.setError(err);
      errors.focusFirst();
      submit.disabled = false;
    }
  });
  return h("div", { class: "casefile-new" }, h("h3", {}, t.newProcedure), form);
}

function timelineSection(entries: TimelineEntry[]): HTMLElement {
  const body =
    entries.length === 0
      ? h("p", { class: "empty" }, t.timelineEmpty)
      : h("ol", { class: "timeline", id: "casefile-timeline" },
          entries.map((e) =>
            h("li", { class: `timeline-entry timeline-${e.kind}`, "data-testid": "timeline-entry", "data-kind": e.kind, "data-id": e.id },
              h("span", { class: "timeline-when" },
                formatDate(e.day), e.kind === "visit" ? ` ${formatTime(e.at)}` : ""),
              h("span", { class: "tag timeline-kind" }, t.kinds[e.kind] ?? e.kind),
              h("span", { class: "timeline-title", "data-testid": "timeline-title" }, e.title),
              e.detail ? h("span", { class: "muted timeline-detail" }, e.detail) : null)));
  return h("section", { class: "casefile-timeline", "aria-labelledby": "casefile-timeline-title" },
    h("h2", { id: "casefile-timeline-title" }, t.timelineTitle),
    body);
}
