// The person form's controls, and the two ways across: reading a Person out
// of the form (with the client-side checks) and the empty Person to start from.

import { list } from "../../api";
import type { Person, Sex } from "../../api";
import { countryPicker } from "../../components/countryPicker";
import type { CountryPicker } from "../../components/countryPicker";
import { h } from "../../components/dom";
import { checkbox, checkField, field, select, textArea, textInput } from "../../components/form";
import type { FormErrors } from "../../components/form";
import { fr } from "../../i18n/fr";
import { formatDate, isFuture, parseDate } from "../../lib/dates";
import { can } from "../../session";
import { ctx, ref } from "../../store";

const t = fr.person;

export function emptyPerson(): Person {
  return {
    id: "",
    fileNumber: "",
    lastName: "",
    birthName: "",
    firstNames: "",
    sex: "",
    birthDate: "",
    birthPlace: "",
    nationality: "",
    nationality2: "",
    languages: "",
    interpreterNeeded: false,
    phone: "",
    email: "",
    commune: "",
    noFixedAddress: false,
    familySituation: "",
    children: 0,
    arrivalDate: "",
    adminSituation: "",
    referentId: "",
    restricted: false,
    referents: [],
    consentDate: "",
    consentNote: "",
    notes: "",
  };
}

export interface PersonFields {
  lastName: HTMLInputElement;
  birthName: HTMLInputElement;
  firstNames: HTMLInputElement;
  sex: HTMLSelectElement;
  birthDate: HTMLInputElement;
  birthPlace: HTMLInputElement;
  nationality: CountryPicker;
  nationality2: CountryPicker;
  languages: HTMLInputElement;
  interpreterNeeded: HTMLInputElement;
  phone: HTMLInputElement;
  email: HTMLInputElement;
  commune: HTMLInputElement;
  noFixedAddress: HTMLInputElement;
  familySituation: HTMLInputElement;
  children: HTMLInputElement;
  arrivalDate: HTMLInputElement;
  adminSituation: HTMLSelectElement;
  referentId: HTMLSelectElement;
  restricted: HTMLInputElement;
  referents: HTMLSelectElement;
  consentDate: HTMLInputElement;
  consentNote: HTMLTextAreaElement;
  notes: HTMLTextAreaElement;
}

const id = (name: string) => `person-${name}`;

export function personFields(p: Person): PersonFields {
  const countries = ref.countries();
  const sexes = ref.sexes().filter((s) => s.code !== "").map((s) => ({ value: s.code, label: s.label }));
  const situations = ref.adminSituations().map((s) => ({ value: s.code, label: s.label }));
  const users = list(ctx().users).map((u) => ({ value: u.id, label: u.displayName }));
  return {
    lastName: textInput(id("lastName"), p.lastName, { autocomplete: "off", autocapitalize: "characters" }),
    birthName: textInput(id("birthName"), p.birthName),
    firstNames: textInput(id("firstNames"), p.firstNames),
    sex: select(id("sex"), sexes, p.sex, t.notSpecified),
    birthDate: textInput(id("birthDate"), p.birthDate ? formatDate(p.birthDate) : "", { inputmode: "numeric" }),
    birthPlace: textInput(id("birthPlace"), p.birthPlace),
    nationality: countryPicker(id("nationality"), countries, p.nationality, t.countryPlaceholder),
    nationality2: countryPicker(id("nationality2"), countries, p.nationality2, t.countryPlaceholder),
    languages: textInput(id("languages"), p.languages),
    interpreterNeeded: checkbox(id("interpreterNeeded"), p.interpreterNeeded),
    phone: textInput(id("phone"), p.phone, { type: "tel", autocomplete: "off" }),
    email: textInput(id("email"), p.email, { type: "email", autocomplete: "off" }),
    commune: textInput(id("commune"), p.commune),
    noFixedAddress: checkbox(id("noFixedAddress"), p.noFixedAddress),
    familySituation: textInput(id("familySituation"), p.familySituation),
    children: textInput(id("children"), p.children ? String(p.children) : "", { type: "number", min: "0", step: "1" }),
    arrivalDate: textInput(id("arrivalDate"), p.arrivalDate, { type: "date" }),
    adminSituation: select(id("adminSituation"), situations, p.adminSituation, t.notSpecified),
    referentId: select(id("referentId"), users, p.referentId, t.notSpecified),
    restricted: checkbox(id("restricted"), p.restricted),
    referents: multiSelect(id("referents"), users, list(p.referents)),
    consentDate: textInput(id("consentDate"), p.consentDate, { type: "date" }),
    consentNote: textArea(id("consentNote"), p.consentNote, 2),
    notes: textArea(id("notes"), p.notes, 4),
  };
}

