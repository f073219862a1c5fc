// Browser mode's transport: POST /api/<method> with the launch token, and the event stream read with
// fetch (EventSource cannot send an Authorization header). When the bridge restarts or the network
// drops, the stream reconnects with backoff and the screens are told, so they can refresh.
import { ApiError, isApiErrorBody } from '../../shared/api/errors.ts';
import type { PushEventName } from '../../shared/api/contract.ts';
import type { ConnectionState, Transport } from './transport.ts';

const TOKEN_KEY = 'outpost.token';

/** Takes the token from the URL fragment once (and removes it from the address bar), then from session storage. */
export function launchToken(): string | null {
  const match = /(?:^|[#&])token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search + '#/');
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function httpTransport(token: string): Transport {
  const transport = makeHttpTransport(token);
  return {
    ...transport,
    async attachEvidence(target, files) {
      let view: unknown = null;
      for (const file of files) view = await transport.upload('/api/upload/evidence', { ...target, name: file.name }, file);
      return view;
    },
  };
}

function makeHttpTransport(token: string): Omit<Transport, 'attachEvidence'> & Required<Pick<Transport, 'upload' | 'download'>> {
  const headers = { Authorization: `Bearer ${token}` };
  let announce: (state: ConnectionState) => void = () => undefined;
  const unreachable = () => new ApiError('unavailable', 'Outpost is not reachable right now. It will reconnect by itself.');
  const parse = async (response: Response): Promise<unknown> => {
    if (response.status === 401) announce('ended');
    const body: unknown = await response.json().catch(() => null);
    if (response.ok) return body;
    throw isApiErrorBody(body) ? ApiError.fromBody(body) : new ApiError('internal', `Outpost answered ${response.status}.`);
  };
  return {
    kind: 'browser',
    async call(method, input) {
      let response: Response;
      try {
        response = await fetch(`/api/${method}`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(input ?? {}) });
      } catch {
        throw unreachable();
      }
      return parse(response);
    },
    async upload(path, query, body) {
      let response: Response;
      try {
        response = await fetch(`${path}?${new URLSearchParams(query)}`, { method: 'POST', headers, body });
      } catch {
        throw unreachable();
      }
      return parse(response);
    },
    async download(path, query) {
      let response: Response;
      try {
        response = await fetch(`${path}?${new URLSearchParams(query)}`, { headers });
      } catch {
        throw unreachable();
      }
      if (!response.ok) await parse(response);
      return response.blob();
    },
    subscribe(handler, onConnection) {
      announce = onConnection;
      let stopped = false;
      let controller: AbortController | null = null;
      let delay = 500;
      const connect = async (): Promise<void> => {
        while (!stopped) {
          controller = new AbortController();
          try {
            const response = await fetch('/api/events', { headers, signal: controller.signal });
            if (response.status === 401) {
              onConnection('ended');
              return;
            }
            if (!response.ok || !response.body) throw new Error(`events answered ${response.status}`);
            onConnection('online');
            delay = 500;
            await readEvents(response.body, handler);
          } catch {
            if (stopped) return;
          }
          if (stopped) return;
          onConnection('reconnecting');
          await new Promise((resolve) => setTimeout(resolve, delay));
          delay = Math.min(delay * 2, 8000);
        }
      };
      void connect();
      return () => {
        stopped = true;
        controller?.abort();
      };
    },
  };
}

async function readEvents(body: ReadableStream<Uint8Array>, handler: (event: PushEventName, payload: unknown) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data !== undefined) handler(event as PushEventName, JSON.parse(data) as unknown);
    }
  }
}
