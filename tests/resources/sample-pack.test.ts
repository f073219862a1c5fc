import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.ts';
import { importPack } from '../../electron/engine/packs/import-pack.ts';
import { answerMatches } from '../../electron/engine/checks/answer.ts';
import { validatePack } from '../../electron/engine/packs/validate-pack.ts';
import type { Mission } from '../../shared/pack/schema.ts';
import { TIERS, TRACKS } from '../../shared/pack/vocabulary.ts';
import { countWords } from '../../shared/text.ts';
import { tempDir } from '../support/temp.ts';

const SAMPLE = join(import.meta.dirname, '../../resources/sample-pack');

async function sampleMissions(): Promise<{ missions: Mission[]; recipeTypes: string[]; rubrics: number }> {
  const dataDir = tempDir();
  const db = openDatabase(join(dataDir, 'outpost.db'));
  const outcome = await importPack(SAMPLE, { db, dataDir });
  expect(outcome.status).toBe('imported');
  const missions = db.all(db.q.selectFrom('missions').select('definition_json')).map((row) => JSON.parse(row.definition_json) as Mission);
  const recipeTypes = db.all(db.q.selectFrom('recipes').select('type')).map((row) => row.type);
  const rubrics = db.all(db.q.selectFrom('rubrics').select('id')).length;
  db.close();
  return { missions, recipeTypes, rubrics };
}

describe('the bundled sample pack', () => {
  it('validates with no errors and no warnings', async () => {
    const report = await validatePack(SAMPLE);
    expect(report.issues).toEqual([]);
  });

  it('covers what a trainer needs to see: tracks, tiers, branching, timers, checks, recipes, rubrics', async () => {
    const { missions, recipeTypes, rubrics } = await sampleMissions();
    const decisions = (m: Mission): number => m.stages.filter((s) => s.kind === 'decision').length;
    const tasks = (m: Mission) => m.stages.flatMap((s) => (s.kind === 'task' ? [s] : []));
    expect(missions.length).toBeGreaterThanOrEqual(8);
    expect(new Set(missions.map((m) => m.track))).toEqual(new Set(TRACKS));
    expect(new Set(missions.map((m) => m.tier))).toEqual(new Set(TIERS));
    expect(missions.filter((m) => decisions(m) >= 1).length).toBeGreaterThanOrEqual(4);
    expect(missions.some((m) => decisions(m) >= 2)).toBe(true);
    expect(missions.some((m) => m.stages.some((s) => s.kind === 'decision' && s.options.some((o) => o.when)))).toBe(true);
    expect(missions.filter((m) => m.time_limit_minutes !== undefined).length).toBeGreaterThanOrEqual(2);
    expect(missions.filter((m) => tasks(m).some((t) => t.answer)).length).toBeGreaterThanOrEqual(3);
    expect(missions.filter((m) => tasks(m).some((t) => t.questions)).length).toBeGreaterThanOrEqual(2);
    const hints = missions.flatMap((m) => tasks(m).flatMap((t) => t.hints));
    expect(hints.some((h) => h.penalty > 0)).toBe(true);
    expect(hints.some((h) => (h.after_minutes ?? 0) > 0)).toBe(true);
    expect(recipeTypes.length).toBeGreaterThanOrEqual(15);
    expect(new Set(recipeTypes).size).toBeGreaterThanOrEqual(4);
    expect(rubrics).toBe(3);
  });

  it('scores offensive-track missions with the offensive rubric, and gives every decision a title of its own', async () => {
    const { missions } = await sampleMissions();
    const offensive = missions.filter((m) => m.track === 'offensive');
    expect(offensive.map((m) => m.code).sort()).toEqual(['RECON-02', 'RED-05']);
    for (const m of offensive) expect(m.rubric, m.code).toBe('offensive-standard');
    for (const m of missions.filter((m) => m.track !== 'offensive')) expect(m.rubric, m.code).not.toBe('offensive-standard');
    const decisions = missions.flatMap((m) => m.stages.flatMap((s) => (s.kind === 'decision' ? [{ key: `${m.code}/${s.id}`, title: s.title }] : [])));
    expect(decisions.length).toBeGreaterThanOrEqual(9);
    for (const { key, title } of decisions) expect(title, key).toMatch(/\S/);
  });

  it('asks for a written response wherever a stage tells the learner to write, with a minimum worth reviewing', async () => {
    const { missions } = await sampleMissions();
    const tasks = missions.flatMap((m) => m.stages.flatMap((s) => (s.kind === 'task' ? [{ code: m.code, stage: s }] : [])));
    const writing = tasks.filter(({ code, stage }) => /\bwrite\b/i.test(readFileSync(join(SAMPLE, 'missions', code, stage.body), 'utf8')));
    expect(writing.length).toBeGreaterThanOrEqual(20);
    expect(writing.filter(({ stage }) => !stage.response).map(({ code, stage }) => `${code}/${stage.id}`)).toEqual([]);
    const responses = tasks.flatMap(({ code, stage }) => (stage.response ? [{ where: `${code}/${stage.id}`, ...stage.response }] : []));
    for (const response of responses) {
      if (response.required) expect(response.min_words, response.where).toBeGreaterThanOrEqual(40);
      // A template is headings and labels to fill in: what it says itself is not the learner's work.
      expect(countWords(response.template ?? ''), response.where).toBeLessThan(response.min_words);
    }
    expect(responses.filter((r) => !r.required).length).toBeGreaterThanOrEqual(1);
  });

  it('forms a progression: beginner missions are open, later ones need earlier ones', async () => {
    const { missions } = await sampleMissions();
    const tierOf = new Map(missions.map((m) => [m.code, TIERS.indexOf(m.tier)]));
    expect(missions.filter((m) => m.tier === 'beginner').every((m) => m.prerequisites.length === 0)).toBe(true);
    const later = missions.filter((m) => m.tier !== 'beginner');
    expect(later.every((m) => m.prerequisites.length > 0)).toBe(true);
    for (const m of later) for (const code of m.prerequisites) expect(tierOf.get(code)).toBeLessThan(TIERS.indexOf(m.tier));
  });
});

