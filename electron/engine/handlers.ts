// The engine's side of the API table: one thin handler per method, each calling the feature module
// that owns the act. Inputs arrive already validated against the contract's schemas.
import type { ApiHandlers } from '../../shared/api/contract.ts';
import { ApiError } from '../../shared/api/errors.ts';
import { APP_VERSION } from '../../shared/app-version.ts';
import { completeReopenedTask, reopenIfEvidenceGone } from './branching/reopen.ts';
import { completeTask, currentTask, takeDecision, undoLastDecision } from './branching/stage-acts.ts';
import { listMissions, missionBriefing } from './catalog/catalog.ts';
import { submitAnswer } from './checks/answer.ts';
import { submitQuiz } from './checks/quiz.ts';
import type { EngineContext } from './context.ts';
import { attachLocalFile, removeEvidence } from './evidence/evidence.ts';
import { readPackFile } from './files/pack-files.ts';
import { revealHint } from './hints/hints.ts';
import { showSolution } from './checks/solution.ts';
import { portfolioHandlers } from './portfolio/portfolio-acts.ts';
import { syncHandlers } from './sync/sync-handlers.ts';
import { importInWorker, listPacks } from './packs/pack-service.ts';
import { labSettings, updateLabSettings } from './access/lab-settings.ts';
import { signOut } from './access/session-end.ts';
import { adminExists, createProfileAs, signIn } from './access/sign-in.ts';
import { lastProfileId, listProfiles, requireProfile } from './profiles/profiles.ts';
import { openPackLink } from './links/pack-links.ts';
import { trustPackKey } from './packs/trust.ts';
import { importerOf } from './packs/importer.ts';
import { getRecipe, listRecipes, listRecipesForStage } from './recipes/recipes.ts';
import { recipeLibrary } from './recipes/recipe-library.ts';
import { markCompleted, markHelpful, marksOf, rateRecipe } from './recipes/recipe-marks.ts';
import { closeRead, openRead, settleReads } from './recipes/recipe-reads.ts';
import { loadLearnerSignals, stageFacts } from './recipes/recommend.ts';
import { saveReflection } from './reflection/reflection.ts';
import { reviewHandlers } from './review/review-handlers.ts';
import { analyticsHandlers } from './analytics/analytics-handlers.ts';
import { taskForCheck } from './review/rework.ts';
import { saveResponse } from './responses/responses.ts';
import { abandonRun, startRun } from './runs/run-acts.ts';
import { listRuns } from './runs/run-history.ts';
import { stageRow } from './runs/path.ts';
import { actOnRun, currentRunView, refreshRun } from './runs/run-session.ts';
import { loadRun, requireEditable, requireInProgress, type RunRow } from './runs/run-store.ts';
import type { MissionDefinition } from './missions/mission-cache.ts';
import type { RunView } from '../../shared/api/views.ts';
import { buildRunView } from './runs/run-view.ts';
import { submissionChecklist, submitByLearner } from './runs/submission.ts';
import { recordEvent } from './telemetry/record-event.ts';

