// The cross-table builder: rows by columns over the same dimensions and
// filters as the screen, one figure at a time, with totals.

import { statistics } from "../../api";
import type { CrossTable, RefItem, StatsFilter } from "../../api";
import { h, replace } from "../../components/dom";
import { button, field, FormErrors, select } from "../../components/form";
import { fr } from "../../i18n/fr";
import { saveFile } from "./download";
import { crossTable, MEASURES } from "./tables";
import type { Measure } from "./tables";

const t = fr.statistics;

export interface CrossBuilder {
  element: HTMLElement;
  /** Recomputes the cross-table shown, if any (a visit was recorded). */
  refresh(): Promise<void>;
}

export function crossBuilder(dimensions: RefItem[], filter: () => StatsFilter): CrossBuilder {
  const opts = dimensions.map((d) => ({ value: d.code, label: d.label }));
  const rows = select("stats-cross-rows", opts, "theme");
  const cols = select("stats-cross-cols", opts, "sex");
  const which = select("stats-cross-measure", MEASURES.map((m) => ({ value: m, label: t.col[m] })), "visits");
  const run = button(t.crossRun, { id: "stats-cross-run" }, "primary");
  const csv = button(t.crossCsv, { id: "stats-cross-csv" });
  const out = h("div", { id: "stats-cross-out", class: "stats-scroll" });
  const form = h("section", { class: "card stats-cross" },
    h("h2", {}, t.crossTitle),
    h("div", { class: "period-row" }, field(t.rows, rows), field(t.columns, cols), field(t.measure, which), run, csv),
    out);
  const errors = new FormErrors(form, "stats-cross");
  form.prepend(errors.summary);
  let shown: CrossTable | null = null;
  const label = (code: string) => dimensions.find((d) => d.code === code)?.label ?? code;

  async function refresh(): Promise<void> {
    if (!shown) return;
    await compute();
  }
  async function compute(): Promise<void> {
    errors.clear();
    if (rows.value === cols.value) {
      errors.set("colDim", t.crossSame);
      return;
    }
    try {
      shown = await statistics.cross(filter(), rows.value, cols.value);
      draw();
    } catch (err) {
      errors.setError(err);
    }
  }
  function draw(): void {
    if (!shown) return;
    replace(out, crossTable(shown, which.value as Measure, label(shown.rowDim), label(shown.colDim)),
      shown.rowDim === "theme" || shown.colDim === "theme" ? h("p", { class: "hint" }, t.themeTotals) : null);
  }
  run.addEventListener("click", () => void compute());
  which.addEventListener("change", draw);
  csv.addEventListener("click", async () => {
    try {
      saveFile(await statistics.crossCSV(filter(), rows.value, cols.value, which.value));
    } catch (err) {
      errors.setError(err);
    }
  });
  return { element: form, refresh };
}
