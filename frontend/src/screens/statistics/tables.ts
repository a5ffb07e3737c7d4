// Statistics tables: one line per code with the four figures, and the
// cross-table of one figure with its totals.

import type { CrossTable, Measures, StatsLine } from "../../api";
import { list } from "../../api";
import { count } from "../../components/countTable";
import { h } from "../../components/dom";
import { fr } from "../../i18n/fr";

const t = fr.statistics;

export const MEASURES = ["visits", "persons", "newPersons", "hours"] as const;
export type Measure = (typeof MEASURES)[number];

const hours = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });

/** One figure, formatted the French way. */
export function measure(m: Measures, which: Measure): string {
  return which === "hours" ? hours.format(m.hours) : count(m[which]);
}

/** A table of lines; each cell has the id `${id}-${code}-${measure}`. */
export function measuresTable(id: string, dimLabel: string, lines: StatsLine[], total: Measures,
  onPick?: (l: StatsLine) => void): HTMLElement {
  const row = (code: string, label: HTMLElement | string, m: Measures, cls = "") =>
    h("tr", { class: cls, "data-testid": `${id}-${code}` },
      h("th", { scope: "row" }, label),
      MEASURES.map((which) => h("td", { class: "num", id: `${id}-${code}-${which}` }, measure(m, which))));
  const body = lines.map((l) => {
    const code = l.code || "none";
    let label: HTMLElement | string = l.label;
    if (onPick) {
      const b = h("button", { type: "button", class: "btn btn-link" }, l.label);
      b.addEventListener("click", () => onPick(l));
      label = b;
    }
    return row(code, label, l);
  });
  return h("table", { class: "table stats-table", id },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, dimLabel),
      MEASURES.map((which) => h("th", { scope: "col", class: "num" }, t.col[which])))),
    h("tbody", {}, body),
    h("tfoot", {}, row("total", t.total, total, "total")));
}

/** One figure of a cross-table, with row and column totals. */
export function crossTable(c: CrossTable, which: Measure, rowLabel: string, colLabel: string): HTMLElement {
  const cols = list(c.columns);
  const cells = list(c.cells);
  return h("table", { class: "table stats-table", id: "stats-cross-table" },
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, `${rowLabel} \\ ${colLabel}`),
      cols.map((col) => h("th", { scope: "col", class: "num" }, col.label)),
      h("th", { scope: "col", class: "num" }, t.total))),
    h("tbody", {}, list(c.rows).map((r, i) =>
      h("tr", {}, h("th", { scope: "row" }, r.label),
        cols.map((_, j) => h("td", { class: "num" }, measure(cells[i][j], which))),
        h("td", { class: "num total" }, measure(r, which))))),
    h("tfoot", {}, h("tr", { class: "total" }, h("th", { scope: "row" }, t.total),
      cols.map((col) => h("td", { class: "num" }, measure(col, which))),
      h("td", { class: "num", id: "stats-cross-total" }, measure(c.total, which)))));
}
