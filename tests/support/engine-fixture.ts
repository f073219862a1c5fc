// An engine on a temporary data folder with the sample pack installed, a clock the test moves, and
// a typed way to call the API table.
import { join } from 'node:path';
import type { InputOf, MethodName, OutputOf, PushEventName, PushEvents } from '../../shared/api/contract.ts';
import type { RunView, TaskStageView } from '../../shared/api/views.ts';
import { createProfileAs } from '../../electron/engine/access/sign-in.ts';
import { openEngine, type Engine } from '../../electron/engine/engine.ts';
import type { Host } from '../../electron/engine/host.ts';
import { importPack } from '../../electron/engine/packs/import-pack.ts';
import { TestClock } from './test-clock.ts';
import { tempDir } from './temp.ts';

export const SAMPLE_PACK = join(import.meta.dirname, '../../resources/sample-pack');

export { TestClock };

export interface TestEngine {
  engine: Engine;
  clock: TestClock;
  dataDir: string;
  pushed: Array<{ event: PushEventName; payload: unknown }>;
  call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>>;
}

export async function engineWithSamplePack(options: { dataDir?: string; host?: Host } = {}): Promise<TestEngine> {
  const dataDir = options.dataDir ?? tempDir();
  const clock = new TestClock();
  const engine = openEngine({ dataDir, clock, host: options.host, log: () => undefined });
  const outcome = await importPack(SAMPLE_PACK, { db: engine.ctx.db, dataDir });
  if (outcome.status === 'failed') throw new Error(`sample pack failed: ${JSON.stringify(outcome.issues)}`);
  const pushed: TestEngine['pushed'] = [];
  engine.onPush((event, payload) => pushed.push({ event, payload: payload as PushEvents[typeof event] }));
  return {
    engine,
    clock,
    dataDir,
    pushed,
    call: (method, input) => engine.call(method, input) as never,
  };
}

/** Creates a learner profile and signs in as it, as the profile picker does. */
export async function learner(t: TestEngine, name = 'Ada Lovelace'): Promise<string> {
  const id = (await t.call('profiles.create', { displayName: name })).id;
  await t.call('profiles.select', { profileId: id });
  return id;
}

export const TEST_PASSPHRASE = 'correct horse battery staple';

/**
 * A mentor or admin profile made by the machine's owner (as `outpost admin create` does), signed in
 * unless `signIn` is false.
 */
export async function staff(t: Pick<TestEngine, 'engine' | 'call'>, role: 'mentor' | 'admin', name = role === 'admin' ? 'Ida Admin' : 'Grace Mentor', signIn = true): Promise<string> {
  const profile = await createProfileAs(t.engine.ctx, { displayName: name, role, passphrase: TEST_PASSPHRASE }, 'owner');
  if (signIn) await t.call('profiles.select', { profileId: profile.id, passphrase: TEST_PASSPHRASE });
  return profile.id;
}

export async function missionIdOf(t: TestEngine, profileId: string, code: string): Promise<number> {
  const card = (await t.call('catalog.list', { profileId })).find((m) => m.code === code);
  if (!card) throw new Error(`no mission ${code}`);
  return card.missionId;
}

/** Records a passed run of a mission code, as if the learner had passed it earlier. */
export function grantPassed(t: Pick<TestEngine, 'engine' | 'clock'>, profileId: string, code: string): void {
  const { db } = t.engine.ctx;
  const mission = db.first(db.q.selectFrom('missions').select('id').where('code', '=', code));
  if (!mission) throw new Error(`no mission ${code}`);
  const now = t.clock.now();
  db.run(
    db.q.insertInto('runs').values({
      id: `passed-${code}-${profileId}`,
      profile_id: profileId,
      mission_id: mission.id,
      status: 'reviewed',
      started_at: now - 3_600_000,
      deadline_at: null,
      elapsed_ms: 3_600_000,
      clock_checked_at: now,
      current_stage_id: null,
      flags_json: '{}',
      submitted_at: now - 1000,
      reviewed_at: now,
      auto_score: null,
      final_score: 80,
      passed: 1,
      updated_at: now,
    }),
  );
}

export function eventVerbs(t: TestEngine, runId: string): string[] {
  const { db } = t.engine.ctx;
  return db.all(db.q.selectFrom('events').select('verb').where('run_id', '=', runId).orderBy('seq')).map((row) => row.verb);
}

export function words(n: number): string {
  return Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
}

/** A task stage of a run view, by id; throws when it is missing or a decision. */
export function taskOf(run: RunView, id: string): TaskStageView {
  const stage = run.stages.find((s) => s.id === id);
  if (stage?.kind !== 'task') throw new Error(`no task ${id}`);
  return stage;
}
