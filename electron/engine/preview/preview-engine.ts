// An engine opened for an author preview: the normal engine, plus the `preview.*` methods of the
// contract's PREVIEW_API. Only this wrapper dispatches them; `openEngine` alone (desktop app, browser
// mode) answers `not_found`, so a learner's run can never reach the expected answers.
import { isPreviewMethodName, PREVIEW_API, type PreviewMethodName } from '../../../shared/api/contract.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { formatFieldPath } from '../../../shared/pack/issues.ts';
import { openEngine, type Engine, type EngineOptions } from '../engine.ts';
import { createPreviewSession, type PreviewSession } from './preview-session.ts';

export interface PreviewEngine extends Engine {
  readonly preview: PreviewSession;
}

export function openPreviewEngine(options: EngineOptions & { packDir: string }): PreviewEngine {
  const engine = openEngine(options);
  const preview = createPreviewSession(engine, options.packDir);
  const handlers: { [M in PreviewMethodName]: (input: unknown) => unknown } = {
    'preview.status': () => preview.status(),
    'preview.jumpTo': (input) => {
      const { stageId, missionCode } = input as { stageId?: string; missionCode?: string };
      return preview.jumpTo(stageId, missionCode);
    },
    'preview.answers': () => preview.answers(),
  };
  const callPreview = async (method: PreviewMethodName, input: unknown): Promise<unknown> => {
    engine.authorize(PREVIEW_API[method].roles);
    const parsed = PREVIEW_API[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${formatFieldPath(issue.path) || 'input'}: ${issue.message}`);
      throw new ApiError('invalid_input', `Wrong input for ${method}: ${problems.join('; ')}`, { issues: problems });
    }
    try {
      return await handlers[method](parsed.data);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      engine.ctx.log(`${method} failed`, error);
      throw new ApiError('internal', 'Something went wrong inside Outpost; the details are in its log.');
    }
  };
  return {
    ...engine,
    preview,
    call: (method, input) => (isPreviewMethodName(method) ? callPreview(method, input) : engine.call(method, input)),
  };
}
