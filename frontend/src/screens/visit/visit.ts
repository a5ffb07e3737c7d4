// Recording a visit: for a known person (#/visit/new?person=ID) or anonymous
// (#/visit/anonymous), where only sex, age bracket and nationality describe
// who came. Control ids are "visit-" + the Go field name, so a server error
// naming a field lands next to it.

import { list, persons, visits } from "../../api";
import type { Person, Sex, Visit } from "../../api";
import { countryPicker } from "../../components/countryPicker";
import type { CountryPicker } from "../../components/countryPicker";
import { h } from "../../components/dom";
import { button, checkbox, checkField, field, FormErrors, select, textArea, textInput } from "../../components/form";
import { flashNext } from "../../components/notice";
import { fr } from "../../i18n/fr";
import { isFuture, nowParisLocal, parisLocalToISO } from "../../lib/dates";
import { personName } from "../../lib/text";
import { href, navigate } from "../../nav";
import type { Screen } from "../../nav";
import { can } from "../../session";
import { ctx, prefs, ref } from "../../store";
import { referralBlock } from "./referrals";

const t = fr.visit;

interface Common {
  at: HTMLInputElement;
  siteId: HTMLSelectElement;
  userId: HTMLSelectElement;
  mode: HTMLSelectElement;
  themes: HTMLInputElement[];
}

interface Detail {
  durationMin: HTMLInputElement;
  actions: HTMLTextAreaElement;
  referrals: HTMLTextAreaElement;
  note: HTMLTextAreaElement;
  /** Only for roles allowed private notes ("visit.private"). */
  privateNote: HTMLTextAreaElement | null;
}

interface Anonymous {
  sex: HTMLSelectElement;
  ageBracket: HTMLSelectElement;
  nationality: CountryPicker;
}

export const visitScreen: Screen = async (root, route) => {
  const anonymous = route.params.kind === "anonymous";
  const personId = anonymous ? "" : (route.query.get("person") ?? "");
  if (!anonymous && !personId) {
    navigate("/person/new?visit=1");
    return;
  }
  const person = personId ? await persons.get(personId) : null;
  const back = person ? `/person/${encodeURIComponent(person.id)}` : "/";

  const common = commonFields();
  const detail = anonymous ? null : detailFields();
  const anon = anonymous ? anonymousFields() : null;
  const submit = button(t.submit, { type: "submit", id: "visit-submit" }, "primary");
  const refer = can("referral") ? referralBlock() : null;

  const themes = h(
    "fieldset",
    { class: "themes field-wide", id: "visit-themes", "aria-describedby": "visit-themes-hint visit-themes-error" },
    h("legend", {}, t.themes),
    h("p", { class: "hint", id: "visit-themes-hint" }, t.themesHint),
    h("div", { class: "check-grid" },
      common.themes.map((box) => checkField(box.dataset.label ?? box.value, box))),
    h("p", { class: "field-error", id: "visit-themes-error" }),
  );

  const form = h(
    "form",
    { id: "visit-form", class: "card form-grid", novalidate: true, "aria-labelledby": "visit-title" },
    field(t.at, common.at, { required: true }),
    field(t.mode, common.mode),
    field(t.site, common.siteId),
    field(t.user, common.userId),
    anon ? [field(t.sex, anon.sex), field(t.ageBracket, anon.ageBracket), field(t.nationality, anon.nationality.el)] : null,
    detail ? field(t.duration, detail.durationMin) : null,
    themes,
    detail
      ? [
          field(t.actions, detail.actions, { wide: true }),
          field(t.referrals, detail.referrals, { wide: true }),
          field(t.note, detail.note, { wide: true, hint: t.noteHint }),
          detail.privateNote ? field(t.privateNote, detail.privateNote, { wide: true, hint: t.privateNoteHint }) : null,
        ]
      : null,
    refer?.el,
    h("div", { class: "form-actions field-wide" }, submit, h("a", { href: href(back), class: "btn btn-link" }, t.cancel)),
  );
  const errors = new FormErrors(form, "visit");
  form.prepend(errors.summary);

  let savedId = "";
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    const v = readVisit(common, detail, anon, personId, errors);
    if (errors.any) {
      errors.focusFirst();
      return;
    }
    submit.disabled = true;
    // Once the visit is saved, a retry (its referrals failed) changes it
    // rather than recording it twice.
    v.id = savedId;
    try {
      savedId = (await visits.record(v)).id;
      prefs.remember(v.siteId, v.userId);
    } catch (err) {
      errors.setError(err);
      errors.focusFirst();
      submit.disabled = false;
      return;
    }
    try {
      const n = refer ? await refer.save(savedId) : 0;
      flashNext(n > 0 ? fr.referrals.savedWith(n) : t.saved);
      navigate(back);
    } catch (err) {
      errors.set("", fr.referrals.notSaved);
      errors.setError(err);
      errors.focusFirst();
      submit.disabled = false;
    }
  });

  root.append(
    h("h1", { id: "visit-title" }, anonymous ? t.anonymousTitle : t.title),
    person ? h("p", { class: "lead", id: "visit-person" }, whoFor(person)) : h("p", { class: "lead" }, t.anonymousIntro),
    form,
  );
};

