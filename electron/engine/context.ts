// What every engine module works with: the database, the data folder, the clock, the host and the
// way to push events to the screens.
import type { Db } from '../../db/connection.ts';
import type { PushEventName, PushEvents } from '../../shared/api/contract.ts';
import { BlobStore } from './blobs/blob-store.ts';
import type { Clock } from './clock.ts';
import { Session } from './access/session.ts';
import type { Host } from './host.ts';
import { MissionCache } from './missions/mission-cache.ts';
import { keyFileBox, type SecretBox } from './sync/secret-box.ts';
import { RunClock } from './timers/run-clock.ts';

/** Where each worker module is: the source file, or the bundled one in the desktop app. */
export interface WorkerUrls {
  packImport: URL;
  evidenceHash: URL;
  checkpoint: URL;
}

export interface EngineContext {
  db: Db;
  dataDir: string;
  clock: Clock;
  host: Host;
  blobs: BlobStore;
  missions: MissionCache;
  runClock: RunClock;
  /** Who is signed in: every method's roles are checked against it. */
  session: Session;
  /** Seals device tokens at rest. */
  secrets: SecretBox;
  deviceId: string;
  workers: WorkerUrls;
  push<E extends PushEventName>(event: E, payload: PushEvents[E]): void;
  /** Errors that are not the user's: kept for the person who maintains the lab. */
  log(message: string, error?: unknown): void;
}

export function makeContext(parts: Omit<EngineContext, 'blobs' | 'missions' | 'runClock' | 'session' | 'secrets'>): EngineContext {
  return {
    ...parts,
    secrets: parts.host.secrets ?? keyFileBox(parts.dataDir),
    blobs: new BlobStore(parts.dataDir),
    missions: new MissionCache(parts.db),
    runClock: new RunClock(parts.clock),
    session: new Session((profileId) => parts.push('session.changed', { profileId }), () => parts.clock.monotonic()),
  };
}
