// What the main process does with one IPC call: the engine's validated dispatch, with the outcome
// wrapped in an envelope. Kept free of Electron so tests drive it directly as the IPC handler table.
import { ApiError } from '../../shared/api/errors.ts';
import type { IpcResult } from '../../shared/api/ipc.ts';
import type { Engine } from '../engine/engine.ts';

export type IpcDispatch = (method: unknown, input: unknown) => Promise<IpcResult>;

export function createIpcDispatch(engine: Engine): IpcDispatch {
  return async (method, input) => {
    try {
      if (typeof method !== 'string') throw new ApiError('invalid_input', 'The method name must be a string.');
      return { ok: true, value: (await engine.call(method, input)) ?? null };
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError('internal', 'Something went wrong inside Outpost; the details are in its log.');
      return { ok: false, error: apiError.toBody() };
    }
  };
}
