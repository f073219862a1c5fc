import { cpSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors.ts';
import type { PreviewStageKeyView, PreviewStatusView } from '../../../shared/api/contract.ts';
import type { RunView } from '../../../shared/api/views.ts';
import type { PreviewEngine } from '../../../electron/engine/preview/preview-engine.ts';
import { SAMPLE_PACK } from '../../support/engine-fixture.ts';
import { snapshotTree, validPackFiles, writePackFolder } from '../../support/pack-fixture.ts';
import { tempDir } from '../../support/temp.ts';
import { authorFolder, MISSION_YAML, previewEngineOn } from './preview-fixture.ts';

let engine: PreviewEngine | null = null;
afterEach(() => {
  engine?.close();
  engine = null;
});

async function open(): Promise<{ engine: PreviewEngine; dir: string; first: PreviewStatusView }> {
  const dir = authorFolder();
  engine = previewEngineOn(dir);
  return { engine, dir, first: await engine.preview.reload() };
}

async function refusal(work: Promise<unknown>): Promise<ApiError> {
  const error = await work.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

const edit = (dir: string, path: string, change: (text: string) => string): void => writeFileSync(join(dir, path), change(readFileSync(join(dir, path), 'utf8')));

describe('an engine opened for preview', () => {
  it('imports the folder under a preview version, signs the author in and starts the first mission', async () => {
    const { engine, first } = await open();
    expect(first).toMatchObject({ state: 'ready', packId: 'author-pack', version: '1.2.0-preview.1', issues: [], missionCode: 'DEMO-01', currentStageId: 'find-host' });
    expect(first.stages.map((s) => s.id)).toEqual(['find-host', 'respond', 'report']);
    const state = (await engine.call('app.state', {})) as { session: { id: string; displayName: string } | null };
    expect(state.session?.id).toBe(first.profileId);
    const run = (await engine.call('runs.get', { profileId: first.profileId, runId: first.runId })) as RunView;
    expect(run.status).toBe('in_progress');
  });

  it('jumps to a later stage on a fresh run and gives the old one up', async () => {
    const { engine, first } = await open();
    const jumped = (await engine.call('preview.jumpTo', { stageId: 'report' })) as PreviewStatusView;
    expect(jumped.currentStageId).toBe('report');
    expect(jumped.runId).not.toBe(first.runId);
    expect(jumped.generation).toBeGreaterThan(first.generation);
    const run = (await engine.call('runs.get', { profileId: first.profileId, runId: jumped.runId })) as RunView;
    expect(run.currentStageId).toBe('report');
    const old = (await engine.call('runs.get', { profileId: first.profileId, runId: first.runId })) as RunView;
    expect(old.status).toBe('abandoned');
  });

  it('shows the expected answers: values and match rules, correct choices, decision options', async () => {
    const { engine } = await open();
    const keys = (await engine.call('preview.answers', {})) as PreviewStageKeyView[];
    expect(keys.map((k) => k.stageId)).toEqual(['find-host', 'respond', 'report']);
    expect(keys[0]?.answer).toEqual({ logic: 'any', attempts: 5, accepted: [{ value: '10.0.4.21', pattern: null, match: 'trimmed' }] });
    expect(keys[1]?.options.map((o) => [o.id, o.next])).toEqual([['isolate', 'report'], ['watch', 'report']]);
    expect(keys[2]?.questions[0]).toMatchObject({ id: 'q1', kind: 'single', correct: ['proxy log'], unscored: false });
  });

  it('re-imports a changed folder as the next preview version and keeps the author on their stage', async () => {
    const { engine, dir } = await open();
    await engine.call('preview.jumpTo', { stageId: 'report' });
    edit(dir, MISSION_YAML, (text) => text.replace('value: 10.0.4.21', 'value: 10.0.4.99'));
    const again = await engine.preview.reload();
    expect(again).toMatchObject({ state: 'ready', version: '1.2.0-preview.2', currentStageId: 'report' });
    const keys = (await engine.call('preview.answers', {})) as PreviewStageKeyView[];
    expect(keys[0]?.answer?.accepted[0]?.value).toBe('10.0.4.99');
  });

  it('shows validation errors with file and line in place of the mission until the file is fixed', async () => {
    const { engine, dir } = await open();
    const good = readFileSync(join(dir, MISSION_YAML), 'utf8');
    edit(dir, MISSION_YAML, (text) => text.replace('next: respond', 'next: nowhere'));
    const broken = await engine.preview.reload();
    expect(broken.state).toBe('invalid');
    expect(broken.runId).toBeNull();
    expect(broken.stages).toEqual([]);
    expect(broken.issues.length).toBeGreaterThan(0);
    const issue = broken.issues.find((i) => i.message.includes('nowhere'));
    expect(issue).toMatchObject({ severity: 'error', file: MISSION_YAML });
    expect(issue?.line).toBe(good.split('\n').findIndex((line) => line.includes('next: respond')) + 1);
    expect((await refusal(engine.call('preview.answers', {}))).code).toBe('invalid_state');
    expect((await refusal(engine.call('preview.jumpTo', { stageId: 'report' }))).code).toBe('invalid_state');
    writeFileSync(join(dir, MISSION_YAML), good);
    const fixed = await engine.preview.reload();
    expect(fixed).toMatchObject({ state: 'ready', issues: [], currentStageId: 'find-host' });
  });

  it('reports a YAML syntax error with its line', async () => {
    const { engine, dir } = await open();
    writeFileSync(join(dir, 'pack.yaml'), 'id: author-pack\ntitle: [unclosed\nversion: 1.2.0\n');
    const broken = await engine.preview.reload();
    expect(broken.state).toBe('invalid');
    expect(broken.issues[0]).toMatchObject({ file: 'pack.yaml' });
    expect(broken.issues[0]?.line).toBeGreaterThan(0);
  });

  it("never writes the author's folder, and leaves no import copy behind", async () => {
    const dir = authorFolder();
    const before = snapshotTree(dir);
    const manifest = readFileSync(join(dir, 'pack.yaml'), 'utf8');
    engine = previewEngineOn(dir);
    await engine.preview.reload();
    await engine.preview.reload();
    expect(snapshotTree(dir)).toEqual(before);
    expect(readFileSync(join(dir, 'pack.yaml'), 'utf8')).toBe(manifest);
    expect(snapshotTree(join(engine.ctx.dataDir, 'preview'))).toEqual({});
  });

  it('refuses a symbolic link in the folder, as an import does, naming it', async () => {
    const { engine, dir } = await open();
    symlinkSync('/etc/passwd', join(dir, 'missions/DEMO-01/assets/passwd.log'));
    const refused = await engine.preview.reload();
    expect(refused.state).toBe('invalid');
    expect(refused.issues).toEqual([expect.objectContaining({ file: 'missions/DEMO-01/assets/passwd.log', message: expect.stringContaining('symbolic links') })]);
  });

  it('says so when the folder itself is gone, and recovers when it is back', async () => {
    const { engine, dir } = await open();
    const manifest = readFileSync(join(dir, 'pack.yaml'), 'utf8');
    rmSync(dir, { recursive: true });
    const gone = await engine.preview.reload();
    expect(gone.state).toBe('invalid');
    expect(gone.issues[0]?.message).toMatch(/could not be read|pack\.yaml/);
    writePackFolder(dir, validPackFiles('author-pack', '1.2.0'));
    expect(readFileSync(join(dir, 'pack.yaml'), 'utf8')).toBe(manifest);
    expect((await engine.preview.reload()).state).toBe('ready');
  });

  it('refuses a stage or mission the pack does not have, and input it does not know', async () => {
    const { engine } = await open();
    expect((await refusal(engine.call('preview.jumpTo', { stageId: 'no-such-stage' }))).code).toBe('not_found');
    expect((await refusal(engine.call('preview.jumpTo', { stageId: 'report', missionCode: 'NOPE-01' }))).code).toBe('not_found');
    expect((await refusal(engine.call('preview.jumpTo', { stageId: 'report', runId: 'x' }))).code).toBe('invalid_input');
    expect((await refusal(engine.call('preview.jumpTo', { stageId: '' }))).code).toBe('invalid_input');
  });

  it('refuses the author-only methods once nobody is signed in', async () => {
    const { engine } = await open();
    await engine.call('profiles.signOut', {});
    expect((await refusal(engine.call('preview.answers', {}))).code).toBe('forbidden');
    expect((await refusal(engine.call('preview.jumpTo', { stageId: 'report' }))).code).toBe('forbidden');
  });

  it('still refuses methods that exist nowhere', async () => {
    const { engine } = await open();
    expect((await refusal(engine.call('preview.delete', {}))).code).toBe('not_found');
  });
});

describe('a preview of a pack with several missions', () => {
  it('opens the first mission without prerequisites, and switches missions as a learner could', async () => {
    const dir = join(tempDir('outpost-author-'), 'pack');
    cpSync(SAMPLE_PACK, dir, { recursive: true });
    engine = previewEngineOn(dir);
    const first = await engine.preview.reload();
    expect(first.missions.map((m) => m.code)).toEqual([...first.missions.map((m) => m.code)].sort());
    expect(first.missionCode).toBe('GRC-01');
    const phish = (await engine.call('preview.jumpTo', { missionCode: 'PHISH-01' })) as PreviewStatusView;
    expect(phish.missionCode).toBe('PHISH-01');
    expect(phish.currentStageId).toBe(phish.stages[0]?.id);
    // GRC-02 needs GRC-01 passed first: the preview keeps the learner's rule.
    expect((await refusal(engine.call('preview.jumpTo', { missionCode: 'GRC-02' }))).code).toBe('rule_violation');
  });
});
