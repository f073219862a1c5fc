// The expected answers of a mission, for the author's eyes only: what each check accepts, the correct
// choices and pairs of each quiz question, and where each decision option leads.
import type { PreviewAcceptedView, PreviewQuestionKeyView, PreviewStageKeyView } from '../../../shared/api/contract.ts';
import { acceptedAnswers } from '../../../shared/pack/answer-match.ts';
import type { AnswerCheck, Question, Stage } from '../../../shared/pack/schema.ts';
import { attemptsAllowed } from '../checks/answer.ts';

export function stageKeys(stages: readonly Stage[]): PreviewStageKeyView[] {
  return stages.map((stage) =>
    stage.kind === 'decision'
      ? { stageId: stage.id, title: stage.title ?? stage.prompt, answer: null, questions: [], options: stage.options.map((o) => ({ id: o.id, label: o.label, next: o.next ?? null })) }
      : { stageId: stage.id, title: stage.title, answer: stage.answer ? answerKey(stage.answer) : null, questions: (stage.questions ?? []).map(questionKey), options: [] },
  );
}

function answerKey(answer: AnswerCheck): NonNullable<PreviewStageKeyView['answer']> {
  const accepted: PreviewAcceptedView[] = acceptedAnswers(answer).map((one) => ({ value: one.value === undefined ? null : String(one.value), pattern: one.pattern ?? null, match: one.match }));
  return { logic: answer.logic, attempts: attemptsAllowed(answer), accepted };
}

function questionKey(question: Question): PreviewQuestionKeyView {
  const base = { id: question.id, text: question.text, kind: question.kind, pairs: [], unscored: question.points === 0 };
  switch (question.kind) {
    case 'single':
    case 'multiple':
      return { ...base, correct: question.choices.filter((choice) => choice.correct).map((choice) => choice.text) };
    case 'text':
      return { ...base, correct: (question.accept ?? []).map(String) };
    case 'matching':
      return { ...base, correct: [], pairs: question.pairs.map((pair) => ({ left: pair.left, right: pair.right })) };
    case 'rating':
      return { ...base, correct: [] };
  }
}
