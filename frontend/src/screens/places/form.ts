// Creating or changing a reception place (lieu d'accueil): where it is,
// what it handles, how it receives, and its weekly opening slots, typed one
// per line as people write them on a door ("lundi 9:00-12:00").

import { list, sites } from "../../api";
import type { OpeningSlot, Site } from "../../api";
import { h } from "../../components/dom";
import { button, checkbox, checkField, field, FormErrors, textArea, textInput } from "../../components/form";
import { flashNext } from "../../components/notice";
import { fr } from "../../i18n/fr";
import { href, navigate } from "../../nav";
import type { Screen } from "../../nav";
import { ref } from "../../store";

const t = fr.places;

const empty: Site = { id: "", name: "", address: "", commune: "", postalCode: "", phone: "",
  email: "", themes: [], walkIn: true, byAppointment: false, publics: "", active: true, slots: [] };

export const siteFormScreen: Screen = async (root, route) => {
  const id = route.params.id ?? "";
  const s: Site = id ? await sites.get(id) : { ...empty };
  const text = (name: string, value = "", attrs: Record<string, string> = {}) =>
    textInput(`site-${name}`, value, attrs);
  const f = {
    name: text("name", s.name),
    address: text("address", s.address),
    postalCode: text("postalCode", s.postalCode ?? "", { inputmode: "numeric", maxlength: "5" }),
    commune: text("commune", s.commune),
    phone: text("phone", s.phone ?? "", { type: "tel" }),
    email: text("email", s.email ?? "", { type: "email" }),
    publics: text("publics", s.publics ?? ""),
    walkIn: checkbox("site-walkIn", s.walkIn ?? false),
    byAppointment: checkbox("site-byAppointment", s.byAppointment ?? false),
    active: checkbox("site-active", s.active),
    slots: textArea("site-slots", list(s.slots).map(slotText).join("\n"), 4),
  };
  const themeBoxes = ref.themes().map((th) => {
    const box = checkbox(`site-theme-${th.code}`, list(s.themes).includes(th.code), th.code);
    box.dataset.label = th.label;
    return box;
  });
  const submit = button(t.save, { type: "submit", id: "site-submit" }, "primary");
  const form = h("form", { id: "site-form", class: "card form-grid", novalidate: true },
    field(t.name, f.name, { required: true, wide: true }),
    field(t.address, f.address, { wide: true }),
    field(t.postalCode, f.postalCode),
    field(t.commune, f.commune),
    field(t.phone, f.phone),
    field(t.email, f.email),
    h("fieldset", { class: "themes field-wide" }, h("legend", {}, t.themes),
      h("div", { class: "check-grid" }, themeBoxes.map((b) => checkField(b.dataset.label ?? b.value, b)))),
    h("div", { class: "field" }, checkField(t.walkIn, f.walkIn), checkField(t.byAppointment, f.byAppointment)),
    field(t.publicsLabel, f.publics),
    field(t.slotsLabel, f.slots, { hint: t.slotsHint, wide: true }),
    h("div", { class: "field" }, checkField(t.activeLabel, f.active)),
    h("div", { class: "form-actions field-wide" }, submit,
      h("a", { href: href("/places"), class: "btn btn-link" }, t.cancel)));
  const errors = new FormErrors(form, "site");
  form.prepend(errors.summary);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    if (f.name.value.trim() === "") errors.set("name", t.needName);
    const slots = readSlots(f.slots.value, (line) => errors.set("slots", t.badSlot(line)));
    if (errors.any) {
      errors.focusFirst();
      return;
    }
    const out: Site = { ...s, name: f.name.value.trim(), address: f.address.value.trim(),
      postalCode: f.postalCode.value.trim(), commune: f.commune.value.trim(), phone: f.phone.value.trim(),
      email: f.email.value.trim(), publics: f.publics.value.trim(), walkIn: f.walkIn.checked,
      byAppointment: f.byAppointment.checked, active: f.active.checked, slots,
      themes: themeBoxes.filter((b) => b.checked).map((b) => b.value) };
    submit.disabled = true;
    try {
      await sites.save(out);
      flashNext(t.saved);
      navigate("/places");
    } catch (err) {
      errors.setError(err);
      errors.focusFirst();
    } finally {
      submit.disabled = false;
    }
  });
  root.append(h("h1", {}, id ? t.editTitle : t.newTitle), form);
  f.name.focus();
};

const dayNames = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];

function slotText(sl: OpeningSlot): string {
  return `${dayNames[sl.weekday - 1]} ${sl.start}-${sl.end}`;
}

/** Reads "lundi 9:00-12:00" lines (also "lun 9h-12h"); calls bad with the first wrong line. */
function readSlots(text: string, bad: (line: string) => void): OpeningSlot[] {
  const out: OpeningSlot[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const m = /^([a-zéû]+)\.?\s+(\d{1,2})(?:[:h](\d{2})?)?\s*[-–à]\s*(\d{1,2})(?:[:h](\d{2})?)?$/i.exec(line);
    // The day in full or shortened to three letters or more ("mar", "jeudi").
    const word = m ? m[1].toLowerCase() : "";
    const day = word.length >= 3 ? dayNames.findIndex((d) => d.startsWith(word)) : -1;
    if (!m || day < 0) {
      bad(line);
      return out;
    }
    const hm = (hh: string, mm?: string) => `${hh.padStart(2, "0")}:${mm ?? "00"}`;
    out.push({ weekday: day + 1, start: hm(m[2], m[3]), end: hm(m[4], m[5]) });
  }
  return out;
}
