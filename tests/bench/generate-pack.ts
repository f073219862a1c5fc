// Generates a large synthetic pack for the import benchmark: N missions with Markdown and one binary
// asset each, M recipes, and a rubric; written as a folder and as a zip.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildZip, type ZipEntrySpec } from '../support/zip-builder.ts';

export interface SyntheticPackSize {
  missions: number;
  recipes: number;
  assetBytes: number;
}

export function syntheticPackFiles(size: SyntheticPackSize): Array<{ path: string; data: Buffer | string; store?: boolean }> {
  const files: Array<{ path: string; data: Buffer | string; store?: boolean }> = [];
  files.push({ path: 'pack.yaml', data: 'id: bench-pack\ntitle: Benchmark pack\nversion: 1.0.0\n' });
  files.push({ path: 'rubrics/standard.yaml', data: 'id: standard\ntitle: Standard\ncriteria:\n  - id: accuracy\n    title: Accurate\n    levels:\n      - { points: 0, label: Wrong }\n      - { points: 4, label: Right }\n' });
  for (let r = 0; r < size.recipes; r++) {
    files.push({ path: `recipes/recipe-${r}.md`, data: `---\nid: recipe-${r}\ntitle: Recipe ${r}\ntype: technical\nskills: [logs, triage]\nminutes: 10\nlevel: beginner\n---\n${'Step by step, with an example query and its output.\n'.repeat(20)}` });
  }
  const assetSize = Math.ceil(size.assetBytes / size.missions);
  for (let m = 0; m < size.missions; m++) {
    const code = `BENCH-${String(m).padStart(4, '0')}`;
    const dir = `missions/${code}`;
    const recipe = (k: number): string => `recipe-${(m * 4 + k) % size.recipes}`;
    files.push({ path: `${dir}/mission.yaml`, data: missionYaml(code, recipe, m) });
    files.push({ path: `${dir}/story.md`, data: `# ${code}\n\n${'The analyst on shift sees something odd in the logs. '.repeat(30)}\n\n[capture](assets/capture.bin)\n` });
    for (const stage of ['triage', 'contain', 'report']) files.push({ path: `${dir}/stages/${stage}.md`, data: `Do the ${stage} work.\n\n${'Look at the artefact and note what you find. '.repeat(15)}\n` });
    files.push({ path: `${dir}/assets/capture.bin`, data: randomBytes(assetSize), store: true });
  }
  return files;
}

function missionYaml(code: string, recipe: (k: number) => string, index: number): string {
  const tier = ['beginner', 'intermediate', 'advanced', 'mastery'][index % 4];
  const track = ['defender', 'offensive', 'grc', 'innovation', 'leadership'][index % 5];
  return `code: ${code}
title: Synthetic mission ${code}
tier: ${tier}
track: ${track}
story: story.md
objectives: [Triage, Decide, Report]
time_limit_minutes: 60
rubric: standard
start: triage
stages:
  - id: triage
    kind: task
    title: Triage
    body: stages/triage.md
    weight: 30
    hints:
      - { text: Look at the first lines., penalty: 5 }
      - { text: Group by source., penalty: 10, after_minutes: 5 }
    recipes: [${recipe(0)}, ${recipe(1)}]
    answer: { value: 10.20.0.14, match: trimmed, attempts: 5 }
    next: decide
  - id: decide
    kind: decision
    prompt: What now?
    options:
      - { id: block, label: Block, next: contain, set: { noisy: true } }
      - { id: watch, label: Watch, next: report, score: -5 }
  - id: contain
    kind: task
    title: Contain
    body: stages/contain.md
    weight: 30
    recipes: [${recipe(2)}]
    next: report
  - id: report
    kind: task
    title: Report
    body: stages/report.md
    weight: 40
    recipes: [${recipe(3)}]
    questions:
      - { id: q1, kind: single, text: Which log?, points: 2, choices: [{ text: auth.log, correct: true }, { text: dmesg }] }
`;
}

export function writeSyntheticPack(root: string, size: SyntheticPackSize): { folder: string; zip: string } {
  const files = syntheticPackFiles(size);
  const folder = join(root, 'folder');
  for (const file of files) {
    mkdirSync(join(folder, file.path, '..'), { recursive: true });
    writeFileSync(join(folder, file.path), file.data);
  }
  const zip = join(root, 'pack.zip');
  const entries: ZipEntrySpec[] = files.map((file) => ({ name: file.path, data: file.data, store: file.store }));
  writeFileSync(zip, buildZip(entries));
  return { folder, zip };
}

// Run as a script (`generate-pack.ts <dir> <missions> <recipes> <assetBytes>`) so that the benchmark's
// own process stays small: Linux keeps a process's peak memory across exec, so a child started by a
// parent that held the generated pack would report the parent's peak as its own.
if (import.meta.main) {
  const [dir, missions, recipes, assetBytes] = process.argv.slice(2);
  if (!dir) throw new Error('usage: generate-pack.ts <dir> <missions> <recipes> <assetBytes>');
  writeSyntheticPack(dir, { missions: Number(missions), recipes: Number(recipes), assetBytes: Number(assetBytes) });
}
