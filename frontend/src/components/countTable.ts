// A breakdown as a table: label, count, share of the total, and a bar. The
// bar is a <meter>, styled in CSS, so no width is ever written inline.

import type { Count } from "../api";
import { fr } from "../i18n/fr";
import { h } from "./dom";

const percent = new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 0 });

/** n with French thousands separators: 12 345. */
export function count(n: number): string {
  return n.toLocaleString("fr-FR");
}

/** n's share of total, rounded; a small share that is not nothing reads "< 1 %". */
export function share(n: number, total: number): string {
  if (total <= 0) return "";
  if (n > 0 && n / total < 0.005) return fr.dashboard.lessThan(percent.format(0.01));
  return percent.format(n / total);
}

/**
 * counts are shown against total (the number of visits); testid names each
 * row `${testid}-${code}` and its count `${testid}-${code}-n`. empty is what
 * to say when there are no counts.
 */
export function countTable(
  caption: string,
  labelHeader: string,
  counts: Count[],
  total: number,
  testid: string,
  empty: string = fr.dashboard.noData,
  countHeader: string = fr.dashboard.colCount,
): HTMLElement {
  if (counts.length === 0) {
    return h("section", { class: "breakdown", "data-testid": testid },
      h("h3", {}, caption),
      h("p", { class: "empty" }, empty));
  }
  const rows = counts.map((c) =>
    h(
      "tr",
      { "data-testid": `${testid}-${c.code || "none"}` },
      h("th", { scope: "row" }, c.label || fr.dashboard.notSpecified),
      h("td", { class: "num", "data-testid": `${testid}-${c.code || "none"}-n` }, count(c.n)),
      h("td", { class: "num share" }, share(c.n, total)),
      h("td", { class: "bar-cell", "aria-hidden": "true" },
        h("meter", { min: 0, max: Math.max(total, 1), value: c.n, class: "bar" })),
    ),
  );
  return h(
    "section",
    { class: "breakdown", "data-testid": testid },
    h(
      "table",
      { class: "table count-table" },
      h("caption", {}, caption),
      h(
        "thead",
        {},
        h("tr", {},
          h("th", { scope: "col" }, labelHeader),
          h("th", { scope: "col", class: "num" }, countHeader),
          h("th", { scope: "col", class: "num" }, fr.dashboard.colShare),
          h("th", { scope: "col", class: "bar-cell" }, h("span", { class: "visually-hidden" }, fr.dashboard.colBar))),
      ),
      h("tbody", {}, rows),
    ),
  );
}
