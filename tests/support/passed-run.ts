// A passed SOC-01 run for the portfolio's tests: played through the API as a learner would (a PNG and
// a text file as evidence, the answer, the escalate branch, written responses, a reflection), then
// scored and passed by a mentor through the review methods.
import { deflateSync, crc32 } from 'node:zlib';
import { createProfileAs } from '../../electron/engine/access/sign-in.ts';
import type { Engine } from '../../electron/engine/engine.ts';
import { submitSoc01 } from './soc-playthrough.ts';

export const RESPONSE_TEXT =
  '## Summary\nThe phishing email reached NWH-BIL-WS023 in Billing, used by d.brennan. A macro in the invoice attachment ran ' +
  'PowerShell that downloaded a DLL into AppData, created a scheduled task that runs it every 15 minutes, and has beaconed ' +
  'to the command and control address every 60 seconds since 06:18 UTC. The activity is ongoing.\n\n' +
  '## Timeline (UTC)\n- 06:12:41 the email arrives for two recipients in Billing.\n- 06:14 the attachment is opened and the macro runs.\n' +
  '- 06:16 the DLL is written and the scheduled task is created.\n- 06:18 the first beacon leaves through the proxy, then one a minute.\n\n' +
  '## Actions\n1. Isolate the host through the EDR console and keep it powered on for memory capture.\n' +
  '2. Block the sender domain and the beacon address at the mail gateway and proxy.\n3. Reset the credentials of d.brennan and review the second recipient.\n\n' +
  '## Open questions\nWhether the second recipient opened the attachment, and whether other hosts contacted the same address in the last day. ' +
  'The proxy logs for the whole subnet should answer both before the shift ends, and the answer decides whether to widen the scope.';

export const REFLECTION_TEXT =
  'The phishing alerts took longest because I read them one by one instead of grouping them by host first. ' +
  'Next shift I will sort the export by host and time before opening anything, check change tickets early, ' +
  'and look for one workstation seen by several sensors within minutes, which is what gave the verdict away here.';

export const MENTOR_NAME = 'Grace Hopper';
export const MENTOR_FEEDBACK = 'Solid first shift. Scope before you escalate.';

/** A small valid PNG of one colour, as an evidence screenshot. */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.concat(Array.from({ length: width }, () => Buffer.from(rgb)))]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

export interface PassedRunTexts { response?: string; reflection?: string; feedback?: string; stageFeedback?: string }

/** Plays SOC-01 as the signed-in learner `profileId`, submits, and writes a passing final review. */
export async function makePassedRun(engine: Engine, profileId: string, texts: PassedRunTexts = {}): Promise<string> {
  const runId = await submitSoc01(engine, profileId, {
    evidence: [
      { fileName: 'queue-screenshot.png', bytes: solidPng(64, 40, [40, 110, 200]) },
      { fileName: 'notes.txt', bytes: Buffer.from('sorted queue') },
    ],
    escalation: texts.response ?? RESPONSE_TEXT,
    handover: RESPONSE_TEXT,
    reflection: texts.reflection ?? REFLECTION_TEXT,
  });

  // The mentor scores it through the review methods, as the scoring screen does, and the learner
  // signs in again afterwards.
  const { db } = engine.ctx;
  const mentor =
    db.first(db.q.selectFrom('profiles').select('id').where('display_name', '=', MENTOR_NAME)) ??
    (await createProfileAs(engine.ctx, { displayName: MENTOR_NAME, role: 'mentor', passphrase: 'mentor passphrase' }, 'owner'));
  await engine.call('profiles.select', { profileId: mentor.id, passphrase: 'mentor passphrase' });
  await engine.call('reviews.claim', { runId });
  const full = { accuracy: 4, method: 2, judgement: 3, communication: 2 };
  await engine.call('reviews.saveDraft', {
    runId,
    overall: texts.feedback ?? MENTOR_FEEDBACK,
    stages: [
      { stageId: 'triage', criteria: full, comment: texts.stageFeedback ?? 'Good clustering; cite the alert ids in the sheet.', recipeIds: ['triage-alert-queue'] },
      { stageId: 'escalate-incident', criteria: { ...full, accuracy: 2 }, comment: 'The second recipient was missed.', recipeIds: ['writing-incident-updates'] },
      { stageId: 'shift-report', criteria: full, comment: '', recipeIds: [] },
    ],
  });
  await engine.call('reviews.finish', { runId });
  await engine.call('profiles.select', { profileId });
  return runId;
}
