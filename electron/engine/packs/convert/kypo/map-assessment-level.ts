// A KYPO assessment level as a quiz stage counted in the assessment total. A test is worth the sum of
// its questions' points, each question all-or-nothing as the platform grades it: a multiple-choice
// question (MCQ) only when exactly the correct choices are picked, a free-form one (FFQ) when the text
// is one of its answers as written, an extended-matching one (EMI) only when every statement is
// matched. A questionnaire scores nothing: its questions are asked and recorded.
import { ConvertError } from '../pack-draft.ts';
import { labelOf, type KypoAssessmentLevel, type KypoQuestion, type SourcedLevel } from './kypo-source.ts';
import type { KypoReport } from './kypo-report.ts';
import { byOrder, markdown, minutesOf, rawList, type MappedStage, type QuestionDraft, type StageDraft } from './stage-draft.ts';

const MAPPED_FIELDS = ['title', 'level_type', 'order', 'estimated_duration', 'assessment_type', 'instructions', 'questions'] as const;
// `penalty` has no place: Outpost scores a wrong answer 0, never below (reported when set).
const MAPPED_QUESTION_FIELDS = ['question_type', 'text', 'points', 'order', 'answer_required', 'choices', 'extended_matching_options', 'extended_matching_statements'] as const;

const NESTED_FIELDS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['choices', ['text', 'correct', 'order']],
  ['extended_matching_options', ['text', 'order']],
  ['extended_matching_statements', ['text', 'order', 'correct_option_order']],
];

export function mapAssessmentLevel(sourced: SourcedLevel, level: KypoAssessmentLevel, id: string, report: KypoReport): MappedStage {
  report.keepUnmapped(sourced.where, sourced.raw, MAPPED_FIELDS);
  if (level.questions.length === 0) throw new ConvertError(labelOf(sourced.where, level), 'has no questions');
  const scored = level.assessment_type === 'TEST';
  const raw = rawList(sourced.raw, 'questions');
  const questions = byOrder(level.questions).map(({ item, index }, n) => {
    const where = `${sourced.where}.questions[${index}]`;
    // A penalty of 0 is what Outpost does anyway.
    const rawQuestion = raw[index] ?? {};
    report.keepUnmapped(where, rawQuestion, item.penalty > 0 ? MAPPED_QUESTION_FIELDS : [...MAPPED_QUESTION_FIELDS, 'penalty']);
    for (const [list, mapped] of NESTED_FIELDS) rawList(rawQuestion, list).forEach((entry, j) => report.keepUnmapped(`${where}.${list}[${j}]`, entry, mapped));
    const named = `${where} of "${level.title.trim()}"`;
    if (scored && item.penalty > 0) report.unsupportedAt(named, `a wrong answer costs ${item.penalty} points on the platform (penalty); Outpost scores it 0`);
    return mapQuestion(item, `q${n + 1}`, scored, named, report);
  }).flat();
  const stage: StageDraft = {
    id,
    kind: 'task',
    title: level.title.trim(),
    body: `stages/${id}.md`,
    weight: questions.reduce((sum, question) => sum + (question.points ?? 0), 0),
    part: 'assessment',
    questions,
  };
  const minutes = minutesOf(level.estimated_duration);
  if (minutes !== undefined) stage.estimated_minutes = minutes;
  return { stage, files: [{ path: `stages/${id}.md`, content: markdown(level.instructions?.trim() ? level.instructions : level.title) }] };
}

function mapQuestion(question: KypoQuestion, id: string, scored: boolean, where: string, report: KypoReport): QuestionDraft | QuestionDraft[] {
  const base = { id, text: question.text.trim(), points: scored ? question.points : 0, required: question.answer_required };
  switch (question.question_type) {
    case 'MCQ':
      return multipleChoice(question, base, scored, where);
    case 'FFQ':
      return freeForm(question, base, scored, where, report);
    case 'EMI':
      return matching(question, base, scored, where, report);
  }
}

function multipleChoice(question: KypoQuestion, base: Omit<QuestionDraft, 'kind'>, scored: boolean, where: string): QuestionDraft {
  const choices = byOrder(question.choices ?? []).map(({ item }) => ({ text: item.text.trim(), correct: item.correct === true }));
  if (choices.length < 2) throw new ConvertError(where, 'a multiple-choice question needs at least two choices');
  const correct = choices.filter((choice) => choice.correct).length;
  if (scored && correct === 0) throw new ConvertError(where, 'a test question with no correct choice: no answer could earn its points');
  if (correct === 1) return { ...base, kind: 'single', choices };
  return { ...base, kind: 'multiple', scoring: 'all_or_nothing', choices };
}

function freeForm(question: KypoQuestion, base: Omit<QuestionDraft, 'kind'>, scored: boolean, where: string, report: KypoReport): QuestionDraft {
  const accept = [...new Set((question.choices ?? []).map((choice) => choice.text.trim()).filter((text) => text !== ''))];
  if (!scored) return { ...base, kind: 'text' };
  if (accept.length === 0) {
    report.unsupportedAt(where, 'a free-form test question with no correct answer listed: it is asked but not scored');
    return { ...base, points: 0, kind: 'text' };
  }
  return { ...base, kind: 'text', accept, match: 'exact' };
}

// Outpost offers each right-hand item once; an EMI whose statements share an option is asked as one
// single-choice question per statement instead, its points shared out evenly. A questionnaire's EMI
// may name no correct options at all (the platform only asks a test for them): asked the same way.
function matching(question: KypoQuestion, base: Omit<QuestionDraft, 'kind'>, scored: boolean, where: string, report: KypoReport): QuestionDraft | QuestionDraft[] {
  const options = byOrder(question.extended_matching_options ?? []).map(({ item }) => item);
  const statements = byOrder(question.extended_matching_statements ?? []).map(({ item }) => item);
  if (statements.length < 2) throw new ConvertError(where, 'an extended-matching question needs at least two statements');
  if (!scored && statements.some((statement) => !options.some((option) => option.order === statement.correct_option_order))) {
    const choices = [...new Set(options.map((option) => option.text.trim()))];
    if (choices.length < 2) throw new ConvertError(where, 'an extended-matching question needs at least two options');
    return statements.map((statement, i) => ({ ...base, id: `${base.id}-${i + 1}`, text: `${base.text}: ${statement.text.trim()}`, kind: 'single' as const, choices: choices.map((text) => ({ text, correct: false })) }));
  }
  const pairs = statements.map((statement) => {
    const option = options.find((candidate) => candidate.order === statement.correct_option_order);
    if (!option) throw new ConvertError(where, `the statement "${statement.text.trim()}" names no existing correct option (correct_option_order)`);
    return { left: statement.text.trim(), right: option.text.trim() };
  });
  const used = new Set(pairs.map((pair) => pair.right));
  if (used.size < pairs.length) {
    if (scored) report.unsupportedAt(where, 'statements share a correct option, which a matching question cannot show: each statement is its own single-choice question worth an equal share of the points, so a partly right answer earns its share where the platform gave nothing');
    const choices = [...new Set(options.map((option) => option.text.trim()))];
    return pairs.map((pair, i) => ({
      ...base,
      id: `${base.id}-${i + 1}`,
      text: `${base.text}: ${pair.left}`,
      points: (base.points ?? 0) / pairs.length,
      kind: 'single' as const,
      choices: choices.map((text) => ({ text, correct: text === pair.right })),
    }));
  }
  const distractors = [...new Set(options.map((option) => option.text.trim()).filter((text) => !used.has(text)))];
  return { ...base, kind: 'matching', pairs, distractors, scoring: 'all_or_nothing' };
}
