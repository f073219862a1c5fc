// Benchmark: import a generated pack of 500 missions, 2,000 recipes and 100 MB of assets (issue
// target: under 5 s, peak memory under 250 MB), and one twice that size (target: the same peak).
// Then the first one again on the engine's worker thread while a learner acts, to show the acts
// never wait for the import (it writes Outpost's database only in one short transaction at the end).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SyntheticPackSize } from './generate-pack.ts';

interface ImportFigures {
  ms: number;
  maxRssMb: number;
}

/** Runs one of the child scripts beside this file on `pack` and a fresh data folder; it prints JSON. */
function inChild<T>(script: string, pack: string): T {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-bench-data-'));
  try {
    return JSON.parse(execFileSync(process.execPath, [join(import.meta.dirname, script), pack, dataDir], { encoding: 'utf8' })) as T;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const importOnce = (pack: string): ImportFigures => inChild('pack-import-child.ts', pack);

interface DuringImport {
  importMs: number;
  acts: number;
  p50: number;
  p99: number;
  max: number;
}

const actsDuringImport = (pack: string): DuringImport => inChild('pack-import-during-acts.ts', pack);

export function benchPackImport(log: (line: string) => void): void {
  const sizes: Array<[string, SyntheticPackSize]> = [
    ['1x', { missions: 500, recipes: 2000, assetBytes: 100 * 1024 * 1024 }],
    ['2x', { missions: 1000, recipes: 4000, assetBytes: 200 * 1024 * 1024 }],
  ];
  const results: Record<string, { folder: ImportFigures; zip: ImportFigures }> = {};
  for (const [label, size] of sizes) {
    const root = mkdtempSync(join(tmpdir(), 'outpost-bench-pack-'));
    try {
      execFileSync(process.execPath, [join(import.meta.dirname, 'generate-pack.ts'), root, String(size.missions), String(size.recipes), String(size.assetBytes)]);
      const folder = join(root, 'folder');
      const zip = join(root, 'pack.zip');
      results[label] = { folder: importOnce(folder), zip: importOnce(zip) };
      for (const kind of ['folder', 'zip'] as const) {
        const r = results[label]![kind];
        log(`pack import ${label} (${size.missions} missions, ${size.recipes} recipes, ${size.assetBytes / 1024 / 1024} MB assets) from ${kind}: ${(r.ms / 1000).toFixed(2)} s, peak memory ${r.maxRssMb.toFixed(0)} MB`);
      }
      if (label === '1x') {
        const during = actsDuringImport(folder);
        log(`pack import 1x on the engine's worker while a learner acts: import ${(during.importMs / 1000).toFixed(2)} s; ${during.acts} acts meanwhile, p50 ${during.p50.toFixed(2)} ms, p99 ${during.p99.toFixed(2)} ms, longest ${during.max.toFixed(1)} ms (no act should wait for the import)`);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  for (const kind of ['folder', 'zip'] as const) {
    const one = results['1x']![kind];
    const two = results['2x']![kind];
    log(`pack import ${kind}: time 2x/1x ${(two.ms / one.ms).toFixed(2)}, peak memory 2x/1x ${(two.maxRssMb / one.maxRssMb).toFixed(2)} (targets: 1x under 5 s and 250 MB; memory ratio near 1.0)`);
  }
}
