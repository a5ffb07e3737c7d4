// The one module through which the window reaches Go: typed wrappers over
// call(), one object per Go service. Screens import from here only.

import { call, on } from "./transport";
import type {
  About,
  AuditEntry,
  CaseFile,
  Procedure,
  ProcedureRow,
  StatusChange,
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
  // Reception places
  MapConfig,
  MapPlace,
  Nearest,
  NearestQuery,
  Site,
  SiteFilter,
  NewReferrals,
  Partner,
  PartnerPage,
  PartnerQuery,
  PartnerRow,
  PartnerSupport,
  Referral,
  ReferralRow,
  SupportFigures,
  AnnualReport,
  Comparison,
  CrossTable,
  FileOut,
  StatsFilter,
  StatsOptions,
  StatsTable,
} from "./types";
import type { BackupDone, BackupStatus, PersonExportFiles, Registry, Restored } from "./types";
import type { Notification, Task, TaskCounts, TaskQuery, TaskRow, TaskStatus } from "./types";
import type { CaseFigures } from "./types";

export { ApiError, asApiError, inWindow, isSessionError, watchCalls } from "./transport";
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

// --- Privacy and backups ---

export const privacy = {
  /** The registry of processing activities, generated from the settings. */
  registry: () => call<Registry>("Privacy", "Registry"),
  retention: () => call<number>("Privacy", "Retention"),
  setRetention: (years: number) => call<number>("Privacy", "SetRetention", years),
  /** File numbers the retention rule anonymises within 30 days. */
  dueForAnonymisation: () => call<string[] | null>("Privacy", "DueForAnonymisation").then(list),
  /** The right-of-access export (PDF and JSON in base64); audited. */
  exportPerson: (personId: string) => call<PersonExportFiles>("Privacy", "ExportPerson", personId),
  /** Desktop window only: the save dialog, then the file written; "" when cancelled. */
  saveFile: (name: string, base64: string) => call<string>("Privacy", "SaveFile", name, base64),
  /** Erasure on request; answers the person as kept. */
  anonymise: (personId: string) => call<Person>("Privacy", "Anonymise", personId),
};

export const backups = {
  status: () => call<BackupStatus>("Backups", "Status"),
  configure: (folder: string, passphrase: string) =>
    call<BackupStatus>("Backups", "Configure", folder, passphrase),
  now: () => call<BackupDone>("Backups", "Now"),
  /** Replaces the database; on success the user is logged out. */
  restore: (file: string, passphrase: string) => call<Restored>("Backups", "Restore", file, passphrase),
  /** Desktop window only: the system's dialogs; "" when cancelled. */
  chooseFile: () => call<string>("Backups", "ChooseFile"),
  chooseFolder: () => call<string>("Backups", "ChooseFolder"),
};

// ---- Case files ----

export const caseFiles = {
  /** The person page: identity, procedures, referrals and timeline; the opening is audited. */
  open: (personId: string) => call<CaseFile>("Persons", "CaseFile", personId),
};

export const procedures = {
  open: (p: Procedure) => call<Procedure>("Procedures", "Open", p),
  get: (id: string) => call<Procedure>("Procedures", "Get", id),
  update: (p: Procedure) => call<Procedure>("Procedures", "Update", p),
  move: (c: StatusChange) => call<Procedure>("Procedures", "Move", c),
  forPerson: (personId: string) =>
    call<ProcedureRow[] | null>("Procedures", "ForPerson", personId).then(list),
};

// --- Partner directory, referrals, support to partners ---

export const partners = {
  search: (q: PartnerQuery) => call<PartnerRow[] | null>("Partners", "Search", q).then(list),
  get: (id: string) => call<Partner>("Partners", "Get", id),
  /** The partner, the referrals sent to it and the support given to it. */
  page: (id: string) => call<PartnerPage>("Partners", "Page", id),
  /** Creates (no id) or changes a partner, its contacts given in full. */
  save: (p: Partner) => call<Partner>("Partners", "Save", p),
  remove: (id: string) => call<void>("Partners", "Delete", id),
};

export const referrals = {
  create: (r: NewReferrals) => call<Referral[] | null>("Referrals", "Create", r).then(list),
  /** day is "YYYY-MM-DD"; "" means today. */
  setOutcome: (id: string, outcome: string, day = "") =>
    call<ReferralRow>("Referrals", "SetOutcome", id, outcome, day),
  pending: () => call<ReferralRow[] | null>("Referrals", "Pending").then(list),
};

export const supports = {
  /** Records a support (no id) or changes one. */
  record: (s: PartnerSupport) => call<PartnerSupport>("Supports", "Record", s),
  remove: (id: string) => call<void>("Supports", "Delete", id),
  forPartner: (partnerId: string) =>
    call<PartnerSupport[] | null>("Supports", "ForPartner", partnerId).then(list),
  /** An empty period means this month. */
  figures: (p: Period) => call<SupportFigures>("Supports", "Figures", p),
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
  // Case work figures: procedures, referrals, support to partners.
  caseFigures: (p: Period) => call<CaseFigures>("Statistics", "CaseFigures", p),
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

// --- Reception places (lieux d'accueil), map and nearest places ---

export const sites = {
  list: (f: SiteFilter) => call<Site[]>("Sites", "List", f),
  get: (id: string) => call<Site>("Sites", "Get", id),
  save: (s: Site) => call<Site>("Sites", "Save", s),
  map: () => call<MapPlace[]>("Sites", "Map"),
  nearest: (q: NearestQuery) => call<Nearest>("Sites", "Nearest", q),
  mapConfig: () => call<MapConfig>("Sites", "MapConfig"),
};
// Tasks and reminders.

/** A task as Go reads it: the times Go sets itself are left out ("" is no time). */
function taskInput(t: Task): Omit<Task, "createdAt" | "updatedAt"> {
  const { createdAt: _created, updatedAt: _updated, ...input } = t;
  return input;
}

export const tasks = {
  create: (t: Task) => call<Task>("Tasks", "Create", taskInput(t)),
  update: (t: Task) => call<Task>("Tasks", "Update", taskInput(t)),
  /** status is "done", "cancelled" or "todo". */
  setStatus: (id: string, status: TaskStatus) => call<Task>("Tasks", "SetStatus", id, status),
  get: (id: string) => call<Task>("Tasks", "Get", id),
  list: (q: TaskQuery) => call<TaskRow[] | null>("Tasks", "List", q).then(list),
  counts: () => call<TaskCounts>("Tasks", "Counts"),
};

export const notifications = {
  list: (limit = 30) => call<Notification[] | null>("Notifications", "List", limit).then(list),
  unreadCount: () => call<number>("Notifications", "UnreadCount"),
  /** Returns the unread count left. */
  markRead: (id: string) => call<number>("Notifications", "MarkRead", id),
  markAllRead: () => call<number>("Notifications", "MarkAllRead"),
};

/** Calls cb when a reminder fires or a notification is read; returns an unsubscriber. */
export function onNotificationsChanged(cb: () => void): () => void {
  return on("notifications:changed", cb);
}

/** Calls cb when a task is created or changed; returns an unsubscriber. */
export function onTasksChanged(cb: () => void): () => void {
  return on("tasks:changed", cb);
}
