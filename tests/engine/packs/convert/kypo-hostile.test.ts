import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertKypo } from '../../../../electron/engine/packs/convert/kypo/convert-kypo.ts';
import { MAX_KYPO_SOURCE_BYTES } from '../../../../electron/engine/packs/convert/kypo/kypo-source.ts';
import { ConvertError } from '../../../../electron/engine/packs/convert/pack-draft.ts';
import { convertCommand } from '../../../../electron/cli/convert-command.ts';
import type { CommandContext } from '../../../../electron/cli/command.ts';
import { tempDir } from '../../../support/temp.ts';
import { convertInto, HAND_MADE, kypoFile, levelNamed, missionYaml, stageOf } from './kypo-support.ts';

/** Converts through the CLI command into a new folder; the output and whether anything was written. */
async function cliConvert(source: string, extra: { id?: string } = {}): Promise<{ code: number; json: { ok: boolean; error?: string }; outExists: boolean; siblings: string[] }> {
  const root = tempDir();
  const out = join(root, 'pack');
  const lines: string[] = [];
  const ctx: CommandContext = { out: (line) => lines.push(line), err: (line) => lines.push(line) };
  const code = await convertCommand(ctx, source, { from: 'kypo', out, json: true, ...extra });
  return { code, json: JSON.parse(lines.join('\n')) as { ok: boolean; error?: string }, outExists: existsSync(out), siblings: readdirSync(root) };
}

async function refusal(source: string): Promise<ConvertError> {
  const error = await convertKypo(source, {}).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConvertError);
  return error as ConvertError;
}

function rawFile(text: string): string {
  const file = join(tempDir(), 'training.json');
  writeFileSync(file, text);
  return file;
}

