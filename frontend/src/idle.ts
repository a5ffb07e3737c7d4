// Inactivity: the window locks itself after the session's lockMinutes
// without keyboard or mouse, and, while someone works (a long form typed
// without saving), tells the Go side now and then so that its own
// inactivity lock, counted from the last call, does not fall first.

const ACTIVITY = ["keydown", "mousedown", "mousemove", "wheel", "touchstart", "input"] as const;
/** How often the clock is read; a PC waking from sleep is caught here too. */
const CHECK_MS = 5_000;
/** The longest the Go side goes without hearing of someone working. */
const TOUCH_MAX_MS = 60_000;

interface Watch {
  limitMs: number;
  onIdle: () => void;
  touch: () => Promise<unknown>;
}

let watch: Watch | null = null;
let timer: number | undefined;
let lastActivity = Date.now();
let lastContact = Date.now();
let touching = false;

function mark(): void {
  lastActivity = Date.now();
}

/** Notes that the Go side just answered a call (it counts as activity there). */
export function noteContact(): void {
  lastContact = Date.now();
}

/**
 * Starts watching: onIdle runs once after minutes without activity; touch
 * tells the Go side someone is working.
 */
export function startIdle(minutes: number, onIdle: () => void, touch: () => Promise<unknown>): void {
  stopIdle();
  const limitMs = Math.max(1, minutes) * 60_000;
  watch = { limitMs, onIdle, touch };
  lastActivity = Date.now();
  for (const name of ACTIVITY) document.addEventListener(name, mark, { capture: true, passive: true });
  timer = window.setInterval(tick, CHECK_MS);
}

export function stopIdle(): void {
  if (timer !== undefined) window.clearInterval(timer);
  timer = undefined;
  watch = null;
  for (const name of ACTIVITY) document.removeEventListener(name, mark, { capture: true });
}

function tick(): void {
  const w = watch;
  if (!w) return;
  const now = Date.now();
  if (now - lastActivity >= w.limitMs) {
    stopIdle();
    w.onIdle();
    return;
  }
  const every = Math.min(TOUCH_MAX_MS, w.limitMs / 3);
  if (!touching && lastActivity > lastContact && now - lastContact >= every) {
    touching = true;
    // A refused touch (the session already locked) reaches the session
    // watcher through the api module; anything else is retried next time.
    w.touch()
      .catch(() => undefined)
      .finally(() => {
        touching = false;
      });
  }
}
