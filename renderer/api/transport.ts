// How the renderer reaches the engine: Electron's preload bridge, or browser mode's HTTP bridge. Both
// carry the same API table; the screens never know which one they use.
import type { PushEventName } from '../../shared/api/contract.ts';
import type { DropTarget, IpcResult } from '../../shared/api/ipc.ts';

/** `ended`: the engine refuses our token, because browser mode was restarted with a new one. */
export type ConnectionState = 'online' | 'reconnecting' | 'ended';

export interface Transport {
  readonly kind: 'electron' | 'browser';
  call(method: string, input: unknown): Promise<unknown>;
  /** Pushed events; the handler also hears 'connection' changes as they happen. */
  subscribe(handler: (event: PushEventName, payload: unknown) => void, onConnection: (state: ConnectionState) => void): () => void;
  /** Browser mode streams files to the engine; the desktop app uses its own file dialog instead. */
  upload?(path: string, query: Record<string, string>, body: Blob | FormData): Promise<unknown>;
  /** Browser mode fetches a file the engine serves (a portfolio zip); the desktop app saves with its own dialog. */
  download?(path: string, query: Record<string, string>): Promise<Blob>;
  /** Evidence files the learner dropped or chose in the page; returns the fresh run view. */
  attachEvidence(target: DropTarget, files: File[]): Promise<unknown>;
}

/** What the preload script puts on window in the desktop app. */
export interface PreloadBridge {
  call(method: string, input: unknown): Promise<IpcResult>;
  subscribe(handler: (event: string, payload: unknown) => void): () => void;
  attachDropped(target: DropTarget, files: File[]): Promise<IpcResult>;
}

declare global {
  interface Window {
    outpost?: PreloadBridge;
  }
}