describe('hostile KYPO sources: a specific error and nothing written', () => {
  it('refuses malformed JSON, naming the file', async () => {
    const source = rawFile('{ "title": "Broken", "levels": [ { "level_type": "INFO_LEVEL", ');
    expect((await refusal(source)).message).toMatch(/^training\.json: is not valid JSON \(/);
    const cli = await cliConvert(source);
    expect(cli).toMatchObject({ code: 1, json: { ok: false, error: expect.stringMatching(/not valid JSON/) }, outExists: false, siblings: [] });
  });

  it('refuses JSON that is not a training definition', async () => {
    expect((await refusal(rawFile('[1, 2, 3]'))).message).toMatch(/is not a KYPO training definition/);
    expect((await refusal(rawFile('{ "title": "No levels" }'))).message).toMatch(/levels: a training definition lists its `levels`/);
  });

  it('refuses an adaptive training definition, saying what it is', async () => {
    const source = rawFile(JSON.stringify({ title: 'Adaptive', phases: [{ title: 'Intro', phase_type: 'INFO', order: 0 }] }));
    expect((await refusal(source)).message).toMatch(/is an adaptive training definition \(phases, tasks and decision matrices\): only linear training definitions/);
  });

  it('refuses a level whose hint penalties add up to more than its max score, as the platform does', async () => {
    const source = kypoFile((d) => {
      (levelNamed(d, 'Exfiltrate').hints as Array<Record<string, unknown>>).push({ title: 'Greedy', content: 'Costs a lot.', hint_penalty: 46, order: 1 });
    });
    const error = await refusal(source);
    expect(error.where).toBe('levels[5] "Exfiltrate"');
    expect(error.message).toMatch(/hint penalties add up to 51 points but the level is worth 50 \(max_score\)/);
    expect((await cliConvert(source)).outExists).toBe(false);
  });

  it('accepts hint penalties that add up to exactly the max score', async () => {
    const source = kypoFile((d) => {
      (levelNamed(d, 'Exfiltrate').hints as Array<Record<string, unknown>>).push({ title: 'All of it', content: 'Costs the rest.', hint_penalty: 45, order: 1 });
    });
    const { out } = await convertInto(source);
    expect(stageOf(missionYaml(out), 'exfiltrate').hints?.map((h) => h.penalty_points)).toEqual([5, 45]);
  });

  it('refuses an unknown level type, naming the level and the types it reads', async () => {
    const source = kypoFile((d) => {
      d.levels.push({ title: 'Adaptive phase', level_type: 'PHASE_LEVEL', order: 9 });
    });
    const error = await refusal(source);
    expect(error.where).toBe('levels[8] "Adaptive phase"');
    expect(error.message).toMatch(/unknown level type "PHASE_LEVEL": this converter reads TRAINING_LEVEL, GAME_LEVEL, INFO_LEVEL, ACCESS_LEVEL, ASSESSMENT_LEVEL/);
  });

  it('refuses a file over the size limit before reading it', async () => {
    const file = join(tempDir(), 'huge.json');
    writeFileSync(file, `{"title":"Huge","levels":[],"padding":"${'x'.repeat(MAX_KYPO_SOURCE_BYTES)}"}`);
    const error = await refusal(file);
    expect(error.message).toMatch(/is 5,242,\d{3} bytes; a training definition is at most 5,242,880 bytes/);
    expect((await cliConvert(file)).outExists).toBe(false);
  });

  it('trims an exact answer with surrounding spaces (Outpost trims the typed answer too) and says so', async () => {
    const source = kypoFile((d) => {
      levelNamed(d, 'Crack the password').answer = '  IhateMyJob ';
    });
    const { out, report } = await convertInto(source);
    expect(stageOf(missionYaml(out), 'crack-the-password').answer?.accept).toEqual([{ value: 'IhateMyJob', match: 'exact' }]);
    expect(report.notes).toContainEqual(expect.stringMatching(/levels\[4\] "Crack the password": the answer " {2}IhateMyJob " has spaces around it/));
  });

  it('keeps regex characters of an answer literal', async () => {
    const source = kypoFile((d) => {
      levelNamed(d, 'Crack the password').answer = 'a.b*(c)?';
    });
    const crack = stageOf(missionYaml((await convertInto(source)).out), 'crack-the-password');
    expect(crack.answer?.accept).toEqual([{ value: 'a.b*(c)?', match: 'exact' }]);
  });

  it('refuses a blank answer and a training level without any answer', async () => {
    const blank = kypoFile((d) => {
      levelNamed(d, 'Crack the password').answer = '   ';
    });
    expect((await refusal(blank)).message).toMatch(/levels\[4\] "Crack the password": its answer is blank/);
    const none = kypoFile((d) => {
      delete levelNamed(d, 'Crack the password').answer;
    });
    expect((await refusal(none)).message).toMatch(/has no answer \(`answer`, or `flag` in older exports\)/);
  });

  it('refuses values the platform itself refuses: an answer limit over 100, a negative max score', async () => {
    const limit = kypoFile((d) => {
      levelNamed(d, 'Exfiltrate').incorrect_answer_limit = 1000;
    });
    expect((await refusal(limit)).message).toMatch(/^levels\[5\] "Exfiltrate": is not a KYPO training definition as its export writes it: incorrect_answer_limit/);
    const score = kypoFile((d) => {
      levelNamed(d, 'Exfiltrate').max_score = -5;
    });
    expect((await refusal(score)).message).toMatch(/max_score/);
  });

  it('refuses a test question with no correct choice and an EMI statement with no correct option', async () => {
    const mcq = kypoFile((d) => {
      const questions = levelNamed(d, 'Knowledge check').questions as Array<{ choices?: Array<{ correct: boolean }> }>;
      for (const choice of questions[1]?.choices ?? []) choice.correct = false;
    });
    expect((await refusal(mcq)).message).toMatch(/levels\[6\]\.questions\[1\] of "Knowledge check": a test question with no correct choice/);
    const emi = kypoFile((d) => {
      const questions = levelNamed(d, 'Knowledge check').questions as Array<{ extended_matching_statements?: Array<{ correct_option_order: number }> }>;
      (questions[3]?.extended_matching_statements?.[0] as { correct_option_order: number }).correct_option_order = 9;
    });
    expect((await refusal(emi)).message).toMatch(/the statement "nmap" names no existing correct option/);
  });

  it('refuses questions written as a string that is not JSON', async () => {
    const source = kypoFile((d) => {
      levelNamed(d, 'Knowledge check').questions = '[{"question_type": "MCQ",';
    });
    expect((await refusal(source)).message).toMatch(/^levels\[6\] "Knowledge check": its questions are written as text that is not valid JSON/);
  });

  it('refuses a definition with no level to play', async () => {
    const source = kypoFile((d) => {
      d.levels = d.levels.filter((l) => l.level_type === 'INFO_LEVEL' && l.order === 0);
    });
    expect((await refusal(source)).message).toMatch(/has no level to play/);
  });

  it('refuses a bad --id and a missing source, writing nothing', async () => {
    const cli = await cliConvert(HAND_MADE, { id: '../Escape' });
    expect(cli).toMatchObject({ code: 1, json: { error: expect.stringMatching(/^--id: "\.\.\/Escape" is not a pack id/) }, outExists: false });
    expect((await refusal(join(tempDir(), 'absent.json'))).message).toMatch(/no such file or folder/);
    expect((await refusal(tempDir())).message).toMatch(/the folder holds no training\.json/);
  });

  it('writes nothing into an output folder that is not empty', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'keep.txt'), 'mine');
    const error = await convertInto(HAND_MADE, {}, root).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConvertError);
    expect(readdirSync(root)).toEqual(['keep.txt']);
  });
});
