// Dates and times as the desk sees them. Times travel as UTC (RFC 3339) and
// are shown in Europe/Paris whatever the PC's own time zone; dates without a
// time are "YYYY-MM-DD", and a birth date may stop at the year or the month.

const ZONE = "Europe/Paris";

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const partsFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

// parisWallTime returns what a clock in Paris shows at the instant t.
function parisWallTime(t: Date): WallTime & { second: number } {
  const get = (type: string): number => {
    const part = partsFormat.formatToParts(t).find((p) => p.type === type);
    return part ? Number(part.value) : 0;
  };
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour") % 24,
    minute: get("minute"),
    second: get("second"),
  };
}

// parisOffsetMs is how far Paris's wall clock is ahead of UTC at instant ms.
function parisOffsetMs(ms: number): number {
  const w = parisWallTime(new Date(ms));
  const asUTC = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUTC - Math.floor(ms / 1000) * 1000;
}

/** Today in Paris, "YYYY-MM-DD". */
export function todayParis(now = new Date()): string {
  const w = parisWallTime(now);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** Now in Paris as a datetime-local value, "YYYY-MM-DDTHH:MM". */
export function nowParisLocal(now = new Date()): string {
  const w = parisWallTime(now);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * Reads a datetime-local value as Paris wall time and returns the instant as
 * RFC 3339 UTC, or null when the value is not a date and time.
 */
export function parisLocalToISO(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  const wall = Date.UTC(y, mo - 1, d, h, mi, s || 0);
  // Two passes settle the offset around daylight-saving changes.
  let t = wall - parisOffsetMs(wall);
  t = wall - parisOffsetMs(t);
  return new Date(t).toISOString();
}

const timeFormat = new Intl.DateTimeFormat("fr-FR", {
  timeZone: ZONE,
  hour: "2-digit",
  minute: "2-digit",
});

const dateTimeFormat = new Intl.DateTimeFormat("fr-FR", {
  timeZone: ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** "14:05", in Paris. */
export function formatTime(iso: string): string {
  const t = new Date(iso);
  return isNaN(t.getTime()) ? "" : timeFormat.format(t);
}

/** "12/03/2025 14:05", in Paris. */
export function formatDateTime(iso: string): string {
  const t = new Date(iso);
  return isNaN(t.getTime()) ? "" : dateTimeFormat.format(t).replace(",", "");
}

const secondsFormat = new Intl.DateTimeFormat("fr-FR", {
  timeZone: ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** "12/03/2025 14:05:09", in Paris: for the audit log. */
export function formatDateTimeSeconds(iso: string): string {
  const t = new Date(iso);
  return isNaN(t.getTime()) ? "" : secondsFormat.format(t).replace(",", "");
}

/** Shows "YYYY", "YYYY-MM" or "YYYY-MM-DD" the French way. */
export function formatDate(ymd: string): string {
  const [y, m, d] = ymd.split("-");
  if (d) return `${d}/${m}/${y}`;
  if (m) return `${m}/${y}`;
  return y ?? "";
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Reads a date typed the French way ("31/12/1990", "12/1990", "1990") or the
 * ISO way ("1990-12-31", "1990-12"); returns the ISO form, possibly partial,
 * "" for an empty input, or null when it is not a date.
 */
export function parseDate(text: string): string | null {
  const s = text.trim();
  if (s === "") return "";
  let y: number;
  let m = 0;
  let d = 0;
  let found: RegExpExecArray | null;
  if ((found = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s))) {
    [d, m, y] = found.slice(1).map(Number);
  } else if ((found = /^(\d{1,2})[/.-](\d{4})$/.exec(s))) {
    [m, y] = found.slice(1).map(Number);
  } else if ((found = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(s))) {
    y = Number(found[1]);
    m = Number(found[2] ?? 0);
    d = Number(found[3] ?? 0);
    if (found[3] && !found[2]) return null;
  } else {
    return null;
  }
  if (y < 1900) return null;
  if (m === 0) return d === 0 ? String(y) : null;
  if (m > 12) return null;
  if (d === 0) return `${y}-${pad(m)}`;
  if (d > daysInMonth(y, m)) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Whether a full or partial ISO date lies after today (in Paris). */
export function isFuture(ymd: string, today = todayParis()): boolean {
  if (ymd === "") return false;
  return ymd > today.slice(0, ymd.length);
}

/** The first and last days of the month, quarter or year of a day. */
export function periodOf(kind: "month" | "quarter" | "year", day: string): { from: string; to: string } {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  let first = 1;
  let last = 12;
  if (kind === "month") {
    first = m;
    last = m;
  } else if (kind === "quarter") {
    first = Math.floor((m - 1) / 3) * 3 + 1;
    last = first + 2;
  }
  return {
    from: `${y}-${pad(first)}-01`,
    to: `${y}-${pad(last)}-${pad(daysInMonth(y, last))}`,
  };
}
