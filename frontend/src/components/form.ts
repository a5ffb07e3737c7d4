// Form building blocks: a labelled field with its hint and error, the usual
// controls, and FormErrors, which shows a message next to the field it names
// (client-side checks and server errors alike) or above the form otherwise.

import { asApiError, isSessionError } from "../api";
import { fr } from "../i18n/fr";
import { h, replace } from "./dom";

export interface FieldOptions {
  hint?: string;
  required?: boolean;
  /** Spans the whole row of a form grid. */
  wide?: boolean;
}

/**
 * A label, its control, an optional hint and a slot for an error message.
 * control may be a wrapper (a combobox): the label goes to its first input.
 */
export function field(label: string, control: HTMLElement, opts: FieldOptions = {}): HTMLElement {
  const input = control.matches("input, select, textarea")
    ? control
    : (control.querySelector<HTMLElement>("input, select, textarea") ?? control);
  const id = input.id;
  const described = [opts.hint ? `${id}-hint` : "", `${id}-error`].filter(Boolean).join(" ");
  input.setAttribute("aria-describedby", described);
  if (opts.required) input.setAttribute("aria-required", "true");
  return h(
    "div",
    { class: opts.wide ? "field field-wide" : "field" },
    h("label", { for: id }, label, opts.required ? h("span", { class: "required", "aria-hidden": "true" }, " *") : null),
    control,
    opts.hint ? h("p", { class: "hint", id: `${id}-hint` }, opts.hint) : null,
    h("p", { class: "field-error", id: `${id}-error`, "data-testid": `${id}-error` }),
  );
}

/** A checkbox with its label on the right. */
export function checkField(label: string, box: HTMLInputElement): HTMLElement {
  return h("div", { class: "check" }, box, h("label", { for: box.id }, label));
}

export function textInput(id: string, value = "", attrs: Record<string, string | boolean> = {}): HTMLInputElement {
  return h("input", { type: "text", id, name: id, value, autocomplete: "off", ...attrs });
}

export function textArea(id: string, value = "", rows = 3): HTMLTextAreaElement {
  const el = h("textarea", { id, name: id, rows });
  el.value = value;
  return el;
}

export function checkbox(id: string, checked = false, value = "on"): HTMLInputElement {
  const el = h("input", { type: "checkbox", id, name: id, value });
  el.checked = checked;
  return el;
}

export interface Option {
  value: string;
  label: string;
}

/** A select; blank adds an empty first option with that label. */
export function select(id: string, options: Option[], value = "", blank?: string): HTMLSelectElement {
  const el = h("select", { id, name: id });
  if (blank !== undefined) el.appendChild(h("option", { value: "" }, blank));
  for (const o of options) el.appendChild(h("option", { value: o.value }, o.label));
  el.value = value;
  return el;
}

/** A button; kind "primary" for the main action of a screen. */
export function button(label: string, attrs: Record<string, string> = {}, kind: "primary" | "secondary" | "link" = "secondary"): HTMLButtonElement {
  return h("button", { type: "button", class: `btn btn-${kind}`, ...attrs }, label);
}

/**
 * Shows errors next to fields whose element ids are `${prefix}-${field}`, and
 * anything not tied to a known field in a summary box above the form.
 */
export class FormErrors {
  readonly summary: HTMLElement;
  private readonly form: HTMLElement;
  private readonly prefix: string;

  constructor(form: HTMLElement, prefix: string) {
    this.form = form;
    this.prefix = prefix;
    this.summary = h("div", { class: "form-summary", role: "alert", id: `${prefix}-summary`, hidden: true });
  }

  clear(): void {
    this.form.querySelectorAll(".field-error").forEach((el) => replace(el));
    this.form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    replace(this.summary);
    this.summary.hidden = true;
  }

  /** Shows message next to field, or in the summary when no such field. */
  set(fieldName: string, message: string): void {
    const control = fieldName ? this.form.querySelector(`#${this.prefix}-${cssEscape(fieldName)}`) : null;
    const slot = fieldName ? this.form.querySelector(`#${this.prefix}-${cssEscape(fieldName)}-error`) : null;
    if (control && slot) {
      control.setAttribute("aria-invalid", "true");
      replace(slot, message);
      return;
    }
    this.summary.appendChild(h("p", {}, message));
    this.summary.hidden = false;
  }

  /**
   * Shows an error thrown by the api module. A refusal because the session
   * closed (locked, logged out) says that nothing was saved and that the
   * form may be sent again: the lock screen shows meanwhile.
   */
  setError(err: unknown): void {
    const e = asApiError(err);
    if (isSessionError(e)) {
      this.set("", fr.session.retry);
      return;
    }
    this.set(e.field, e.message || fr.errors.internal);
  }

  get any(): boolean {
    return !this.summary.hidden || this.form.querySelector("[aria-invalid]") !== null;
  }

  /** Moves focus to the first field in error, or to the summary. */
  focusFirst(): void {
    const bad = this.form.querySelector<HTMLElement>("[aria-invalid]");
    if (bad) {
      bad.focus();
    } else if (!this.summary.hidden) {
      this.summary.setAttribute("tabindex", "-1");
      this.summary.focus();
    }
  }
}

function cssEscape(s: string): string {
  return s.replace(/[^a-zA-Z0-9_-]/g, (c) => `\\${c}`);
}
