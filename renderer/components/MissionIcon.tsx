// Small line icons for mission states, drawn inline so they look the same on every machine (lab PCs
// often lack emoji fonts). Always decorative: the text beside an icon carries the meaning.
export type MissionIconName = 'lock' | 'clock' | 'check' | 'cross' | 'play' | 'circle' | 'send' | 'alert' | 'info';

const PATHS: Record<MissionIconName, string> = {
  lock: 'M4.5 7V5a3.5 3.5 0 0 1 7 0v2 M3 7h10v7H3z',
  clock: 'M8 1.5a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13z M8 4.5V8l2.5 1.5',
  check: 'M3 8.5l3 3L13 4.5',
  cross: 'M4 4l8 8 M12 4l-8 8',
  play: 'M5 3.5v9l7-4.5z',
  circle: 'M8 2.5a5.5 5.5 0 1 0 0 11a5.5 5.5 0 1 0 0-11z',
  send: 'M2 8l12-5.5L9.5 14 8 9z',
  alert: 'M8 1.5L15 14H1z M8 6v4 M8 11.5v.5',
  info: 'M8 1.5a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13z M8 7.5v4 M8 4.75v.5',
};

export function MissionIcon({ name, size = 12 }: { name: MissionIconName; size?: number }) {
  return (
    <svg className="mission-icon" width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
      <path d={PATHS[name]} />
    </svg>
  );
}
