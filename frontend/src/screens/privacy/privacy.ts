// The registry of processing activities (registre des traitements), as Go
// generates it from the settings, in a page that prints; and, for roles
// that may change settings, the retention period and the files it
// anonymises within 30 days.

import { list, privacy } from "../../api";
import type { Registry } from "../../api";
import { h, replace } from "../../components/dom";
import { button, field, FormErrors, textInput } from "../../components/form";
import { fr } from "../../i18n/fr";
import type { Screen } from "../../nav";
import { can } from "../../session";

const t = fr.privacy;
/** The bounds Go checks (backend.CheckRetentionYears), shown as a hint. */
const MIN_YEARS = 1;
const MAX_YEARS = 30;

export const privacyScreen: Screen = async (root) => {
  const settings = can("settings");
  const [registry, years, due] = await Promise.all([
    privacy.registry(),
    settings ? privacy.retention() : Promise.resolve(0),
    settings ? privacy.dueForAnonymisation() : Promise.resolve([] as string[]),
  ]);

  const print = button(t.print, { id: "privacy-print", class: "btn btn-secondary no-print" });
  print.addEventListener("click", () => window.print());
  root.append(
    h("div", { class: "screen-head" }, h("h1", {}, t.title), h("div", { class: "actions no-print" }, print)),
    h("p", { class: "lead" }, t.intro),
  );
  if (settings) root.append(retentionCard(years), dueCard(due));
  root.append(registrySection(registry));
};

function retentionCard(years: number): HTMLElement {
  const current = h("p", { id: "privacy-retention-current", "data-testid": "privacy-retention-current" }, t.retentionCurrent(years));
  const input = textInput("privacy-retention_years", String(years), {
    type: "number",
    min: String(MIN_YEARS),
    max: String(MAX_YEARS),
    inputmode: "numeric",
  });
  const save = button(t.retentionSave, { type: "submit", id: "privacy-retention-save" }, "primary");
  const done = h("p", { class: "flash", id: "privacy-retention-done", role: "status", hidden: true });
  const form = h(
    "form",
    { class: "card no-print", id: "privacy-retention-form", novalidate: true },
    h("h2", {}, t.retentionTitle),
    h("p", {}, t.retentionIntro),
    current,
    field(t.retentionLabel, input, { hint: t.retentionHint(MIN_YEARS, MAX_YEARS) }),
    h("div", { class: "form-actions" }, save),
    done,
  );
  const errors = new FormErrors(form, "privacy");
  form.querySelector("h2")?.after(errors.summary);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.clear();
    done.hidden = true;
    const n = Number(input.value.trim());
    if (input.value.trim() === "" || !Number.isInteger(n)) {
      errors.set("retention_years", t.retentionInvalid);
      errors.focusFirst();
      return;
    }
    save.disabled = true;
    try {
      const saved = await privacy.setRetention(n);
      replace(current, t.retentionCurrent(saved));
      replace(done, t.retentionSaved(saved));
      done.hidden = false;
    } catch (err) {
      errors.setError(err);
      errors.focusFirst();
    } finally {
      save.disabled = false;
    }
  });
  return form;
}

function dueCard(files: string[]): HTMLElement {
  return h(
    "section",
    { class: "card", id: "privacy-due", "aria-labelledby": "privacy-due-title" },
    h("h2", { id: "privacy-due-title" }, t.dueTitle),
    files.length === 0
      ? h("p", { class: "empty", id: "privacy-due-empty" }, t.dueEmpty)
      : [
          h("p", {}, t.dueIntro, " ", h("strong", {}, t.dueCount(files.length))),
          h("ul", { class: "due-list", id: "privacy-due-list" },
            files.map((f) => h("li", { class: "file-number", "data-testid": "privacy-due-file" }, f))),
        ],
  );
}

function registrySection(r: Registry): HTMLElement {
  return h(
    "article",
    { class: "registry", id: "privacy-registry", "aria-labelledby": "privacy-registry-title" },
    h("h2", { id: "privacy-registry-title" }, r.title),
    h("p", { class: "registry-processing" }, r.processing),
    list(r.sections).map((s) =>
      h("section", { class: "registry-section", "data-testid": "registry-section" },
        h("h3", {}, s.title),
        h("ul", {}, list(s.lines).map((line) => h("li", {}, line))))),
  );
}
