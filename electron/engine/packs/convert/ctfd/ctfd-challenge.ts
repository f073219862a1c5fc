// A CTFd challenge as both sources give it (a ctfcli challenge.yml, or the tables of an export zip),
// read into one shape before it becomes a task stage, so the two readers share every mapping rule.

export interface CtfdFlag {
  /** `static` or `regex`; a plugin's own type is reported and left out. */
  type: string;
  content: string;
  /** `case_insensitive`, or empty for case-sensitive. */
  data: string;
}

export interface CtfdHint {
  content: string;
  cost: number;
  title?: string;
  /** The hints this one needs opened first (by id in an export); any means the hints come in order. */
  requires: boolean;
}

export interface CtfdFile {
  /** The name the learner sees (the last segment of its path in the source). */
  name: string;
  /** Where in the source it came from, for messages. */
  from: string;
  read(): Promise<Uint8Array>;
}

/** A challenge another one requires: by name (challenge.yml) or by id (export; challenge.yml too). */
export type CtfdRequirement = { name: string } | { id: number };

export interface CtfdChallenge {
  /** Where the challenge was found, for messages: `web/sqli/challenge.yml`, `db/challenges.json #4`. */
  where: string;
  /** The export's id, when the source has ids. */
  id?: number;
  name: string;
  category: string;
  description: string;
  value: number;
  /** `standard` or `dynamic` (or a plugin's type). */
  type: string;
  /** Wrong tries allowed; 0 unlimited. */
  attempts: number;
  /** `any`, `all` or `team`. */
  logic: string;
  flags: CtfdFlag[];
  hints: CtfdHint[];
  tags: string[];
  topics: string[];
  files: CtfdFile[];
  requirements: CtfdRequirement[];
  /** A worked solution the platform shows (Markdown), and whether it is shown at all. */
  solution?: { markdown: string; visible: boolean };
  author?: string;
  /** How to reach the challenge's service (`nc host 1337`, a URL): shown in the stage text. */
  connectionInfo?: string;
  /** Dynamic scoring parameters, reported and not imitated. */
  dynamic?: Record<string, unknown>;
  /** Fields with no place in a pack, kept verbatim in converted-from.md. */
  unmapped: Record<string, unknown>;
}
