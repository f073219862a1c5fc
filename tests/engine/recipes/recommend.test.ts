import { afterEach, describe, expect, it } from 'vitest';
import { loadLearnerSignals, NO_SIGNALS, REASONS, recommendRecipes, type LearnerSignals, type RecipeFacts, type StageFacts } from '../../../electron/engine/recipes/recommend.ts';
import { engineWithSamplePack, learner, missionIdOf, type TestEngine } from '../../support/engine-fixture.ts';
import { makePassedRun } from '../../support/passed-run.ts';

const recipes: RecipeFacts[] = [
  { id: 'wireshark-first-filters', title: 'First Wireshark filters', keywords: ['wireshark', 'pcap', 'packet-analysis'] },
  { id: 'reading-auth-logs', title: 'Reading auth logs', keywords: ['linux', 'log-analysis', 'ssh'] },
  { id: 'executive-briefing', title: 'Brief executives', keywords: ['executive-communication'] },
  { id: 'nmap-service-discovery', title: 'Discover services with nmap', keywords: ['nmap', 'reconnaissance'] },
];

const pcapStage: StageFacts = { recipes: [], tools: ['wireshark'], text: 'Open the PCAP capture and follow the TCP stream.' };
const signals = (over: Partial<LearnerSignals>): LearnerSignals => ({ ...NO_SIGNALS, ...over });
const byId = (list: ReturnType<typeof recommendRecipes>, id: string) => list.find((r) => r.id === id);

describe('recommendRecipes (pure)', () => {
  it('puts the stage’s own recipes first, with the reason', () => {
    const out = recommendRecipes(recipes, { recipes: ['nmap-service-discovery'], tools: [], text: '' });
    expect(out[0]).toEqual({ id: 'nmap-service-discovery', score: 100, reasons: [REASONS.partOfStage] });
    expect(out.slice(1).every((r) => r.score === 0 && r.reasons.length === 0)).toBe(true);
  });

  it('matches skills and tags against the stage’s tools and text as whole words, naming them', () => {
    const out = recommendRecipes(recipes, pcapStage);
    expect(out[0]).toEqual({ id: 'wireshark-first-filters', score: 20, reasons: ['Matches: wireshark, pcap'] });
    // "log-analysis" matches "log analysis" in prose, but "ssh" is not found inside "sshd_config".
    const logs = recommendRecipes(recipes, { recipes: [], tools: [], text: 'Do some log analysis on sshd_config.' });
    expect(byId(logs, 'reading-auth-logs')?.reasons).toEqual(['Matches: log-analysis']);
  });

  it('ranks a recipe the mentor suggested up, even off this stage', () => {
    const out = recommendRecipes(recipes, pcapStage, signals({ mentorRecipes: ['executive-briefing'] }));
    expect(out[0]).toEqual({ id: 'executive-briefing', score: 40, reasons: [REASONS.mentor] });
  });

  it('ranks up recipes covering stages where the learner used hints, only when relevant here', () => {
    const hinted: StageFacts = { recipes: [], tools: ['tshark'], text: 'Count the packets in the pcap.' };
    const out = recommendRecipes(recipes, pcapStage, signals({ hintedStages: [hinted] }));
    expect(byId(out, 'wireshark-first-filters')).toEqual({ id: 'wireshark-first-filters', score: 35, reasons: ['Matches: wireshark, pcap', REASONS.hints] });
    // nmap is covered by a hinted stage but has nothing to do with this one: no boost.
    const nmapHinted = recommendRecipes(recipes, pcapStage, signals({ hintedStages: [{ recipes: ['nmap-service-discovery'], tools: [], text: '' }] }));
    expect(byId(nmapHinted, 'nmap-service-discovery')?.score).toBe(0);
  });

  it('ranks up recipes covering stages a mentor scored low', () => {
    const weak: StageFacts = { recipes: ['wireshark-first-filters'], tools: [], text: 'Explain the beacon.' };
    const out = recommendRecipes(recipes, pcapStage, signals({ weakStages: [weak] }));
    expect(byId(out, 'wireshark-first-filters')?.reasons).toEqual(['Matches: wireshark, pcap', REASONS.weak]);
    expect(byId(out, 'wireshark-first-filters')?.score).toBe(35);
  });

  it('ranks recipes already completed down below others of the same standing', () => {
    const stage: StageFacts = { recipes: ['reading-auth-logs', 'wireshark-first-filters'], tools: [], text: '' };
    const fresh = recommendRecipes(recipes, stage);
    expect(fresh.slice(0, 2).map((r) => r.id)).toEqual(['wireshark-first-filters', 'reading-auth-logs']);
    const out = recommendRecipes(recipes, stage, signals({ completedRecipes: ['wireshark-first-filters'] }));
    expect(out.slice(0, 2).map((r) => r.id)).toEqual(['reading-auth-logs', 'wireshark-first-filters']);
    expect(out[1]?.reasons).toEqual([REASONS.partOfStage, REASONS.completed]);
    // Completed but unrelated sinks below the unrelated others.
    expect(recommendRecipes(recipes, pcapStage, signals({ completedRecipes: ['executive-briefing'] })).at(-1)).toEqual({ id: 'executive-briefing', score: -30, reasons: [REASONS.completed] });
  });

  it('combines every signal in a fixed reason order', () => {
    const stage: StageFacts = { recipes: ['wireshark-first-filters'], tools: ['wireshark'], text: 'pcap' };
    const out = recommendRecipes(
      recipes,
      stage,
      signals({ mentorRecipes: ['wireshark-first-filters'], hintedStages: [stage], weakStages: [stage], completedRecipes: ['wireshark-first-filters'] }),
    );
    expect(out[0]).toEqual({
      id: 'wireshark-first-filters',
      score: 100 + 40 + 20 + 15 + 15 - 30,
      reasons: [REASONS.partOfStage, REASONS.mentor, 'Matches: wireshark, pcap', REASONS.hints, REASONS.weak, REASONS.completed],
    });
  });

  it('caps keyword matches so many weak matches do not beat the stage’s own recipe', () => {
    const greedy: RecipeFacts = { id: 'greedy', title: 'Greedy', keywords: ['a', 'b', 'c', 'd', 'e', 'f'] };
    const own: RecipeFacts = { id: 'own', title: 'Own', keywords: [] };
    const out = recommendRecipes([greedy, own], { recipes: ['own'], tools: [], text: 'a b c d e f' });
    expect(out.map((r) => [r.id, r.score])).toEqual([['own', 100], ['greedy', 30]]);
  });

  it('breaks ties by title, then id, whatever the input order', () => {
    const tied: RecipeFacts[] = [
      { id: 'z', title: 'Beta', keywords: [] },
      { id: 'b', title: 'Alpha', keywords: [] },
      { id: 'a', title: 'Alpha', keywords: [] },
    ];
    const expected = ['a', 'b', 'z'];
    expect(recommendRecipes(tied, { recipes: [], tools: [], text: '' }).map((r) => r.id)).toEqual(expected);
    expect(recommendRecipes([...tied].reverse(), { recipes: [], tools: [], text: '' }).map((r) => r.id)).toEqual(expected);
  });

  it('survives empty skills, a bare stage, odd keywords and unknown ids from a mentor', () => {
    const odd: RecipeFacts[] = [
      { id: 'empty', title: 'Empty', keywords: [] },
      { id: 'punct', title: 'Punct', keywords: ['', '---', '(.*)+', 'pcap', 'pcap'] },
    ];
    const out = recommendRecipes(odd, { recipes: [], tools: [], text: '' }, signals({ mentorRecipes: ['no-such-recipe'], completedRecipes: ['gone'] }));
    expect(out).toEqual([
      { id: 'empty', score: 0, reasons: [] },
      { id: 'punct', score: 0, reasons: [] },
    ]);
    // A duplicated keyword is named and counted once; punctuation-only ones never match.
    expect(recommendRecipes(odd, { recipes: [], tools: [], text: '--- pcap (.*)+' })[0]).toEqual({ id: 'punct', score: 10, reasons: ['Matches: pcap'] });
    expect(recommendRecipes([], pcapStage)).toEqual([]);
  });
});

