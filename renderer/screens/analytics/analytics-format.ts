// How the dashboards word their numbers: shares as percentages, scores out of 100, durations with
// their units, and a dash where a figure has no base to stand on (a share of nothing).
export function percent(share: number | null, digits = 0): string {
  return share === null ? '—' : `${(share * 100).toFixed(digits)} %`;
}

export function score(value: number | null): string {
  return value === null ? '—' : `${Number.isInteger(value) ? value : value.toFixed(1)} / 100`;
}

/** A duration with its units: `45 s`, `53 min 12 s`, `1 h 18 min` (seconds matter only under an hour). */
export function duration(ms: number | null): string {
  if (ms === null) return '—';
  const seconds = Math.round(Math.max(0, ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function decimal(value: number | null, digits = 1): string {
  return value === null ? '—' : value.toFixed(digits);
}

export function count(n: number): string {
  return n.toLocaleString();
}

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export function hourSpan(hour: number): string {
  const pad = (h: number): string => String(h).padStart(2, '0');
  return `${pad(hour)}:00–${pad((hour + 1) % 24)}:00`;
}
