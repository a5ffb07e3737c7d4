// Recording the support given to a partner professional (appui aux
// partenaires): #/support/new, or #/support/new?partner=ID from a partner's
// page. Control ids are "support-" + the Go field name.

import { list, partners, supports } from "../../api";
import type { PartnerSupport } from "../../api";
import { h, replace } from "../../components/dom";
import { button, checkbox, checkField, field, FormErrors, select, textArea, textInput } from "../../components/form";
import { flashNext } from "../../components/notice";
import { fr } from "../../i18n/fr";
import { isFuture, todayParis } from "../../lib/dates";
import { href, navigate } from "../../nav";
import type { Screen } from "../../nav";
import { ref } from "../../store";

const t = fr.support;

export const supportScreen: Screen = async (root, route) => {
  const chosen = route.query.get("partner") ?? "";
  const all = await partners.search({ text: "", kind: "", theme: "", commune: "", limit: 500 });
  if (all.length === 0) {
    root.append(h("h1", {}, t.title), h("p", { class: "empty" }, t.noPartners),
      h("a", { href: href("/partners/new"), class: "btn btn-primary" }, fr.partners.newPartner));
    return;
  }
  const back = chosen ? `/partners/${encodeURIComponent(chosen)}` : "/partners";

  const day = textInput("support-day", todayParis(), { type: "date" });
  const partner = select("support-partnerId", all.map((p) => ({ value: p.id, label: p.commune ? `${p.name} (${p.commune})` : p.name })),
    chosen, t.pickPartner);
  const contact = select("support-contactId", [], "", t.noContact);
  const modes = ref.supportModes().map((m) => ({ value: m.code, label: m.label }));
  const mode = select("support-mode", modes, modes[0]?.value ?? "");
  const duration = textInput("support-durationMin", "", { type: "number", min: "0", step: "5", inputmode: "numeric" });
  const question = textArea("support-question");
  const answer = textArea("support-answer");
  const followUp = checkbox("support-followUp");
  const themeBoxes = ref.themes().map((th) => {
    const box = checkbox(`support-theme-${th.code}`, false, th.code);
    box.dataset.label = th.label;
    return box;
  });

  // The contacts are those of the partner chosen.
  const loadContacts = async () => {
    const keep = contact.value;
    replace(contact, h("option", { value: "" }, t.noContact));
    if (!partner.value) return;
    const p = await partners.get(partner.value);
    for (const c of list(p.contacts)) contact.append(h("option", { value: c.id }, c.role ? `${c.name} (${c.role})` : c.name));
    contact.value = keep;
  };
  partner.addEventListener("change", () => void loadContacts().catch(() => undefined));

  const submit = button(t.submit, { type: "submit", id: "support-submit" }, "primary");
  const form = h("form", { id: "support-form", class: "card form-grid", novalidate: true, "aria-labelledby": "support-title" },
    field(t.day, day, { required: true }),
    field(t.partner, partner, { required: true }),
    field(t.contact, contact),
    field(t.mode, mode, { required: true }),
    field(t.duration, duration),
    h("fieldset", { class: "themes field-wide", id: "support-themes" },
      h("legend", {}, t.themes),
      h("div", { class: "check-grid" }, themeBoxes.map((b) => checkField(b.dataset.label ?? b.value, b))),
      h("p", { class: "field-error", id: "support-themes-error" })),
    field(t.question, question, { wide: true }),
    field(t.answer, answer, { wide: true }),
    h("div", { class: "field field-wide" }, checkField(t.followUp, followUp)),
    h("div", { class: "form-actions field-wide" }, submit, h("a", { href: href(back), class: "btn btn-link" }, t.cancel)),
  );
  const errors = new FormErrors(form, "support");
  form.prepend(errors.summary);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    const raw = duration.value.trim();
    if (!partner.value) errors.set("partnerId", t.needPartner);
    if (day.value && isFuture(day.value)) errors.set("day", t.futureDay);
    if (duration.validity.badInput || (raw !== "" && !/^\d+$/.test(raw))) errors.set("durationMin", t.badDuration);
    if (errors.any) {
      errors.focusFirst();
      return;
    }
    const s: PartnerSupport = {
      id: "", day: day.value, partnerId: partner.value, partnerName: "", contactId: contact.value, contactName: "",
      userId: "", mode: mode.value, themes: themeBoxes.filter((b) => b.checked).map((b) => b.value),
      durationMin: raw === "" ? 0 : Number(raw), question: question.value, answer: answer.value,
      followUp: followUp.checked,
    };
    submit.disabled = true;
    try {
      const saved = await supports.record(s);
      flashNext(t.saved);
      navigate(`/partners/${encodeURIComponent(saved.partnerId)}`);
    } catch (err) {
      errors.setError(err);
      errors.focusFirst();
      submit.disabled = false;
    }
  });

  root.append(h("h1", { id: "support-title" }, t.title), h("p", { class: "lead" }, t.intro), form);
  if (chosen) await loadContacts();
};
