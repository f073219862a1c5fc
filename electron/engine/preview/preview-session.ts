// What an author preview holds: the pack folder it plays, the last import's outcome, the author's
// profile and the run on screen. Every save is imported afresh (preview-copy.ts) and the mission
// restarted at the stage the author was on, so the page shows the pack as it now is.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreviewStageKeyView, PreviewStatusView } from '../../../shared/api/contract.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { PackIssue } from '../../../shared/pack/issues.ts';
import { updateLabSettings } from '../access/lab-settings.ts';
import { createProfileAs, signIn } from '../access/sign-in.ts';
import type { Engine } from '../engine.ts';
import type { MissionDefinition } from '../missions/mission-cache.ts';
import { enterStage } from '../runs/path.ts';
import { abandonRun, startRun } from '../runs/run-acts.ts';
import { findRun, type RunRow } from '../runs/run-store.ts';
import { copyForPreview } from './preview-copy.ts';
import { stageKeys } from './preview-keys.ts';

export const PREVIEW_PROFILE_NAME = 'Pack author (preview)';

export interface PreviewSession {
  status(): PreviewStatusView;
  /** Imports the folder as it is now; resolves with the new status, valid or not. */
  reload(): Promise<PreviewStatusView>;
  /** Without a stage: the mission's start. */
  jumpTo(stageId: string | undefined, missionCode?: string): PreviewStatusView;
  answers(): PreviewStageKeyView[];
}

interface Installed {
  packId: string;
  version: string;
  packVersionId: number;
}

export function createPreviewSession(engine: Engine, packDir: string): PreviewSession {
  const { ctx } = engine;
  let generation = 0;
  let imports = 0;
  let issues: PackIssue[] = [];
  let installed: Installed | null = null;
  let missionCode: string | null = null;
  let runId: string | null = null;
  let profileId: string | null = null;

  const missionsOf = (packVersionId: number): Array<{ id: number; code: string; title: string; prerequisites: string }> =>
    ctx.db.all(ctx.db.q.selectFrom('missions').select(['id', 'code', 'title', 'prerequisites_json as prerequisites']).where('pack_version_id', '=', packVersionId).orderBy('code'));

  const currentRun = (): RunRow | null => (runId === null ? null : (findRun(ctx, runId) ?? null));

  const definition = (): MissionDefinition | null => {
    const run = currentRun();
    return run ? ctx.missions.get(run.mission_id) : null;
  };

  const author = async (): Promise<string> => {
    if (profileId !== null) return profileId;
    const profile = await createProfileAs(ctx, { displayName: PREVIEW_PROFILE_NAME, role: 'learner' }, 'owner');
    await signIn(ctx, profile.id, undefined);
    // An author reading a stage for long is not an idle lab PC.
    updateLabSettings(ctx, { idleMinutes: 0 });
    profileId = profile.id;
    return profile.id;
  };

  /** A fresh run of `code` at `stageId` (the mission's start when absent or no longer there). */
  const restart = (who: string, code: string, stageId: string | null): void => {
    if (!installed) throw new ApiError('invalid_state', 'The pack has errors: fix them first.');
    const mission = missionsOf(installed.packVersionId).find((m) => m.code === code);
    if (!mission) throw new ApiError('not_found', `The pack has no mission ${code}.`);
    ctx.db.transaction(() => {
      // One run at a time: the one on screen gives way.
      const old = currentRun();
      if (old?.status === 'in_progress') abandonRun(ctx, old);
      let run = startRun(ctx, who, mission.id);
      const target = ctx.missions.get(mission.id);
      if (stageId !== null && stageId !== run.current_stage_id && target.stages.has(stageId)) {
        const now = ctx.clock.now();
        // The skipped start stage is left, not completed: the path shows where the author jumped from.
        ctx.db.run(ctx.db.q.updateTable('run_stages').set({ left_at: now }).where('run_id', '=', run.id).where('stage_id', '=', run.current_stage_id ?? ''));
        run = enterStage(ctx, target, run, stageId);
      }
      runId = run.id;
      missionCode = code;
    });
    generation += 1;
  };

  const status = (): PreviewStatusView => {
    const shown = issues.length > 0 || !installed ? null : definition();
    const missions = installed ? missionsOf(installed.packVersionId).map(({ code, title }) => ({ code, title })) : [];
    return {
      generation,
      state: installed && issues.length === 0 ? 'ready' : 'invalid',
      packDir,
      packId: installed?.packId ?? null,
      version: installed?.version ?? null,
      issues,
      profileId,
      runId: shown ? runId : null,
      missionCode: shown ? missionCode : null,
      missions,
      stages: shown ? shown.mission.stages.map((s) => ({ id: s.id, kind: s.kind, title: s.kind === 'task' ? s.title : (s.title ?? s.prompt) })) : [],
      currentStageId: shown ? (currentRun()?.current_stage_id ?? null) : null,
    };
  };

  return {
    status,
    async reload() {
      // Signed in before the first import, so even a pack with errors opens on its error page.
      const who = await author();
      imports += 1;
      const staging = join(ctx.dataDir, 'preview', `import-${imports}`);
      await mkdir(join(ctx.dataDir, 'preview'), { recursive: true });
      let report;
      try {
        await copyForPreview(packDir, staging, imports);
        report = await engine.importPack(staging, { by: 'owner' });
      } catch (error) {
        report = null;
        issues = [{ severity: 'error', file: '', path: '', message: `the pack folder could not be read: ${(error as Error).message}` }];
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
      if (report && report.status === 'failed') issues = report.issues.filter((issue) => issue.severity === 'error');
      if (!report || report.status === 'failed' || report.packId === null || report.version === null) {
        generation += 1;
        return status();
      }
      const { packId, version } = report;
      const row = ctx.db.first(ctx.db.q.selectFrom('pack_versions').select('id').where('pack_id', '=', packId).where('version', '=', version));
      if (!row) throw new Error(`the preview import of ${packId} ${version} left no pack version`);
      const missions = missionsOf(row.id);
      if (missions.length === 0) {
        issues = [{ severity: 'error', file: 'missions', path: '', message: 'the pack has no mission to preview' }];
        generation += 1;
        return status();
      }
      issues = [];
      installed = { packId, version, packVersionId: row.id };
      // The author stays on the mission and the stage they were at, when the new version still has them.
      const wasAt = currentRun()?.current_stage_id ?? null;
      const first = missions.find((m) => m.prerequisites === '[]') ?? missions[0];
      const code = missions.some((m) => m.code === missionCode) && missionCode !== null ? missionCode : (first?.code ?? '');
      restart(who, code, wasAt);
      return status();
    },
    jumpTo(stageId, code) {
      const who = profileId;
      if (who === null || !installed || issues.length > 0) throw new ApiError('invalid_state', 'The pack has errors: fix them first.');
      const mission = code ?? missionCode;
      if (mission === null) throw new ApiError('invalid_state', 'No mission is open.');
      const target = missionsOf(installed.packVersionId).find((m) => m.code === mission);
      if (!target) throw new ApiError('not_found', `The pack has no mission ${mission}.`);
      if (stageId !== undefined && !ctx.missions.get(target.id).stages.has(stageId)) throw new ApiError('not_found', `Mission ${mission} has no stage "${stageId}".`);
      restart(who, mission, stageId ?? null);
      return status();
    },
    answers() {
      const shown = issues.length === 0 ? definition() : null;
      if (!shown) throw new ApiError('invalid_state', 'No mission is open: the pack has errors.');
      return stageKeys(shown.mission.stages);
    },
  };
}
