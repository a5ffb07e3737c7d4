// A person's file: the case file (situation, procedures, timeline of
// visits, steps and referrals; see casefile.ts) and the form (to create or
// update), with the possible duplicates while creating.

import { caseFiles, persons } from "../../api";
import type { CaseFile, PersonMatch } from "../../api";
import { append, h, replace } from "../../components/dom";
import { button, FormErrors } from "../../components/form";
import { flashNext } from "../../components/notice";
import { newTaskButton } from "../../components/taskButton";
import { fr } from "../../i18n/fr";
import { formatDate } from "../../lib/dates";
import { debounce, personName } from "../../lib/text";
import { href, navigate } from "../../nav";
import type { Screen } from "../../nav";
import { label } from "../../store";
import { caseFileSections } from "./casefile";
import { emptyPerson, personFields, personFieldsets, readPerson } from "./fields";
import { appendPrivacyActions } from "../privacy/personActions";

const t = fr.person;
const DUPLICATES_DELAY_MS = 300;

export const personScreen: Screen = async (root, route) => {
  const id = route.params.id;
  const creating = !id;
  const thenVisit = route.query.get("visit") === "1";

  const cf: CaseFile | null = creating ? null : await caseFiles.open(id);
  const person = cf ? cf.person : emptyPerson();

  const f = personFields(person);
  const submitLabel = creating ? (thenVisit ? t.createThenVisit : t.create) : t.save;
  const submit = button(submitLabel, { type: "submit", id: "person-submit" }, "primary");
  // Cancelling an edit redraws the file as saved; a link to the same hash
  // would do nothing.
  const cancel = creating
    ? h("a", { href: href("/"), class: "btn btn-link" }, t.cancel)
    : button(t.cancel, { id: "person-cancel" }, "link");
  if (!creating) cancel.addEventListener("click", () => navigate(`/person/${encodeURIComponent(id)}`));
  const form = h(
    "form",
    { id: "person-form", class: "stack", novalidate: true, "aria-labelledby": "person-title" },
    personFieldsets(f),
    h("div", { class: "form-actions" }, submit, cancel),
  );
  const errors = new FormErrors(form, "person");
  form.prepend(errors.summary);

  const duplicates = h("section", {
    id: "person-duplicates",
    class: "duplicates",
    "aria-live": "polite",
    "aria-labelledby": "person-duplicates-title",
    hidden: true,
  });
  // Right under the identity, where the names are typed.
  if (creating) form.querySelector("fieldset")?.after(duplicates);

  // While creating, look for persons already known under these names.
  let asked = 0;
  const checkDuplicates = debounce(async () => {
    const n = ++asked;
    const p = readPerson(f, person);
    if (p.lastName === "" && p.firstNames === "") {
      showDuplicates(duplicates, [], thenVisit);
      return;
    }
    try {
      const found = await persons.duplicates(p);
      if (n === asked) showDuplicates(duplicates, found, thenVisit);
    } catch {
      // a failed look-up must not stop anyone from typing; saving will tell
    }
  }, DUPLICATES_DELAY_MS);
  if (creating) {
    for (const input of [f.lastName, f.firstNames, f.birthDate]) {
      input.addEventListener("input", checkDuplicates);
    }
  }

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    const p = readPerson(f, person, errors);
    if (errors.any) {
      errors.focusFirst();
      return;
    }
    submit.disabled = true;
    try {
      const saved = creating ? await persons.create(p) : await persons.update(p);
      if (creating) {
        flashNext(t.created(saved.fileNumber));
        const next = thenVisit ? `/visit/new?person=${encodeURIComponent(saved.id)}` : `/person/${encodeURIComponent(saved.id)}`;
        navigate(next);
      } else {
        flashNext(t.saved);
        navigate(`/person/${encodeURIComponent(saved.id)}`);
      }
    } catch (err) {
      // Everything typed stays in the form; the message goes by its field.
      errors.setError(err);
      errors.focusFirst();
      submit.disabled = false;
    }
  });

  const title = creating ? t.newTitle : personName(person) || person.fileNumber;
  append(root, [
    h("div", { class: "screen-head" },
      h("div", {},
        h("h1", { id: "person-title" }, title),
        person.fileNumber ? h("p", { class: "file-badge", id: "person-fileNumber", "data-testid": "person-fileNumber" }, t.fileNumber(person.fileNumber)) : null),
      creating ? null : h("div", { class: "actions" },
        h("a", { href: href(`/visit/new?person=${encodeURIComponent(person.id)}`), class: "btn btn-primary", id: "person-record-visit" }, t.recordVisit),
        newTaskButton({ personId: person.id }))),
    // A known person's case file comes first: it is what the desk reads.
    cf ? caseFileSections(cf) : null,
    creating ? null : h("h2", { id: "person-details-title" }, t.detailsTitle),
    form,
  ]);
  if (!creating) appendPrivacyActions(root, person);
  if (creating) f.lastName.focus();
};

function showDuplicates(root: HTMLElement, found: PersonMatch[], thenVisit: boolean): void {
  root.hidden = found.length === 0;
  if (root.hidden) {
    replace(root);
    return;
  }
  replace(
    root,
    h("h2", { id: "person-duplicates-title" }, t.duplicatesTitle),
    h("p", {}, t.duplicatesIntro),
    h("ul", { class: "results" },
      found.map((m) =>
        h("li", { class: "result", "data-testid": "duplicate", "data-id": m.id },
          h("a", { href: href(`/person/${encodeURIComponent(m.id)}`), class: "result-main" },
            h("span", { class: "file-number" }, m.fileNumber),
            h("span", { class: "person-name" }, m.restricted ? t.restrictedFile : personName(m)),
            m.birthDate ? h("span", { class: "muted" }, formatDate(m.birthDate)) : null,
            m.nationality ? h("span", { class: "muted" }, label.country(m.nationality)) : null,
            h("span", { class: "tag" }, m.reason === "same" ? t.duplicateSame : t.duplicateClose)),
          thenVisit
            ? h("a", { href: href(`/visit/new?person=${encodeURIComponent(m.id)}`), class: "btn btn-secondary btn-small" }, fr.home.recordVisitFor)
            : null))),
  );
}