function multiSelect(elId: string, options: { value: string; label: string }[], chosen: string[]): HTMLSelectElement {
  const el = select(elId, options);
  el.multiple = true;
  el.size = Math.min(Math.max(options.length, 2), 6);
  for (const o of Array.from(el.options)) o.selected = chosen.includes(o.value);
  return el;
}

/** The form's sections, each a fieldset. */
export function personFieldsets(f: PersonFields): HTMLElement[] {
  const section = (legend: string, ...children: (HTMLElement | null)[]) =>
    h("fieldset", { class: "card form-grid" }, h("legend", {}, legend), children);
  return [
    section(
      t.sectionIdentity,
      field(t.lastName, f.lastName, { required: true }),
      field(t.firstNames, f.firstNames),
      field(t.birthName, f.birthName),
      field(t.sex, f.sex),
      field(t.birthDate, f.birthDate, { hint: t.birthDateHint }),
      field(t.birthPlace, f.birthPlace),
      field(t.nationality, f.nationality.el),
      field(t.nationality2, f.nationality2.el),
      field(t.languages, f.languages),
      h("div", { class: "field field-check" }, checkField(t.interpreterNeeded, f.interpreterNeeded)),
    ),
    section(
      t.sectionContact,
      field(t.phone, f.phone),
      field(t.email, f.email),
      field(t.commune, f.commune),
      h("div", { class: "field field-check" }, checkField(t.noFixedAddress, f.noFixedAddress)),
    ),
    section(
      t.sectionSituation,
      field(t.familySituation, f.familySituation),
      field(t.children, f.children),
      field(t.arrivalDate, f.arrivalDate),
      field(t.adminSituation, f.adminSituation),
      field(t.referent, f.referentId),
      h("div", { class: "field field-check" }, checkField(t.restricted, f.restricted)),
      field(t.referents, f.referents, { hint: t.restrictedHint }),
    ),
    // A person's notes are case details: roles without them neither see nor
    // send them (Go blanks them anyway).
    section(t.sectionNotes, field(t.consentDate, f.consentDate),
      field(t.consentNote, f.consentNote, { hint: t.consentNoteHint }),
      can("case.details") ? field(t.notes, f.notes, { wide: true }) : null),
  ];
}

/**
 * Reads the form over base (which keeps id and file number). With errors,
 * the checks mark the fields at fault; without, it reads leniently (for the
 * duplicate look-up while typing).
 */
export function readPerson(f: PersonFields, base: Person, errors?: FormErrors): Person {
  const fail = (name: string, message: string) => errors?.set(name, message);
  const p: Person = {
    ...base,
    lastName: f.lastName.value.trim(),
    birthName: f.birthName.value.trim(),
    firstNames: f.firstNames.value.trim(),
    sex: f.sex.value as Sex,
    birthPlace: f.birthPlace.value.trim(),
    languages: f.languages.value.trim(),
    interpreterNeeded: f.interpreterNeeded.checked,
    phone: f.phone.value.trim(),
    email: f.email.value.trim(),
    commune: f.commune.value.trim(),
    noFixedAddress: f.noFixedAddress.checked,
    familySituation: f.familySituation.value.trim(),
    adminSituation: f.adminSituation.value,
    referentId: f.referentId.value,
    restricted: f.restricted.checked,
    referents: Array.from(f.referents.selectedOptions).map((o) => o.value),
    consentNote: f.consentNote.value.trim(),
    notes: f.notes.value.trim(),
  };

  if (p.lastName === "" && p.firstNames === "") fail("lastName", t.needName);
  // Checked first: unmatched() also takes a name typed in full but not left.
  if (errors && f.nationality.unmatched()) fail("nationality", t.pickCountry);
  if (errors && f.nationality2.unmatched()) fail("nationality2", t.pickCountry);
  p.nationality = f.nationality.value();
  p.nationality2 = f.nationality2.value();

  const birth = parseDate(f.birthDate.value);
  if (birth === null) fail("birthDate", t.badDate);
  else if (isFuture(birth)) fail("birthDate", t.futureBirthDate);
  p.birthDate = birth ?? "";

  p.arrivalDate = readDay(f.arrivalDate, "arrivalDate", fail);
  p.consentDate = readDay(f.consentDate, "consentDate", fail);

  const children = f.children.value.trim();
  if (f.children.validity.badInput || (children !== "" && !/^\d+$/.test(children))) {
    fail("children", t.badNumber);
  }
  p.children = /^\d+$/.test(children) ? Number(children) : 0;
  return p;
}

function readDay(input: HTMLInputElement, name: string, fail: (name: string, message: string) => void): string {
  if (input.validity.badInput) {
    fail(name, t.badDate);
    return "";
  }
  const value = input.value;
  if (isFuture(value)) fail(name, t.futureDate);
  return value;
}
