// The statistics screen's case work section: procedures opened, filed and
// decided, referrals made, support given to partners, over the selected
// period, each figure with its definition as Go states it.

import { list, statistics } from "../../api";
import type { CaseFigures, Definition, Period } from "../../api";
import { count, countTable } from "../../components/countTable";
import { h, replace } from "../../components/dom";
import { errorBox } from "../../components/notice";
import { fr } from "../../i18n/fr";

const t = fr.statsCases;

export interface CaseSection {
  element: HTMLElement;
  /** Fetches and draws the figures of period p. */
  refresh(p: Period): Promise<void>;
}

export function caseSection(definitions: Definition[]): CaseSection {
  const body = h("div", { id: "stats-cases-body", "aria-live": "polite" });
  const element = h("section", { class: "card", id: "stats-cases" },
    h("h2", {}, t.title), h("p", { class: "hint" }, t.intro), body);
  const help = (code: string) => definitions.find((d) => d.code === code)?.text ?? "";
  let asked = 0;

  function draw(f: CaseFigures): void {
    const figure = (id: string, label: string, helpText: string, value: string) =>
      h("div", { class: "figure", role: "group", "aria-labelledby": `${id}-label` },
        h("p", { class: "figure-label", id: `${id}-label` }, label),
        h("p", { class: "figure-value", id, "data-testid": id }, value),
        h("p", { class: "figure-help" }, helpText));
    const table = (what: string, by: string, col: string, counts: CaseFigures["openedByType"],
      total: number, id: string) =>
      countTable(`${what} ${by}`, col, list(counts), total, id, t.none, t.colCount);
    replace(body,
      h("div", { class: "figures" },
        figure("stats-cases-opened", t.opened, help("opened"), count(f.opened)),
        figure("stats-cases-filed", t.filed, help("filed"), count(f.filed)),
        figure("stats-cases-decided", t.decided, help("decided"), count(f.decided)),
        figure("stats-cases-referrals", t.referrals, help("referrals"), count(f.referrals)),
        figure("stats-cases-support", t.support, help("support"), count(f.support.count)),
        figure("stats-cases-support-hours", t.supportHours, "",
          fr.support.hoursValue(f.support.minutes))),
      h("div", { class: "breakdowns" },
        table(t.opened, t.byType, t.colType, f.openedByType, f.opened, "stats-cases-opened-type"),
        table(t.filed, t.byType, t.colType, f.filedByType, f.filed, "stats-cases-filed-type"),
        table(t.decided, t.byType, t.colType, f.decidedByType, f.decided, "stats-cases-decided-type"),
        table(t.decided, t.byOutcome, t.colOutcome, f.decidedByOutcome, f.decided,
          "stats-cases-decided-outcome"),
        table(t.referrals, t.byKind, t.colKind, f.referralsByKind, f.referrals, "stats-cases-referral-kind"),
        table(t.referrals, t.byReferralOutcome, t.colReferralOutcome, f.referralsByOutcome, f.referrals,
          "stats-cases-referral-outcome")));
  }

  return {
    element,
    async refresh(p: Period): Promise<void> {
      const n = ++asked;
      try {
        const f = await statistics.caseFigures(p);
        if (n === asked) draw(f);
      } catch (err) {
        if (n === asked) replace(body, errorBox(err));
      }
    },
  };
}
