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
  consentDate: string;
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
