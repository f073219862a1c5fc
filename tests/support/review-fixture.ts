// A small pack made for mentor review, and a learner run of it ready to review: two rubric-scored
// stages (one with its own rubric), an auto-checked stage, a decision that costs points, and hints.
import { join } from 'node:path';
import { ApiError } from '../../shared/api/errors.ts';
import type { ReviewStageDraft, RunView } from '../../shared/api/views.ts';
import { writePackFolder, type PackFiles } from './pack-fixture.ts';
import { learner, staff, TEST_PASSPHRASE, type TestEngine } from './engine-fixture.ts';
import { tempDir } from './temp.ts';

export function reviewPackFiles(): PackFiles {
  return {
    'pack.yaml': 'id: review-pack\ntitle: Review pack\nversion: 1.0.0\nlicense: CC-BY-4.0\nmin_app_version: 0.1.0\n',
    'missions/REV-01/mission.yaml': `code: REV-01
title: Triage and report
tier: beginner
track: defender
story: story.md
objectives: [Triage, Decide, Report]
success: { pass_score: 60 }
rubric: analyst
start: triage
stages:
  - id: triage
    kind: task
    title: Triage the alert
    body: stages/triage.md
    weight: 40
    evidence: { required: false, max_files: 25, accept: [.png, .txt, .log, .bin, .html] }
    hints:
      - { text: Sort by source., penalty: 5 }
      - { text: Look at the interval., penalty: 10 }
    recipes: [reading-logs]
    next: respond
  - id: respond
    kind: decision
    title: Containment
    prompt: The host still beacons. What now?
    options:
      - { id: isolate, label: Isolate the host, next: flag }
      - { id: watch, label: Keep watching, next: flag, score: -10 }
  - id: flag
    kind: task
    title: Name the host
    body: stages/flag.md
    weight: 20
    answer: { value: 10.0.4.21, match: trimmed, attempts: 3 }
    next: report
  - id: report
    kind: task
    title: Write the report
    body: stages/report.md
    weight: 40
    rubric: writing
    response: { prompt: Your report, min_words: 0, required: false }
`,
    'missions/REV-01/story.md': 'A host beacons.\n',
    'missions/REV-01/stages/triage.md': 'Triage it.\n',
    'missions/REV-01/stages/flag.md': 'Name the host.\n',
    'missions/REV-01/stages/report.md': 'Report it.\n',
    'missions/REV-02/mission.yaml': `code: REV-02
title: After the review
tier: beginner
track: defender
story: story.md
objectives: [Go on]
prerequisites: [REV-01]
start: only
stages:
  - id: only
    kind: task
    title: Only
    body: story.md
    weight: 0
`,
    'missions/REV-02/story.md': 'Next.\n',
    'recipes/reading-logs.md': '---\nid: reading-logs\ntitle: Read a log\ntype: technical\nskills: [logs]\n---\nRead it.\n',
    'recipes/log-patterns.md': '---\nid: log-patterns\ntitle: Patterns in logs\ntype: analysis\nskills: [logs, patterns]\n---\nLook for patterns.\n',
    'recipes/writing-reports.md': '---\nid: writing-reports\ntitle: Write a report\ntype: communication\nskills: [writing]\n---\nWrite.\n',
    'rubrics/analyst.yaml': `id: analyst
title: Analyst
criteria:
  - id: accuracy
    title: Correct
    levels: [{ points: 0, label: Wrong }, { points: 2, label: Partly }, { points: 4, label: Right }]
  - id: clarity
    title: Clear
    levels: [{ points: 0, label: Unclear }, { points: 2, label: Clear }]
`,
    'rubrics/writing.yaml': `id: writing
title: Writing
criteria:
  - id: structure
    title: Structured
    levels: [{ points: 0, label: No }, { points: 5, label: Somewhat }, { points: 10, label: Yes }]
`,
  };
}

/** `root`: where the pack folder is written (a temporary folder of the test by default). */
export async function installReviewPack(t: Pick<TestEngine, 'engine'>, files: PackFiles = reviewPackFiles(), root?: string): Promise<void> {
  const folder = writePackFolder(join(root ?? tempDir(), 'review-pack'), files);
  const report = await t.engine.importPack(folder, { by: 'owner' });
  if (report.status !== 'imported') throw new Error(`review pack failed: ${JSON.stringify(report.issues)}`);
}

export interface SubmitOptions {
  choice?: 'isolate' | 'watch';
  hints?: number;
  wrongAnswers?: number;
  rightAnswer?: boolean;
}

/** Plays REV-01 as the signed-in learner and submits it. */
export async function playAndSubmit(t: Pick<TestEngine, 'call'>, profileId: string, options: SubmitOptions = {}): Promise<RunView> {
  const missionId = (await t.call('catalog.list', { profileId })).find((m) => m.code === 'REV-01')?.missionId;
  if (missionId === undefined) throw new Error('REV-01 is not installed');
  const run = await t.call('runs.start', { profileId, missionId });
  const runId = run.id;
  for (let i = 0; i < (options.hints ?? 0); i++) await t.call('hints.reveal', { profileId, runId, stageId: 'triage' });
  await t.call('stages.complete', { profileId, runId, stageId: 'triage' });
  await t.call('decisions.take', { profileId, runId, stageId: 'respond', optionId: options.choice ?? 'isolate' });
  for (let i = 0; i < (options.wrongAnswers ?? 0); i++) await t.call('checks.answer', { profileId, runId, stageId: 'flag', answer: 'nope' });
  if (options.rightAnswer ?? true) await t.call('checks.answer', { profileId, runId, stageId: 'flag', answer: '10.0.4.21' });
  const after = await t.call('runs.get', { profileId, runId });
  if (after.currentStageId === 'flag') await t.call('stages.complete', { profileId, runId, stageId: 'flag' });
  await t.call('responses.save', { profileId, runId, stageId: 'report', text: 'The host 10.0.4.21 beacons every minute.' });
  await t.call('stages.complete', { profileId, runId, stageId: 'report' });
  return t.call('runs.submit', { profileId, runId });
}

export interface Reviewable {
  learnerId: string;
  mentorId: string;
  runId: string;
}

/** A learner's submitted run of REV-01, with a mentor signed in to review it. */
export async function submittedRun(t: TestEngine, options: SubmitOptions = {}): Promise<Reviewable> {
  await installReviewPack(t);
  const learnerId = await learner(t, 'Lena Learner');
  const run = await playAndSubmit(t, learnerId, options);
  const mentorId = await staff(t, 'mentor', 'Max Mentor');
  return { learnerId, mentorId, runId: run.id };
}

export async function signInAs(t: TestEngine, profileId: string, role: 'learner' | 'mentor' | 'admin'): Promise<void> {
  await t.call('profiles.select', role === 'learner' ? { profileId } : { profileId, passphrase: TEST_PASSPHRASE });
}

/** Full marks on both rubric stages. */
export const FULL_MARKS: ReviewStageDraft[] = [
  { stageId: 'triage', criteria: { accuracy: 4, clarity: 2 }, comment: 'Good triage.', recipeIds: [] },
  { stageId: 'report', criteria: { structure: 10 }, comment: 'Clear report.', recipeIds: ['writing-reports'] },
];

/** What a call came to: 'ok', an ApiError's code, or a crash (which a test never expects). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof ApiError ? error.code : `crash: ${String(error)}`;
  }
}
