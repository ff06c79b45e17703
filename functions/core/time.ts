/** The contract's time format: UTC, `YYYY-MM-DDTHH:mm:ss`, no zone suffix. */
export function formatTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  return new Date(iso).toISOString().slice(0, 19);
}

/** Whole seconds from start to end (or to now while running), as a string; null before start. */
export function elapsed(
  startIso: string | null | undefined,
  endIso: string | null | undefined,
  now = new Date(),
): string | null {
  if (!startIso) return null;
  const end = endIso ? Date.parse(endIso) : now.getTime();
  return String(Math.max(0, Math.floor((end - Date.parse(startIso)) / 1000)));
}

export function nowIso(): string {
  return new Date().toISOString();
}
