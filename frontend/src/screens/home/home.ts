// The desk's main screen: find a person as one types, start a visit (for a
// new, a known or an anonymous person), and see today's visits.

import { onVisitsChanged, persons, visits } from "../../api";
import type { PersonMatch, VisitRow } from "../../api";
import { h, replace } from "../../components/dom";
import { errorBox } from "../../components/notice";
import { fr } from "../../i18n/fr";
import { formatDate, formatTime } from "../../lib/dates";
import { debounce, personName } from "../../lib/text";
import { href } from "../../nav";
import type { Screen } from "../../nav";
import { label } from "../../store";

const t = fr.home;
const SEARCH_LIMIT = 20;
const SEARCH_DELAY_MS = 150;

export const homeScreen: Screen = (root) => {
  const search = h("input", {
    type: "search",
    id: "home-search",
    name: "q",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: t.searchPlaceholder,
    "aria-describedby": "home-search-hint",
    "aria-controls": "home-results",
  });
  const status = h("p", { class: "search-status", id: "home-search-status", role: "status" });
  const results = h("ul", { id: "home-results", class: "results", "data-testid": "search-results" });
  const today = h("div", { id: "home-today" });

  root.append(
    h("div", { class: "screen-head" },
      h("h1", {}, t.title),
      h("div", { class: "actions" },
        h("a", { href: href("/person/new?visit=1"), class: "btn btn-primary", id: "home-new-visit" }, t.newVisit),
        h("a", { href: href("/visit/anonymous"), class: "btn btn-secondary", id: "home-anonymous" }, t.anonymous))),
    h("p", { class: "hint" }, t.newVisitHint),
    h("section", { class: "card search", "aria-labelledby": "home-search-label" },
      h("label", { for: "home-search", id: "home-search-label", class: "search-label" }, t.searchLabel),
      search,
      h("p", { class: "hint", id: "home-search-hint" }, t.searchHint),
      status,
      results),
    h("section", { class: "today", "aria-labelledby": "home-today-title" },
      h("h2", { id: "home-today-title" }, t.todayTitle),
      today),
  );

  // Answers may come back out of order; only the latest query is shown.
  let asked = 0;
  const runSearch = debounce(async (q: string) => {
    const n = ++asked;
    if (q.trim() === "") {
      replace(results);
      replace(status);
      return;
    }
    try {
      const found = await persons.search(q, SEARCH_LIMIT);
      if (n !== asked) return;
      replace(status, found.length ? t.results(found.length) : t.noResult);
      replace(results, found.map(resultItem));
    } catch (err) {
      if (n === asked) replace(status, errorBox(err));
    }
  }, SEARCH_DELAY_MS);
  search.addEventListener("input", () => runSearch(search.value));

  const refresh = async () => {
    try {
      renderToday(today, await visits.day(""));
    } catch (err) {
      replace(today, errorBox(err));
    }
  };
  const off = onVisitsChanged(() => void refresh());
  search.focus();
  return refresh().then(() => off);
};

function resultItem(p: PersonMatch): HTMLElement {
  const name = personName(p);
  return h(
    "li",
    { class: "result", "data-testid": "search-result", "data-id": p.id },
    h(
      "a",
      { href: href(`/person/${encodeURIComponent(p.id)}`), class: "result-main" },
      h("span", { class: "file-number" }, p.fileNumber),
      h("span", { class: "person-name" }, p.restricted ? fr.person.restrictedFile : name),
      p.birthDate ? h("span", { class: "muted" }, formatDate(p.birthDate)) : null,
      p.nationality ? h("span", { class: "muted" }, label.country(p.nationality)) : null,
    ),
    h(
      "a",
      {
        href: href(`/visit/new?person=${encodeURIComponent(p.id)}`),
        class: "btn btn-secondary btn-small",
        "aria-label": t.recordVisitForLabel(name),
        "data-testid": "search-result-visit",
      },
      t.recordVisitFor,
    ),
  );
}

function renderToday(root: HTMLElement, rows: VisitRow[]): void {
  if (rows.length === 0) {
    replace(root, h("p", { class: "empty" }, t.todayEmpty));
    return;
  }
  replace(
    root,
    h(
      "table",
      { class: "table" },
      h("thead", {},
        h("tr", {},
          h("th", { scope: "col" }, t.colTime),
          h("th", { scope: "col" }, t.colPerson),
          h("th", { scope: "col" }, t.colThemes),
          h("th", { scope: "col" }, t.colSite),
          h("th", { scope: "col" }, t.colUser))),
      h("tbody", {},
        rows.map((r) =>
          h("tr", { "data-testid": "today-row" },
            h("td", {}, formatTime(r.at)),
            h("td", {},
              r.personId
                ? h("a", { href: href(`/person/${encodeURIComponent(r.personId)}`) }, r.personName || r.fileNumber)
                : h("span", { class: "muted" }, t.anonymousPerson)),
            h("td", {}, (r.themes ?? []).map(label.theme).join(", ")),
            h("td", {}, r.siteName),
            h("td", {}, r.userName)))),
    ),
  );
}
