// The path taken through the mission graph so far, drawn as a compact vertical diagram (task boxes,
// decision diamonds with the option chosen on the way out, the open decision's options as branches).
// The drawing is decorative; a sentence gives the same path as text.
import type { PathEntry, StageView } from '../../../shared/api/views.ts';
import { useRun } from '../../stores/run-store.ts';
import { entryTitle } from './run-format.ts';

export function PathGraph() {
  const path = useRun((s) => s.run?.path);
  const stages = useRun((s) => s.run?.stages);
  const currentId = useRun((s) => s.run?.currentStageId ?? null);
  const options = useRun((s) => {
    const stage = s.run?.stages.find((st) => st.id === s.run?.currentStageId);
    return stage?.kind === 'decision' ? stage.options : null;
  });
  if (!path || !stages) return null;
  return (
    <figure className="path-graph card" aria-labelledby="path-graph-title">
      <figcaption id="path-graph-title" className="path-graph-title">Your path so far</figcaption>
      <p className="visually-hidden">{describePath(path, stages, currentId, options?.length ?? 0)}</p>
      <ol className="graph" aria-hidden="true">
        {path.map((entry) => {
          const now = entry.stageId === currentId;
          return (
            <li key={entry.stageId} className={`graph-node graph-${entry.kind} ${now ? 'graph-now' : entry.completed ? 'graph-done' : ''}`}>
              <span className="graph-box">
                <span className="graph-shape" />
                <span className="graph-text">
                  <span className="graph-title">{entryTitle(stages, entry)}</span>
                  <span className="graph-meta">{entry.kind === 'decision' ? 'Decision' : 'Task'} · {now ? 'now' : entry.completed ? 'done' : 'open'}</span>
                </span>
              </span>
              {entry.choice && <span className="graph-edge-label">{entry.choice}</span>}
              {now && options && options.length > 0 && (
                <ul className="graph-branches">
                  {options.map((o) => (
                    <li key={o.id}>{o.label}</li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </figure>
  );
}

function describePath(path: PathEntry[], stages: StageView[], currentId: string | null, offered: number): string {
  const steps = path.map((entry, index) => {
    const kind = entry.kind === 'decision' ? 'decision' : 'task';
    const state = entry.stageId === currentId ? (entry.kind === 'decision' ? `you are here, ${offered} options offered` : 'you are here') : entry.completed ? 'done' : 'not done';
    return `${index + 1}. ${kind} “${entryTitle(stages, entry)}”, ${state}${entry.choice ? `, chose “${entry.choice}”` : ''}.`;
  });
  return `Path so far, ${path.length} ${path.length === 1 ? 'stage' : 'stages'}: ${steps.join(' ')}`;
}
