// A procedure (démarche): its fields and key dates, its documents checklist,
// the status change (only to the statuses the rules allow next, with the
// day and the key date that goes with it) and the history of its steps.

import { list, procedures } from "../../api";
import type { Procedure, ProcedureStep, StatusChange } from "../../api";
import { h, replace } from "../../components/dom";
import { button, checkbox, checkField, field, FormErrors, textArea, textInput } from "../../components/form";
import { flashNext } from "../../components/notice";
import { fr } from "../../i18n/fr";
import { formatDate, parseDate, todayParis } from "../../lib/dates";
import { href, navigate } from "../../nav";
import type { Screen } from "../../nav";
import { caseRef } from "../../store";

const t = fr.procedure;

type DateField = "submittedOn" | "receiptUntil" | "decisionOn" | "permitUntil";
const dateFields: DateField[] = ["submittedOn", "receiptUntil", "decisionOn", "permitUntil"];

export const procedureScreen: Screen = async (root, route) => {
  const p = await procedures.get(route.params.id);
  const reload = () => navigate(`/procedure/${encodeURIComponent(p.id)}`);
  const fileLink = h("a", { href: href(`/person/${encodeURIComponent(p.personId)}`), id: "procedure-back" }, t.backToFile);
  root.append(
    h("div", { class: "screen-head" },
      h("div", {},
        h("h1", { id: "procedure-title" }, caseRef.typeLabel(p.type)),
        h("p", {},
          t.status, " : ",
          h("span", { class: "tag", id: "procedure-status", "data-testid": "procedure-status" }, caseRef.statusLabel(p.status)))),
      h("div", { class: "actions" }, fileLink)),
    moveSection(p, reload),
    historySection(list(p.steps)),
    fieldsForm(p, reload),
  );
};

/** Reads a French date typed in input; "" when empty, null when not a full date. */
function readDay(input: HTMLInputElement): string | null {
  const d = parseDate(input.value);
  if (d === null || (d !== "" && d.length !== 10)) return null;
  return d;
}

function dateInput(id: string, iso: string): HTMLInputElement {
  return textInput(id, iso ? formatDate(iso) : "", { inputmode: "numeric", placeholder: t.dateHint });
}

function fieldsForm(p: Procedure, reload: () => void): HTMLElement {
  const authority = textInput("procedure-authority", p.authority);
  const reference = textInput("procedure-reference", p.reference);
  const outcome = textInput("procedure-outcome", p.outcome);
  const notes = textArea("procedure-notes", p.notes, 4);
  const dates = Object.fromEntries(dateFields.map((f) => [f, dateInput(`procedure-${f}`, p[f])])) as Record<DateField, HTMLInputElement>;
  const docs = list(p.documents).map((d) => ({ item: d, box: checkbox(`doc-${d.code}`, d.provided) }));
  const submit = button(t.save, { type: "submit", id: "procedure-submit" }, "primary");

  const form = h("form", { id: "procedure-form", class: "stack", novalidate: true, "aria-labelledby": "procedure-fields-title" },
    h("h2", { id: "procedure-fields-title" }, t.fieldsTitle),
    h("div", { class: "form-grid" },
      field(t.authority, authority, { hint: t.authorityHint }),
      field(t.reference, reference),
      dateFields.map((f) => field(t[f], dates[f], { hint: t.dateHint })),
      field(t.outcome, outcome, { wide: true })),
    h("fieldset", { id: "procedure-documents" },
      h("legend", {}, t.documentsTitle),
      docs.length === 0
        ? h("p", { class: "empty" }, t.documentsEmpty)
        : [h("p", { class: "hint", id: "procedure-documents-count" }, t.documentsCount(docs.filter((d) => d.item.provided).length, docs.length)),
           ...docs.map((d) => checkField(d.item.label, d.box))]),
    field(t.notes, notes, { wide: true }),
    h("div", { class: "form-actions" }, submit));
  const errors = new FormErrors(form, "procedure");
  form.prepend(errors.summary);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    const out: Procedure = { ...p, authority: authority.value.trim(), reference: reference.value.trim(), outcome: outcome.value.trim(), notes: notes.value };
    for (const f of dateFields) {
      const d = readDay(dates[f]);
      if (d === null) errors.set(f, t.badDate);
      else out[f] = d;
    }
    out.documents = docs.map((d) => ({ ...d.item, provided: d.box.checked }));
    if (errors.any) {
      errors.focusFirst();
      return;
    }
    await send(submit, errors, () => procedures.update(out), t.saved, reload);
  });
  return form;
}

