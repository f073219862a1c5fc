import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePack } from '../../../electron/engine/packs/validate-pack.ts';
import { editFile, validPackFiles, writePackFolder, type PackFiles } from '../../support/pack-fixture.ts';
import { tempDir } from '../../support/temp.ts';

const root = tempDir();
let counter = 0;

async function validate(files: PackFiles) {
  const dir = writePackFolder(join(root, `pack-${counter++}`), files);
  return validatePack(dir);
}

const MISSION = 'missions/DEMO-01/mission.yaml';

describe('reading a pack', () => {
  it('accepts the scaffolded pack with no issues', async () => {
    const report = await validate(validPackFiles());
    expect(report.issues).toEqual([]);
    expect(report.counts).toEqual({ missions: 1, recipes: 1, rubrics: 1, assets: 1 });
    expect(report.signature).toEqual({ status: 'unsigned' });
  });

  it('names file, line and message for broken YAML', async () => {
    const files = editFile(validPackFiles(), MISSION, (t) => t.replace('tier: beginner', 'tier: [beginner'));
    const { issues } = await validate(files);
    expect(issues[0]).toMatchObject({ severity: 'error', file: MISSION, message: expect.stringMatching(/^YAML syntax/) });
    expect(issues[0]?.line).toBeGreaterThanOrEqual(4);
  });

  it('names the field path and its line for a schema error', async () => {
    const files = editFile(validPackFiles(), MISSION, (t) => t.replace('tier: beginner', 'tier: expert'));
    const { issues } = await validate(files);
    expect(issues).toContainEqual(expect.objectContaining({ file: MISSION, path: 'tier', line: 4 }));
  });

  it('reports every problem of a pack at once, across files', async () => {
    let files = editFile(validPackFiles(), MISSION, (t) => t.replace('next: report\n  - id: report', 'next: nowhere\n  - id: report').replace('track: defender', 'track: blue'));
    files = editFile(files, 'rubrics/standard.yaml', (t) => t.replace('id: standard', 'id: other'));
    files = editFile(files, 'pack.yaml', (t) => t.replace('version: 0.1.0', 'version: one'));
    const { issues } = await validate(files);
    const where = issues.filter((i) => i.severity === 'error').map((i) => `${i.file} ${i.path}`);
    expect(where).toEqual(expect.arrayContaining(['pack.yaml version', `${MISSION} track`, 'rubrics/standard.yaml id']));
  });

  it('reports a stage next that names no stage with its line', async () => {
    const files = editFile(validPackFiles(), MISSION, (t) => t.replace('    next: respond', '    next: respnd'));
    const { issues } = await validate(files);
    const issue = issues.find((i) => i.path === 'stages[0].next');
    expect(issue).toMatchObject({ file: MISSION, message: 'stage "find-host" leads to "respnd", which does not exist' });
    expect(issue?.line).toBe(29);
  });

  it('reports dangling recipe, rubric and prerequisite references', async () => {
    const files = editFile(validPackFiles(), MISSION, (t) =>
      t.replace('recipes: [reading-proxy-logs]', 'recipes: [no-such-recipe]').replace('rubric: standard', 'rubric: missing').replace('prerequisites: []', 'prerequisites: [SOC-99]'),
    );
    const messages = (await validate(files)).issues.map((i) => `${i.path}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'stages[0].recipes[0]: recipe "no-such-recipe" is neither in this pack (recipes/) nor installed',
        'rubric: rubric "missing" is neither in this pack (rubrics/) nor installed',
        'prerequisites[0]: mission "SOC-99" is not in this pack (missions/); a mission of another pack is named pack-id:SOC-99',
      ]),
    );
  });

  it('reports a prerequisite cycle between missions', async () => {
    const files = validPackFiles();
    const second = String(files[MISSION]).replace('code: DEMO-01', 'code: DEMO-02').replace('prerequisites: []', 'prerequisites: [DEMO-01]');
    for (const [path, content] of Object.entries(files)) {
      if (path.startsWith('missions/DEMO-01/') && path !== MISSION) files[path.replace('DEMO-01', 'DEMO-02')] = content;
    }
    files['missions/DEMO-02/mission.yaml'] = second;
    files[MISSION] = String(files[MISSION]).replace('prerequisites: []', 'prerequisites: [DEMO-02]');
    const { issues } = await validate(files);
    expect(issues).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/prerequisites form a cycle: DEMO-0\d → DEMO-0\d → DEMO-0\d/) }));
  });

  it('reports a Markdown file that mission.yaml names but the pack lacks', async () => {
    const files = validPackFiles();
    delete files['missions/DEMO-01/stages/report.md'];
    const { issues } = await validate(files);
    expect(issues).toContainEqual(expect.objectContaining({ file: MISSION, path: 'stages[2].body', message: 'names stages/report.md, but missions/DEMO-01/stages/report.md is not in the pack' }));
  });

  it('refuses a mission whose code differs from its folder', async () => {
    const files = editFile(validPackFiles(), MISSION, (t) => t.replace('code: DEMO-01', 'code: DEMO-09'));
    const { issues } = await validate(files);
    expect(issues).toContainEqual(expect.objectContaining({ path: 'code', message: 'mission code "DEMO-09" must equal its folder name "DEMO-01"' }));
  });

  it('refuses a recipe without front matter and one whose id differs from its file name', async () => {
    const files = validPackFiles();
    files['recipes/bare.md'] = 'Just text.\n';
    files['recipes/wrong.md'] = '---\nid: right\ntitle: T\ntype: concept\n---\nBody\n';
    const { issues } = await validate(files);
    expect(issues).toContainEqual(expect.objectContaining({ file: 'recipes/bare.md', message: expect.stringMatching(/front matter/) }));
    expect(issues).toContainEqual(expect.objectContaining({ file: 'recipes/wrong.md', path: 'id', line: 2 }));
  });

  it('refuses a YAML alias bomb instead of expanding it', async () => {
    const levels = ['a: &l0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
    const bomb = levels.join('\n');
    const { issues } = await validate({ ...validPackFiles(), 'pack.yaml': bomb });
    expect(issues).toContainEqual(expect.objectContaining({ file: 'pack.yaml', message: expect.stringMatching(/alias/i) }));
  });

  it('refuses a pack that needs a newer app', async () => {
    const files = editFile(validPackFiles(), 'pack.yaml', (t) => t.replace('min_app_version: 0.1.0', 'min_app_version: 99.0.0'));
    const { issues } = await validate(files);
    expect(issues).toContainEqual(expect.objectContaining({ path: 'min_app_version', message: expect.stringMatching(/needs Outpost 99\.0\.0 or newer/) }));
  });

  it('refuses Markdown that links outside the pack and warns about remote images', async () => {
    const files = editFile(validPackFiles(), 'missions/DEMO-01/story.md', (t) => `${t}\n[secrets](../../../etc/passwd)\n![tracker](https://203.0.113.9/pixel.png)\n`);
    const { issues } = await validate(files);
    expect(issues).toContainEqual(expect.objectContaining({ severity: 'error', file: 'missions/DEMO-01/story.md', message: expect.stringMatching(/points outside the pack/) }));
    expect(issues).toContainEqual(expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/remote image/) }));
  });

  it('refuses a text file that is not UTF-8', async () => {
    const files = { ...validPackFiles(), 'missions/DEMO-01/story.md': Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]) };
    const { issues } = await validate(files);
    expect(issues).toContainEqual(expect.objectContaining({ file: 'missions/DEMO-01/story.md', message: 'not valid UTF-8 text' }));
  });

  it('reports a missing pack.yaml and a pack without missions', async () => {
    const { issues } = await validate({ 'recipes/x.md': '---\nid: x\ntitle: X\ntype: tool\n---\nx\n' });
    expect(issues.map((i) => i.message)).toEqual(expect.arrayContaining([expect.stringMatching(/pack\.yaml is missing/), expect.stringMatching(/has no missions/)]));
  });
});
