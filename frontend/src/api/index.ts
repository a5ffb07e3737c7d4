// The one module through which the window reaches Go: typed wrappers over
// call(), one object per Go service. Screens import from here only.

import { call, on } from "./transport";
import type {
  About,
  AuditEntry,
  AuditFilter,
  Context,
  Dashboard,
  ImportMapping,
  ImportPreview,
  ImportReport,
  Period,
  Person,
  PersonMatch,
  References,
  NewAccount,
  RefItem,
  SessionState,
  Setup,
  User,
  Visit,
  VisitRow,
  AnnualReport,
  Comparison,
  CrossTable,
  FileOut,
  StatsFilter,
  StatsOptions,
  StatsTable,
} from "./types";

export { ApiError, asApiError, isSessionError, watchCalls } from "./transport";
export type * from "./types";

/** Go writes empty slices as null; lists are read through this. */
export function list<T>(xs: T[] | null | undefined): T[] {
  return xs ?? [];
}

export const structure = {
  context: () => call<Context>("Structure", "Context"),
  setup: (input: Setup) => call<Context>("Structure", "Setup", input),
  /** The version, the data folder and the licences of built-in data. */
  about: () => call<About>("Structure", "About"),
};

export const session = {
  /** Who is at the desk; locks first a session idle for too long. */
  state: () => call<SessionState>("Session", "State"),
  login: (login: string, password: string) => call<SessionState>("Session", "Login", login, password),
  logout: () => call<SessionState>("Session", "Logout"),
  lock: () => call<SessionState>("Session", "Lock"),
  unlock: (password: string) => call<SessionState>("Session", "Unlock", password),
  changePassword: (current: string, next: string) =>
    call<SessionState>("Session", "ChangePassword", current, next),
  claimAdmin: (login: string, password: string) => call<SessionState>("Session", "ClaimAdmin", login, password),
  /**
   * Tells the Go side that someone is working in the window, so that its
   * own inactivity lock does not close a session in the middle of a long
   * form.
   */
  touch: () => call<SessionState>("Session", "Touch"),
};

export const users = {
  list: () => call<User[] | null>("Users", "List").then(list),
  create: (a: NewAccount) => call<User>("Users", "Create", a),
  setRole: (userId: string, role: string, active: boolean) =>
    call<void>("Users", "SetRole", userId, role, active),
  roles: () => call<RefItem[] | null>("Users", "Roles").then(list),
  resetPassword: (userId: string, temporaryPassword: string) =>
    call<void>("Users", "ResetPassword", userId, temporaryPassword),
};

export const audit = {
  log: (f: AuditFilter) => call<AuditEntry[] | null>("Audit", "Log", f).then(list),
};

export const refs = {
  references: () => call<References>("Refs", "References"),
};

export const persons = {
  search: (query: string, limit: number) =>
    call<PersonMatch[] | null>("Persons", "Search", query, limit).then(list),
  get: (id: string) => call<Person>("Persons", "Get", id),
  duplicates: (p: Person) =>
    call<PersonMatch[] | null>("Persons", "Duplicates", p).then(list),
  create: (p: Person) => call<Person>("Persons", "Create", p),
  update: (p: Person) => call<Person>("Persons", "Update", p),
  visits: (personId: string) =>
    call<VisitRow[] | null>("Persons", "Visits", personId).then(list),
};

export const visits = {
  record: (v: Visit) => call<Visit>("Visits", "Record", v),
  get: (id: string) => call<Visit>("Visits", "Get", id),
  /** day is "YYYY-MM-DD"; "" means today in Europe/Paris. */
  day: (day = "") => call<VisitRow[] | null>("Visits", "Day", day).then(list),
};

export const stats = {
  /** An empty period means this month. */
  dashboard: (p: Period) => call<Dashboard>("Stats", "Dashboard", p),
};

export const imports = {
  preview: (fileName: string, base64Content: string) =>
    call<ImportPreview>("Imports", "Preview", fileName, base64Content),
  run: (token: string, mapping: ImportMapping) =>
    call<ImportReport>("Imports", "Run", token, mapping),
};

// ---- Statistics ----

export const statistics = {
  /** The dimensions and the definition of every figure, as Go states them. */
  options: () => call<StatsOptions>("Statistics", "Options"),
  table: (f: StatsFilter, dimension: string) => call<StatsTable>("Statistics", "Table", f, dimension),
  cross: (f: StatsFilter, rowDim: string, colDim: string) =>
    call<CrossTable>("Statistics", "Cross", f, rowDim, colDim),
  compare: (f: StatsFilter) => call<Comparison>("Statistics", "Compare", f),
  report: (year: number) => call<AnnualReport>("Statistics", "Report", year),
  tableCSV: (f: StatsFilter, dimension: string) => call<FileOut>("Statistics", "TableCSV", f, dimension),
  crossCSV: (f: StatsFilter, rowDim: string, colDim: string, measure: string) =>
    call<FileOut>("Statistics", "CrossCSV", f, rowDim, colDim, measure),
};

const visitListeners = new Set<() => void>();

/** Calls cb whenever a visit is recorded (here or elsewhere); returns an unsubscriber. */
export function onVisitsChanged(cb: () => void): () => void {
  const off = on("visits:changed", cb);
  visitListeners.add(cb);
  return () => {
    off();
    visitListeners.delete(cb);
  };
}

/**
 * Runs the visits:changed listeners as if Go had sent the event: after an
 * unlock, the screens that follow visits fetch what they missed (their
 * calls were refused while the session was locked).
 */
export function replayVisitsChanged(): void {
  visitListeners.forEach((cb) => cb());
}
