// The filters of the statistics screen: one multiple choice per dimension
// (sites, workers, themes…) and anonymous or identified, with the active
// ones shown as chips that remove themselves.

import { list } from "../../api";
import type { StatsFilter } from "../../api";
import { h, replace } from "../../components/dom";
import { field, select } from "../../components/form";
import type { Option } from "../../components/form";
import { fr } from "../../i18n/fr";
import { ctx, ref } from "../../store";

const t = fr.statistics;

/** The filter list each dimension fills. */
type ListKey = "sites" | "users" | "themes" | "nationalities" | "sexes" | "ageBrackets" | "adminSituations" | "modes";

const LISTS: Record<string, ListKey> = {
  site: "sites",
  user: "users",
  theme: "themes",
  nationality: "nationalities",
  sex: "sexes",
  age: "ageBrackets",
  admin: "adminSituations",
  mode: "modes",
};

function optionsOf(dim: string): Option[] {
  const notSpecified = { value: "", label: fr.dashboard.notSpecified };
  const items = (xs: { code: string; label: string }[]) => xs.map((x) => ({ value: x.code, label: x.label }));
  switch (dim) {
    case "site":
      return list(ctx().sites).map((s) => ({ value: s.id, label: s.name }));
    case "user":
      return list(ctx().users).map((u) => ({ value: u.id, label: u.displayName }));
    case "theme":
      return items(ref.themes());
    case "nationality":
      return [...ref.countries().map((c) => ({ value: c.code, label: c.name })), notSpecified];
    case "sex":
      return [...items(ref.sexes()), notSpecified];
    case "age":
      return [...ref.ageBrackets().map((a) => ({ value: a, label: `${a} ans` })), notSpecified];
    case "admin":
      return [...items(ref.adminSituations()), notSpecified];
    case "mode":
      return [...items(ref.visitModes()), notSpecified];
  }
  return [];
}

export interface Filters {
  element: HTMLElement;
  /** The filter lists and the anonymous choice, as chosen. */
  read(): Omit<StatsFilter, "period">;
  /** Adds code to the dimension's filter (a click on a chart). */
  add(dim: string, code: string): void;
}

export function statsFilters(dimensions: { code: string; label: string }[], onChange: () => void): Filters {
  const selects = new Map<string, HTMLSelectElement>();
  const fields: HTMLElement[] = [];
  for (const d of dimensions) {
    if (!(d.code in LISTS)) continue;
    const s = select(`stats-filter-${d.code}`, optionsOf(d.code));
    s.multiple = true;
    s.size = 4;
    s.value = "";
    for (const o of Array.from(s.options)) o.selected = false;
    s.addEventListener("change", changed);
    selects.set(d.code, s);
    fields.push(field(d.label, s));
  }
  const identified = select("stats-filter-identified",
    Object.entries(t.identified).map(([value, label]) => ({ value, label })), "", t.identifiedAll);
  identified.addEventListener("change", changed);
  fields.push(field(dimensions.find((d) => d.code === "identified")?.label ?? "", identified));

  const chips = h("div", { class: "stats-chips", id: "stats-chips", "aria-live": "polite" });
  const element = h("fieldset", { class: "card stats-filters" },
    h("legend", {}, t.filtersLegend),
    h("p", { class: "hint" }, t.filtersHint),
    h("div", { class: "stats-filter-grid" }, fields),
    chips);

  function chosen(s: HTMLSelectElement): HTMLOptionElement[] {
    return Array.from(s.selectedOptions);
  }

  function drawChips(): void {
    const items: HTMLElement[] = [];
    for (const [dim, s] of selects) {
      for (const o of chosen(s)) {
        const what = `${dimensions.find((d) => d.code === dim)?.label ?? dim} : ${o.text}`;
        const b = h("button", { type: "button", class: "chip", "data-testid": `stats-chip-${dim}-${o.value || "none"}`,
          "aria-label": t.removeFilter(what) }, `${what} ×`);
        b.addEventListener("click", () => {
          o.selected = false;
          changed();
        });
        items.push(b);
      }
    }
    if (identified.value) {
      const b = h("button", { type: "button", class: "chip", "data-testid": "stats-chip-identified" },
        `${t.identified[identified.value]} ×`);
      b.addEventListener("click", () => {
        identified.value = "";
        changed();
      });
      items.push(b);
    }
    replace(chips, items.length ? [h("span", {}, t.activeFilters), ...items] : h("span", {}, t.noFilter));
  }

  function changed(): void {
    drawChips();
    onChange();
  }

  drawChips();
  return {
    element,
    read() {
      const f: Omit<StatsFilter, "period"> = {
        sites: [], users: [], themes: [], nationalities: [], sexes: [], ageBrackets: [],
        adminSituations: [], modes: [], identified: identified.value,
      };
      for (const [dim, s] of selects) f[LISTS[dim]] = chosen(s).map((o) => o.value);
      return f;
    },
    add(dim: string, code: string) {
      if (dim === "identified") {
        identified.value = code;
      } else {
        const o = Array.from(selects.get(dim)?.options ?? []).find((x) => x.value === code);
        if (!o) return;
        o.selected = true;
      }
      changed();
    },
  };
}
