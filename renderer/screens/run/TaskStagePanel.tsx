// A task stage: its text, the auto-checks (answer, quiz), the written response, evidence, hints and
// tools, and "Complete stage" with what still blocks it in words.
import type { RefObject } from 'react';
import type { TaskStageView } from '../../../shared/api/views.ts';
import { Markdown } from '../../components/Markdown.tsx';
import { useRun } from '../../stores/run-store.ts';
import { AnswerCheck } from './AnswerCheck.tsx';
import { EvidencePanel } from './EvidencePanel.tsx';
import { HintsPanel } from './HintsPanel.tsx';
import { QuizForm } from './QuizForm.tsx';
import { ResponsePanel, saveResponseNow, useLiveBlockers } from './ResponsePanel.tsx';
import { SolutionPanel } from './SolutionPanel.tsx';
import { withoutLeadingTitle } from './run-format.ts';
import { ToolsPicker } from './ToolsPicker.tsx';

interface Props {
  stage: TaskStageView;
  headingRef: RefObject<HTMLHeadingElement | null>;
}

export function TaskStagePanel({ stage, headingRef }: Props) {
  const packVersionId = useRun((s) => s.run?.packVersionId ?? 0);
  // A stage behind the current one that is not completed lost its evidence and was reopened.
  const reopened = useRun((s) => !stage.completed && s.run !== null && s.run.currentStageId !== stage.id);
  const headingId = `stage-${stage.id}-title`;
  return (
    <section className="stage card" aria-labelledby={headingId}>
      <div className="card-body stack">
        <header className="stage-header">
          <h2 id={headingId} ref={headingRef} tabIndex={-1}>{stage.title}</h2>
          <div className="row stage-badges">
            {stage.completed ? (
              <span className="badge badge-ok">✓ Completed</span>
            ) : reopened ? (
              <span className="badge badge-warn">Reopened: complete it again</span>
            ) : (
              <span className="badge badge-accent">▶ In progress</span>
            )}
            {stage.required && <span className="badge">Required</span>}
            {stage.weight > 0 && <span className="badge">Weight {stage.weight}</span>}
            {stage.part === 'assessment' && <span className="badge">Assessment</span>}
            {stage.estimatedMinutes !== null && <span className="badge">About {stage.estimatedMinutes} min</span>}
          </div>
          {stage.tags.length > 0 && (
            <ul className="row stage-tags" aria-label="Tags">
              {stage.tags.map((tag) => <li key={tag} className="tag mono">{tag}</li>)}
            </ul>
          )}
        </header>
        <Markdown markdown={withoutLeadingTitle(stage.body, stage.title)} filePath={stage.bodyPath} packVersionId={packVersionId} className="stage-body" />
        {stage.answer && <AnswerCheck stageId={stage.id} answer={stage.answer} />}
        {stage.quiz && <QuizForm stageId={stage.id} quiz={stage.quiz} />}
        {stage.response && <ResponsePanel key={stage.id} stageId={stage.id} response={stage.response} filePath={stage.bodyPath} />}
        {stage.evidence.rule && <EvidencePanel stageId={stage.id} rule={stage.evidence.rule} files={stage.evidence.files} completed={stage.completed} />}
        {stage.hints.length > 0 && <HintsPanel stage={stage} />}
        {stage.solution && <SolutionPanel stageId={stage.id} solution={stage.solution} filePath={stage.bodyPath} completed={stage.completed} />}
        <ToolsPicker stageId={stage.id} tools={stage.tools} />
        {!stage.completed && <CompleteStage stage={stage} />}
      </div>
    </section>
  );
}

function CompleteStage({ stage }: { stage: TaskStageView }) {
  const stageId = stage.id;
  const blockers = useLiveBlockers(stageId, stage.blockers, stage.response);
  const busy = useRun((s) => s.busy);
  return (
    <footer className="stage-footer">
      {blockers.length > 0 && (
        <div className="blockers" id={`blockers-${stageId}`}>
          <p className="blockers-title">Before you can complete this stage:</p>
          <ul>
            {blockers.map((blocker) => (
              <li key={blocker}><span aria-hidden="true">✗ </span>{blocker}</li>
            ))}
          </ul>
        </div>
      )}
      <button
        type="button"
        className="btn btn-primary"
        disabled={blockers.length > 0 || busy}
        aria-describedby={blockers.length > 0 ? `blockers-${stageId}` : undefined}
        onClick={async () => {
          // The response as typed is what the stage is completed with.
          if (await saveResponseNow(stageId)) await useRun.getState().completeStage(stageId);
        }}
      >
        Complete stage
      </button>
    </footer>
  );
}
