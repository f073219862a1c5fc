import { describe, expect, it } from 'vitest';
import { checkMission } from '../../../shared/pack/mission-rules.ts';
import { missionSchema, type Mission } from '../../../shared/pack/schema.ts';

/** A valid branching mission, as plain data, for each test to bend. */
function baseMission(): Record<string, unknown> {
  return {
    code: 'SIEM-03',
    title: 'Brute force',
    tier: 'intermediate',
    track: 'defender',
    story: 'story.md',
    objectives: ['Find it'],
    rubric: 'soc-standard',
    start: 'triage',
    stages: [
      { id: 'triage', kind: 'task', title: 'Triage', body: 'stages/triage.md', weight: 30, next: 'contain' },
      {
        id: 'contain',
        kind: 'decision',
        prompt: 'What now?',
        options: [
          { id: 'block', label: 'Block', next: 'report', set: { noisy: true } },
          { id: 'watch', label: 'Watch', next: 'report', score: -5 },
        ],
      },
      { id: 'report', kind: 'task', title: 'Report', body: 'stages/report.md', weight: 70 },
    ],
  };
}

function check(data: Record<string, unknown>): string[] {
  const mission: Mission = missionSchema.parse(data);
  return checkMission(mission).map((issue) => `${issue.severity} ${issue.path.join('.')}: ${issue.message}`);
}

function stages(data: Record<string, unknown>): Array<Record<string, unknown>> {
  return data.stages as Array<Record<string, unknown>>;
}

describe('mission graph rules', () => {
  it('accepts a valid branching mission', () => {
    expect(check(baseMission())).toEqual([]);
  });

  it('reports a next that names no stage, at the field', () => {
    const data = baseMission();
    stages(data)[0]!.next = 'nowhere';
    expect(check(data)).toContainEqual(expect.stringMatching(/^error stages\.0\.next: stage "triage" leads to "nowhere"/));
  });

  it('reports an option whose next names no stage', () => {
    const data = baseMission();
    ((stages(data)[1]!.options as Array<Record<string, unknown>>)[1]!).next = 'ghost';
    expect(check(data)).toContainEqual(expect.stringMatching(/^error stages\.1\.options\.1\.next: option "watch"/));
  });

  it('reports a missing start stage', () => {
    const data = { ...baseMission(), start: 'begin' };
    expect(check(data)).toContainEqual('error start: start stage "begin" does not exist');
  });

  it('reports a stage that cannot be reached from start', () => {
    const data = baseMission();
    stages(data).push({ id: 'orphan', kind: 'task', title: 'Orphan', body: 'stages/o.md' });
    expect(check(data)).toContainEqual('error stages.3: stage "orphan" cannot be reached from start "triage"');
  });

  it('reports a cycle, naming its stages in order', () => {
    const data = baseMission();
    stages(data)[2]!.next = 'triage';
    expect(check(data)).toContainEqual(expect.stringContaining('stages form a cycle: triage → contain → report → triage'));
  });

  it('reports duplicate stage ids', () => {
    const data = baseMission();
    stages(data).push({ id: 'report', kind: 'task', title: 'Again', body: 'stages/r.md' });
    expect(check(data)).toContainEqual('error stages.3.id: stage id "report" is used twice');
  });

  it('reports duplicate option ids within a decision', () => {
    const data = baseMission();
    ((stages(data)[1]!.options as Array<Record<string, unknown>>)[1]!).id = 'block';
    expect(check(data)).toContainEqual('error stages.1.options.1.id: option id "block" is used twice in "contain"');
  });

  it('requires every decision to offer an option without a condition', () => {
    const data = baseMission();
    for (const option of stages(data)[1]!.options as Array<Record<string, unknown>>) option.when = { noisy: false };
    expect(check(data)).toContainEqual(expect.stringMatching(/^error stages\.1\.options: decision "contain" needs at least one option without `when`/));
  });

  it('requires exactly one correct choice in a single-choice question', () => {
    const data = baseMission();
    stages(data)[2]!.questions = [{ id: 'q1', kind: 'single', text: 'Which?', choices: [{ text: 'a', correct: true }, { text: 'b', correct: true }] }];
    expect(check(data)).toContainEqual(expect.stringMatching(/must have exactly one correct choice \(has 2\)/));
  });

  it('requires at least one correct choice in a multiple-choice question', () => {
    const data = baseMission();
    stages(data)[2]!.questions = [{ id: 'q1', kind: 'multiple', text: 'Which?', choices: [{ text: 'a' }, { text: 'b' }] }];
    expect(check(data)).toContainEqual(expect.stringMatching(/^error stages\.2\.questions\.0\.choices: multiple-choice question "q1" must have at least one/));
  });

  it('requires question ids to be unique within a stage', () => {
    const data = baseMission();
    const q = { id: 'q1', kind: 'text', text: 'Tool?', accept: ['john'] };
    stages(data)[2]!.questions = [q, { ...q }];
    expect(check(data)).toContainEqual('error stages.2.questions.1.id: question id "q1" is used twice in this stage');
  });

  it('warns when a weighted stage has neither a check nor a rubric to be reviewed with', () => {
    const data = baseMission();
    delete data.rubric;
    expect(check(data)).toContainEqual(expect.stringMatching(/^warning stages\.0: stage "triage" has a weight but no auto-check/));
  });
});

