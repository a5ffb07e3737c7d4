// A searchable list of countries (ARIA combobox): type a few letters of the
// country or of its nationality adjective, accents optional, then pick with
// the arrows and Enter, or with the mouse. A name typed in full counts as
// picked; anything else typed stays as typed, and unmatched() tells the
// form, which refuses to save it rather than drop it silently.

import type { Country } from "../api";
import { fold } from "../lib/text";
import { h, replace } from "./dom";

const MAX_OPTIONS = 8;

export interface CountryPicker {
  /** The wrapper to put in a field. */
  el: HTMLElement;
  input: HTMLInputElement;
  /** The chosen ISO code, "" when none. */
  value(): string;
  /** Whether text was typed that names no country of the list. */
  unmatched(): boolean;
  set(code: string): void;
}

interface Entry {
  country: Country;
  keys: string[];
}

export function countryPicker(id: string, countries: Country[], code = "", placeholder = ""): CountryPicker {
  const entries: Entry[] = countries.map((c) => ({
    country: c,
    keys: [c.name, c.masculine, c.feminine].map(fold).filter(Boolean),
  }));
  const byCode = new Map(countries.map((c) => [c.code, c]));
  const listId = `${id}-list`;
  const input = h("input", {
    type: "text",
    id,
    name: id,
    role: "combobox",
    autocomplete: "off",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
    placeholder,
  });
  const list = h("ul", { id: listId, role: "listbox", class: "combo-list", hidden: true });
  const el = h("div", { class: "combo" }, input, list);

  let chosen = "";
  let shown: Country[] = [];
  let active = -1;

  function set(next: string): void {
    const c = byCode.get(next);
    chosen = c ? c.code : "";
    input.value = c ? c.name : "";
    input.dataset.code = chosen;
  }

  function close(): void {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function matches(q: string): Country[] {
    if (q === "") return [];
    const starts = entries.filter((e) => e.keys.some((k) => k.startsWith(q)));
    const inside = entries.filter((e) => !starts.includes(e) && e.keys.some((k) => k.includes(q)));
    const exactCode = entries.filter((e) => e.country.code.toLowerCase() === q && !starts.includes(e));
    return [...exactCode, ...starts, ...inside].slice(0, MAX_OPTIONS).map((e) => e.country);
  }

  function render(): void {
    replace(
      list,
      shown.map((c, i) =>
        h(
          "li",
          {
            id: `${id}-opt-${c.code}`,
            role: "option",
            class: i === active ? "combo-option active" : "combo-option",
            "aria-selected": i === active ? "true" : "false",
            "data-testid": `country-option-${c.code}`,
            "data-code": c.code,
          },
          c.name,
        ),
      ),
    );
    list.hidden = shown.length === 0;
    input.setAttribute("aria-expanded", shown.length ? "true" : "false");
    if (active >= 0 && shown[active]) {
      input.setAttribute("aria-activedescendant", `${id}-opt-${shown[active].code}`);
      list.children[active]?.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function pick(c: Country): void {
    set(c.code);
    close();
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  input.addEventListener("input", () => {
    chosen = "";
    input.dataset.code = "";
    shown = matches(fold(input.value));
    active = shown.length ? 0 : -1;
    render();
  });

  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (list.hidden) shown = matches(fold(input.value));
      if (!shown.length) return;
      ev.preventDefault();
      const step = ev.key === "ArrowDown" ? 1 : -1;
      active = (active + step + shown.length) % shown.length;
      render();
    } else if (ev.key === "Enter" && !list.hidden && active >= 0) {
      ev.preventDefault();
      pick(shown[active]);
    } else if (ev.key === "Escape" && !list.hidden) {
      ev.preventDefault();
      close();
    }
  });

  // mousedown keeps the focus in the input, so blur does not close the list
  // before the click lands.
  list.addEventListener("mousedown", (ev) => ev.preventDefault());
  list.addEventListener("click", (ev) => {
    const li = (ev.target as HTMLElement).closest<HTMLElement>("[data-code]");
    const c = li ? byCode.get(li.dataset.code ?? "") : undefined;
    if (c) pick(c);
  });

  input.addEventListener("blur", () => {
    if (!chosen) {
      // Accept a name typed in full; keep anything else for the form to flag.
      const q = fold(input.value);
      const exact = q === "" ? undefined : entries.find((e) => e.keys.includes(q));
      if (exact) set(exact.country.code);
    }
    close();
  });

  // What was typed, if it names a country in full, even before blur (Enter
  // in another field submits without leaving this one).
  function unmatched(): boolean {
    if (chosen || input.value.trim() === "") return false;
    const q = fold(input.value);
    const exact = entries.find((e) => e.keys.includes(q));
    if (!exact) return true;
    set(exact.country.code);
    return false;
  }

  set(code);
  return { el, input, value: () => chosen, unmatched, set };
}
