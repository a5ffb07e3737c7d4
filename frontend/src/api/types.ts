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
}

export interface Setup {
  organisationName: string;
  siteName: string;
  siteCommune: string;
  userName: string;
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