export function createHandlers(ctx: EngineContext): ApiHandlers {
  const view = (profileId: string, runId: string): RunView => currentRunView(ctx, profileId, runId);
  /** An act and the run view after it, in the act's own transaction. */
  const act = (profileId: string, runId: string, fn: (definition: MissionDefinition, run: RunRow) => RunRow | void): RunView =>
    actOnRun(ctx, profileId, runId, (definition, run) => buildRunView(ctx, definition, fn(definition, run) ?? loadRun(ctx, profileId, runId)));

  /**
   * A recipe as the caller may read it: from their own run's pack version, when a run is named; a
   * stage, when named, must be one of that run's mission.
   */
  const recipeInRun = (profileId: string, recipeId: string, runId: string | undefined, stageId?: string) => {
    requireProfile(ctx, profileId);
    if (stageId !== undefined && runId === undefined) throw new ApiError('invalid_input', 'A stage is named only with the run it belongs to.');
    const definition = runId ? ctx.missions.get(loadRun(ctx, profileId, runId).mission_id) : null;
    if (definition && stageId !== undefined) ctx.missions.stage(definition, stageId);
    return getRecipe(ctx, recipeId, definition?.packVersionId ?? null);
  };

  return {
    'app.state': () => {
      const signedIn = ctx.session.current();
      // A run to resume is offered to the person signed in only: the picker shows no one's runs.
      const resumable = signedIn ? listRuns(ctx, signedIn.profileId).find((run) => run.status === 'in_progress') : undefined;
      return {
        lastProfileId: lastProfileId(ctx),
        session: signedIn ? requireProfile(ctx, signedIn.profileId) : null,
        adminExists: adminExists(ctx),
        resumableRunId: resumable?.id ?? null,
        version: APP_VERSION,
        transport: ctx.host.kind,
      };
    },
    'app.focus': ({ focused }) => {
      if (ctx.runClock.isFocused() === focused) return null;
      // Settle open runs and recipe reads first, so time before the change is counted under the old focus state.
      for (const runId of ctx.runClock.openRuns()) {
        const row = ctx.db.first(ctx.db.q.selectFrom('runs').select('profile_id').where('id', '=', runId));
        if (row) refreshRun(ctx, row.profile_id, runId);
      }
      settleReads(ctx);
      ctx.runClock.setFocused(focused);
      recordEvent(ctx, { verb: focused ? 'app.focus-regained' : 'app.focus-lost', objectType: 'app', objectId: 'outpost', profileId: ctx.session.current()?.profileId ?? null, runId: ctx.runClock.openRuns()[0] ?? null });
      return null;
    },

    'profiles.list': () => listProfiles(ctx),
    'profiles.create': (input) => createProfileAs(ctx, input, 'session'),
    'profiles.select': ({ profileId, passphrase }) => signIn(ctx, profileId, passphrase),
    'profiles.signOut': () => {
      signOut(ctx);
      return null;
    },
    // Every call touches the session (engine.ts); this one says only that the person is still there.
    'app.activity': () => null,
    'lab.settings': () => labSettings(ctx),
    'lab.updateSettings': (settings) => updateLabSettings(ctx, settings),

    'catalog.list': ({ profileId, track, tier, search }) => {
      requireProfile(ctx, profileId);
      return listMissions(ctx, profileId, { track, tier, search });
    },
    'catalog.briefing': ({ profileId, missionId, runId }) => {
      requireProfile(ctx, profileId);
      return missionBriefing(ctx, profileId, missionId, runId);
    },

    'runs.list': ({ profileId }) => listRuns(ctx, profileId),
    'runs.start': ({ profileId, missionId }) =>
      // A run that has just started has no time to settle: its view is read in the same transaction.
      ctx.db.transaction(() => {
        const run = startRun(ctx, profileId, missionId);
        return buildRunView(ctx, ctx.missions.get(run.mission_id), run);
      }),
    'runs.get': ({ profileId, runId }) => view(profileId, runId),
    'runs.open': ({ profileId, runId }) => {
      const current = view(profileId, runId);
      if (current.status === 'in_progress') ctx.runClock.open(runId);
      return current;
    },
    'runs.close': ({ profileId, runId }) => {
      refreshRun(ctx, profileId, runId);
      ctx.runClock.close(runId);
      return null;
    },
    'runs.abandon': ({ profileId, runId }) => act(profileId, runId, (_definition, run) => abandonRun(ctx, run)),
    'runs.checklist': ({ profileId, runId }) => {
      const { definition, run } = refreshRun(ctx, profileId, runId);
      return submissionChecklist(ctx, definition, run);
    },
    'runs.submit': ({ profileId, runId }) =>
      act(profileId, runId, (definition, run) => {
        const submitted = submitByLearner(ctx, definition, run);
        ctx.runClock.close(runId);
        return submitted;
      }),

    'stages.complete': ({ profileId, runId, stageId }) =>
      act(profileId, runId, (definition, run) => {
        // A returned run may complete again a stage reopened when its evidence was removed.
        requireEditable(run, 'complete a stage');
        // The current stage moves the path on; any other open stage was reopened and is completed where it stands.
        return run.current_stage_id === stageId ? completeTask(ctx, definition, run, stageId) : completeReopenedTask(ctx, definition, run, stageId);
      }),
    'stages.tools': ({ profileId, runId, stageId, tools }) =>
      act(profileId, runId, (definition, run) => {
        requireInProgress(run, 'record tools');
        const stage = ctx.missions.stage(definition, stageId);
        if (!stageRow(ctx, run.id, stageId)) throw new ApiError('invalid_state', `Stage "${stageId}" is not on your path yet.`);
        const unique = [...new Set(tools)];
        ctx.db.run(ctx.db.q.updateTable('run_stages').set({ tools_json: JSON.stringify(unique) }).where('run_id', '=', run.id).where('stage_id', '=', stage.id));
        recordEvent(ctx, { verb: 'stage.tools', objectType: 'stage', objectId: `${definition.code}/${stage.id}`, profileId, runId, context: { tools: unique } });
      }),
    'decisions.take': ({ profileId, runId, stageId, optionId }) =>
      act(profileId, runId, (definition, run) => {
        requireInProgress(run, 'take a decision');
        return takeDecision(ctx, definition, run, stageId, optionId);
      }),
    'decisions.back': ({ profileId, runId }) =>
      act(profileId, runId, (definition, run) => {
        requireInProgress(run, 'go back');
        return undoLastDecision(ctx, definition, run);
      }),
    'hints.reveal': ({ profileId, runId, stageId, index }) =>
      act(profileId, runId, (definition, run) => {
        requireInProgress(run, 'reveal a hint');
        revealHint(ctx, definition, run, currentTask(ctx, definition, run, stageId), index);
      }),
    'solution.show': ({ profileId, runId, stageId }) =>
      act(profileId, runId, (definition, run) => {
        requireInProgress(run, 'see the solution');
        showSolution(ctx, definition, run, currentTask(ctx, definition, run, stageId));
      }),
    'checks.answer': ({ profileId, runId, stageId, answer }) =>
      actOnRun(ctx, profileId, runId, (definition, run) => {
        requireEditable(run, 'answer');
        return submitAnswer(ctx, definition, run, taskForCheck(ctx, definition, run, stageId), answer);
      }),
    'checks.quiz': ({ profileId, runId, stageId, responses }) =>
      actOnRun(ctx, profileId, runId, (definition, run) => {
        requireEditable(run, 'submit the quiz');
        return submitQuiz(ctx, definition, run, taskForCheck(ctx, definition, run, stageId), responses);
      }),
    'evidence.remove': ({ profileId, runId, evidenceId }) =>
      act(profileId, runId, (definition, run) => {
        const stageId = removeEvidence(ctx, run, evidenceId);
        reopenIfEvidenceGone(ctx, definition, run, stageId);
      }),
    'evidence.pick': async ({ profileId, runId, stageId }) => {
      const { definition } = refreshRun(ctx, profileId, runId);
      const stage = ctx.missions.stage(definition, stageId);
      const accept = stage.kind === 'task' ? (stage.evidence?.accept ?? null) : null;
      const chosen = await ctx.host.chooseFiles({ title: 'Attach evidence', extensions: accept, multiple: true });
      for (const file of chosen) await attachLocalFile(ctx, { profileId, runId, stageId }, file.path);
      return view(profileId, runId);
    },
    'reflection.save': ({ profileId, runId, text }) => actOnRun(ctx, profileId, runId, (definition, run) => saveReflection(ctx, definition, run, text)),
    'responses.save': ({ profileId, runId, stageId, text }) => actOnRun(ctx, profileId, runId, (definition, run) => saveResponse(ctx, definition, run, stageId, text)),

    'recipes.list': ({ profileId, runId, stageId }) => {
      requireProfile(ctx, profileId);
      if (!runId || !stageId) return listRecipes(ctx, []);
      const { definition } = refreshRun(ctx, profileId, runId);
      const stage = ctx.missions.stage(definition, stageId);
      return listRecipesForStage(ctx, stageFacts(definition, stage), loadLearnerSignals(ctx, profileId));
    },
    'recipes.get': ({ profileId, recipeId, runId, stageId }) => {
      const recipe = recipeInRun(profileId, recipeId, runId, stageId);
      const readId = openRead(ctx, { profileId, recipeId: recipe.id, runId: runId ?? null, stageId: stageId ?? null });
      return { ...recipe, readId, marks: marksOf(ctx, profileId, recipe.id) };
    },
    // Events are append-only and sync: each names a run of the caller's own and a recipe that exists.
    'recipes.close': ({ profileId, recipeId, runId }) => {
      recipeInRun(profileId, recipeId, runId);
      closeRead(ctx, profileId, recipeId);
      return null;
    },
    'recipes.library': ({ profileId, ...filters }) => {
      requireProfile(ctx, profileId);
      return recipeLibrary(ctx, profileId, filters);
    },
    'recipes.complete': ({ profileId, recipeId, completed, runId }) => {
      recipeInRun(profileId, recipeId, runId);
      return markCompleted(ctx, { profileId, recipeId, runId: runId ?? null }, completed);
    },
    'recipes.helpful': ({ profileId, recipeId, helpful, runId }) => {
      recipeInRun(profileId, recipeId, runId);
      return markHelpful(ctx, { profileId, recipeId, runId: runId ?? null }, helpful);
    },
    'recipes.rate': ({ profileId, recipeId, rating, runId }) => {
      recipeInRun(profileId, recipeId, runId);
      rateRecipe(ctx, { profileId, recipeId, runId: runId ?? null }, rating);
      return null;
    },

    'files.get': ({ packVersionId, path }) => readPackFile(ctx, packVersionId, path),
    'links.open': ({ url }) => openPackLink(ctx, url),

    'packs.list': () => listPacks(ctx),
    'packs.pick': async ({ kind }) => {
      const path = await ctx.host.choosePack(kind);
      if (!path) throw new ApiError('unavailable', ctx.host.kind === 'browser' ? 'In browser mode, upload the pack instead.' : 'No pack was chosen.');
      return importInWorker(ctx, path, { actor: importerOf(ctx.session.current()) });
    },
    'packs.trustKey': ({ packId, publicKeyPem, name }) => trustPackKey(ctx.db, packId, publicKeyPem, name, ctx.clock.now()),
    ...portfolioHandlers(ctx),
    ...syncHandlers(ctx),
    ...reviewHandlers(ctx),
    ...analyticsHandlers(ctx),
  };
}
