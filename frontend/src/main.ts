// Entry point. It asks Go who is at the desk (Session.State) and shows
// either a gate (first-start setup, first administrator, login, lock, new
// password) or the frame (left navigation, the structure's name, the user)
// with the screen the hash names.
//
// #app holds two layers: #view (the frame and its screen) and #gate. When
// the session locks or closes while a screen is open (the lock button, the
// inactivity timer, or any call Go refuses with "unauthorized"/"session"),
// the view is only hidden under the gate: once the same user is back, it
// shows again as it was, with what was typed, and the user may retry.
// Another user starts afresh on the home screen.

import "./styles/base.css";
import "./styles/layout.css";
import "./styles/forms.css";
import "./styles/components.css";
import "./styles/accounts.css";
import "./styles/privacy.css";
import "./styles/casefile.css";
import "./styles/tasks.css";
import "./styles/statistics.css";

import { isSessionError, replayVisitsChanged, session as sessionApi, watchCalls } from "./api";
import type { SessionState } from "./api";
import { h, replace } from "./components/dom";
import { errorBox, showPendingFlash } from "./components/notice";
import { fr } from "./i18n/fr";
import { noteContact, startIdle, stopIdle } from "./idle";
import { href } from "./nav";
import type { Cleanup, GateScreen, Route, Screen } from "./nav";
import { can, me, setSession } from "./session";
import { ctx, label, load } from "./store";
import { aboutScreen } from "./screens/about/about";
import { placesScreen } from "./screens/places/places";
import { siteFormScreen } from "./screens/places/form";
import { auditScreen } from "./screens/audit/audit";
import { claimScreen } from "./screens/claim/claim";
import { dashboardScreen } from "./screens/dashboard/dashboard";
import { homeScreen } from "./screens/home/home";
import { importScreen } from "./screens/import/import";
import { lockScreen } from "./screens/lock/lock";
import { loginScreen } from "./screens/login/login";
import { passwordGate, passwordScreen } from "./screens/password/password";
import { personScreen } from "./screens/person/person";
import { procedureScreen } from "./screens/procedure/procedure";
import { setupScreen } from "./screens/setup/setup";
import { usersScreen } from "./screens/users/users";
import { visitScreen } from "./screens/visit/visit";
import { backupsScreen } from "./screens/backups/backups";
import { privacyScreen } from "./screens/privacy/privacy";
import { notificationBell } from "./components/bell";
import { taskFormScreen } from "./screens/tasks/form";
import { tasksScreen } from "./screens/tasks/tasks";
import { directoryScreen } from "./screens/partners/directory";
import { partnerFormScreen } from "./screens/partners/form";
import { partnerScreen } from "./screens/partners/page";
import { pendingScreen } from "./screens/referrals/pending";
import { supportScreen } from "./screens/support/support";
import { statisticsScreen } from "./screens/statistics/statistics";

type Section = "home" | "dashboard" | "import" | "about" | "users" | "audit" | "password"
  | "privacy" | "backups"
  | "places"
  | "tasks"
  | "partners" | "referrals" | "support"
  | "statistics";

interface RouteDef {
  pattern: RegExp;
  names: string[];
  screen: Screen;
  /** The navigation entry lit while this route shows. */
  section: Section;
  /** The action the user's role must allow (see session.can). */
  need?: string;
}

