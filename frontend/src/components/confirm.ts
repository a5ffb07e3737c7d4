// A confirmation asked in the page, under the action it guards: a panel
// (role "alertdialog") with the consequence spelled out, a button that
// goes ahead and one that cancels, which has the focus so that Enter alone
// never destroys anything. It is drawn in the page rather than as a
// <dialog>, which older WebKitGTK lacks.

import { h } from "./dom";
import { button } from "./form";

export interface ConfirmText {
  /** Stable prefix of the panel's ids, for tests: `${id}-yes`, `${id}-no`. */
  id: string;
  title: string;
  text: string;
  yes: string;
  no: string;
}

/** Shows the panel at the end of container; resolves true on "yes". */
export function askConfirm(container: HTMLElement, t: ConfirmText): Promise<boolean> {
  container.querySelector(`#${t.id}`)?.remove();
  const yes = button(t.yes, { id: `${t.id}-yes`, "data-testid": `${t.id}-yes` }, "primary");
  const no = button(t.no, { id: `${t.id}-no`, "data-testid": `${t.id}-no` });
  const panel = h(
    "div",
    { class: "confirm-panel", id: t.id, role: "alertdialog", "aria-labelledby": `${t.id}-title`, "aria-describedby": `${t.id}-text` },
    h("p", { class: "confirm-title", id: `${t.id}-title` }, t.title),
    h("p", { id: `${t.id}-text` }, t.text),
    h("div", { class: "form-actions" }, yes, no),
  );
  container.append(panel);
  no.focus();
  return new Promise((resolve) => {
    const close = (answer: boolean) => {
      panel.remove();
      resolve(answer);
    };
    yes.addEventListener("click", () => close(true));
    no.addEventListener("click", () => close(false));
    panel.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") close(false);
    });
  });
}
