import { describe, expect, it } from 'vitest';
import { validatePack } from '../../../electron/engine/packs/validate-pack.ts';
import { packJsonSchema } from '../../../shared/pack/json-schema.ts';
import { MAX_RESPONSE_TEMPLATE_CHARS, taskStageSchema } from '../../../shared/pack/schema.ts';
import { editFile, validPackFiles, writePackFolder } from '../../support/pack-fixture.ts';
import { tempDir } from '../../support/temp.ts';

const stage = (response: unknown) => ({ id: 'report', kind: 'task', title: 'Report', body: 'stages/report.md', response });
const problems = (response: unknown): string[] =>
  taskStageSchema.safeParse(stage(response)).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];

describe('a task stage that asks for a written response', () => {
  it('takes a prompt alone, required by default and with no minimum', () => {
    expect(taskStageSchema.parse(stage({ prompt: 'Write the escalation ticket.' })).response).toEqual({ prompt: 'Write the escalation ticket.', min_words: 0, required: true });
    const full = { prompt: 'Write the report.', min_words: 120, template: '## Summary\n\n## Timeline (UTC)\n', required: false };
    expect(taskStageSchema.parse(stage(full)).response).toEqual(full);
  });

  it('refuses a response without a prompt, or with a blank one', () => {
    expect(problems({ min_words: 40 })).toEqual([expect.stringMatching(/^response\.prompt: /)]);
    expect(problems({ prompt: '   ' })).toEqual(['response.prompt: must not be empty']);
  });

  it('refuses a negative, fractional or unreachable min_words', () => {
    expect(problems({ prompt: 'Write it.', min_words: -5 })).toEqual(['response.min_words: `min_words` must not be negative']);
    expect(problems({ prompt: 'Write it.', min_words: 12.5 })).toEqual(['response.min_words: `min_words` must be a whole number of words']);
    expect(problems({ prompt: 'Write it.', min_words: 50_000 })).toEqual(['response.min_words: `min_words` can be at most 2,000: a response holds at most 20,000 characters']);
  });

  it('refuses a template too long to leave the learner room to write', () => {
    expect(problems({ prompt: 'Write it.', template: 'x'.repeat(MAX_RESPONSE_TEMPLATE_CHARS) })).toEqual([]);
    expect(problems({ prompt: 'Write it.', template: 'x'.repeat(MAX_RESPONSE_TEMPLATE_CHARS + 1) })).toEqual([
      'response.template: `template` is too long: at most 10,000 characters, so the learner has room to write',
    ]);
  });

  it('refuses fields it does not know, such as a misspelt min_word', () => {
    expect(problems({ prompt: 'Write it.', min_word: 40 })).toEqual([expect.stringMatching(/^response: .*min_word/)]);
  });

  it('is reported by the pack reader with the file, the field path and the line', async () => {
    const files = editFile(validPackFiles('response-pack'), 'missions/DEMO-01/mission.yaml', (yaml) =>
      yaml.replace('    body: stages/report.md\n', '    body: stages/report.md\n    response:\n      min_words: -1\n'),
    );
    const report = await validatePack(writePackFolder(tempDir(), files));
    const issues = report.issues.map((issue) => ({ file: issue.file, path: issue.path, message: issue.message, hasLine: typeof issue.line === 'number' }));
    expect(issues).toEqual(
      expect.arrayContaining([
        { file: 'missions/DEMO-01/mission.yaml', path: 'stages[2].response.prompt', message: 'missing required field (expected string)', hasLine: true },
        { file: 'missions/DEMO-01/mission.yaml', path: 'stages[2].response.min_words', message: '`min_words` must not be negative', hasLine: true },
      ]),
    );
  });

  it('is described in the JSON Schema that editors use', () => {
    const schema = JSON.stringify(packJsonSchema('mission'));
    expect(schema).toContain('A written response (ticket, report, memo) the learner writes in the stage, in Markdown');
    expect(schema).toContain('Markdown the editor starts from');
  });
});
