// Creating or changing a partner, its contacts included: a contact row may
// be added or removed; the whole list is saved with the partner.

import { list, partners } from "../../api";
import type { Partner, PartnerContact } from "../../api";
import { h, replace } from "../../components/dom";
import { button, checkbox, checkField, field, FormErrors, select, textArea, textInput } from "../../components/form";
import { flashNext } from "../../components/notice";
import { fr } from "../../i18n/fr";
import { href, navigate } from "../../nav";
import type { Screen } from "../../nav";
import { ref } from "../../store";

const t = fr.partners;

const empty: Partner = {
  id: "", name: "", kind: "association", themes: [], organisation: "", address: "", postalCode: "",
  commune: "", phone: "", email: "", website: "", notes: "", contacts: [],
};

interface ContactRow {
  id: string;
  el: HTMLElement;
  name: HTMLInputElement;
  role: HTMLInputElement;
  phone: HTMLInputElement;
  email: HTMLInputElement;
}

export const partnerFormScreen: Screen = async (root, route) => {
  const id = route.params.id ?? "";
  const p = id ? await partners.get(id) : { ...empty };
  const back = id ? `/partners/${encodeURIComponent(id)}` : "/partners";

  const text = (name: keyof Partner, attrs: Record<string, string> = {}) =>
    textInput(`partner-${name}`, String(p[name] ?? ""), attrs);
  const f = {
    name: text("name"),
    kind: select("partner-kind", ref.partnerKinds().map((k) => ({ value: k.code, label: k.label })), p.kind),
    organisation: text("organisation"),
    address: text("address"),
    postalCode: text("postalCode", { inputmode: "numeric", maxlength: "5" }),
    commune: text("commune"),
    phone: text("phone", { type: "tel" }),
    email: text("email", { type: "email" }),
    website: text("website", { type: "url" }),
    notes: textArea("partner-notes", p.notes),
  };
  const themeBoxes = ref.themes().map((th) => {
    const box = checkbox(`partner-theme-${th.code}`, list(p.themes).includes(th.code), th.code);
    box.dataset.label = th.label;
    return box;
  });

  const rows: ContactRow[] = [];
  const contactList = h("div", { id: "partner-contacts-list", class: "stack" });
  const renumber = () => rows.forEach((r, i) => {
    const legend = r.el.querySelector("legend");
    if (legend) legend.textContent = t.contactLegend(i + 1);
  });
  const addContact = (c: PartnerContact) => {
    const n = rows.length + 1;
    const key = `${Date.now().toString(36)}${n}`;
    const input = (part: string, value: string, attrs: Record<string, string> = {}) =>
      textInput(`partner-contact-${part}-${key}`, value, attrs);
    const row: ContactRow = {
      id: c.id,
      el: h("fieldset", { class: "contact form-grid", "data-testid": "partner-contact-row" }),
      name: input("name", c.name),
      role: input("role", c.role),
      phone: input("phone", c.phone, { type: "tel" }),
      email: input("email", c.email, { type: "email" }),
    };
    const drop = button(t.removeContact, { "aria-label": t.removeContactLabel(n) }, "link");
    drop.addEventListener("click", () => {
      rows.splice(rows.indexOf(row), 1);
      row.el.remove();
      renumber();
    });
    row.el.append(h("legend", {}, t.contactLegend(n)), field(t.contactName, row.name), field(t.contactRole, row.role),
      field(t.contactPhone, row.phone), field(t.contactEmail, row.email), drop);
    rows.push(row);
    contactList.append(row.el);
  };
  list(p.contacts).forEach(addContact);
  const add = button(t.addContact, { id: "partner-add-contact" }, "secondary");
  add.addEventListener("click", () => {
    addContact({ id: "", name: "", role: "", phone: "", email: "" });
    rows[rows.length - 1].name.focus();
  });

  const submit = button(t.submit, { type: "submit", id: "partner-submit" }, "primary");
  const form = h("form", { id: "partner-form", class: "card form-grid", novalidate: true, "aria-labelledby": "partner-title" },
    field(t.name, f.name, { required: true, wide: true }),
    field(t.kind, f.kind, { required: true }),
    field(t.organisation, f.organisation),
    field(t.address, f.address, { wide: true }),
    field(t.postalCode, f.postalCode),
    field(t.commune, f.commune),
    field(t.phone, f.phone),
    field(t.email, f.email),
    field(t.website, f.website, { wide: true }),
    h("fieldset", { class: "themes field-wide", id: "partner-themes" },
      h("legend", {}, t.themes),
      h("p", { class: "hint" }, t.themesHint),
      h("div", { class: "check-grid" }, themeBoxes.map((b) => checkField(b.dataset.label ?? b.value, b))),
      h("p", { class: "field-error", id: "partner-themes-error" })),
    field(t.notes, f.notes, { wide: true }),
    h("fieldset", { class: "field-wide", id: "partner-contacts" },
      h("legend", {}, t.contacts), contactList, add,
      h("p", { class: "field-error", id: "partner-contacts-error" })),
    h("div", { class: "form-actions field-wide" }, submit, h("a", { href: href(back), class: "btn btn-link" }, t.cancel)),
  );
  const errors = new FormErrors(form, "partner");
  form.prepend(errors.summary);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    if (f.name.value.trim() === "") {
      errors.set("name", t.needName);
      errors.focusFirst();
      return;
    }
    const out: Partner = {
      id: p.id, name: f.name.value, kind: f.kind.value, organisation: f.organisation.value,
      address: f.address.value, postalCode: f.postalCode.value, commune: f.commune.value,
      phone: f.phone.value, email: f.email.value, website: f.website.value, notes: f.notes.value,
      themes: themeBoxes.filter((b) => b.checked).map((b) => b.value),
      contacts: rows.map((r) => ({ id: r.id, name: r.name.value, role: r.role.value, phone: r.phone.value,
        email: r.email.value })),
    };
    submit.disabled = true;
    try {
      const saved = await partners.save(out);
      flashNext(t.saved);
      navigate(`/partners/${encodeURIComponent(saved.id)}`);
    } catch (err) {
      errors.setError(err);
      errors.focusFirst();
      submit.disabled = false;
    }
  });

  replace(root, h("h1", { id: "partner-title" }, id ? t.editTitle : t.createTitle), form);
  f.name.focus();
};
