// Routes are hashes ("#/person/42"), which work the same in the Wails window,
// from a file server and under the test server. Screens move with navigate().

import type { SessionState } from "./api";

export interface Route {
  /** The path after "#", e.g. "/person/42". */
  path: string;
  /** Named parts of the path, e.g. { id: "42" }. */
  params: Record<string, string>;
  /** The query after "?", e.g. "?person=42". */
  query: URLSearchParams;
}

/** What a screen returns: nothing, or a function run when it is left. */
export type Cleanup = (() => void) | void;

export type Screen = (root: HTMLElement, route: Route) => Cleanup | Promise<Cleanup>;

/**
 * A screen shown instead of the routed ones until someone may work: the
 * first-start setup, the first administrator, login, a new password, the
 * lock. It calls done with the session Go answered, and main.ts goes on.
 */
export type GateScreen = (root: HTMLElement, st: SessionState, done: (next: SessionState) => void) => void | Promise<void>;

/** Goes to path ("/person/42?x=1"); re-renders when it is already there. */
export function navigate(path: string): void {
  const hash = `#${path}`;
  if (window.location.hash === hash) {
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    window.location.hash = hash;
  }
}

export function href(path: string): string {
  return `#${path}`;
}
