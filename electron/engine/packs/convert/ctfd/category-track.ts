// Which Outpost track a CTFd category belongs to. Tracks are fixed and categories are free words, so
// this table names the usual ones; any other category lands on `offensive` (most CTF content is) and
// the report says so, for the author to check.
import type { Track } from '../../../../../shared/pack/vocabulary.ts';

export const DEFAULT_TRACK: Track = 'offensive';

/** Lower-cased category words, with spaces, dashes and underscores as one space. */
export const CATEGORY_TRACKS: Readonly<Record<string, Track>> = {
  // Finding and answering what an attacker left behind.
  forensics: 'defender',
  forensic: 'defender',
  dfir: 'defender',
  'incident response': 'defender',
  'blue team': 'defender',
  blue: 'defender',
  'log analysis': 'defender',
  logs: 'defender',
  'threat hunting': 'defender',
  'threat intelligence': 'defender',
  'malware analysis': 'defender',
  soc: 'defender',
  detection: 'defender',
  network: 'defender',
  networking: 'defender',
  // Breaking things.
  web: 'offensive',
  pwn: 'offensive',
  'binary exploitation': 'offensive',
  exploitation: 'offensive',
  rev: 'offensive',
  re: 'offensive',
  reverse: 'offensive',
  reversing: 'offensive',
  'reverse engineering': 'offensive',
  crypto: 'offensive',
  cryptography: 'offensive',
  osint: 'offensive',
  stego: 'offensive',
  steganography: 'offensive',
  misc: 'offensive',
  miscellaneous: 'offensive',
  'red team': 'offensive',
  pentest: 'offensive',
  'privilege escalation': 'offensive',
  // Rules, risk and audit.
  grc: 'grc',
  compliance: 'grc',
  governance: 'grc',
  risk: 'grc',
  policy: 'grc',
  audit: 'grc',
  privacy: 'grc',
  // New ground.
  ai: 'innovation',
  'machine learning': 'innovation',
  ml: 'innovation',
  blockchain: 'innovation',
  web3: 'innovation',
  iot: 'innovation',
  hardware: 'innovation',
  // People.
  leadership: 'leadership',
  management: 'leadership',
  communication: 'leadership',
};

/** The track of a category, or null when the table does not name it. */
export function trackOfCategory(category: string): Track | null {
  const key = category.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  return CATEGORY_TRACKS[key] ?? null;
}