const routes: RouteDef[] = [
  { pattern: /^\/$/, names: [], screen: homeScreen, section: "home" },
  { pattern: /^\/person\/new$/, names: [], screen: personScreen, section: "home" },
  { pattern: /^\/person\/([^/]+)$/, names: ["id"], screen: personScreen, section: "home" },
  { pattern: /^\/visit\/(new|anonymous)$/, names: ["kind"], screen: visitScreen, section: "home" },
  { pattern: /^\/dashboard$/, names: [], screen: dashboardScreen, section: "dashboard", need: "stats.read" },
  { pattern: /^\/import$/, names: [], screen: importScreen, section: "import", need: "import" },
  { pattern: /^\/users$/, names: [], screen: usersScreen, section: "users", need: "users.manage" },
  { pattern: /^\/audit$/, names: [], screen: auditScreen, section: "audit", need: "audit.read" },
  { pattern: /^\/password$/, names: [], screen: passwordScreen, section: "password" },
  { pattern: /^\/about$/, names: [], screen: aboutScreen, section: "about" },
  // Privacy and backups.
  { pattern: /^\/privacy$/, names: [], screen: privacyScreen, section: "privacy" },
  { pattern: /^\/backups$/, names: [], screen: backupsScreen, section: "backups", need: "settings" },
  { pattern: /^\/places$/, names: [], screen: placesScreen, section: "places", need: "partner.read" },
  { pattern: /^\/places\/new$/, names: [], screen: siteFormScreen, section: "places", need: "settings" },
  { pattern: /^\/places\/([^/]+)\/edit$/, names: ["id"], screen: siteFormScreen, section: "places", need: "settings" },
  // Case files.
  { pattern: /^\/procedure\/([^/]+)$/, names: ["id"], screen: procedureScreen, section: "home", need: "case.details" },
  { pattern: /^\/tasks$/, names: [], screen: tasksScreen, section: "tasks", need: "tasks" },
  { pattern: /^\/tasks\/([^/]+)$/, names: ["id"], screen: taskFormScreen, section: "tasks", need: "tasks" },
  // The partner directory, referrals and support to partners.
  { pattern: /^\/partners$/, names: [], screen: directoryScreen, section: "partners", need: "partner.read" },
  { pattern: /^\/partners\/new$/, names: [], screen: partnerFormScreen, section: "partners", need: "partner.write" },
  { pattern: /^\/partners\/([^/]+)\/edit$/, names: ["id"], screen: partnerFormScreen, section: "partners", need: "partner.write" },
  { pattern: /^\/partners\/([^/]+)$/, names: ["id"], screen: partnerScreen, section: "partners", need: "partner.read" },
  { pattern: /^\/referrals$/, names: [], screen: pendingScreen, section: "referrals", need: "referral" },
  { pattern: /^\/support\/new$/, names: [], screen: supportScreen, section: "support", need: "support" },
  { pattern: /^\/statistics$/, names: [], screen: statisticsScreen, section: "statistics", need: "stats.read" },
];

const app = document.getElementById("app") as HTMLElement;
const view = h("div", { id: "view" });
const gate = h("div", { id: "gate", hidden: true });

let cleanup: Cleanup;
// Each render gets a number so a slow screen does not draw over a newer one.
let renderCount = 0;
/** The user the view was drawn for; "" when there is none. */
let viewUser = "";
/** The user who last worked here, to tell a colleague taking over. */
let lastUser = "";
/** The gate showing, or null. */
let gateShown: GateScreen | null = null;
/** What had the focus when the view was hidden. */
let focusBefore: Element | null = null;
/** The hash when the view was hidden. */
let hashBefore = "";
/** The view's screen could not load because the session had closed. */
let staleView = false;

