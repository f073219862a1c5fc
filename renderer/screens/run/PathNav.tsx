// The "Mission path" stepper: the stages taken so far, each done or current in words and icon,
// decisions with the option chosen. Finished stages can be opened again to look back at them.
import { useRun } from '../../stores/run-store.ts';
import { entryTitle } from './run-format.ts';

interface Props {
  /** The stage the learner is on, or the completion step. */
  current: string;
  /** The stage on screen (the current one, or a finished one being looked at). */
  shown: string;
  onShow(stageId: string): void;
}

export function PathNav({ current, shown, onShow }: Props) {
  const path = useRun((s) => s.run?.path);
  const stages = useRun((s) => s.run?.stages);
  const pathComplete = useRun((s) => s.run?.pathComplete ?? false);
  if (!path || !stages) return null;
  return (
    <nav className="path-nav" aria-labelledby="path-nav-title">
      <h2 id="path-nav-title" className="path-nav-title">Mission path</h2>
      <ol>
        {path.map((entry) => {
          const isCurrent = entry.stageId === current;
          const state = isCurrent ? 'current' : entry.completed ? 'done' : 'open';
          const label = (
            <>
              <span className={`path-marker path-marker-${state}`} aria-hidden="true">{state === 'done' ? '✓' : state === 'current' ? '▶' : '○'}</span>
              <span className="path-text">
                <span className="path-kind">{entry.kind === 'decision' ? 'Decision' : 'Task'} · {state === 'done' ? 'Done' : state === 'current' ? 'Current' : 'Not done'}</span>
                <span className="path-title">{entryTitle(stages, entry)}</span>
                {entry.choice && <span className="path-choice">Chose: {entry.choice}</span>}
              </span>
            </>
          );
          return (
            <li key={entry.stageId} className={`path-entry path-entry-${state} ${shown === entry.stageId ? 'path-entry-shown' : ''}`} aria-current={isCurrent ? 'step' : undefined}>
              {isCurrent || shown === entry.stageId ? (
                <div className="path-entry-body">{label}</div>
              ) : (
                <button type="button" className="path-entry-body path-entry-button" onClick={() => onShow(entry.stageId)}>{label}</button>
              )}
            </li>
          );
        })}
        <li className={`path-entry ${pathComplete ? 'path-entry-current' : 'path-entry-open'}`} aria-current={pathComplete ? 'step' : undefined}>
          {pathComplete && shown !== current ? (
            <button type="button" className="path-entry-body path-entry-button" onClick={() => onShow(current)}>
              <CompletionLabel active />
            </button>
          ) : (
            <div className="path-entry-body"><CompletionLabel active={pathComplete} /></div>
          )}
        </li>
      </ol>
    </nav>
  );
}

function CompletionLabel({ active }: { active: boolean }) {
  return (
    <>
      <span className={`path-marker path-marker-${active ? 'current' : 'open'}`} aria-hidden="true">{active ? '▶' : '○'}</span>
      <span className="path-text">
        <span className="path-kind">Finish · {active ? 'Current' : 'Later'}</span>
        <span className="path-title">Reflection and submission</span>
      </span>
    </>
  );
}
