// The victim of crash.test.ts: opens an engine on a data folder with the sample pack and plays an
// endless, seeded stream of learner calls (start, hints, answers, quizzes, evidence, responses,
// reflections, stages, decisions, abandon and restart) until it is killed. One line is printed after each call
// completes: `<n> ok <method>`, `<n> refused <method> <code>`, or `<n> internal <method>` for a
// failure that is not the learner's (the parent treats those as a bug).
// Usage: node tests/engine/crash-child.ts <data-dir> <seed>
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { TestClock } from '../support/test-clock.ts';
import { openEngine } from '../../electron/engine/engine.ts';
import { importPack } from '../../electron/engine/packs/import-pack.ts';
import type { InputOf, MethodName, OutputOf } from '../../shared/api/contract.ts';
import { ApiError } from '../../shared/api/errors.ts';
import type { RunView, TaskStageView } from '../../shared/api/views.ts';

const [dataDir, seedText] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: crash-child.ts <data-dir> <seed>');

/** mulberry32: a small seeded generator, so a failing stream can be replayed. */
let state = Number(seedText ?? 1) >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let x = state;
  x = Math.imul(x ^ (x >>> 15), x | 1);
  x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

// Time moves 20 s per call, so hint delays pass and timed runs reach their deadlines now and then.
const clock = new TestClock();
const engine = openEngine({ dataDir, clock, log: (message, error) => process.stderr.write(`[engine] ${message} ${String(error ?? '')}\n`) });
const imported = await importPack(join(import.meta.dirname, '../../resources/sample-pack'), { db: engine.ctx.db, dataDir });
if (imported.status === 'failed') throw new Error(`sample pack failed: ${JSON.stringify(imported.issues)}`);

let calls = 0;
function report(outcome: string): void {
  calls += 1;
  process.stdout.write(`${calls} ${outcome}\n`);
}

/** One engine call through the validated dispatch; refusals are part of the stream, not failures. */
async function call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M> | undefined> {
  return attempt(method, () => engine.call(method, input) as Promise<OutputOf<M>>);
}

async function attempt<T>(label: string, work: () => Promise<T>): Promise<T | undefined> {
  clock.advance(20_000);
  try {
    const result = await work();
    report(`ok ${label}`);
    return result;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    report(error.code === 'internal' ? `internal ${label} ${error.message}` : `refused ${label} ${error.code}`);
    return undefined;
  } finally {
    // Calls arrive from IPC or HTTP in the app: let the event loop turn between them.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const names = ['Ada Lovelace', 'Grace Hopper'];
for (const displayName of names) {
  const existing = (await call('profiles.list', {})) ?? [];
  if (!existing.some((p) => p.displayName === displayName)) await call('profiles.create', { displayName });
}
const profiles = ((await call('profiles.list', {})) ?? []).filter((p) => names.includes(p.displayName)).map((p) => p.id);
if (profiles.length === 0) throw new Error('no profiles');

function words(n: number): string {
  return Array.from({ length: n }, () => pick(['alert', 'host', 'queue', 'triage', 'leaver', 'owner', 'control', 'phish', 'token', 'report'])).join(' ');
}

function quizResponses(stage: TaskStageView): Record<string, number[] | string> {
  const responses: Record<string, number[] | string> = {};
  for (const question of stage.quiz?.questions ?? []) {
    if (question.kind === 'text') responses[question.id] = pick(['harrowrnere-medical.example', 'example.com']);
    else if (question.kind === 'single') responses[question.id] = [Math.floor(random() * question.choices.length)];
    else responses[question.id] = question.choices.map((_, i) => i).filter(() => random() < 0.5).concat([0]);
  }
  return responses;
}

const EVIDENCE_TYPES = ['.txt', '.csv', '.md', '.log', '.png'];

/** Does one act on the run; returns the run as the act left it, when the act returns it. */
async function actOn(profileId: string, run: RunView): Promise<RunView | undefined> {
  const withRun = { profileId, runId: run.id };
  const roll = random();
  if (roll < 0.03) return call('runs.abandon', withRun);
  const stage = run.stages.find((s) => s.id === run.currentStageId);
  if (!stage) {
    // The path is complete: write the reflection, then submit.
    if (roll < 0.5) {
      await call('reflection.save', { ...withRun, text: words(30 + Math.floor(random() * 30)) });
      return undefined;
    }
    return call('runs.submit', withRun);
  }
  if (stage.kind === 'decision') {
    if (roll < 0.15) {
      await call('reflection.save', { ...withRun, text: words(5 + Math.floor(random() * 40)) });
      return undefined;
    }
    return call('decisions.take', { ...withRun, stageId: stage.id, optionId: pick(stage.options).id });
  }
  const stageId = stage.id;
  if (roll < 0.2) return call('hints.reveal', { ...withRun, stageId });
  if (roll < 0.38) {
    if (stage.answer) {
      const right = run.missionCode === 'SOC-01' ? 'nwh-bil-ws023' : '203.0.113.77';
      await call('checks.answer', { ...withRun, stageId, answer: random() < 0.4 ? right : `wrong-${Math.floor(random() * 1000)}` });
      return undefined;
    }
    if (stage.quiz) {
      await call('checks.quiz', { ...withRun, stageId, responses: quizResponses(stage) });
      return undefined;
    }
    return call('stages.tools', { ...withRun, stageId, tools: [pick(['grep', 'splunk', 'excel', 'cyberchef'])] });
  }
  if (roll < 0.55) {
    const accept = stage.evidence.rule?.accept ?? EVIDENCE_TYPES;
    const extension = pick(accept.filter((ext) => EVIDENCE_TYPES.includes(ext)).concat(['.txt']));
    const body = Buffer.from(`evidence ${calls} ${random()}\n`.repeat(1 + Math.floor(random() * 200)));
    return attempt('evidence.upload', () => engine.uploadEvidence({ ...withRun, stageId, fileName: `note-${calls}${extension}` }, Readable.from([body])));
  }
  if (roll < 0.65) {
    // A stage that asks for a response gets one, sometimes shorter than its minimum.
    if (stage.response?.editable) await call('responses.save', { ...withRun, stageId, text: words(Math.floor(random() * (stage.response.minWords + 40))) });
    else await call('reflection.save', { ...withRun, text: words(5 + Math.floor(random() * 50)) });
    return undefined;
  }
  return call('stages.complete', { ...withRun, stageId });
}

for (;;) {
  const profileId = pick(profiles);
  // Two people take turns at the lab PC: each turn starts by choosing one's profile.
  await call('profiles.select', { profileId });
  const cards = (await call('catalog.list', { profileId })) ?? [];
  const startable = cards.filter((card) => card.status !== 'locked' && card.activeRunId === null);
  const active = cards.filter((card) => card.activeRunId !== null);
  if (startable.length > 0 && (active.length === 0 || random() < 0.12)) {
    await call('runs.start', { profileId, missionId: pick(startable).missionId });
    continue;
  }
  const runId = pick(active).activeRunId as string;
  let run = await call('runs.get', { profileId, runId });
  for (let i = 0; i < 8 && run?.status === 'in_progress'; i++) {
    run = (await actOn(profileId, run)) ?? (await call('runs.get', { profileId, runId }));
  }
}