// For every pattern answer in the sample pack: the forms the stage text invites (mission code/stage id →
// answers). A new pattern answer must be listed here, so its right answers and the guesses it must
// refuse are checked as well.
const RIGHT_ANSWERS: Record<string, string[]> = {
  'RECON-02/passive-recon': [
    'stg-ehr-api',
    'stg-ehr-es',
    'stg-ehr-api.northwind-health.example',
    'STG-EHR-ES.northwind-health.example.',
    ' stg-ehr-api.northwind-health.example ',
  ],
};

describe('the sample pack\'s pattern answers', () => {
  it('take the answers the stages ask for, and refuse several guesses in one try', async () => {
    const { missions } = await sampleMissions();
    const checks = missions.flatMap((m) => m.stages.flatMap((s) => (s.kind === 'task' && s.answer?.pattern !== undefined ? [{ key: `${m.code}/${s.id}`, answer: s.answer }] : [])));
    expect(checks.map((c) => c.key).sort()).toEqual(Object.keys(RIGHT_ANSWERS).sort());
    for (const { key, answer } of checks) {
      const right = RIGHT_ANSWERS[key] ?? [];
      for (const text of right) expect(answerMatches(answer, text), `${key}: ${JSON.stringify(text)}`).toBe(true);
      // A search is the author's explicit choice, and accepts a list by design.
      if (answer.match === 'contains') continue;
      const first = right[0]!.trim();
      const guesses = [right.map((text) => text.trim()).join(' '), right.join('\n'), right.join(', '), `${first} ${first}`, `${first} x`, `x ${first}`, `${first}x`];
      for (const text of guesses) expect(answerMatches(answer, text), `${key}: ${JSON.stringify(text)}`).toBe(false);
    }
  });
});
