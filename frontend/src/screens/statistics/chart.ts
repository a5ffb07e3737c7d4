// Charts of a statistics table, drawn by Chart.js on a canvas (no network,
// no fonts to fetch: it works offline in WebKitGTK, WebView2 and Chromium).
// Months draw a line, a few shares (sex, anonymous or not) a pie, the rest
// bars; clicking a bar or a slice calls onPick with its code.

import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PieController,
  PointElement,
  Tooltip,
} from "chart.js";
import type { ChartConfiguration } from "chart.js";
import type { StatsLine } from "../../api";
import { h } from "../../components/dom";

Chart.register(ArcElement, BarController, BarElement, CategoryScale, Legend, LinearScale,
  LineController, LineElement, PieController, PointElement, Tooltip);

const BLUE = "#2a6ea0";
const PALETTE = ["#2a6ea0", "#d0743c", "#3f9c6d", "#8e5ea2", "#c9a227", "#6b7a8f"];

/** Dimensions whose few values read best as a pie. */
const PIE_DIMENSIONS = new Set(["sex", "identified"]);

export interface StatsChart {
  element: HTMLElement;
  destroy(): void;
}

export function statsChart(
  dimension: string,
  lines: StatsLine[],
  caption: string,
  onPick: (line: StatsLine) => void,
): StatsChart {
  const canvas = h("canvas", { id: "stats-chart", role: "img", "aria-label": caption });
  const element = h("figure", { class: "stats-chart" }, h("div", { class: "stats-chart-box" }, canvas),
    h("figcaption", {}, caption));
  const labels = lines.map((l) => l.label);
  const data = lines.map((l) => l.visits);
  let config: ChartConfiguration;
  if (dimension === "month") {
    config = {
      type: "line",
      data: { labels, datasets: [{ label: caption, data, borderColor: BLUE, backgroundColor: BLUE, tension: 0.2 }] },
      options: { maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true } } },
    };
  } else if (PIE_DIMENSIONS.has(dimension)) {
    config = {
      type: "pie",
      data: { labels, datasets: [{ data, backgroundColor: PALETTE }] },
      options: { maintainAspectRatio: false, animation: false },
    };
  } else {
    config = {
      type: "bar",
      data: { labels, datasets: [{ label: caption, data, backgroundColor: BLUE }] },
      options: { indexAxis: "y", maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } } },
    };
  }
  config.options = {
    ...config.options,
    onClick: (_ev, elements) => {
      const hit = elements[0];
      if (hit && lines[hit.index]) onPick(lines[hit.index]);
    },
  };
  const chart = new Chart(canvas, config);
  return { element, destroy: () => chart.destroy() };
}
