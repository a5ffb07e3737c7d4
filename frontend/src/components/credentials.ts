// What the account screens share: login and password inputs, the check
// that a new password was typed twice the same, and the page that holds a
// gate (setup, first administrator, login, new password, lock) in the
// middle of the window.

import { fr } from "../i18n/fr";
import { h } from "./dom";
import type { FormErrors } from "./form";

export function loginInput(id: string, value = ""): HTMLInputElement {
  return h("input", {
    type: "text",
    id,
    name: id,
    value,
    autocomplete: "username",
    autocapitalize: "none",
    spellcheck: "false",
  });
}

/** A password input; autocomplete is "current-password" or "new-password". */
export function passwordInput(id: string, autocomplete: "current-password" | "new-password"): HTMLInputElement {
  return h("input", { type: "password", id, name: id, autocomplete, class: "password" });
}

/**
 * Marks confirm when it differs from password. The strength of the
 * password is judged by the Go side, whose message goes next to the field.
 */
export function checkConfirm(password: HTMLInputElement, confirm: HTMLInputElement, errors: FormErrors, confirmField: string): void {
  if (password.value !== "" && confirm.value !== password.value) errors.set(confirmField, fr.passwords.mismatch);
}

/** The page of a gate: the application's name, the structure's, and the content. */
export function gatePage(orgName: string, ...content: HTMLElement[]): HTMLElement {
  return h(
    "main",
    { id: "gate-main", class: "gate-page", tabindex: "-1" },
    h("p", { class: "gate-brand" },
      h("span", { class: "gate-app" }, fr.appName),
      orgName ? h("span", { class: "gate-org", "data-testid": "gate-structure-name" }, orgName) : null),
    ...content,
  );
}
