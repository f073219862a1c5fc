// `outpost-server import <bundle> [--reply <file>]`: applies a device's bundle and, when asked, writes
// the server's reply for the person to carry back. Exit status 0 when every batch applied, 1 when
// some were refused (the reply is written all the same: it acknowledges what did apply).
import { resolve } from 'node:path';
import type { ServerDb } from '../db/open.ts';
import { systemClock, type Clock } from '../teams.ts';
import { importBundle } from './import-bundle.ts';
import { writeReplyBundle } from './reply-bundle.ts';
import { loadServerKey } from './server-key.ts';

export const IMPORT_USAGE = '  outpost-server import <bundle.outpost-sync> [--reply <reply.outpost-sync>] [--data-dir <folder>]';

export async function runImportCommand(db: ServerDb, dataDir: string, file: string, replyPath: string | undefined, print: (line: string) => void, clock: Clock = systemClock): Promise<number> {
  // A record left out of analytics is a warning beside the report, on standard error as the server logs.
  const report = await importBundle(db, dataDir, resolve(file), clock, (line) => console.error(line));
  const refused = report.batches.filter((batch) => !batch.applied);
  const events = report.batches.reduce((sum, batch) => sum + (batch.applied ? batch.events : 0), 0);
  const records = report.batches.reduce((sum, batch) => sum + (batch.applied ? batch.records : 0), 0);
  print(`bundle of device ${report.deviceId}: ${report.batches.length - refused.length} of ${report.batches.length} batch(es) applied (${events} event(s), ${records} record(s)); evidence files: ${report.evidence.held} new, ${report.evidence.heldAlready} held already; events held up to ${report.ackSeq}`);
  for (const batch of refused) print(`  refused ${batch.member} (profile ${batch.profileId}): ${batch.reason ?? 'unknown'}`);
  if (replyPath !== undefined) {
    const reply = await writeReplyBundle(db, loadServerKey(dataDir), resolve(replyPath), { deviceId: report.deviceId, cursors: report.cursors, acceptedRecords: report.acceptedRecords, now: clock.now(), dataDir });
    print(`reply for the device written to ${resolve(replyPath)}: ${reply.records} record(s) for ${reply.profiles} profile(s), ${reply.files} evidence file(s), ${report.acceptedRecords.length} acknowledged (${reply.bytes} bytes)`);
  }
  return refused.length > 0 ? 1 : 0;
}