function parseHash(): Route {
  const raw = window.location.hash.replace(/^#/, "") || "/";
  const [path, query = ""] = raw.split("?");
  return { path: path || "/", params: {}, query: new URLSearchParams(query) };
}

function frame(section: string): { main: HTMLElement; screen: HTMLElement; flash: HTMLElement } {
  const link = (key: Section, path: string, testid: string) =>
    h(
      "a",
      { href: href(path), class: "nav-link", "data-testid": testid, "aria-current": section === key ? "page" : false },
      fr.nav[key],
    );
  const item = (key: Section, path: string, testid: string) => h("li", {}, link(key, path, testid));
  const skip = h("a", { href: "#main", class: "skip-link" }, fr.skipToContent);
  const flash = h("div", { id: "flash", role: "status", "aria-live": "polite" });
  const screen = h("div", { id: "screen" });
  const main = h("main", { id: "main", tabindex: "-1" }, flash, screen);
  skip.addEventListener("click", (ev) => {
    ev.preventDefault();
    main.focus();
  });

  const user = me();
  const lockBtn = h("button", { type: "button", class: "btn btn-nav", id: "nav-lock", "data-testid": "nav-lock" }, fr.nav.lock);
  const logoutBtn = h("button", { type: "button", class: "btn btn-nav", id: "nav-logout", "data-testid": "nav-logout" }, fr.nav.logout);
  lockBtn.addEventListener("click", () => void lockNow());
  logoutBtn.addEventListener("click", () => void logoutNow(logoutBtn));

  const admin = [
    can("users.manage") ? item("users", "/users", "nav-users") : null,
    can("audit.read") ? item("audit", "/audit", "nav-audit") : null,
    can("settings") ? item("backups", "/backups", "nav-backups") : null,
  ].filter((x): x is HTMLLIElement => x !== null);

  const sidebar = h(
    "aside",
    { class: "sidebar" },
    h(
      "div",
      { class: "brand" },
      h("span", { class: "brand-name" }, fr.appName),
      h("span", { class: "brand-org", id: "structure-name", "data-testid": "structure-name" }, ctx().organisation.name),
      notificationBell(),
    ),
    h(
      "nav",
      { "aria-label": fr.nav.label },
      h("ul", {}, [
        item("home", "/", "nav-home"),
        can("tasks") ? item("tasks", "/tasks?list=today", "nav-tasks") : null,
        can("stats.read") ? item("dashboard", "/dashboard", "nav-dashboard") : null,
        can("stats.read") ? item("statistics", "/statistics", "nav-statistics") : null,
        can("import") ? item("import", "/import", "nav-import") : null,
        item("privacy", "/privacy", "nav-privacy"),
        can("partner.read") ? item("places", "/places", "nav-places") : null,
        can("partner.read") ? item("partners", "/partners", "nav-partners") : null,
        can("referral") ? item("referrals", "/referrals", "nav-referrals") : null,
        can("support") ? item("support", "/support/new", "nav-support") : null,
        item("about", "/about", "nav-about"),
      ]),
      admin.length
        ? [h("p", { class: "nav-group", id: "nav-admin-label" }, fr.nav.adminLabel),
           h("ul", { "aria-labelledby": "nav-admin-label" }, admin)]
        : null,
    ),
    user
      ? h(
          "section",
          { class: "nav-user", "aria-label": fr.nav.userLabel },
          h("p", { class: "nav-user-name", id: "nav-user-name", "data-testid": "nav-user-name" }, user.displayName),
          h("p", { class: "nav-user-role", id: "nav-user-role", "data-testid": "nav-user-role" }, label.role(user.role)),
          h("ul", {}, item("password", "/password", "nav-password")),
          h("div", { class: "nav-user-actions" }, lockBtn, logoutBtn),
        )
      : null,
  );
  replace(view, skip, h("div", { class: "shell" }, sidebar, main));
  return { main, screen, flash };
}

async function render(): Promise<void> {
  if (gateShown) return;
  const count = ++renderCount;
  if (typeof cleanup === "function") cleanup();
  cleanup = undefined;
  const route = parseHash();

  const def = routes.find((r) => r.pattern.test(route.path));
  const { main, screen, flash } = frame(def?.section ?? "");
  if (!def) {
    replace(screen, h("h1", {}, fr.errors.notFound));
    return;
  }
  if (def.need && !can(def.need)) {
    replace(screen, h("h1", {}, fr.session.forbiddenPage));
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
    // Drawn again once the session is back.
    if (isSessionError(err)) staleView = true;
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

/** The gate st calls for, or null when the user may work. */
function gateFor(st: SessionState): GateScreen | null {
  if (!st.ready) return setupScreen;
  if (st.needsAccount) return claimScreen;
  if (!st.loggedIn) return loginScreen;
  if (st.locked) return lockScreen;
  if (st.mustChange) return passwordGate;
  return null;
}

// Each show() gets a number, so that a late answer to Session.State (asked
// before an unlock, say) does not undo what was shown since.
let shown = 0;

/** Shows what st calls for: a gate, or the view. */
async function show(st: SessionState): Promise<void> {
  shown++;
  setSession(st);
  const g = gateFor(st);
  if (g) {
    await openGate(g, st);
    return;
  }
  try {
    await enter(st);
  } catch (err) {
    closeGate();
    replace(view, h("main", { id: "main", class: "gate-page" }, errorBox(err)));
  }
}

async function openGate(screen: GateScreen, st: SessionState): Promise<void> {
  stopIdle();
  if (!gateShown && !view.hidden) {
    focusBefore = document.activeElement;
    hashBefore = window.location.hash;
  }
  gateShown = screen;
  view.hidden = true;
  replace(gate);
  gate.hidden = false;
  window.scrollTo(0, 0);
  try {
    await screen(gate, st, (next) => void show(next));
  } catch (err) {
    replace(gate, h("main", { id: "main", class: "gate-page" }, errorBox(err)));
  }
}

function closeGate(): void {
  gateShown = null;
  replace(gate);
  gate.hidden = true;
}

/** The user may work: show their view as it was, or draw it afresh. */
async function enter(st: SessionState): Promise<void> {
  closeGate();
  startIdle(st.lockMinutes, () => void lockNow(), sessionApi.touch);
  if (viewUser !== "" && viewUser === st.user.id) {
    view.hidden = false;
    if (staleView || window.location.hash !== hashBefore) {
      staleView = false;
      await render();
      return;
    }
    const flash = view.querySelector<HTMLElement>("#flash");
    if (flash) replace(flash, h("p", { class: "flash" }, fr.lock.resumed));
    const again = focusBefore instanceof HTMLElement && view.contains(focusBefore) ? focusBefore : view.querySelector<HTMLElement>("h1");
    again?.focus({ preventScroll: true });
    focusBefore = null;
    const heading = view.querySelector("#screen h1")?.textContent ?? "";
    document.title = heading ? `${heading} — ${fr.appName}` : fr.appName;
    replayVisitsChanged();
    return;
  }
  dropView();
  await load(true);
  // A colleague taking over starts at home, not on the file left open.
  if (lastUser !== "" && lastUser !== st.user.id && window.location.hash !== "#/") {
    history.replaceState(null, "", "#/");
  }
  viewUser = lastUser = st.user.id;
  view.hidden = false;
  await render();
}

/** Forgets the view: its screen and whatever was typed in it. */
function dropView(): void {
  if (typeof cleanup === "function") cleanup();
  cleanup = undefined;
  renderCount++;
  viewUser = "";
  focusBefore = null;
  staleView = false;
  replace(view);
}

async function lockNow(): Promise<void> {
  try {
    await show(await sessionApi.lock());
  } catch {
    await recheck();
  }
}

async function logoutNow(btn: HTMLButtonElement): Promise<void> {
  btn.disabled = true;
  try {
    const st = await sessionApi.logout();
    stopIdle();
    dropView();
    await show(st);
  } catch (err) {
    btn.disabled = false;
    const flash = view.querySelector<HTMLElement>("#flash");
    if (flash) replace(flash, errorBox(err));
  }
}

// recheck asks Go who is at the desk after a call was refused because of
// the session, and shows the gate it calls for (unless it shows already).
let rechecking = false;
async function recheck(): Promise<void> {
  if (rechecking) return;
  rechecking = true;
  const asked = shown;
  try {
    const st = await sessionApi.state();
    const g = gateFor(st);
    if (g && g !== gateShown && asked === shown) await show(st);
  } catch {
    // Go cannot be reached: the screen that called says so already.
  } finally {
    rechecking = false;
  }
}

async function start(): Promise<void> {
  replace(app, view, gate);
  replace(view, h("p", { class: "loading" }, fr.loading));
  watchCalls({ answered: noteContact, sessionLost: () => void recheck() });
  let st: SessionState;
  try {
    st = await sessionApi.state();
    setSession(st);
    await load(false);
  } catch (err) {
    replace(view, h("main", { id: "main", class: "gate-page" }, errorBox(err)));
    return;
  }
  replace(view);
  window.addEventListener("hashchange", () => void render());
  await show(st);
}

void start();
