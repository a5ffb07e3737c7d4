// Activity figures of a period for the structure's funders: the four
// headline figures with their definitions, and breakdowns by theme,
// nationality, sex and site. It refreshes whenever a visit is recorded.

import { list, onVisitsChanged, stats } from "../../api";
import type { Dashboard, Period } from "../../api";
import { count, countTable } from "../../components/countTable";
import { h, replace } from "../../components/dom";
import { button, field, FormErrors, textInput } from "../../components/form";
import { fr } from "../../i18n/fr";
import { formatDate, periodOf, todayParis } from "../../lib/dates";
import type { Screen } from "../../nav";
import { drawSupportFigures } from "./support";

const t = fr.dashboard;

// The period survives leaving and coming back to the screen.
let lastPeriod: Period = { from: "", to: "" };

export const dashboardScreen: Screen = async (root) => {
  const from = textInput("dash-from", lastPeriod.from, { type: "date" });
  const to = textInput("dash-to", lastPeriod.to, { type: "date" });
  const quick = (kind: "month" | "quarter" | "year", text: string, id: string) => {
    const b = button(text, { id }, "secondary");
    b.addEventListener("click", () => {
      const p = periodOf(kind, todayParis());
      from.value = p.from;
      to.value = p.to;
      void refresh();
    });
    return b;
  };
  const form = h(
    "form",
    { class: "card period", id: "dash-period", novalidate: true },
    h("fieldset", {},
      h("legend", {}, t.periodLegend),
      h("div", { class: "period-row" },
        field(t.from, from),
        field(t.to, to),
        button(t.apply, { type: "submit", id: "dash-apply" }, "primary"),
        h("div", { class: "quick" },
          quick("month", t.thisMonth, "dash-this-month"),
          quick("quarter", t.thisQuarter, "dash-this-quarter"),
          quick("year", t.thisYear, "dash-this-year")))),
  );
  const errors = new FormErrors(form, "dash");
  form.prepend(errors.summary);
  const body = h("div", { id: "dash-body", "aria-live": "polite" });
  const supportBody = h("section", { id: "dash-support", "aria-labelledby": "dash-support-title" });

  // Answers may come back out of order; only the latest is drawn.
  let asked = 0;
  async function refresh(): Promise<void> {
    errors.clear();
    const p = { from: from.value, to: to.value };
    if (p.from && p.to && p.from > p.to) {
      errors.set("to", t.badPeriod);
      return;
    }
    const n = ++asked;
    try {
      const d = await stats.dashboard(p);
      if (n !== asked) return;
      // Fill in the period the server chose, unless someone typed another
      // one meanwhile (their "Afficher" asks again).
      if (from.value === p.from) from.value = d.period.from;
      if (to.value === p.to) to.value = d.period.to;
      lastPeriod = { ...d.period };
      renderDashboard(body, d);
      await drawSupportFigures(supportBody, d.period);
    } catch (err) {
      if (n === asked) errors.setError(err);
    }
  }
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void refresh();
  });

  root.append(h("h1", {}, t.title), form, body, supportBody);
  const off = onVisitsChanged(() => void refresh());
  await refresh();
  return off;
};

function figure(id: string, label: string, help: string, value: number): HTMLElement {
  return h(
    "div",
    { class: "figure", "aria-labelledby": `${id}-label`, role: "group" },
    h("p", { class: "figure-label", id: `${id}-label` }, label),
    h("p", { class: "figure-value", id, "data-testid": id }, count(value)),
    h("p", { class: "figure-help" }, help),
  );
}

function renderDashboard(root: HTMLElement, d: Dashboard): void {
  replace(
    root,
    h("p", { class: "period-summary", id: "dash-period-summary" }, t.periodSummary(formatDate(d.period.from), formatDate(d.period.to))),
    h("div", { class: "figures" },
      figure("dash-visits", t.visits, t.visitsHelp, d.visits),
      figure("dash-persons", t.persons, t.personsHelp, d.persons),
      figure("dash-newPersons", t.newPersons, t.newPersonsHelp, d.newPersons),
      figure("dash-anonymous", t.anonymous, t.anonymousHelp, d.anonymousVisits)),
    h("div", { class: "breakdowns" },
      h("div", { class: "breakdown-wide" },
        countTable(t.byTheme, t.colTheme, list(d.byTheme), d.visits, "dash-theme",
          d.visits > 0 ? t.noThemes : t.noData),
        h("p", { class: "hint" }, t.byThemeHelp)),
      countTable(t.byNationality, t.colNationality, list(d.byNationality), d.visits, "dash-nationality"),
      countTable(t.bySex, t.colSex, list(d.bySex), d.visits, "dash-sex"),
      countTable(t.bySite, t.colSite, list(d.bySite), d.visits, "dash-site")),
  );
}
