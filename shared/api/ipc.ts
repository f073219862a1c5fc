// The Electron IPC side of the contract: channel names and the envelope that carries an ApiError
// across ipcRenderer.invoke (which would otherwise turn it into a bare Error with a mangled message).
import type { ApiErrorBody } from './errors.ts';

export const IPC_CALL_CHANNEL = 'outpost:call';
export const IPC_PUSH_CHANNEL = 'outpost:push';

export type IpcResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody };
