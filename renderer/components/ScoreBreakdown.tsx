// How a score comes about, line by line (DESIGN.md "Scoring"): each task stage on the path with its
// weight, its points of the maximum and what it adds, then decision changes and hint penalties, the
// total before and after clamping, and pass or fail. The mentor sees it live while scoring; the
// learner sees the same lines once the run is reviewed.
import type { ScoreBreakdown as Breakdown, ScoreLine } from '../../shared/api/views.ts';
import { MissionIcon } from './MissionIcon.tsx';
import './score-breakdown.css';

const SOURCE: Record<ScoreLine['source'], string> = {
  rubric: 'Rubric',
  auto: 'Auto-checked',
  pending: 'Not scored yet',
  unweighted: 'Not weighted',
};

/** Two decimals at most, as the engine keeps the score, and a real minus sign. */
export function formatPoints(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return `${rounded < 0 ? '−' : ''}${Math.abs(rounded).toLocaleString(undefined, { maximumFractionDigits: 2 })}`;
}

function signed(value: number): string {
  return value > 0 ? `+${formatPoints(value)}` : formatPoints(value);
}

export function ScoreBreakdown({ breakdown, title = 'Score breakdown', headingLevel = 2 }: { breakdown: Breakdown; title?: string; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const clamped = breakdown.raw !== null && breakdown.score !== null && breakdown.raw !== breakdown.score;
  return (
    <section className="score-breakdown" aria-labelledby="score-breakdown-title">
      <Heading id="score-breakdown-title" className="score-breakdown-title">{title}</Heading>
      <table className="score-table">
        <caption className="visually-hidden">Points per stage, score changes and penalties</caption>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col" className="num">Weight</th>
            <th scope="col" className="num">Points</th>
            <th scope="col" className="num">Adds</th>
          </tr>
        </thead>
        <tbody>
          {breakdown.lines.map((line) => (
            <tr key={line.stageId} className={line.source === 'pending' ? 'score-pending' : undefined}>
              <th scope="row">
                <span className="score-stage">{line.title}</span>
                <span className="score-source">
                  {SOURCE[line.source]}
                  {line.required && ' · required'}
                  {!line.done && ' · not done'}
                  {line.deductions?.solutionShown && ' · solution shown: 0'}
                  {line.deductions && line.deductions.hintPoints > 0 && !line.deductions.solutionShown && ` · hints −${formatPoints(line.deductions.hintPoints)} of ${line.weight}`}
                  {line.part === 'assessment' && ' · assessment'}
                </span>
              </th>
              <td className="num">{line.weight}</td>
              <td className="num">{line.points !== null && line.maxPoints !== null ? `${formatPoints(line.points)} of ${formatPoints(line.maxPoints)}` : line.fraction !== null ? `${Math.round(line.fraction * 100)} %` : '—'}</td>
              <td className="num">{line.contribution !== null ? formatPoints(line.contribution) : '—'}</td>
            </tr>
          ))}
          {breakdown.decisionChanges.map((change) => (
            <tr key={`decision-${change.stageId}`} className="score-adjust">
              <th scope="row" colSpan={3}>
                <span className="score-stage">Decision: {change.optionLabel}</span>
                <span className="score-source">{change.title}</span>
              </th>
              <td className="num">{signed(change.change)}</td>
            </tr>
          ))}
          {breakdown.hintPenalties.map((hint) => (
            <tr key={`hint-${hint.stageId}-${hint.hint}`} className="score-adjust">
              <th scope="row" colSpan={3}>
                <span className="score-stage">Hint {hint.hint} revealed</span>
                <span className="score-source">
                  {hint.title}
                  {hint.stagePoints !== undefined && ` · −${formatPoints(hint.stagePoints)} stage points, taken in the stage's line`}
                </span>
              </th>
              <td className="num">{hint.stagePoints !== undefined && hint.penalty === 0 ? '—' : signed(-hint.penalty)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {breakdown.base !== null && (
            <tr>
              <th scope="row" colSpan={3}>Stages together</th>
              <td className="num">{formatPoints(breakdown.base)}</td>
            </tr>
          )}
          {clamped && breakdown.raw !== null && (
            <tr>
              <th scope="row" colSpan={3}>Before keeping within 0–100</th>
              <td className="num">{formatPoints(breakdown.raw)}</td>
            </tr>
          )}
          <tr className="score-total">
            <th scope="row" colSpan={3}>Score</th>
            <td className="num">{breakdown.score !== null ? `${formatPoints(breakdown.score)} / 100` : '—'}</td>
          </tr>
        </tfoot>
      </table>
      <Verdict breakdown={breakdown} />
    </section>
  );
}

function Verdict({ breakdown }: { breakdown: Breakdown }) {
  const titleOf = (stageId: string): string => breakdown.lines.find((l) => l.stageId === stageId)?.title ?? stageId;
  return (
    <div className="score-verdict stack">
      <p className="score-pass-line">
        {breakdown.passed === null ? (
          <span className="badge">Pass or fail once every stage is scored</span>
        ) : (
          <span className={`badge ${breakdown.passed ? 'badge-ok' : 'badge-danger'}`}>
            <MissionIcon name={breakdown.passed ? 'check' : 'cross'} /> {breakdown.passed ? 'Passes' : 'Does not pass'}
          </span>
        )}{' '}
        <span className="muted">Pass score {breakdown.passScore}</span>
      </p>
      {breakdown.totals && breakdown.totals.assessment.max > 0 && (
        <p className="muted score-note">
          Training: {formatPoints(breakdown.totals.training.points)} of {formatPoints(breakdown.totals.training.max)} points · Assessment: {formatPoints(breakdown.totals.assessment.points)} of {formatPoints(breakdown.totals.assessment.max)} points
        </p>
      )}
      {breakdown.pendingReview.length > 0 && <p className="muted score-note">Still to score: {breakdown.pendingReview.map(titleOf).join(', ')}</p>}
      {breakdown.missingRequired.length > 0 && <p className="score-note score-missing">Required but not done: {breakdown.missingRequired.map(titleOf).join(', ')}</p>}
    </div>
  );
}
