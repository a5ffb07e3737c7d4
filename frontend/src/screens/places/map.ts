// The map of reception places: Leaflet over an outline of the countries
// embedded in the bundle (world-atlas, Natural Earth), so that it draws with
// no network; an online tile layer only when one is configured. Markers are
// SVG circles whose size and outline say the precision of the position.

import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { feature } from "topojson-client";
import type { GeometryCollection } from "topojson-specification";
import countries from "world-atlas/countries-50m.json";
import type { MapPlace } from "../../api";
import { fr } from "../../i18n/fr";

const t = fr.places;

/** Radius in pixels of a marker per precision: a coarse position is wide. */
const radius: Record<string, number> = { street: 6, district: 8, commune: 10, departement: 14 };

export interface PlacesMap {
  show(places: MapPlace[]): void;
  remove(): void;
}

export function placesMap(el: HTMLElement, tilesUrl: string, open: (p: MapPlace) => void): PlacesMap {
  const map = L.map(el, { zoomControl: true, attributionControl: true }).setView([46.6, 2.4], 5);
  const land = feature(countries, countries.objects.countries as GeometryCollection);
  L.geoJSON(land, {
    style: () => ({ className: "base-layer", color: "#7a8a99", weight: 1, fillColor: "#eef2ea", fillOpacity: 1 }),
    interactive: false,
  }).addTo(map);
  map.attributionControl.addAttribution(t.baseAttribution);
  if (tilesUrl) {
    L.tileLayer(tilesUrl, { maxZoom: 19 }).addTo(map);
  }
  const markers = L.layerGroup().addTo(map);

  return {
    show(places) {
      markers.clearLayers();
      for (const p of places) {
        const precision = p.geo.precision || "commune";
        L.circleMarker([p.geo.lat, p.geo.lon], {
          radius: radius[precision] ?? 10,
          className: `place-marker place-${p.kind} precision-${precision}`,
          color: p.kind === "site" ? "#1d5fa8" : "#8a4b08",
          dashArray: precision === "departement" ? "4 3" : undefined,
          fillOpacity: 0.5,
        })
          .bindTooltip(`${p.name} — ${t.precision[precision as keyof typeof t.precision] ?? precision}`)
          .on("click", () => open(p))
          .addTo(markers);
      }
      if (places.length) {
        map.fitBounds(L.latLngBounds(places.map((p) => [p.geo.lat, p.geo.lon] as [number, number])).pad(0.3), { maxZoom: 11 });
      }
    },
    remove() {
      map.remove();
    },
  };
}
