// The typed API client the stores use: one call per method of the table, typed by the contract.
import type { InputOf, MethodName, OutputOf, PushEventName, PushEvents } from '../../shared/api/contract.ts';
import { ApiError } from '../../shared/api/errors.ts';
import type { DropTarget } from '../../shared/api/ipc.ts';
import type { RunView } from '../../shared/api/views.ts';
import { electronTransport } from './electron-transport.ts';
import { httpTransport, launchToken } from './http-transport.ts';
import type { ConnectionState, Transport } from './transport.ts';

type Listener = (event: PushEventName, payload: unknown) => void;

export class OutpostApi {
  readonly transport: Transport;
  private readonly listeners = new Set<Listener>();
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();

  constructor(transport: Transport) {
    this.transport = transport;
    transport.subscribe(
      (event, payload) => this.listeners.forEach((listener) => listener(event, payload)),
      (state) => this.connectionListeners.forEach((listener) => listener(state)),
    );
  }

  call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
    return this.transport.call(method, input) as Promise<OutputOf<M>>;
  }

  on<E extends PushEventName>(event: E, listener: (payload: PushEvents[E]) => void): () => void {
    const wrapped: Listener = (name, payload) => {
      if (name === event) listener(payload as PushEvents[E]);
    };
    this.listeners.add(wrapped);
    return () => this.listeners.delete(wrapped);
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  attachEvidence(target: DropTarget, files: File[]): Promise<RunView> {
    return this.transport.attachEvidence(target, files) as Promise<RunView>;
  }

  get canUpload(): boolean {
    return this.transport.upload !== undefined;
  }

  download(path: string, query: Record<string, string>): Promise<Blob> {
    if (!this.transport.download) throw new ApiError('unavailable', 'Downloads are for browser mode; the desktop app saves with its own dialog.');
    return this.transport.download(path, query);
  }

  upload<T>(path: string, query: Record<string, string>, body: Blob | FormData): Promise<T> {
    if (!this.transport.upload) throw new ApiError('unavailable', 'Uploads are for browser mode; use the file dialog here.');
    return this.transport.upload(path, query, body) as Promise<T>;
  }
}

export function connect(): OutpostApi | null {
  if (window.outpost) return new OutpostApi(electronTransport(window.outpost));
  const token = launchToken();
  return token ? new OutpostApi(httpTransport(token)) : null;
}

export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : 'Something went wrong. Try again.';
}
