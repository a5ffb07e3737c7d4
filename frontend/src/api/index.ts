// The one module through which the window reaches Go: typed wrappers over
// call(), one object per Go service. Screens import from here only.

import { call, on } from "./transport";
import type {
  Context,
  Dashboard,
  ImportMapping,
  ImportPreview,
  ImportReport,
  Period,
  Person,
  PersonMatch,
  References,
  Setup,
  Visit,
  VisitRow,
} from "./types";

export { ApiError, asApiError } from "./transport";
export type * from "./types";

/** Go writes empty slices as null; lists are read through this. */
export function list<T>(xs: T[] | null | undefined): T[] {
  return xs ?? [];
}

export const structure = {
  context: () => call<Context>("Structure", "Context"),
  setup: (input: Setup) => call<Context>("Structure", "Setup", input),
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

/** Calls cb whenever a visit is recorded (here or elsewhere); returns an unsubscriber. */
export function onVisitsChanged(cb: () => void): () => void {
  return on("visits:changed", cb);
}
