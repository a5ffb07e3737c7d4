// "Lieux d'accueil": the directory of reception places (ours and partners')
// with its filters, its map, and the card of a place.

import { list, refs, sites } from "../../api";
import type { MapPlace, RefItem, Site, SiteFilter } from "../../api";
import { h } from "../../components/dom";
import { errorBox } from "../../components/notice";
import { fr } from "../../i18n/fr";
import { href } from "../../nav";
import type { Screen } from "../../nav";
import { can } from "../../session";
import { placesMap } from "./map";

const t = fr.places;

export const placesScreen: Screen = async (root) => {
  const [config, references] = await Promise.all([sites.mapConfig(), refs.references()]);
  const themes = list(references.themes);
  const filter = filterForm(themes);
  const results = h("ul", { id: "places-list", class: "places-list" });
  const card = h("section", { id: "place-card", class: "card", hidden: true });
  const mapEl = h("div", { id: "places-map", class: "places-map", "data-testid": "places-map" });
  const near = nearestBox(themes);
  const add = can("settings")
    ? h("a", { href: href("/places/new"), class: "btn btn-secondary", id: "places-new" }, t.newPlace) : null;
  root.append(h("h1", {}, t.title), ...(add ? [add] : []), filter.form, h("div", { class: "places-layout" }, mapEl, results), card,
    near.el);

  const map = placesMap(mapEl, config.tilesUrl, (p) => void openCard(card, p.id, themes));
  const refresh = async () => {
    const [found, placed] = await Promise.all([sites.list(filter.value()), sites.map()]);
    const ids = new Set(list(found).map((s) => s.id));
    map.show(list(placed).filter((p: MapPlace) => p.kind !== "site" || ids.has(p.id)));
    results.replaceChildren(...list(found).map((s) => {
      const open = h("button", { type: "button", class: "link" }, s.name);
      open.addEventListener("click", () => void openCard(card, s.id, themes));
      return h("li", { class: "place-item", "data-id": s.id }, open, " ", h("span", { class: "muted" }, s.commune));
    }));
    if (!list(found).length) results.append(h("li", { class: "muted" }, t.none));
  };
  filter.form.addEventListener("submit", (e) => {
    e.preventDefault();
    void refresh();
  });
  await refresh();
  return () => map.remove();
};

// nearestBox answers "where should this person go?": from a commune, a
// postal code or an address, the nearest places handling a theme, with
// their distance.
function nearestBox(themes: RefItem[]) {
  const from = h("input", { id: "nearest-from", type: "text", placeholder: t.nearestFromHint });
  const theme = h("select", { id: "nearest-theme" },
    h("option", { value: "" }, t.anyTheme), themes.map((x) => h("option", { value: x.code }, x.label)));
  const out = h("div", { id: "nearest-results", "aria-live": "polite" });
  const form = h("form", { id: "nearest-form", class: "filters" },
    h("label", {}, t.nearestFrom, from), h("label", {}, t.theme, theme),
    h("button", { type: "submit", id: "nearest-search" }, t.nearestSearch));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    out.replaceChildren();
    try {
      const r = await sites.nearest({ from: from.value.trim(), theme: theme.value, limit: 10 });
      const found = list(r.places);
      out.append(found.length
        ? h("ol", { class: "places-list" }, found.map((p) => h("li", { "data-testid": "nearest-place" },
          h("strong", {}, p.name), " ", h("span", { class: "muted" }, p.commune), " — ",
          t.distance(p.distance ?? 0))))
        : h("p", { class: "muted" }, t.none));
    } catch (err) {
      out.append(errorBox(err));
    }
  });
  return { el: h("section", { class: "card", id: "nearest" }, h("h2", {}, t.nearestTitle), form, out) };
}

function filterForm(themes: RefItem[]) {
  const text = h("input", { id: "places-text", type: "search", placeholder: t.textPlaceholder });
  const theme = h("select", { id: "places-theme" },
    h("option", { value: "" }, t.anyTheme), themes.map((x) => h("option", { value: x.code }, x.label)));
  const commune = h("input", { id: "places-commune", type: "text" });
  const openNow = h("input", { id: "places-open-now", type: "checkbox" });
  const openOn = h("input", { id: "places-open-on", type: "date" });
  const form = h("form", { id: "places-filter", class: "filters" },
    h("label", {}, t.text, text), h("label", {}, t.theme, theme), h("label", {}, t.commune, commune),
    h("label", {}, openNow, t.openNow), h("label", {}, t.openOn, openOn),
    h("button", { type: "submit", id: "places-search" }, t.search));
  const value = (): SiteFilter => ({ text: text.value, theme: theme.value, commune: commune.value,
    openNow: openNow.checked, openOn: openOn.value, includeInactive: false });
  return { form, value };
}

async function openCard(card: HTMLElement, id: string, themes: RefItem[]): Promise<void> {
  let s: Site;
  try {
    s = await sites.get(id);
  } catch {
    return; // a partner's card belongs to the partner directory
  }
  const label = (code: string) => themes.find((x) => x.code === code)?.label ?? code;
  card.hidden = false;
  const parts: (HTMLElement | null)[] = [
    h("h2", { id: "place-card-name" }, s.name),
    h("p", {}, [s.address, s.postalCode, s.commune].filter(Boolean).join(" ")),
    s.geo ? h("p", { class: "muted", id: "place-card-precision" },
      t.position, " ", t.precision[s.geo.precision as keyof typeof t.precision] ?? s.geo.precision,
      " (", t.source[s.geo.source as keyof typeof t.source] ?? s.geo.source, ")") : h("p", { class: "muted" }, t.notPlaced),
    list(s.themes).length ? h("p", {}, t.themes, " ", list(s.themes).map(label).join(", ")) : null,
    list(s.languages).length ? h("p", {}, t.languages, " ", list(s.languages).join(", ")) : null,
    h("p", {}, [s.walkIn ? t.walkIn : "", s.byAppointment ? t.byAppointment : "", s.publics ?? ""].filter(Boolean).join(" · ")),
    list(s.slots).length ? h("ul", { class: "slots" }, list(s.slots).map((sl) =>
      h("li", {}, `${t.weekdays[sl.weekday - 1]} ${sl.start}–${sl.end}`, sl.note ? ` (${sl.note})` : ""))) : null,
    list(s.closures).length ? h("ul", { class: "closures" }, list(s.closures).map((c) =>
      h("li", {}, t.closed, ` ${c.from} → ${c.to}`, c.reason ? ` (${c.reason})` : ""))) : null,
    s.phone ? h("p", {}, t.phone, " ", s.phone) : null,
    s.contacts ? h("p", {}, t.contacts, " ", s.contacts) : null,
    can("settings") ? h("a", { href: href(`/places/${encodeURIComponent(s.id)}/edit`), class: "btn btn-link",
      id: "place-card-edit" }, t.editPlace) : null,
  ];
  card.replaceChildren(...parts.filter((x): x is HTMLElement => x !== null));
}
