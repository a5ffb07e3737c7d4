// Types mirroring the Go structs of package backend (JSON field names as Go
// writes them). Times are RFC 3339 strings; dates are "YYYY-MM-DD", and a
// birth date may be partial ("YYYY" or "YYYY-MM"). Go writes an empty slice
// as null, so every list the window reads goes through `list()` in index.ts.

export interface Organisation {
  id: string;
  name: string;
}

export interface Site {
  id: string;
  name: string;
  address: string;
  commune: string;
}

export interface User {
  id: string;
  displayName: string;
  role: string;
  /** Empty for a user who cannot log in (a name brought by an import). */
  login: string;
  /** An inactive user keeps their history but can no longer log in. */
  active: boolean;
}

export interface Setup {
  organisationName: string;
  siteName: string;
  siteCommune: string;
  userName: string;
  /** The first administrator's login and password. */
  login: string;
  password: string;
}

/** Who is at the desk (Go: app.SessionState). */
export interface SessionState {
  /** The structure is set up. */
  ready: boolean;
  /** The structure exists but nobody can log in yet: claim the first administrator. */
  needsAccount: boolean;
  loggedIn: boolean;
  locked: boolean;
  /** A new password is required before anything else. */
  mustChange: boolean;
  user: User;
  /** The session locks after this many minutes without activity. */
  lockMinutes: number;
  /** The actions the user's role allows ("stats.read", "import"…). */
  can: string[] | null;
}

/** An account an administrator creates (Go: sqlite.NewAccount). */
export interface NewAccount {
  displayName: string;
  login: string;
  role: string;
  /** To be changed at first login. */
  temporaryPassword: string;
}

/** Narrows the audit log; empty fields do not filter (Go: sqlite.AuditFilter). */
export interface AuditFilter {
  userId: string;
  action: string;
  entity: string;
  /** "YYYY-MM-DD", Europe/Paris, inclusive. */
  from: string;
  to: string;
  /** 200 when 0; at most 1000. */
  limit: number;
}

/** One line of the audit log, newest first (Go: sqlite.AuditEntry). */
export interface AuditEntry {
  at: string;
  /** A user id, or "inconnu" (a failed login on no account), or "systeme". */
  userId: string;
  userName: string;
  action: string;
  entity: string;
  entityId: string;
  /** Comma-separated field names (or the refused action, or "count:N"). */
  fields: string;
}

export interface Context {
  ready: boolean;
  organisation: Organisation;
  sites: Site[] | null;
  users: User[] | null;
}

export type Sex = "F" | "M" | "X" | "";

