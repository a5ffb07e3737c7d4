// The partner directory: search as one types, by words of the name,
// organisation or commune (case, accents and apostrophes ignored), filtered
// by kind, theme and commune.

import { partners } from "../../api";
import type { PartnerRow } from "../../api";
import { h, replace } from "../../components/dom";
import { field, select, textInput } from "../../components/form";
import { errorBox } from "../../components/notice";
import { fr } from "../../i18n/fr";
import { debounce } from "../../lib/text";
import { href } from "../../nav";
import type { Screen } from "../../nav";
import { can } from "../../session";
import { ref } from "../../store";

const t = fr.partners;
const SEARCH_DELAY_MS = 150;

export const directoryScreen: Screen = async (root) => {
  const text = h("input", {
    type: "search",
    id: "partners-search",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: t.searchPlaceholder,
    "aria-controls": "partners-results",
  });
  const kind = select("partners-kind", ref.partnerKinds().map((k) => ({ value: k.code, label: k.label })), "", t.anyKind);
  const theme = select("partners-theme", ref.themes().map((th) => ({ value: th.code, label: th.label })), "", t.anyTheme);
  const commune = textInput("partners-commune");
  const status = h("p", { class: "search-status", id: "partners-status", role: "status" });
  const results = h("div", { id: "partners-results" });

  root.append(
    h("div", { class: "screen-head" },
      h("h1", {}, t.title),
      can("partner.write")
        ? h("div", { class: "actions" },
            h("a", { href: href("/partners/new"), class: "btn btn-primary", id: "partners-new" }, t.newPartner))
        : null),
    h("section", { class: "card search form-grid", "aria-label": t.searchLabel },
      field(t.searchLabel, text, { hint: t.searchHint, wide: true }),
      field(t.kind, kind),
      field(t.theme, theme),
      field(t.commune, commune)),
    status,
    results,
  );

  // Answers may come back out of order; only the latest is drawn.
  let asked = 0;
  const run = async () => {
    const n = ++asked;
    try {
      const rows = await partners.search({ text: text.value, kind: kind.value, theme: theme.value,
        commune: commune.value, limit: 200 });
      if (n !== asked) return;
      replace(status, rows.length ? t.results(rows.length) : t.noResult);
      replace(results, rows.length ? table(rows) : null);
    } catch (err) {
      if (n === asked) replace(status, errorBox(err));
    }
  };
  const later = debounce(() => void run(), SEARCH_DELAY_MS);
  text.addEventListener("input", later);
  commune.addEventListener("input", later);
  kind.addEventListener("change", () => void run());
  theme.addEventListener("change", () => void run());
  text.focus();
  await run();
};

function table(rows: PartnerRow[]): HTMLElement {
  return h(
    "table",
    { class: "table", id: "partners-table" },
    h("thead", {},
      h("tr", {},
        h("th", { scope: "col" }, t.colName),
        h("th", { scope: "col" }, t.colKind),
        h("th", { scope: "col" }, t.colCommune),
        h("th", { scope: "col" }, t.colPhone))),
    h("tbody", {},
      rows.map((r) =>
        h("tr", { "data-testid": "partner-row", "data-id": r.id },
          h("td", {}, h("a", { href: href(`/partners/${encodeURIComponent(r.id)}`) }, r.name)),
          h("td", {}, r.kindLabel),
          h("td", {}, r.commune),
          h("td", {}, r.phone)))),
  );
}
