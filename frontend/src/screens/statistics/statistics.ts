// Statistics for the structure's funders: a period (month, quarter, year or
// free dates) and filters, the four figures beside the previous period and
// the same period a year earlier, a chart and a table by any dimension
// (clicking a bar filters by it), a cross-table builder, and the annual
// report. What each figure means comes from Go, stated once there. When a
// visit is recorded, only the current period's table is fetched again.

import { list, onVisitsChanged, statistics } from "../../api";
import type { Comparison, Definition, Measures, RefItem, StatsFilter, StatsLine, StatsTable } from "../../api";
import { h, replace } from "../../components/dom";
import { button, field, FormErrors, select, textInput } from "../../components/form";
import { fr } from "../../i18n/fr";
import { periodOf, todayParis } from "../../lib/dates";
import type { Screen } from "../../nav";
import { statsChart } from "./chart";
import type { StatsChart } from "./chart";
import { crossBuilder } from "./cross";
import { caseSection } from "./cases";
import { saveFile } from "./download";
import { statsFilters } from "./filters";
import { measure, MEASURES, measuresTable } from "./tables";

const t = fr.statistics;

export const statisticsScreen: Screen = async (root) => {
  const options = await statistics.options();
  const dimensions: RefItem[] = list(options.dimensions);
  const definitions: Definition[] = list(options.definitions);
  const dimLabel = (code: string) => dimensions.find((d) => d.code === code)?.label ?? code;

  // The period.
  const kind = select("stats-period-kind", Object.entries(t.kinds).map(([value, label]) => ({ value, label })), "month");
  const anchor = textInput("stats-anchor", todayParis(), { type: "date" });
  const from = textInput("stats-from", "", { type: "date" });
  const to = textInput("stats-to", "", { type: "date" });
  const anchorField = field(t.anchor, anchor);
  const customFields = h("div", { class: "period-row", hidden: true }, field(t.from, from), field(t.to, to));
  const periodForm = h("form", { class: "card period", id: "stats-period", novalidate: true },
    h("fieldset", {}, h("legend", {}, t.periodLegend),
      h("div", { class: "period-row" }, field(t.kind, kind), anchorField, customFields,
        button(t.apply, { type: "submit", id: "stats-apply" }, "primary"))));
  const errors = new FormErrors(periodForm, "stats");
  periodForm.prepend(errors.summary);
  kind.addEventListener("change", () => {
    const custom = kind.value === "custom";
    if (custom && !from.value) {
      const p = periodOf("month", anchor.value || todayParis());
      from.value = p.from;
      to.value = p.to;
    }
    anchorField.hidden = custom;
    customFields.hidden = !custom;
    void refresh();
  });
  periodForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void refresh();
  });

  function period(): { from: string; to: string } {
    if (kind.value === "custom") return { from: from.value, to: to.value };
    return periodOf(kind.value as "month" | "quarter" | "year", anchor.value || todayParis());
  }

  // Filters and dimension.
  const filters = statsFilters(dimensions, () => void refresh());
  const filter = (): StatsFilter => ({ period: period(), ...filters.read() });
  const dimension = select("stats-dimension", dimensions.map((d) => ({ value: d.code, label: d.label })), "theme");
  dimension.addEventListener("change", () => void refreshTable());
  const csv = button(t.csv, { id: "stats-csv" });
  csv.addEventListener("click", async () => {
    try {
      saveFile(await statistics.tableCSV(filter(), dimension.value));
    } catch (err) {
      errors.setError(err);
    }
  });

  const figures = h("section", { class: "card", id: "stats-figures", "aria-live": "polite" });
  const chartBox = h("div", { class: "stats-chart-wrap" });
  const tableBox = h("div", { class: "stats-scroll", id: "stats-table-box" });
  const cross = crossBuilder(dimensions, filter);
  const cases = caseSection(list(options.caseDefinitions));

  // The annual report.
  const year = textInput("stats-report-year", String(Number(todayParis().slice(0, 4)) - 1),
    { type: "number", min: "2000", max: "2100" });
  const reportStatus = h("p", { class: "hint", id: "stats-report-status", "aria-live": "polite" });
  const reportButton = (label: string, id: string, part: "pdf" | "xlsx") => {
    const b = button(label, { id });
    b.addEventListener("click", async () => {
      reportStatus.textContent = t.preparing;
      try {
        const r = await statistics.report(Number(year.value));
        saveFile(r[part]);
        reportStatus.textContent = t.saved(r[part].name);
      } catch (err) {
        reportStatus.textContent = "";
        errors.setError(err);
      }
    });
    return b;
  };
  const report = h("section", { class: "card" }, h("h2", {}, t.reportTitle), h("p", { class: "hint" }, t.reportHint),
    h("div", { class: "period-row" }, field(t.reportYear, year),
      reportButton(t.reportPdf, "stats-report-pdf", "pdf"), reportButton(t.reportXlsx, "stats-report-xlsx", "xlsx")),
    reportStatus);

  const help = h("section", { class: "card stats-definitions", id: "stats-definitions" },
    h("h2", {}, t.definitionsTitle),
    h("dl", {}, definitions.flatMap((d) => [h("dt", {}, d.label), h("dd", {}, d.text)])));

  root.append(h("h1", {}, t.title), h("p", { class: "hint" }, t.intro), periodForm, filters.element, figures,
    h("section", { class: "card" },
      h("div", { class: "period-row" }, field(t.dimension, dimension), csv),
      chartBox, tableBox),
    cross.element, cases.element, report, help);

  // Answers may come back out of order; only the latest is drawn.
  let asked = 0;
  let comparison: Comparison | null = null;
  let chart: StatsChart | null = null;

  async function refresh(): Promise<void> {
    errors.clear();
    const f = filter();
    if (!f.period.from || !f.period.to || f.period.from > f.period.to) {
      errors.set("to", t.badPeriod);
      return;
    }
    const n = ++asked;
    try {
      const [c, table] = await Promise.all([statistics.compare(f), statistics.table(f, dimension.value)]);
      if (n !== asked) return;
      comparison = c;
      drawTable(table);
      await Promise.all([cross.refresh(), cases.refresh(f.period)]);
    } catch (err) {
      if (n === asked) errors.setError(err);
    }
  }

  // A recorded visit changes the current period only: its table gives the
  // new totals, the earlier periods stay as they were.
  async function refreshTable(): Promise<void> {
    const n = ++asked;
    try {
      const table = await statistics.table(filter(), dimension.value);
      if (n !== asked) return;
      drawTable(table);
      await cross.refresh();
    } catch (err) {
      if (n === asked) errors.setError(err);
    }
  }

  function drawTable(table: StatsTable): void {
    if (comparison) drawFigures(table.total, comparison);
    const lines = list(table.lines);
    const pick = (l: StatsLine) => {
      if (table.dimension === "month") {
        kind.value = "month";
        anchor.value = `${l.code}-01`;
        anchorField.hidden = false;
        customFields.hidden = true;
        void refresh();
      } else {
        filters.add(table.dimension, l.code);
      }
    };
    chart?.destroy();
    chart = null;
    if (lines.some((l) => l.visits > 0)) {
      chart = statsChart(table.dimension, lines, t.chartLabel(dimLabel(table.dimension)), pick);
      replace(chartBox, chart.element);
    } else {
      replace(chartBox, h("p", { class: "empty" }, t.noData));
    }
    replace(tableBox, measuresTable("stats-line", dimLabel(table.dimension), lines, table.total, pick),
      table.dimension === "theme" ? h("p", { class: "hint" }, t.themeTotals) : null);
  }

  function drawFigures(current: Measures, c: Comparison): void {
    const def = (code: string) => definitions.find((d) => d.code === code);
    replace(figures, h("h2", {}, t.figuresTitle),
      h("table", { class: "table stats-compare", id: "stats-compare" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, ""),
          h("th", { scope: "col", class: "num" }, `${t.current} (${c.current.label})`),
          h("th", { scope: "col", class: "num" }, `${t.previous} (${c.previous.label})`),
          h("th", { scope: "col", class: "num" }, `${t.yearEarlier} (${c.yearEarlier.label})`))),
        h("tbody", {}, MEASURES.map((m) =>
          h("tr", {},
            h("th", { scope: "row" }, h("span", {}, def(m)?.label ?? t.col[m]),
              h("span", { class: "figure-help" }, def(m)?.text ?? "")),
            h("td", { class: "num figure-value", id: `stats-current-${m}` }, measure(current, m)),
            h("td", { class: "num", id: `stats-previous-${m}` }, measure(c.previous.total, m)),
            h("td", { class: "num", id: `stats-year-earlier-${m}` }, measure(c.yearEarlier.total, m)))))));
  }

  const off = onVisitsChanged(() => void refreshTable());
  await refresh();
  return () => {
    off();
    chart?.destroy();
  };
};