function moveSection(p: Procedure, reload: () => void): HTMLElement {
  const next = caseRef.nextStatuses(p.status);
  const section = h("section", { class: "procedure-move", "aria-labelledby": "procedure-move-title" },
    h("h2", { id: "procedure-move-title" }, t.moveTitle));
  if (next.length === 0) {
    section.append(h("p", { id: "procedure-move-closed" }, t.moveClosed));
    return section;
  }
  const slot = h("div", { id: "move-slot" });
  const buttons = next.map((code) => {
    const b = button(t.moveTo(caseRef.statusLabel(code)), { id: `procedure-move-${code}`, "data-testid": "procedure-move", "data-status": code, "aria-pressed": "false" });
    b.addEventListener("click", () => {
      buttons.forEach((o) => o.setAttribute("aria-pressed", String(o === b)));
      replace(slot, moveForm(p, code, reload, () => {
        b.setAttribute("aria-pressed", "false");
        replace(slot);
        b.focus();
      }));
      slot.querySelector<HTMLElement>("input")?.focus();
    });
    return b;
  });
  section.append(h("div", { class: "actions" }, buttons), slot);
  return section;
}

function moveForm(p: Procedure, to: string, reload: () => void, cancel: () => void): HTMLElement {
  const day = dateInput("move-day", todayParis());
  const receiptUntil = dateInput("move-receiptUntil", "");
  const decisionOn = dateInput("move-decisionOn", "");
  const permitUntil = dateInput("move-permitUntil", "");
  const outcome = textInput("move-outcome");
  const note = textArea("move-note", "", 2);
  const decision = to === "favorable" || to === "defavorable";
  const submit = button(t.moveSubmit, { type: "submit", id: "move-submit" }, "primary");
  const cancelBtn = button(t.moveCancel, { id: "move-cancel" }, "link");
  cancelBtn.addEventListener("click", cancel);

  const form = h("form", { id: "move-form", class: "stack", novalidate: true, "aria-label": t.moveTo(caseRef.statusLabel(to)) },
    h("div", { class: "form-grid" },
      field(t.moveDay, day, { hint: t.dateHint, required: true }),
      to === "recepisse" ? field(t.moveReceiptUntil, receiptUntil, { hint: t.dateHint, required: true }) : null,
      decision ? field(t.moveDecisionOn, decisionOn, { hint: t.dateHint }) : null,
      to === "favorable" ? field(t.movePermitUntil, permitUntil, { hint: t.dateHint }) : null,
      decision ? field(t.moveOutcome, outcome, { wide: true }) : null,
      field(t.moveNote, note, { wide: true })),
    h("div", { class: "form-actions" }, submit, cancelBtn));
  const errors = new FormErrors(form, "move");
  form.prepend(errors.summary);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    const c: StatusChange = {
      procedureId: p.id, fromStatus: p.status, toStatus: to, day: "", note: note.value,
      submittedOn: "", receiptUntil: "", decisionOn: "", permitUntil: "", outcome: outcome.value.trim(),
    };
    const read: [HTMLInputElement, "day" | DateField][] = [[day, "day"], [receiptUntil, "receiptUntil"], [decisionOn, "decisionOn"], [permitUntil, "permitUntil"]];
    for (const [input, name] of read) {
      const d = readDay(input);
      if (d === null) errors.set(name, t.badDate);
      else c[name] = d;
    }
    if (to === "recepisse" && c.receiptUntil === "" && !errors.any) errors.set("receiptUntil", t.needReceiptUntil);
    if (errors.any) {
      errors.focusFirst();
      return;
    }
    await send(submit, errors, () => procedures.move(c), t.moved(caseRef.statusLabel(to)), reload);
  });
  return form;
}

/**
 * Sends a form: the screen is drawn again with a confirmation once Go has
 * saved; otherwise what was typed stays, with the message by its field.
 */
async function send(submit: HTMLButtonElement, errors: FormErrors, save: () => Promise<unknown>, done: string, reload: () => void): Promise<void> {
  submit.disabled = true;
  try {
    await save();
    flashNext(done);
    reload();
  } catch (err) {
    errors.setError(err);
    errors.focusFirst();
    submit.disabled = false;
  }
}

function historySection(steps: ProcedureStep[]): HTMLElement {
  return h("section", { class: "procedure-history", "aria-labelledby": "procedure-history-title" },
    h("h2", { id: "procedure-history-title" }, t.historyTitle),
    h("table", { class: "table", id: "procedure-steps" },
      h("thead", {},
        h("tr", {},
          h("th", { scope: "col" }, t.colDay),
          h("th", { scope: "col" }, t.colStep),
          h("th", { scope: "col" }, t.colUser),
          h("th", { scope: "col" }, t.colNote))),
      h("tbody", {},
        steps.map((s) =>
          h("tr", { "data-testid": "procedure-step", "data-to": s.toStatus },
            h("td", {}, formatDate(s.day)),
            h("td", {}, s.fromStatus === "" ? t.opening(caseRef.statusLabel(s.toStatus)) : t.step(caseRef.statusLabel(s.fromStatus), caseRef.statusLabel(s.toStatus))),
            h("td", {}, s.userName),
            h("td", {}, s.note))))));
}
