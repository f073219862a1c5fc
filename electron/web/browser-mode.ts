// Starts browser mode: the engine in this Node process, the HTTP bridge on 127.0.0.1 with a fresh
// random token, and the built renderer. The token travels in the URL fragment, which browsers never
// send to a server or write into logs.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../engine/clock.ts';
import { openEngine, type Engine } from '../engine/engine.ts';
import { seedSamplePack } from '../engine/packs/sample-pack.ts';
import { createBridge } from './http-bridge.ts';

export interface BrowserModeOptions {
  dataDir: string;
  port: number;
  staticDir: string;
  samplePack: string | null;
  log?: (message: string, error?: unknown) => void;
  /** Tests pass a clock they control; the app uses the system clock. */
  clock?: Clock;
  /** The cap on an upload body; tests lower it to prove a body stops being read there. */
  maxUploadBytes?: number;
  /** Files a folder upload may hold; tests lower it. */
  maxFolderFiles?: number;
}

export interface BrowserMode {
  url: string;
  token: string;
  port: number;
  engine: Engine;
  server: Server;
  close(): Promise<void>;
}

export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const engine = openEngine({ dataDir: options.dataDir, log: options.log, clock: options.clock });
  if (options.samplePack) await seedSamplePack(engine, options.samplePack);
  engine.startTimers();
  const token = randomBytes(32).toString('base64url');
  let port = options.port;
  const server = createServer(
    createBridge({
      engine,
      token,
      staticDir: existsSync(options.staticDir) ? options.staticDir : null,
      allowedHosts: () => [`127.0.0.1:${port}`, `localhost:${port}`],
      maxUploadBytes: options.maxUploadBytes,
      maxFolderFiles: options.maxFolderFiles,
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    port,
    engine,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          engine.close();
          resolve();
        });
      }),
  };
}
