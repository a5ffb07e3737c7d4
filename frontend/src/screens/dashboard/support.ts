// The dashboard's figures of the support to partners: how many, how many
// hours, and by partner kind, theme and mode.

import { list, supports } from "../../api";
import type { Period, SupportFigures } from "../../api";
import { count, countTable } from "../../components/countTable";
import { h, replace } from "../../components/dom";
import { errorBox } from "../../components/notice";
import { fr } from "../../i18n/fr";

const t = fr.support;

/** Draws the support figures of period p into root. */
export async function drawSupportFigures(root: HTMLElement, p: Period): Promise<void> {
  let f: SupportFigures;
  try {
    f = await supports.figures(p);
  } catch (err) {
    replace(root, errorBox(err));
    return;
  }
  const figure = (id: string, label: string, help: string, value: string) =>
    h("div", { class: "figure", role: "group", "aria-labelledby": `${id}-label` },
      h("p", { class: "figure-label", id: `${id}-label` }, label),
      h("p", { class: "figure-value", id, "data-testid": id }, value),
      h("p", { class: "figure-help" }, help));
  replace(root,
    h("h2", { id: "dash-support-title" }, t.dashTitle),
    h("div", { class: "figures" },
      figure("dash-support-count", t.count, t.countHelp, count(f.count)),
      figure("dash-support-hours", t.hours, t.hoursHelp, t.hoursValue(f.minutes))),
    h("div", { class: "breakdowns" },
      countTable(t.byKind, t.colKind, list(f.byKind), f.count, "dash-support-kind", t.noData, t.count),
      h("div", {},
        countTable(t.byTheme, t.colTheme, list(f.byTheme), f.count, "dash-support-theme", t.noData, t.count),
        h("p", { class: "hint" }, t.byThemeHelp)),
      countTable(t.byMode, t.colMode, list(f.byMode), f.count, "dash-support-mode", t.noData, t.count)));
}
