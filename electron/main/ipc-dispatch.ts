// What the main process does with one IPC call: the engine's validated dispatch, with the outcome
// wrapped in an envelope. Kept free of Electron so tests drive it directly as the IPC handler table.
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { ApiError } from '../../shared/api/errors.ts';
import type { IpcResult } from '../../shared/api/ipc.ts';
import type { Engine } from '../engine/engine.ts';

export type IpcDispatch = (method: unknown, input: unknown) => Promise<IpcResult>;

export function createIpcDispatch(engine: Engine): IpcDispatch {
  return (method, input) =>
    envelope(async () => {
      if (typeof method !== 'string') throw new ApiError('invalid_input', 'The method name must be a string.');
      return engine.call(method, input);
    });
}

const dropInput = z.tuple([
  z.strictObject({ profileId: z.string().min(1), runId: z.string().min(1), stageId: z.string().min(1) }),
  z.array(z.string().min(1).max(4096)).min(1).max(50),
]);

/** Files dropped on the page: paths the preload got from the drop itself, each checked to be a file. */
export function createDropDispatch(engine: Engine): (target: unknown, paths: unknown) => Promise<IpcResult> {
  return (target, paths) =>
    envelope(async () => {
      const parsed = dropInput.safeParse([target, paths]);
      if (!parsed.success) throw new ApiError('invalid_input', 'A drop names its run, its stage and at least one file.');
      const [where, files] = parsed.data;
      let view: unknown = null;
      for (const path of files) {
        if (!isAbsolute(path)) throw new ApiError('invalid_input', 'Dropped files are named by absolute paths.');
        view = await engine.attachEvidenceFile(where, path);
      }
      return view;
    });
}

async function envelope(work: () => Promise<unknown>): Promise<IpcResult> {
  try {
    return { ok: true, value: (await work()) ?? null };
  } catch (error) {
    const apiError = error instanceof ApiError ? error : new ApiError('internal', 'Something went wrong inside Outpost; the details are in its log.');
    return { ok: false, error: apiError.toBody() };
  }
}
