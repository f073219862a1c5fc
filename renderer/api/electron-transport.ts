// The desktop app's transport: the preload bridge, with the IPC envelope unwrapped into ApiErrors.
import { ApiError } from '../../shared/api/errors.ts';
import type { PushEventName } from '../../shared/api/contract.ts';
import type { PreloadBridge, Transport } from './transport.ts';

export function electronTransport(bridge: PreloadBridge): Transport {
  return {
    kind: 'electron',
    async call(method, input) {
      const result = await bridge.call(method, input);
      if (result.ok) return result.value;
      throw ApiError.fromBody(result.error);
    },
    async attachEvidence(target, files) {
      const result = await bridge.attachDropped(target, files);
      if (result.ok) return result.value;
      throw ApiError.fromBody(result.error);
    },
    subscribe(handler, onConnection) {
      onConnection('online');
      return bridge.subscribe((event, payload) => handler(event as PushEventName, payload));
    },
  };
}
