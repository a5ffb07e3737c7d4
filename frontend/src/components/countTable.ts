// A breakdown as a table: label, count, share of the total, and a bar. The
// bar is a <meter>, styled in CSS, so no width is ever written inline.

import type { Count } from "../api";
import { fr } from "../i18n/fr";
import { h } from "./dom";

const percent = new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 0 });

/**
 * counts are shown against total (the number of visits); testid names each
 * row `${testid}-${code}` and its count `${testid}-${code}-n`.
 */
export function countTable(caption: string, labelHeader: string, counts: Count[], total: number, testid: string): HTMLElement {
  if (counts.length === 0) {
    return h("section", { class: "breakdown", "data-testid": testid },
      h("h3", {}, caption),
      h("p", { class: "empty" }, fr.dashboard.noData));
  }
  const rows = counts.map((c) =>
    h(
      "tr",
      { "data-testid": `${testid}-${c.code || "none"}` },
      h("th", { scope: "row" }, c.label || fr.dashboard.notSpecified),
      h("td", { class: "num", "data-testid": `${testid}-${c.code || "none"}-n` }, c.n),
      h("td", { class: "num share" }, total > 0 ? percent.format(c.n / total) : ""),
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
          h("th", { scope: "col", class: "num" }, fr.dashboard.colCount),
          h("th", { scope: "col", class: "num" }, fr.dashboard.colShare),
          h("th", { scope: "col", class: "bar-cell" }, h("span", { class: "visually-hidden" }, fr.dashboard.colBar))),
      ),
      h("tbody", {}, rows),
    ),
  );
}
