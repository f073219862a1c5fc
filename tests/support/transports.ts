// The two transports of the API, as the tests drive them: the IPC handler table called directly, and
// the HTTP bridge over 127.0.0.1.
import type { InputOf, MethodName, OutputOf } from '../../shared/api/contract.ts';
import { ApiError, isApiErrorBody } from '../../shared/api/errors.ts';
import { createIpcDispatch } from '../../electron/main/ipc-dispatch.ts';
import type { Engine } from '../../electron/engine/engine.ts';

export type Caller = <M extends MethodName>(method: M, input: InputOf<M>) => Promise<OutputOf<M>>;

export function ipcCaller(engine: Engine): Caller {
  const dispatch = createIpcDispatch(engine);
  return async (method, input) => {
    const result = await dispatch(method, input);
    if (result.ok) return result.value as never;
    throw ApiError.fromBody(result.error);
  };
}

export function httpCaller(baseUrl: string, token: string): Caller {
  return async (method, input) => {
    const response = await fetch(`${baseUrl}/api/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
    const body = (await response.json()) as unknown;
    if (!response.ok) throw isApiErrorBody(body) ? ApiError.fromBody(body) : new Error(`HTTP ${response.status}`);
    return body as never;
  };
}
