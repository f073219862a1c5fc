// The Electron IPC side of the contract: channel names and the envelope that carries an ApiError
// across ipcRenderer.invoke (which would otherwise turn it into a bare Error with a mangled message).
import type { ApiErrorBody } from './errors.ts';

export const IPC_CALL_CHANNEL = 'outpost:call';
export const IPC_PUSH_CHANNEL = 'outpost:push';
/** Files dropped on the page: the preload turns them into paths, which the page itself never sees. */
export const IPC_DROP_CHANNEL = 'outpost:drop-evidence';

export interface DropTarget {
  profileId: string;
  runId: string;
  stageId: string;
}

export type IpcResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody };
