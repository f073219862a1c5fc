// The progress figures of a run (time per stage, hints used, tools used, the decision path and the
// drop-off stage), derived from its telemetry events alone, as the analytics will compute them.
import type { TelemetryEvent } from './xapi.ts';

export interface RunProgress {
  /** Active milliseconds per stage id, from the stage-left events. */
  activeMsByStage: Record<string, number>;
  hintsUsed: number;
  hintPenalties: number;
  toolsByStage: Record<string, string[]>;
  decisions: Array<{ stageId: string; optionId: string }>;
  stagesEntered: string[];
  /** The stage a run stopped on without finishing it (abandoned, locked, or still open); null when finished. */
  dropOffStage: string | null;
  submitted: boolean;
}

const stageOf = (objectId: string): string => objectId.split('/')[1] ?? objectId;

export function deriveProgress(events: readonly TelemetryEvent[]): RunProgress {
  const progress: RunProgress = { activeMsByStage: {}, hintsUsed: 0, hintPenalties: 0, toolsByStage: {}, decisions: [], stagesEntered: [], dropOffStage: null, submitted: false };
  let open: string | null = null;
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    switch (event.verb) {
      case 'stage.entered':
        open = stageOf(event.objectId);
        progress.stagesEntered.push(open);
        break;
      case 'stage.left': {
        const stage = stageOf(event.objectId);
        progress.activeMsByStage[stage] = (progress.activeMsByStage[stage] ?? 0) + Number(event.context.activeMs ?? 0);
        if (open === stage) open = null;
        break;
      }
      case 'hint.revealed':
        progress.hintsUsed++;
        progress.hintPenalties += Number(event.context.penalty ?? 0);
        break;
      case 'stage.tools':
        progress.toolsByStage[stageOf(event.objectId)] = (event.context.tools as string[] | undefined) ?? [];
        break;
      case 'decision.taken':
        progress.decisions.push({ stageId: stageOf(event.objectId), optionId: String(event.context.optionId) });
        break;
      case 'decision.undone':
        progress.decisions = progress.decisions.filter((d) => d.stageId !== stageOf(event.objectId));
        break;
      case 'mission.submitted':
      case 'mission.auto-submitted':
        progress.submitted = true;
        break;
      default:
        break;
    }
  }
  progress.dropOffStage = progress.submitted ? null : open;
  return progress;
}