function whoFor(p: Person): string {
  return t.forPerson(personName(p), p.fileNumber);
}

function commonFields(): Common {
  const c = ctx();
  const sites = list(c.sites).map((s) => ({ value: s.id, label: s.commune ? `${s.name} (${s.commune})` : s.name }));
  // Inactive users keep their past visits but record no new ones.
  const users = list(c.users).filter((u) => u.active).map((u) => ({ value: u.id, label: u.displayName }));
  const modes = ref.visitModes().map((m) => ({ value: m.code, label: m.label }));
  const now = nowParisLocal();
  return {
    at: textInput("visit-at", now, { type: "datetime-local" }),
    siteId: select("visit-siteId", sites, prefs.siteId()),
    userId: select("visit-userId", users, prefs.userId()),
    mode: select("visit-mode", modes, modes[0]?.value ?? ""),
    themes: ref.themes().map((th) => {
      const box = checkbox(`theme-${th.code}`, false, th.code);
      box.name = "themes";
      box.dataset.label = th.label;
      return box;
    }),
  };
}

function detailFields(): Detail {
  return {
    durationMin: textInput("visit-durationMin", "", { type: "number", min: "0", step: "5", inputmode: "numeric" }),
    actions: textArea("visit-actions"),
    referrals: textArea("visit-referrals"),
    note: textArea("visit-note"),
    privateNote: can("visit.private") ? textArea("visit-privateNote") : null,
  };
}

function anonymousFields(): Anonymous {
  const sexes = ref.sexes().filter((s) => s.code !== "").map((s) => ({ value: s.code, label: s.label }));
  const brackets = ref.ageBrackets().map((b) => ({ value: b, label: t.ageBracketLabel(b) }));
  return {
    sex: select("visit-sex", sexes, "", t.notSpecified),
    ageBracket: select("visit-ageBracket", brackets, "", t.notSpecified),
    nationality: countryPicker("visit-nationality", ref.countries(), "", fr.person.countryPlaceholder),
  };
}

function readVisit(c: Common, d: Detail | null, a: Anonymous | null, personId: string, errors: FormErrors): Visit {
  const at = c.at.value ? parisLocalToISO(c.at.value) : null;
  if (!at) errors.set("at", t.needAt);
  else if (isFuture(c.at.value.slice(0, 10))) errors.set("at", t.futureAt);

  if (a?.nationality.unmatched()) errors.set("nationality", fr.person.pickCountry);

  let duration = 0;
  if (d) {
    const raw = d.durationMin.value.trim();
    if (d.durationMin.validity.badInput || (raw !== "" && !/^\d+$/.test(raw))) errors.set("durationMin", t.badDuration);
    else duration = raw === "" ? 0 : Number(raw);
  }

  return {
    id: "",
    at: at ?? "",
    siteId: c.siteId.value,
    userId: c.userId.value,
    personId,
    sex: (a?.sex.value ?? "") as Sex,
    ageBracket: a?.ageBracket.value ?? "",
    nationality: a?.nationality.value() ?? "",
    mode: c.mode.value,
    durationMin: duration,
    themes: c.themes.filter((b) => b.checked).map((b) => b.value),
    actions: d?.actions.value.trim() ?? "",
    referrals: d?.referrals.value.trim() ?? "",
    note: d?.note.value.trim() ?? "",
    privateNote: d?.privateNote?.value.trim() ?? "",
  };
}
