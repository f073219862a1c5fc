// SOC-01 played to its submission through the API, as the signed-in learner, along the escalation
// path: evidence, the answer, the decision, both written responses and the reflection. For tests
// where only a submitted run matters (reviews, the portfolio, the summary).
import { Readable } from 'node:stream';
import type { Engine } from '../../electron/engine/engine.ts';

export interface SocPlaythrough {
  evidence: Array<{ fileName: string; bytes: Buffer }>;
  escalation: string;
  handover: string;
  reflection: string;
}

export async function submitSoc01(engine: Engine, profileId: string, play: SocPlaythrough): Promise<string> {
  const call = (method: string, input: Record<string, unknown>) => engine.call(method, { profileId, ...input });
  const cards = (await call('catalog.list', {})) as Array<{ code: string; missionId: number }>;
  const missionId = cards.find((c) => c.code === 'SOC-01')?.missionId;
  const runId = ((await call('runs.start', { missionId })) as { id: string }).id;
  for (const file of play.evidence) await engine.uploadEvidence({ profileId, runId, stageId: 'triage', fileName: file.fileName }, Readable.from([file.bytes]));
  await call('checks.answer', { runId, stageId: 'triage', answer: 'NWH-BIL-WS023' });
  await call('stages.complete', { runId, stageId: 'triage' });
  await call('decisions.take', { runId, stageId: 'verdict', optionId: 'escalate' });
  await call('responses.save', { runId, stageId: 'escalate-incident', text: play.escalation });
  await call('stages.complete', { runId, stageId: 'escalate-incident' });
  await call('responses.save', { runId, stageId: 'shift-report', text: play.handover });
  await call('stages.complete', { runId, stageId: 'shift-report' });
  await call('reflection.save', { runId, text: play.reflection });
  await call('runs.submit', { runId });
  return runId;
}
