// Small text rules shared by the engine and the screens, so both count the same way.

/** Words as a reader would count them: runs of letters or digits, apostrophes and dashes inside. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/** Strings by their UTF-16 code units: the same order on every machine and locale (ids, codes, paths). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `1:05:09` or `4:07` for a duration in milliseconds (never negative). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

/** `45 min`, `2 h` or `1 h 30 min` for a length given in whole minutes (time limits, estimates). */
export function formatMinutes(minutes: number): string {
  const total = Math.max(0, Math.round(minutes));
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** Time spent on a run, to the minute: `under a minute`, `12 min`, `1 h 5 min`. */
export function formatTimeSpent(ms: number): string {
  return ms < 60_000 ? 'under a minute' : formatMinutes(Math.floor(ms / 60_000));
}
