// What every screen needs to know, loaded once: the structure (its sites and
// users) and the coded reference lists, with lookups from code to label.

import { list, refs as refsApi, structure, users as usersApi } from "./api";
import type { Context, Country, References, RefItem } from "./api";
import { fr } from "./i18n/fr";
import { me } from "./session";

let context: Context | null = null;
let references: References | null = null;
let roles: RefItem[] = [];

/**
 * Loads (or reloads) the structure: before login only its name is known;
 * once someone is logged in, its sites and users, the reference lists and
 * the roles.
 */
export async function load(loggedIn: boolean): Promise<Context> {
  context = await structure.context();
  if (context.ready && loggedIn) {
    if (!references) references = await refsApi.references();
    if (roles.length === 0) roles = await usersApi.roles();
  }
  return context;
}

export function ctx(): Context {
  if (!context) throw new Error("store not loaded");
  return context;
}

function refsOrEmpty(): References {
  return (
    references ?? {
      themes: [],
      visitModes: [],
      adminSituations: [],
      sexes: [],
      ageBrackets: [],
      countries: [],
    }
  );
}

// Case files' lists: procedure types, statuses, transitions and checklists.
export const caseRef = {
  procedureTypes: (): RefItem[] => list(refsOrEmpty().procedureTypes),
  statuses: (): RefItem[] => list(refsOrEmpty().procedureStatuses),
  nextStatuses: (status: string): string[] => list(refsOrEmpty().nextStatuses?.[status]),
  checklist: (type: string): RefItem[] => list(refsOrEmpty().documentChecklists?.[type]),
  typeLabel: (code: string): string => labelOf(caseRef.procedureTypes(), code),
  statusLabel: (code: string): string => labelOf(caseRef.statuses(), code),
};

export const ref = {
  themes: (): RefItem[] => list(refsOrEmpty().themes),
  visitModes: (): RefItem[] => list(refsOrEmpty().visitModes),
  adminSituations: (): RefItem[] => list(refsOrEmpty().adminSituations),
  sexes: (): RefItem[] => list(refsOrEmpty().sexes),
  ageBrackets: (): string[] => list(refsOrEmpty().ageBrackets),
  countries: (): Country[] => list(refsOrEmpty().countries),
  partnerKinds: (): RefItem[] => list(refsOrEmpty().partnerKinds),
  supportModes: (): RefItem[] => list(refsOrEmpty().supportModes),
  referralOutcomes: (): RefItem[] => list(refsOrEmpty().referralOutcomes),
};

function labelOf(items: RefItem[], code: string): string {
  return items.find((i) => i.code === code)?.label ?? code;
}

export const label = {
  role: (code: string): string => roles.find((r) => r.code === code)?.label ?? fr.roles[code] ?? code,
  theme: (code: string): string => labelOf(ref.themes(), code),
  mode: (code: string): string => labelOf(ref.visitModes(), code),
  country: (code: string): string => ref.countries().find((c) => c.code === code)?.name ?? code,
  partnerKind: (code: string): string => labelOf(ref.partnerKinds(), code),
  supportMode: (code: string): string => labelOf(ref.supportModes(), code),
  referralOutcome: (code: string): string => labelOf(ref.referralOutcomes(), code),
};

/** The roles with their labels, as Go lists them. */
export function roleList(): RefItem[] {
  return roles.length ? roles : Object.entries(fr.roles).map(([code, label]) => ({ code, label }));
}

// The desk usually keeps the same site all day: remember the last one chosen
// on this PC. The user is whoever is logged in, unless another is chosen.
const PREF_SITE = "pappu.siteId";
const PREF_USER = "pappu.userId";

function stored(key: string): string {
  try {
    return window.localStorage.getItem(key) ?? "";
  } catch {
    return "";
  }
}

function store(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // storage may be disabled; the default is then the first one
  }
}

export const prefs = {
  siteId(): string {
    const sites = list(ctx().sites);
    const id = stored(PREF_SITE);
    return sites.some((s) => s.id === id) ? id : (sites[0]?.id ?? "");
  },
  userId(): string {
    const users = list(ctx().users);
    const mine = me()?.id ?? "";
    if (users.some((u) => u.id === mine)) return mine;
    const id = stored(PREF_USER);
    return users.some((u) => u.id === id) ? id : (users[0]?.id ?? "");
  },
  remember(siteId: string, userId: string): void {
    store(PREF_SITE, siteId);
    store(PREF_USER, userId);
  },
};