let t: TestEngine;
afterEach(() => t?.engine.close());

describe('recipes.list for a stage', () => {
  it('without a stage lists every recipe by title with no reasons', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    const list = await t.call('recipes.list', { profileId });
    expect(list.length).toBe(20);
    expect(list.every((r) => !r.recommended && r.reasons.length === 0)).toBe(true);
    expect(list.map((r) => r.title)).toEqual([...list.map((r) => r.title)].sort((a, b) => a.localeCompare(b)));
  });

  it('ranks the sample pack for SOC-01 triage and reacts to hints and completion', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') })).id;

    const before = await t.call('recipes.list', { profileId, runId, stageId: 'triage' });
    expect(before.slice(0, 2).map((r) => r.id).sort()).toEqual(['evidence-handling-basics', 'triage-alert-queue']);
    expect(before.slice(0, 2).every((r) => r.recommended && r.reasons[0] === REASONS.partOfStage)).toBe(true);
    // The stage's tools name splunk: the Splunk recipe is recommended for that match.
    const splunk = before.find((r) => r.id === 'splunk-failed-logins');
    expect(splunk?.recommended).toBe(true);
    expect(splunk?.reasons).toContain('Matches: splunk');
    // Unrelated recipes are listed, not recommended, with no reasons.
    const unrelated = before.find((r) => r.id === 'hashcat-cracking-basics');
    expect(unrelated).toMatchObject({ recommended: false, reasons: [] });
    expect(before.filter((r) => r.recommended).length).toBeLessThan(before.length);

    await t.call('hints.reveal', { profileId, runId, stageId: 'triage' });
    await t.call('recipes.get', { profileId, recipeId: 'triage-alert-queue', runId });
    await t.call('recipes.close', { profileId, recipeId: 'triage-alert-queue', runId });
    // Opening and closing a recipe is not finishing it: its place stays.
    const opened = await t.call('recipes.list', { profileId, runId, stageId: 'triage' });
    expect(opened.find((r) => r.id === 'triage-alert-queue')?.reasons).not.toContain(REASONS.completed);
    await t.call('recipes.complete', { profileId, recipeId: 'triage-alert-queue', completed: true, runId });
    const after = await t.call('recipes.list', { profileId, runId, stageId: 'triage' });
    expect(after[0]?.id).toBe('evidence-handling-basics');
    expect(after[0]?.reasons).toContain(REASONS.hints);
    const done = after.find((r) => r.id === 'triage-alert-queue');
    expect(done?.reasons).toEqual(expect.arrayContaining([REASONS.partOfStage, REASONS.hints, REASONS.completed]));
    expect(done?.recommended).toBe(true);
    // Un-marking it puts it back.
    await t.call('recipes.complete', { profileId, recipeId: 'triage-alert-queue', completed: false, runId });
    expect((await t.call('recipes.list', { profileId, runId, stageId: 'triage' })).flatMap((r) => r.reasons)).not.toContain(REASONS.completed);
    await t.call('recipes.complete', { profileId, recipeId: 'triage-alert-queue', completed: true, runId });
    // Someone else's completions and hints do not move this learner's list.
    const other = await learner(t, 'Grace Other');
    const otherRun = (await t.call('runs.start', { profileId: other, missionId: await missionIdOf(t, other, 'SOC-01') })).id;
    const theirs = await t.call('recipes.list', { profileId: other, runId: otherRun, stageId: 'triage' });
    expect(theirs.flatMap((r) => r.reasons)).not.toContain(REASONS.completed);
    expect(theirs.flatMap((r) => r.reasons)).not.toContain(REASONS.hints);
  });

  it('ranks up what a mentor suggested and stages scored low, ignoring unknown and broken recipe ids', async () => {
    t = await engineWithSamplePack();
    const profileId = await learner(t);
    const passedRun = await makePassedRun(t.engine, profileId);
    const { db } = t.engine.ctx;
    // A mentor's note naming a recipe this device does not have, and a row that is not JSON at all.
    const review = db.first(db.q.selectFrom('reviews').select('id').where('run_id', '=', passedRun).where('status', '=', 'final'));
    if (!review) throw new Error('no final review');
    db.run(db.q.updateTable('review_stages').set({ recipe_ids_json: '["no-such-recipe","executive-briefing"]' }).where('review_id', '=', review.id).where('stage_id', '=', 'shift-report'));
    db.run(db.q.updateTable('review_stages').set({ recipe_ids_json: '{not json' }).where('review_id', '=', review.id).where('stage_id', '=', 'escalate-incident'));
    // The triage stage scored low: zero points on every criterion.
    db.run(db.q.updateTable('review_criteria').set({ points: 0 }).where('review_id', '=', review.id).where('stage_id', '=', 'triage'));

    const runId = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'PHISH-01') })).id;
    const run = await t.call('runs.get', { profileId, runId });
    const stageId = run.currentStageId;
    if (!stageId) throw new Error('no current stage');
    const list = await t.call('recipes.list', { profileId, runId, stageId });
    const briefing = list.find((r) => r.id === 'executive-briefing');
    expect(briefing?.reasons).toContain(REASONS.mentor);
    expect(briefing?.recommended).toBe(true);
    expect(list.find((r) => r.id === 'triage-alert-queue')?.reasons).toContain(REASONS.mentor);
    expect(list.some((r) => r.id === 'no-such-recipe')).toBe(false);
    expect(list.find((r) => r.id === 'writing-incident-updates')?.reasons ?? []).not.toContain(REASONS.mentor);

    // The loader saw exactly one weak stage (triage, whose recipes it carries) and every mentor id, known or not.
    const learned = loadLearnerSignals(t.engine.ctx, profileId);
    expect(learned.weakStages.map((s) => s.recipes)).toEqual([['triage-alert-queue', 'evidence-handling-basics']]);
    expect(learned.mentorRecipes).toEqual(expect.arrayContaining(['triage-alert-queue', 'no-such-recipe', 'executive-briefing']));
    expect(learned.completedRecipes).toEqual([]);

    // A second SOC-01 run: triage's own recipes now carry the low score as a reason.
    const again = (await t.call('runs.start', { profileId, missionId: await missionIdOf(t, profileId, 'SOC-01') })).id;
    const triage = await t.call('recipes.list', { profileId, runId: again, stageId: 'triage' });
    expect(triage.find((r) => r.id === 'evidence-handling-basics')?.reasons).toContain(REASONS.weak);
  });
});
