// Text helpers shared by the screens.

/** Lower-cases and strips accents, so "Égypte" matches "egy". */
export function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/œ/gi, "oe")
    .replace(/æ/gi, "ae")
    .toLowerCase()
    .trim();
}

/** "NOM Prénom", the way files are named at the desk. */
export function personName(p: { lastName: string; firstNames: string }): string {
  return [p.lastName.toUpperCase(), p.firstNames].filter((x) => x.trim() !== "").join(" ");
}

/** Returns fn delayed until ms have passed without another call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let timer: number | undefined;
  return (...args: A) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => fn(...args), ms);
  };
}
