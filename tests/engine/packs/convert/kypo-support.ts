// Converting KYPO fixtures into pack folders for the converter's tests.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { convertKypo } from '../../../../electron/engine/packs/convert/kypo/convert-kypo.ts';
import type { Conversion } from '../../../../electron/engine/packs/convert/pack-draft.ts';
import { writePackDraft } from '../../../../electron/engine/packs/convert/write-pack-draft.ts';
import type { ConvertOptions } from '../../../../electron/engine/packs/convert/convert.ts';
import { tempDir } from '../../../support/temp.ts';

export const KYPO_FIXTURES = join(import.meta.dirname, '../../../fixtures/convert/kypo');
export const JUNIOR_HACKER = join(KYPO_FIXTURES, 'junior-hacker.json');
export const SECRET_LABORATORY = join(KYPO_FIXTURES, 'secret-laboratory.json');
export const ATTACK_SC_MONGODB = join(KYPO_FIXTURES, 'attack-sc-mongodb.json');
export const HAND_MADE = join(KYPO_FIXTURES, 'hand-made-scoring.json');

export interface Converted extends Conversion {
  out: string;
}

export async function convertInto(source: string, options: ConvertOptions = {}, out = join(tempDir(), 'pack')): Promise<Converted> {
  const conversion = await convertKypo(source, options);
  await writePackDraft(conversion.draft, out);
  return { ...conversion, out };
}

/** A training definition written to a temporary file, from a fixture bent by `edit`. */
export function kypoFile(edit: (definition: KypoJson) => void, base = HAND_MADE): string {
  const definition = JSON.parse(readFileSync(base, 'utf8')) as KypoJson;
  edit(definition);
  const file = join(tempDir(), 'training.json');
  writeFileSync(file, JSON.stringify(definition, null, 2));
  return file;
}

export interface KypoJson {
  title: string;
  levels: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/** The hand-made fixture's level with this title. */
export function levelNamed(definition: KypoJson, title: string): Record<string, unknown> {
  const level = definition.levels.find((l) => l.title === title);
  if (!level) throw new Error(`no level ${title}`);
  return level;
}

export function missionYaml(out: string): MissionYaml {
  return parse(readFileSync(join(out, 'missions/KYPO-01/mission.yaml'), 'utf8')) as MissionYaml;
}

export function fileText(out: string, path: string): string {
  return readFileSync(join(out, 'missions/KYPO-01', path), 'utf8');
}

/** Every file below a folder with its bytes, to compare two conversions. */
export function treeBytes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(join(dir, entry.name), path);
      else out[path] = readFileSync(join(dir, entry.name)).toString('base64');
    }
  };
  walk(root, '');
  return out;
}

export interface StageYaml {
  id: string;
  title: string;
  weight: number;
  next?: string;
  part?: string;
  tags?: string[];
  estimated_minutes?: number;
  hint_order?: string;
  hints?: Array<{ title?: string; text: string; penalty_points: number }>;
  solution?: { body: string; penalized: boolean };
  answer?: { accept: Array<{ value: string; match: string }>; attempts?: number; on_attempts_exhausted?: string };
  questions?: Array<Record<string, unknown>>;
  body: string;
}

export interface MissionYaml {
  code: string;
  title: string;
  summary?: string;
  tier: string;
  track: string;
  objectives: string[];
  estimated_minutes?: number;
  success: { pass_score: number };
  start: string;
  source: { name: string; note?: string };
  stages: StageYaml[];
}

export function stageOf(mission: MissionYaml, id: string): StageYaml {
  const stage = mission.stages.find((s) => s.id === id);
  if (!stage) throw new Error(`no stage ${id}`);
  return stage;
}
