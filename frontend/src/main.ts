// Entry point: loads the structure, draws the frame (left navigation and the
// structure's name) and shows the screen named by the hash. Before the
// first-start setup only the setup screen is shown.

import "./styles/base.css";
import "./styles/layout.css";
import "./styles/forms.css";
import "./styles/components.css";

import { h, replace } from "./components/dom";
import { errorBox, showPendingFlash } from "./components/notice";
import { fr } from "./i18n/fr";
import { href } from "./nav";
import type { Cleanup, Route, Screen } from "./nav";
import { ctx, load } from "./store";
import { dashboardScreen } from "./screens/dashboard/dashboard";
import { homeScreen } from "./screens/home/home";
import { importScreen } from "./screens/import/import";
import { personScreen } from "./screens/person/person";
import { setupScreen } from "./screens/setup/setup";
import { visitScreen } from "./screens/visit/visit";

interface RouteDef {
  pattern: RegExp;
  names: string[];
  screen: Screen;
  /** The navigation entry lit while this route shows. */
  section: "home" | "dashboard" | "import";
}

const routes: RouteDef[] = [
  { pattern: /^\/$/, names: [], screen: homeScreen, section: "home" },
  { pattern: /^\/person\/new$/, names: [], screen: personScreen, section: "home" },
  { pattern: /^\/person\/([^/]+)$/, names: ["id"], screen: personScreen, section: "home" },
  { pattern: /^\/visit\/(new|anonymous)$/, names: ["kind"], screen: visitScreen, section: "home" },
  { pattern: /^\/dashboard$/, names: [], screen: dashboardScreen, section: "dashboard" },
  { pattern: /^\/import$/, names: [], screen: importScreen, section: "import" },
];

const app = document.getElementById("app") as HTMLElement;
let cleanup: Cleanup;
// Each render gets a number so a slow screen does not draw over a newer one.
let renderCount = 0;

function parseHash(): Route {
  const raw = window.location.hash.replace(/^#/, "") || "/";
  const [path, query = ""] = raw.split("?");
  return { path: path || "/", params: {}, query: new URLSearchParams(query) };
}

function frame(section: string): { main: HTMLElement; screen: HTMLElement; flash: HTMLElement } {
  const link = (key: "home" | "dashboard" | "import", path: string, testid: string) =>
    h(
      "a",
      { href: href(path), class: "nav-link", "data-testid": testid, "aria-current": section === key ? "page" : false },
      fr.nav[key],
    );
  const skip = h("a", { href: "#main", class: "skip-link" }, fr.skipToContent);
  const flash = h("div", { id: "flash", role: "status", "aria-live": "polite" });
  const screen = h("div", { id: "screen" });
  const main = h("main", { id: "main", tabindex: "-1" }, flash, screen);
  skip.addEventListener("click", (ev) => {
    ev.preventDefault();
    main.focus();
  });
  const sidebar = h(
    "aside",
    { class: "sidebar" },
    h(
      "div",
      { class: "brand" },
      h("span", { class: "brand-name" }, fr.appName),
      h("span", { class: "brand-org", id: "structure-name", "data-testid": "structure-name" }, ctx().organisation.name),
    ),
    h(
      "nav",
      { "aria-label": fr.nav.label },
      h("ul", {}, [
        h("li", {}, link("home", "/", "nav-home")),
        h("li", {}, link("dashboard", "/dashboard", "nav-dashboard")),
        h("li", {}, link("import", "/import", "nav-import")),
      ]),
    ),
  );
  replace(app, skip, h("div", { class: "shell" }, sidebar, main));
  return { main, screen, flash };
}

async function render(): Promise<void> {
  const count = ++renderCount;
  if (typeof cleanup === "function") cleanup();
  cleanup = undefined;
  const route = parseHash();

  if (!ctx().ready) {
    replace(app, h("main", { id: "main", class: "setup-page" }, h("div", { id: "screen" })));
    cleanup = await setupScreen(app.querySelector("#screen") as HTMLElement, route);
    return;
  }

  const def = routes.find((r) => r.pattern.test(route.path));
  const { main, screen, flash } = frame(def?.section ?? "");
  if (!def) {
    replace(screen, h("h1", {}, fr.errors.notFound));
    return;
  }
  const m = def.pattern.exec(route.path) as RegExpExecArray;
  def.names.forEach((name, i) => (route.params[name] = decodeURIComponent(m[i + 1])));
  showPendingFlash(flash);
  screen.setAttribute("aria-busy", "true");
  let result: Cleanup = undefined;
  try {
    result = await def.screen(screen, route);
  } catch (err) {
    replace(screen, errorBox(err));
  }
  if (count !== renderCount) {
    if (typeof result === "function") result();
    return;
  }
  cleanup = result;
  screen.removeAttribute("aria-busy");
  const heading = screen.querySelector("h1")?.textContent ?? "";
  document.title = heading ? `${heading} — ${fr.appName}` : fr.appName;
  // Screens that focus something (the search box) keep it; otherwise the
  // heading takes focus so a screen reader announces the new screen.
  if (!main.contains(document.activeElement) || document.activeElement === main) {
    const title = screen.querySelector<HTMLElement>("h1");
    if (title) {
      title.tabIndex = -1;
      title.focus({ preventScroll: true });
    }
  }
  window.scrollTo(0, 0);
}

async function start(): Promise<void> {
  replace(app, h("p", { class: "loading" }, fr.loading));
  try {
    await load();
  } catch (err) {
    replace(app, h("main", { id: "main", class: "setup-page" }, errorBox(err)));
    return;
  }
  window.addEventListener("hashchange", () => void render());
  await render();
}

void start();
