// The rules of one mission that a schema cannot say (DESIGN.md "Graph rules"): the stage graph, the
// decision options and the auto-checks. Pure, so the importer, the CLI and tests share it.
import type { DecisionStage, Mission, Question, Stage } from './schema.ts';
import type { PackIssueSeverity } from './issues.ts';

export interface RuleIssue {
  severity: PackIssueSeverity;
  path: Array<string | number>;
  message: string;
}

export function checkMission(mission: Mission): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const index = indexStages(mission, issues);
  checkEdges(mission, index, issues);
  if (!index.has(mission.start)) {
    issues.push(error(['start'], `start stage "${mission.start}" does not exist`));
  } else {
    checkReachable(mission, index, issues);
    checkAcyclic(mission, index, issues);
  }
  mission.stages.forEach((stage, i) => {
    if (stage.kind === 'decision') checkDecision(stage, i, issues);
    else stage.questions?.forEach((q, j) => checkQuestion(q, ['stages', i, 'questions', j], issues));
    if (stage.kind === 'task') checkUniqueQuestionIds(stage.questions ?? [], i, issues);
  });
  checkScorable(mission, issues);
  return issues;
}

/** The stages a stage can lead to (a task's `next`, every option's `next`). */
export function successors(stage: Stage): string[] {
  if (stage.kind === 'task') return stage.next ? [stage.next] : [];
  return stage.options.flatMap((option) => (option.next ? [option.next] : []));
}

function indexStages(mission: Mission, issues: RuleIssue[]): Map<string, number> {
  const index = new Map<string, number>();
  mission.stages.forEach((stage, i) => {
    if (index.has(stage.id)) issues.push(error(['stages', i, 'id'], `stage id "${stage.id}" is used twice`));
    else index.set(stage.id, i);
  });
  return index;
}

function checkEdges(mission: Mission, index: Map<string, number>, issues: RuleIssue[]): void {
  mission.stages.forEach((stage, i) => {
    if (stage.kind === 'task' && stage.next && !index.has(stage.next)) {
      issues.push(error(['stages', i, 'next'], `stage "${stage.id}" leads to "${stage.next}", which does not exist`));
    }
    if (stage.kind === 'decision') {
      stage.options.forEach((option, j) => {
        if (option.next && !index.has(option.next)) {
          issues.push(
            error(['stages', i, 'options', j, 'next'], `option "${option.id}" of "${stage.id}" leads to "${option.next}", which does not exist`),
          );
        }
      });
    }
  });
}

function checkReachable(mission: Mission, index: Map<string, number>, issues: RuleIssue[]): void {
  const seen = new Set<string>([mission.start]);
  const queue = [mission.start];
  while (queue.length > 0) {
    const stage = mission.stages[index.get(queue.pop() as string) as number] as Stage;
    for (const next of successors(stage)) {
      if (index.has(next) && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  mission.stages.forEach((stage, i) => {
    if (!seen.has(stage.id)) issues.push(error(['stages', i], `stage "${stage.id}" cannot be reached from start "${mission.start}"`));
  });
}

/** Depth-first search with colours; reports each cycle once, naming its stages in order. */
function checkAcyclic(mission: Mission, index: Map<string, number>, issues: RuleIssue[]): void {
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'open');
    trail.push(id);
    const i = index.get(id) as number;
    for (const next of successors(mission.stages[i] as Stage)) {
      if (!index.has(next)) continue;
      const seen = state.get(next);
      if (seen === 'open') {
        const cycle = [...trail.slice(trail.indexOf(next)), next].join(' → ');
        issues.push(error(['stages', i], `stages form a cycle: ${cycle}; every path must end`));
      } else if (seen === undefined) {
        visit(next);
      }
    }
    trail.pop();
    state.set(id, 'done');
  };
  visit(mission.start);
}

function checkDecision(stage: DecisionStage, i: number, issues: RuleIssue[]): void {
  const ids = new Set<string>();
  stage.options.forEach((option, j) => {
    if (ids.has(option.id)) issues.push(error(['stages', i, 'options', j, 'id'], `option id "${option.id}" is used twice in "${stage.id}"`));
    ids.add(option.id);
  });
  if (stage.options.every((option) => option.when !== undefined)) {
    issues.push(error(['stages', i, 'options'], `decision "${stage.id}" needs at least one option without \`when\`, so no learner is stuck`));
  }
}

function checkQuestion(question: Question, path: Array<string | number>, issues: RuleIssue[]): void {
  const scored = question.points > 0;
  if (question.kind === 'text') {
    if (question.accept === undefined && scored) issues.push(error([...path, 'accept'], `text question "${question.id}" has no \`accept\`: list the accepted answers, or make it unscored with \`points: 0\``));
    return;
  }
  if (question.kind === 'rating') {
    if (question.scale.min >= question.scale.max) issues.push(error([...path, 'scale'], `rating question "${question.id}" needs a scale whose \`min\` is below its \`max\``));
    return;
  }
  if (question.kind === 'matching') {
    checkUnique(question.pairs.map((pair) => pair.left), [...path, 'pairs'], (left) => `left item "${left}" is listed twice in "${question.id}"`, issues);
    // A right-hand item (or a distractor) listed twice would be one answer that is both right and wrong.
    checkUnique([...question.pairs.map((pair) => pair.right), ...question.distractors], [...path, 'pairs'], (right) => `right item or distractor "${right}" is listed twice in "${question.id}"`, issues);
    return;
  }
  // An unscored choice question is a survey question: it may have no correct choice at all.
  if (!scored) return;
  const correct = question.choices.filter((choice) => choice.correct).length;
  if (question.kind === 'single' && correct !== 1) {
    issues.push(error([...path, 'choices'], `single-choice question "${question.id}" must have exactly one correct choice (has ${correct}), or be unscored with \`points: 0\``));
  }
  if (question.kind === 'multiple' && correct < 1) {
    issues.push(error([...path, 'choices'], `multiple-choice question "${question.id}" must have at least one correct choice, or be unscored with \`points: 0\``));
  }
}

function checkUnique(items: readonly string[], path: Array<string | number>, message: (item: string) => string, issues: RuleIssue[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item)) issues.push(error(path, message(item)));
    seen.add(item);
  }
}

function checkUniqueQuestionIds(questions: readonly Question[], i: number, issues: RuleIssue[]): void {
  const ids = new Set<string>();
  questions.forEach((question, j) => {
    if (ids.has(question.id)) issues.push(error(['stages', i, 'questions', j, 'id'], `question id "${question.id}" is used twice in this stage`));
    ids.add(question.id);
  });
}

/** Without a rubric (its own or the mission's) a stage with no auto-check has nothing to be scored against. */
function checkScorable(mission: Mission, issues: RuleIssue[]): void {
  if (mission.rubric !== undefined) return;
  mission.stages.forEach((stage, i) => {
    // A quiz of unscored questions only (a questionnaire) checks nothing.
    const scoredQuiz = stage.kind === 'task' && stage.questions?.some((question) => question.points > 0);
    if (stage.kind === 'task' && stage.weight > 0 && !stage.answer && !scoredQuiz && stage.rubric === undefined) {
      issues.push({
        severity: 'warning',
        path: ['stages', i],
        message: `stage "${stage.id}" has a weight but no auto-check, and the mission names no rubric to review it with`,
      });
    }
  });
}

function error(path: Array<string | number>, message: string): RuleIssue {
  return { severity: 'error', path, message };
}