export interface Person {
  id: string;
  fileNumber: string;
  lastName: string;
  birthName: string;
  firstNames: string;
  sex: Sex;
  birthDate: string;
  birthPlace: string;
  nationality: string;
  nationality2: string;
  languages: string;
  interpreterNeeded: boolean;
  phone: string;
  email: string;
  commune: string;
  noFixedAddress: boolean;
  familySituation: string;
  children: number;
  arrivalDate: string;
  adminSituation: string;
  referentId: string;
  /** Reserved to its referents (referentId and referents) and administrators. */
  restricted: boolean;
  referents: string[] | null;
  consentDate: string;
  /** The information given to the person when they consented. */
  consentNote: string;
  notes: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface PersonMatch {
  id: string;
  fileNumber: string;
  lastName: string;
  firstNames: string;
  birthName: string;
  birthDate: string;
  nationality: string;
  /** A file reserved to its referents that the user may not open: number only. */
  restricted?: boolean;
  /** "same" or "close" for duplicates; empty for search results. */
  reason: "" | "same" | "close";
}

export interface Visit {
  id: string;
  at: string;
  siteId: string;
  userId: string;
  /** Empty for an anonymous visit. */
  personId: string;
  /** sex, ageBracket and nationality describe anonymous visits only. */
  sex: Sex;
  ageBracket: string;
  nationality: string;
  mode: string;
  durationMin: number;
  themes: string[] | null;
  actions: string;
  referrals: string;
  note: string;
  privateNote: string;
}

export interface VisitRow {
  id: string;
  at: string;
  siteName: string;
  userName: string;
  personId: string;
  personName: string;
  fileNumber: string;
  mode: string;
  themes: string[] | null;
}

export interface Period {
  from: string;
  to: string;
}

export interface Count {
  code: string;
  label: string;
  n: number;
}

export interface Dashboard {
  period: Period;
  visits: number;
  persons: number;
  newPersons: number;
  anonymousVisits: number;
  byTheme: Count[] | null;
  byNationality: Count[] | null;
  bySex: Count[] | null;
  bySite: Count[] | null;
}

export interface RefItem {
  code: string;
  label: string;
}

export interface Country {
  code: string;
  name: string;
  masculine: string;
  feminine: string;
}

export interface References {
  themes: RefItem[] | null;
  visitModes: RefItem[] | null;
  adminSituations: RefItem[] | null;
  sexes: RefItem[] | null;
  ageBrackets: string[] | null;
  countries: Country[] | null;
  /** Case files: procedure types and statuses, the statuses each may move to, each type's documents. */
  procedureTypes?: RefItem[] | null;
  procedureStatuses?: RefItem[] | null;
  nextStatuses?: Record<string, string[] | null> | null;
  documentChecklists?: Record<string, RefItem[] | null> | null;
  partnerKinds?: RefItem[] | null;
  supportModes?: RefItem[] | null;
  referralOutcomes?: RefItem[] | null;
}

export interface ImportColumn {
  index: number;
  header: string;
  /** The field recognised from the header; empty when none was. */
  field: string;
}

/** A value that names no known code, and on how many lines. */
export interface ImportUnresolved {
  field: string;
  value: string;
  lines: number;
}

export interface ImportPreview {
  token: string;
  format: string;
  encoding: string;
  separator: string;
  headerLine?: number;
  /** Data lines, blank rows left out. */
  lines: number;
  columns: ImportColumn[] | null;
  /** The first data rows, as read. */
  rows: string[][] | null;
  /** The fields a column may be mapped to. */
  fields: RefItem[] | null;
  /** Set when the columns must be mapped by hand (no date column recognised). */
  problem?: string;
  /** Lines an import would reject, with why. */
  rejected?: RejectedLine[] | null;
  /** Values no code was found for; the import keeps them in the note. */
  unresolved?: ImportUnresolved[] | null;
}

/** Maps a column index (as a string) to a field code. */
export type ImportMapping = Record<string, string>;

export interface RejectedLine {
  line: number;
  reason: string;
}

export interface ImportReport {
  imported: number;
  persons_created: number;
  persons_matched: number;
  anonymous: number;
  skipped: number;
  rejected: RejectedLine[] | null;
}

/** A data set built into PAPPU and its licence. */
export interface DataSet {
  name: string;
  source: string;
  sourceUrl: string;
  licence: string;
  licenceUrl: string;
  attribution: string;
}

/** What the "À propos" screen shows. */
export interface About {
  version: string;
  dataDir: string;
  database: string;
  dataSets: DataSet[] | null;
}

// --- Privacy and backups ---

/** One category of data in the registry: what, why, for how long. */
export interface RegistryData {
  category: string;
  items: string[] | null;
  why: string;
  retention: string;
}

/** What one role may see, as the registry says it. */
export interface RegistryAccess {
  role: string;
  label: string;
  sees: string[] | null;
}

/** A titled block of the registry, in the order a page shows it. */
export interface RegistrySection {
  title: string;
  lines: string[] | null;
}

/** The registry of processing activities (registre des traitements). */
export interface Registry {
  title: string;
  processing: string;
  controller: string;
  contact: string;
  dpo: string;
  purposes: string[] | null;
  legalBasis: string;
  dataSubjects: string[] | null;
  data: RegistryData[] | null;
  access: RegistryAccess[] | null;
  recipients: string[] | null;
  transfers: string;
  security: string[] | null;
  rights: string[] | null;
  sections: RegistrySection[] | null;
}

/** A person's right-of-access export, each file in base64. */
export interface PersonExportFiles {
  fileNumber: string;
  pdfName: string;
  pdf: string;
  jsonName: string;
  json: string;
}

/** Where backups go and how the last one went. Times are absent when never. */
export interface BackupStatus {
  configured: boolean;
  folder: string;
  lastSuccess?: string;
  lastFile: string;
  lastFailure?: string;
  failure: string;
  keepDaily: number;
  keepWeekly: number;
  keepMonthly: number;
  minLength: number;
}

/** A backup just written and verified. */
export interface BackupDone {
  file: string;
  path: string;
  removed: number;
  status: BackupStatus;
}

/** A restore done: the replaced database is kept at aside. */
export interface Restored {
  file: string;
  aside: string;
}

// --- Reception places (lieux d'accueil), map and nearest places ---

export interface GeoPosition {
  lat: number;
  lon: number;
  /** street | district | commune | departement */
  precision: string;
  /** gazetteer | ban | manual */
  source: string;
  insee: string;
  districtInsee?: string;
  geocodedAt: string;
}

export interface OpeningSlot {
  /** 1 Monday … 7 Sunday */
  weekday: number;
  start: string;
  end: string;
  note?: string;
}

export interface Closure {
  from: string;
  to: string;
  reason?: string;
}

export interface Site {
  id: string;
  name: string;
  address: string;
  commune: string;
  partnerId?: string;
  postalCode?: string;
  phone?: string;
  email?: string;
  website?: string;
  contacts?: string;
  themes?: string[] | null;
  languages?: string[] | null;
  walkIn?: boolean;
  byAppointment?: boolean;
  publics?: string;
  accessNotes?: string;
  active: boolean;
  geo?: GeoPosition | null;
  slots?: OpeningSlot[] | null;
  closures?: Closure[] | null;
}

export interface SiteFilter {
  text: string;
  theme: string;
  commune: string;
  openNow: boolean;
  openOn: string;
  includeInactive: boolean;
}

export interface MapPlace {
  kind: "site" | "partner";
  id: string;
  name: string;
  address: string;
  commune: string;
  themes: string[] | null;
  geo: GeoPosition;
  distance?: number;
}

export interface NearestQuery {
  from: string;
  theme: string;
  limit: number;
}

export interface Nearest {
  from: GeoPosition;
  places: MapPlace[] | null;
}

export interface MapConfig {
  tilesUrl: string;
}

// ---- Case files (Go: backend/casefile.go) ----

/** One piece of a procedure's documents checklist. */
export interface DocumentItem {
  code: string;
  label: string;
  provided: boolean;
}

/** One status change of a procedure, kept for ever. */
export interface ProcedureStep {
  id: string;
  seq: number;
  /** "" for the opening. */
  fromStatus: string;
  toStatus: string;
  /** "YYYY-MM-DD". */
  day: string;
  userId: string;
  userName: string;
  note: string;
  at: string;
}

/** A procedure (démarche); dates are "YYYY-MM-DD" or "". */
export interface Procedure {
  id: string;
  personId: string;
  type: string;
  status: string;
  authority: string;
  reference: string;
  submittedOn: string;
  receiptUntil: string;
  decisionOn: string;
  permitUntil: string;
  outcome: string;
  documents: DocumentItem[] | null;
  notes: string;
  openedBy: string;
  createdAt?: string;
  updatedAt?: string;
  steps: ProcedureStep[] | null;
}

/** Asks to move a procedure to a status on a day, with the key date that goes with it. */
export interface StatusChange {
  procedureId: string;
  /** The status shown when the change was asked: Go refuses it if it moved meanwhile. */
  fromStatus: string;
  toStatus: string;
  day: string;
  note: string;
  submittedOn: string;
  receiptUntil: string;
  decisionOn: string;
  permitUntil: string;
  outcome: string;
}

/** A procedure as the case file lists it. */
export interface ProcedureRow {
  id: string;
  type: string;
  typeLabel: string;
  status: string;
  statusLabel: string;
  /** The next key date to come, "" when none (or not to be shown to this role). */
  nextDate: string;
  nextDateKind: string;
  updatedAt: string;
}

// --- Partner directory, referrals, support to partners ---

export interface PartnerContact {
  id: string;
  name: string;
  role: string;
  phone: string;
  email: string;
}

export interface Partner {
  id: string;
  name: string;
  kind: string;
  themes: string[] | null;
  organisation: string;
  address: string;
  postalCode: string;
  commune: string;
  phone: string;
  email: string;
  website: string;
  notes: string;
  contacts: PartnerContact[] | null;
}

/** Empty fields do not filter. */
export interface PartnerQuery {
  text: string;
  kind: string;
  theme: string;
  commune: string;
  limit: number;
}

export interface PartnerRow {
  id: string;
  name: string;
  kind: string;
  kindLabel: string;
  commune: string;
  phone: string;
}

/** A referral (orientation) of the person to a partner. */
export interface Referral {
  id: string;
  personId: string;
  visitId: string;
  partnerId: string;
  partnerName: string;
  userId: string;
  day: string;
  reason: string;
  outcome: string;
  outcomeOn: string;
  createdAt: string;
}

/** One event of a case file: a visit, a procedure's step, a referral or its outcome. */
export interface TimelineEntry {
  day: string;
  at: string;
  kind: "visit" | "step" | "referral" | "referral_outcome";
  id: string;
  title: string;
  detail: string;
}

/** The person page. */
export interface CaseFile {
  person: Person;
  procedures: ProcedureRow[] | null;
  referrals: Referral[] | null;
  timeline: TimelineEntry[] | null;
}

// Tasks and reminders (Go: backend.Task and friends).

/** "todo", "done" or "cancelled". */
export type TaskStatus = "todo" | "done" | "cancelled";

export interface Task {
  id: string;
  title: string;
  notes: string;
  /** RFC 3339 instant. */
  dueAt: string;
  /** RFC 3339 instant, or null for no reminder. */
  remindAt: string | null;
  /** "low", "normal" or "high". */
  priority: string;
  status: TaskStatus;
  /** "" = the whole structure. */
  assigneeId: string;
  personId: string;
  procedureId: string;
  partnerId: string;
  visitId: string;
  /** "", "weekly" or "monthly". */
  recurrence: string;
  /** Due dates avoid weekends and public holidays. */
  workingDay: boolean;
  /** "user", "key_date" or "retention". */
  origin: string;
  createdBy: string;
  doneAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** "mine", "overdue", "today", "week" or "person". */
export type TaskList = "mine" | "overdue" | "today" | "week" | "person";

export interface TaskQuery {
  list: TaskList;
  personId: string;
  limit: number;
}

export interface TaskRow {
  id: string;
  title: string;
  dueAt: string;
  priority: string;
  status: TaskStatus;
  assigneeName: string;
  personId: string;
  personName: string;
  origin: string;
  overdue: boolean;
}

export interface TaskCounts {
  mine: number;
  overdue: number;
  today: number;
  week: number;
}

/** A reminder that fired, in the notification centre. */
export interface Notification {
  id: string;
  taskId: string;
  title: string;
  dueAt: string;
  firedAt: string;
  /** Fired after its minute, e.g. when PAPPU was closed. */
  late: boolean;
  read: boolean;
  readAt: string | null;
}

export interface ReferralRow extends Referral {
  personName: string;
  fileNumber: string;
  outcomeLabel: string;
  ageDays: number;
}

export interface NewReferrals {
  visitId: string;
  personId: string;
  partnerIds: string[];
  reason: string;
  day: string;
}

export interface PartnerSupport {
  id: string;
  day: string;
  partnerId: string;
  partnerName: string;
  contactId: string;
  contactName: string;
  userId: string;
  mode: string;
  themes: string[] | null;
  durationMin: number;
  question: string;
  answer: string;
  followUp: boolean;
}

export interface PartnerPage {
  partner: Partner;
  kindLabel: string;
  referrals: ReferralRow[] | null;
  supports: PartnerSupport[] | null;
}

export interface SupportFigures {
  period: Period;
  count: number;
  minutes: number;
  byKind: Count[] | null;
  byTheme: Count[] | null;
  byMode: Count[] | null;
}

// ---- Statistics ----

/** The visits statistics count; an empty list does not filter. */
export interface StatsFilter {
  period: Period;
  sites: string[];
  users: string[];
  themes: string[];
  nationalities: string[];
  sexes: string[];
  ageBrackets: string[];
  adminSituations: string[];
  modes: string[];
  /** "", "anonymous" or "identified". */
  identified: string;
}

/** The four figures; what each means is in StatsOptions.definitions. */
export interface Measures {
  visits: number;
  persons: number;
  newPersons: number;
  minutes: number;
  hours: number;
}

export interface StatsLine extends Measures {
  code: string;
  label: string;
}

export interface StatsTable {
  filter: StatsFilter;
  dimension: string;
  lines: StatsLine[] | null;
  total: Measures;
}

export interface CrossTable {
  filter: StatsFilter;
  rowDim: string;
  colDim: string;
  rows: StatsLine[] | null;
  columns: StatsLine[] | null;
  cells: Measures[][] | null;
  total: Measures;
}

export interface PeriodFigures {
  period: Period;
  label: string;
  total: Measures;
}

export interface Comparison {
  current: PeriodFigures;
  previous: PeriodFigures;
  yearEarlier: PeriodFigures;
}

export interface Definition {
  code: string;
  label: string;
  text: string;
}

export interface StatsOptions {
  dimensions: RefItem[] | null;
  definitions: Definition[] | null;
  /** What the case work figures (CaseFigures) count. */
  caseDefinitions: Definition[] | null;
}

/** A document to save: its bytes in base64. */
export interface FileOut {
  name: string;
  type: string;
  base64: string;
}

export interface AnnualReport {
  pdf: FileOut;
  xlsx: FileOut;
}

// ---- Case work figures of the statistics ----

/** A period's procedures, referrals and support; see StatsOptions.caseDefinitions. */
export interface CaseFigures {
  period: Period;
  opened: number;
  openedByType: Count[] | null;
  filed: number;
  filedByType: Count[] | null;
  decided: number;
  decidedByType: Count[] | null;
  /** By decision status: favorable, defavorable. */
  decidedByOutcome: Count[] | null;
  referrals: number;
  referralsByKind: Count[] | null;
  referralsByOutcome: Count[] | null;
  support: SupportFigures;
}
