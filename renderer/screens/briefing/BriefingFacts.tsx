// The briefing's side panel: time limit and what the deadline does, pass score, size of the mission,
// the reflection asked for, and which pack it comes from. The size counts the stages on a path, not in
// the whole graph.
import type { MissionBriefing } from '../../../shared/api/views.ts';
import type { OnDeadline } from '../../../shared/pack/vocabulary.ts';
import { formatMinutes } from '../../../shared/text.ts';
import { stageRangeText, tasksOnPathText } from './path-words.ts';

const DEADLINE_WORDS: Record<OnDeadline, string> = {
  submit: 'At the deadline your run is submitted as it stands.',
  lock: 'At the deadline your run is locked as it stands and cannot be submitted.',
  none: 'Nothing happens at the deadline; the limit is a guide.',
};

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function BriefingFacts({ b }: { b: MissionBriefing }) {
  return (
    <aside className="briefing-facts card" aria-labelledby="briefing-facts-title">
      <div className="card-body">
        <h2 id="briefing-facts-title">At a glance</h2>
        <dl className="facts">
          <div>
            <dt>Time</dt>
            <dd>
              <strong>{b.timeLimitMinutes !== null ? `Time limit: ${formatMinutes(b.timeLimitMinutes)}` : 'No time limit'}</strong>
              {b.timeLimitMinutes !== null && <span className="facts-note">{DEADLINE_WORDS[b.onDeadline]}</span>}
              {b.timeLimitMinutes !== null && <span className="facts-note">The clock starts with the mission and keeps running when you leave it, even while Outpost is closed.</span>}
            </dd>
          </div>
          {b.estimatedMinutes !== null && (
            <div>
              <dt>Expected effort</dt>
              <dd>About {formatMinutes(b.estimatedMinutes)}</dd>
            </div>
          )}
          <div>
            <dt>To pass</dt>
            <dd>A score of {b.passScore} / 100</dd>
          </div>
          {b.bestScore !== null && (
            <div>
              <dt>Your best score</dt>
              <dd>{Math.round(b.bestScore)} / 100</dd>
            </div>
          )}
          <div>
            <dt>Stages</dt>
            <dd>{tasksOnPathText(b.tasksOnPath)} · {stageRangeText(b.decisionsOnPath, 'decision', 'decisions')}</dd>
          </div>
          <div>
            <dt>Reflection</dt>
            <dd>
              {b.reflection ? (
                <>
                  <strong>{b.reflection.required ? `Required, at least ${count(b.reflection.minWords, 'word', 'words')}` : 'Optional'}</strong>
                  <span className="facts-note">“{b.reflection.prompt}”</span>
                </>
              ) : (
                'None asked for'
              )}
            </dd>
          </div>
          <div>
            <dt>Pack</dt>
            <dd>{b.packTitle} <span className="muted">version {b.packVersion}</span></dd>
          </div>
          {b.attribution && (
            <div>
              <dt>Credits</dt>
              <dd>
                {b.attribution.authors.length > 0 && <span>By {b.attribution.authors.join(', ')}</span>}
                {b.attribution.source && (
                  <span className="facts-note">
                    Adapted from {b.attribution.source.name}
                    {b.attribution.source.url && <> (<span className="mono">{b.attribution.source.url}</span>)</>}
                    {b.attribution.source.note && <>: {b.attribution.source.note}</>}
                  </span>
                )}
                {b.attribution.license && <span className="facts-note">Licence: {b.attribution.license}</span>}
              </dd>
            </div>
          )}
        </dl>
      </div>
    </aside>
  );
}
