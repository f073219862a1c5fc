// The written response of a task stage (a ticket, a report): the pack's prompt, a Markdown editor
// with Write and Preview tabs that starts from the template, saved as the learner types with a
// visible saved state, and a live word count against the minimum. Once the stage is completed, or
// the run is no longer in progress, the response is shown rendered and cannot change.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { StageResponseView } from '../../../shared/api/views.ts';
import { countResponseWords, responseBlocker, wordsNeeded } from '../../../shared/response-words.ts';
import { Markdown } from '../../components/Markdown.tsx';
import { draftKey, hasUnsavedChange, useResponses, type ResponseDraft } from '../../stores/response-store.ts';
import { useRun } from '../../stores/run-store.ts';
import { formatDateTime, plural } from './run-format.ts';
import './response.css';

interface Props {
  stageId: string;
  response: StageResponseView;
  /** The stage body's path in the pack: links in the response resolve from it, as in the body. */
  filePath: string;
}

export function ResponsePanel({ stageId, response, filePath }: Props) {
  const headingId = `response-${stageId}-title`;
  return (
    <section className="panel response" aria-labelledby={headingId}>
      <div className="row panel-title">
        <h3 id={headingId}>Written response</h3>
        {response.required ? <span className="badge badge-warn">Required</span> : <span className="badge">Optional</span>}
      </div>
      <p className="response-prompt" id={`response-${stageId}-prompt`}>{response.prompt}</p>
      {response.editable ? <ResponseEditor stageId={stageId} response={response} filePath={filePath} /> : <ResponseText response={response} filePath={filePath} />}
    </section>
  );
}

function ResponseEditor({ stageId, response, filePath }: Props) {
  const runId = useRun((s) => s.run?.id ?? '');
  const packVersionId = useRun((s) => s.run?.packVersionId ?? 0);
  const draft = useResponses((s) => s.drafts[draftKey(runId, stageId)]);
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const tabs = useRef<Record<'write' | 'preview', HTMLButtonElement | null>>({ write: null, preview: null });

  useEffect(() => {
    useResponses.getState().open(runId, stageId, response);
  }, [runId, stageId, response]);
  // A change still waiting for its save goes out when the stage leaves the screen.
  useEffect(() => () => void useResponses.getState().flush(runId, stageId), [runId, stageId]);

  const text = draft?.text ?? (response.text || response.template || '');
  const words = countResponseWords(text, response.template);
  // The count shows the pack's minimum; a required response with none still needs a word.
  const target = response.minWords;
  const enough = words >= (response.required ? wordsNeeded(target) : target);
  const id = (part: string): string => `response-${stageId}-${part}`;

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>): void => {
    const order = ['write', 'preview'] as const;
    const at = order.indexOf(tab);
    // Two tabs: either arrow moves to the other one.
    const to = event.key === 'ArrowRight' || event.key === 'ArrowLeft' ? order[1 - at] : event.key === 'Home' ? 'write' : event.key === 'End' ? 'preview' : null;
    if (!to) return;
    event.preventDefault();
    setTab(to);
    tabs.current[to]?.focus();
  };

  return (
    <div className="response-editor">
      <div className="response-tabs" role="tablist" aria-label="Response editor">
        {(['write', 'preview'] as const).map((name) => (
          <button
            key={name}
            ref={(el) => {
              tabs.current[name] = el;
            }}
            type="button"
            role="tab"
            id={id(`tab-${name}`)}
            aria-selected={tab === name}
            aria-controls={id(`panel-${name}`)}
            tabIndex={tab === name ? 0 : -1}
            className="response-tab"
            onClick={() => setTab(name)}
            onKeyDown={onTabKey}
          >
            {name === 'write' ? 'Write' : 'Preview'}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={id('panel-write')} aria-labelledby={id('tab-write')} hidden={tab !== 'write'} className="response-panel">
        <label htmlFor={id('text')} className="response-label">Your response <span className="muted">(Markdown: # headings, - lists, **bold**, | tables |)</span></label>
        <textarea
          id={id('text')}
          className="response-text"
          rows={16}
          value={text}
          spellCheck
          aria-describedby={`${id('prompt')} ${id('count')}`}
          onChange={(e) => useResponses.getState().edit(runId, stageId, e.target.value)}
        />
      </div>
      <div role="tabpanel" id={id('panel-preview')} aria-labelledby={id('tab-preview')} hidden={tab !== 'preview'} className="response-panel response-preview" tabIndex={0}>
        {tab === 'preview' && (text.trim() ? <Markdown markdown={text} filePath={filePath} packVersionId={packVersionId} lineBreaks /> : <p className="muted">Nothing written yet.</p>)}
      </div>
      <div className="row response-foot">
        <span id={id('count')} className={`word-count ${enough && words > 0 ? 'word-count-ok' : ''}`}>
          <span aria-hidden="true">{enough && words > 0 ? '✓ ' : ''}</span>
          {target > 0 ? `${words} / ${target} words` : plural(words, 'word')}
          {words < target && <span className="muted"> · {target - words} more needed</span>}
        </span>
        {response.template && <span className="muted response-note">Lines left as in the template do not count.</span>}
        <span className="spacer" />
        <span className="save-state muted" role="status">{draft ? saveState(draft) : ''}</span>
      </div>
    </div>
  );
}

function saveState(draft: ResponseDraft): string {
  if (draft.saving) return 'Saving…';
  if (hasUnsavedChange(draft)) return 'Not saved yet';
  return draft.savedText && draft.text === draft.savedText ? 'Saved' : '';
}

/** The response as it was saved, rendered: after the stage is completed and on the run summary. */
export function ResponseText({ response, filePath }: { response: StageResponseView; filePath: string }) {
  const packVersionId = useRun((s) => s.run?.packVersionId ?? 0);
  if (!response.text.trim()) return <p className="muted">No response was written.</p>;
  return (
    <div className="response-read">
      <Markdown markdown={response.text} filePath={filePath} packVersionId={packVersionId} className="response-markdown" lineBreaks />
      <p className="muted response-meta">
        {plural(response.words, 'word')}
        {response.savedAt !== null && ` · last saved ${formatDateTime(response.savedAt)}`}
      </p>
    </div>
  );
}

/**
 * The stage's blockers with the response's own replaced by one counted from the draft on screen, so
 * "Complete stage" follows the typing instead of the last saved word count.
 */
export function useLiveBlockers(stageId: string, blockers: string[], response: StageResponseView | null): string[] {
  const runId = useRun((s) => s.run?.id ?? '');
  const draft = useResponses((s) => s.drafts[draftKey(runId, stageId)]);
  if (!response?.editable || !draft) return blockers;
  const rule = { required: response.required, minWords: response.minWords };
  const saved = responseBlocker(rule, response.words);
  const live = responseBlocker(rule, countResponseWords(draft.text, response.template));
  return [...blockers.filter((blocker) => blocker !== saved), ...(live ? [live] : [])];
}

/** Saves the stage's waiting response change now; false when it could not be saved. */
export function saveResponseNow(stageId: string): Promise<boolean> {
  const runId = useRun.getState().run?.id;
  return runId ? useResponses.getState().flush(runId, stageId) : Promise.resolve(true);
}
