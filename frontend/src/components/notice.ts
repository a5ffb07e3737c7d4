// Messages that outlive a screen: a confirmation shown on the next screen
// after a save ("Accueil enregistré."), and the error box of a screen that
// could not load.

import { asApiError } from "../api";
import { h, replace } from "./dom";

let pending = "";

/** Keeps message to show on the next screen. */
export function flashNext(message: string): void {
  pending = message;
}

/** Shows the pending message, if any, in region (a role="status" element). */
export function showPendingFlash(region: HTMLElement): void {
  replace(region, pending ? h("p", { class: "flash" }, pending) : null);
  pending = "";
}

/** A box telling what failed, for a screen that could not load its data. */
export function errorBox(err: unknown): HTMLElement {
  return h("div", { class: "error-box", role: "alert" }, asApiError(err).message);
}
