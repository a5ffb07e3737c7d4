// Who is at the desk, as Go last told it (Session.State and the calls that
// return a SessionState). Screens ask can() to hide what the user's role
// does not allow; the Go side refuses it anyway.

import { list } from "./api";
import type { SessionState, User } from "./api";

let current: SessionState | null = null;

export function setSession(st: SessionState): void {
  current = st;
}

export function sessionState(): SessionState | null {
  return current;
}

/** Whether the logged-in user's role allows action ("stats.read", "import"…). */
export function can(action: string): boolean {
  return current !== null && current.loggedIn && list(current.can).includes(action);
}

/** The logged-in user, or null. */
export function me(): User | null {
  return current?.loggedIn ? current.user : null;
}
