// The two ways the window reaches Go. Inside the Wails window the generated
// bindings live at window.go.app.<Service>.<Method>; anywhere else (a browser,
// the end-to-end tests, a later web version) the same methods are served over
// HTTP at POST /api/<Service>/<Method> with the arguments as a JSON array.
// Both transports end in the same ApiError, so screens never know which one
// ran.

import { fr } from "../i18n/fr";

type Binding = (...args: unknown[]) => Promise<unknown>;

interface WailsWindow {
  go?: { app?: Record<string, Record<string, Binding> | undefined> };
  runtime?: {
    EventsOn?: (name: string, cb: (...data: unknown[]) => void) => (() => void) | void;
  };
}

const wails = window as unknown as WailsWindow;

/** An error the Go side answered with; message is French and safe to show. */
export class ApiError extends Error {
  readonly code: string;
  readonly field: string;

  constructor(code: string, message: string, field = "") {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.field = field;
  }
}

/** Returns err as an ApiError, wrapping anything else as an internal one. */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return fromText(typeof err === "string" ? err : "");
}

// fromText reads an error body: JSON {code, field, message} when the Go side
// wrote one, otherwise a generic message (the raw text may be technical).
function fromText(text: string): ApiError {
  try {
    const body = JSON.parse(text) as Partial<Record<string, unknown>>;
    if (body && typeof body.message === "string" && body.message !== "") {
      return new ApiError(
        typeof body.code === "string" ? body.code : "internal",
        body.message,
        typeof body.field === "string" ? body.field : "",
      );
    }
  } catch {
    // not JSON: fall through
  }
  return new ApiError("internal", fr.errors.internal);
}

/**
 * Whether err says the session is gone: logged out or locked (field
 * "session"), or a new password is due first (field "newPassword"). Nothing
 * was done; the same call may be retried once the session is back.
 */
export function isSessionError(err: unknown): boolean {
  return err instanceof ApiError && err.code === "unauthorized" && (err.field === "session" || err.field === "newPassword");
}

/** Told about every call's outcome: the session module listens. */
export interface CallWatcher {
  /** The Go side answered (the session, if any, counted it as activity). */
  answered(): void;
  /** The call was refused because of the session (see isSessionError). */
  sessionLost(err: ApiError): void;
}

let watcher: CallWatcher | null = null;

export function watchCalls(w: CallWatcher): void {
  watcher = w;
}

/** Whether the page runs in the desktop window (else in a browser, over HTTP). */
export function inWindow(): boolean {
  return Boolean(wails.go?.app);
}

function binding(service: string, method: string): Binding | undefined {
  return wails.go?.app?.[service]?.[method];
}

/** Calls one Go method, in the window or over HTTP. */
export async function call<T>(service: string, method: string, ...args: unknown[]): Promise<T> {
  try {
    const out = await callOnce<T>(service, method, args);
    watcher?.answered();
    return out;
  } catch (err) {
    const e = asApiError(err);
    if (isSessionError(e)) watcher?.sessionLost(e);
    else if (e.code !== "unavailable" && e.code !== "internal") watcher?.answered();
    throw e;
  }
}

async function callOnce<T>(service: string, method: string, args: unknown[]): Promise<T> {
  const bound = binding(service, method);
  if (wails.go?.app?.[service]) {
    if (!bound) throw new ApiError("internal", fr.errors.internal);
    try {
      return (await bound(...args)) as T;
    } catch (err) {
      throw asApiError(err);
    }
  }
  return callHTTP<T>(service, method, args);
}

async function callHTTP<T>(service: string, method: string, args: unknown[]): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/${service}/${method}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(args),
    });
  } catch {
    throw new ApiError("unavailable", fr.errors.unreachable);
  }
  const text = await res.text();
  if (!res.ok) throw fromText(text);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError("internal", fr.errors.internal);
  }
}

// Over HTTP one EventSource, opened with the first listener, serves them all;
// the browser reconnects it by itself if the server restarts.
const EVENTS_URL = "/api/events";
const listeners = new Map<string, Set<() => void>>();
let source: EventSource | null = null;

function subscribeHTTP(name: string, cb: () => void): () => void {
  if (typeof EventSource === "undefined") return () => undefined;
  let set = listeners.get(name);
  if (!set) {
    set = new Set();
    listeners.set(name, set);
    ensureSource().addEventListener(name, () => {
      listeners.get(name)?.forEach((fn) => fn());
    });
  }
  set.add(cb);
  return () => {
    set?.delete(cb);
  };
}

function ensureSource(): EventSource {
  if (!source) source = new EventSource(EVENTS_URL);
  return source;
}

/** Calls cb each time the Go side emits the event; returns an unsubscriber. */
export function on(name: string, cb: () => void): () => void {
  if (wails.go?.app) {
    // In the window there is no HTTP API to fall back on.
    const eventsOn = wails.runtime?.EventsOn;
    const off = eventsOn ? eventsOn(name, () => cb()) : undefined;
    return typeof off === "function" ? off : () => undefined;
  }
  return subscribeHTTP(name, cb);
}