describe('mission schema rules for auto-checks', () => {
  const withAnswer = (answer: unknown): ReturnType<typeof missionSchema.safeParse> => {
    const data = baseMission();
    stages(data)[0]!.answer = answer;
    return missionSchema.safeParse(data);
  };
  const messages = (result: ReturnType<typeof missionSchema.safeParse>): string[] =>
    result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

  it('accepts an answer with a value or with a pattern', () => {
    expect(withAnswer({ value: '10.20.0.14', attempts: 5 }).success).toBe(true);
    expect(withAnswer({ pattern: '^10\\.20\\.0\\.\\d+$', match: 'trimmed' }).success).toBe(true);
  });

  it('requires exactly one of value and pattern', () => {
    expect(messages(withAnswer({ attempts: 3 }))).toContainEqual('stages.0.answer: give exactly one of `value`, `pattern` or `accept`');
    expect(messages(withAnswer({ value: 'x', pattern: 'x' }))).toContainEqual('stages.0.answer: give exactly one of `value`, `pattern` or `accept`');
  });

  it('refuses a pattern that does not compile', () => {
    expect(messages(withAnswer({ pattern: '([a-z' }))).toContainEqual(expect.stringMatching(/^stages\.0\.answer\.pattern: the pattern does not compile/));
  });

  it('refuses a pattern with nested quantifiers', () => {
    expect(messages(withAnswer({ pattern: '^(a+)+$' }))).toContainEqual(expect.stringMatching(/nested quantifier/));
  });

  it('takes match: contains on an answer, but not a search that any answer would satisfy', () => {
    expect(withAnswer({ value: 'mimikatz', match: 'contains' }).success).toBe(true);
    expect(withAnswer({ pattern: 'CVE-2021-4422[89]', match: 'contains' }).success).toBe(true);
    expect(messages(withAnswer({ value: ' ', match: 'contains' }))).toContainEqual(expect.stringMatching(/^stages\.0\.answer\.value: with `match: contains` the value must not be blank/));
    expect(messages(withAnswer({ pattern: '\\d*', match: 'contains' }))).toContainEqual(expect.stringMatching(/^stages\.0\.answer\.pattern: with `match: contains` the pattern must not match an empty answer/));
  });

  it('does not offer match: contains to a text question', () => {
    const data = baseMission();
    stages(data)[2]!.questions = [{ id: 'q1', kind: 'text', text: 'Tool?', accept: ['john'], match: 'contains' }];
    expect(messages(missionSchema.safeParse(data))).toContainEqual(expect.stringMatching(/^stages\.2\.questions\.0\.match: /));
  });

  it('refuses a text question with no accepted answers', () => {
    const data = baseMission();
    stages(data)[2]!.questions = [{ id: 'q1', kind: 'text', text: 'Tool?', accept: [] }];
    expect(messages(missionSchema.safeParse(data))).toContainEqual('stages.2.questions.0.accept: list at least one accepted answer');
  });

  it('refuses unknown fields, so a typo cannot pass silently', () => {
    const data = { ...baseMission(), time_limit_minute: 30 };
    expect(messages(missionSchema.safeParse(data))).toContainEqual(expect.stringMatching(/time_limit_minute/));
  });
});
