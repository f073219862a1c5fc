// "Tools used" on a task stage: the stage's suggested tools as checkboxes plus the learner's own
// entries. Each change is saved at once (tools used feed the mentor's view and the analytics).
import { useState, type FormEvent } from 'react';
import { useRun } from '../../stores/run-store.ts';

interface Props {
  stageId: string;
  tools: { suggested: string[]; used: string[] };
}

export function ToolsPicker({ stageId, tools }: Props) {
  const [draft, setDraft] = useState('');
  // The boxes answer at once; the engine's list replaces this one whenever it arrives.
  const [local, setLocal] = useState({ from: tools.used, used: tools.used });
  if (local.from !== tools.used) setLocal({ from: tools.used, used: tools.used });
  const used = local.used;
  const custom = used.filter((t) => !tools.suggested.includes(t));
  const all = [...tools.suggested, ...custom];
  const legendId = `tools-${stageId}`;

  const save = (next: string[]): void => {
    setLocal((l) => ({ ...l, used: next }));
    void useRun.getState().setTools(stageId, next);
  };
  const toggle = (tool: string, on: boolean): void => save(on ? [...used, tool] : used.filter((t) => t !== tool));
  const add = (event: FormEvent): void => {
    event.preventDefault();
    const tool = draft.trim();
    if (!tool) return;
    setDraft('');
    if (!used.some((t) => t.toLowerCase() === tool.toLowerCase())) save([...used, tool]);
  };

  return (
    <fieldset className="panel tools" aria-labelledby={legendId}>
      <legend id={legendId} className="panel-legend">Tools used</legend>
      {all.length > 0 ? (
        <div className="tool-choices">
          {all.map((tool) => (
            <label key={tool} className="choice tool-choice">
              <input type="checkbox" checked={used.includes(tool)} onChange={(e) => toggle(tool, e.target.checked)} />
              <span className="mono">{tool}</span>
            </label>
          ))}
        </div>
      ) : (
        <p className="muted">No tools suggested for this stage.</p>
      )}
      <form className="row add-tool" onSubmit={add}>
        <label htmlFor={`add-tool-${stageId}`} className="visually-hidden">Add a tool</label>
        <input id={`add-tool-${stageId}`} type="text" placeholder="Add a tool" value={draft} maxLength={60} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit" className="btn btn-small" disabled={draft.trim() === ''}>Add</button>
      </form>
    </fieldset>
  );
}
