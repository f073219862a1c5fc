// Runs a pack import on the engine's worker thread while a learner keeps acting (a reflection saved
// every few milliseconds), and prints one JSON line: how long the import took and how long the acts
// took meanwhile. The import must never make an act wait for it.
import { join } from 'node:path';
import { openEngine } from '../../electron/engine/engine.ts';
import type { MissionCard, RunView } from '../../shared/api/views.ts';

const [packPath, dataDir] = process.argv.slice(2);
if (!packPath || !dataDir) throw new Error('usage: pack-import-during-acts.ts <pack> <data-dir>');
const engine = openEngine({ dataDir, log: (message, error) => process.stderr.write(`[engine] ${message} ${String(error ?? '')}\n`) });
const call = <T>(method: string, input: unknown) => engine.call(method, input) as Promise<T>;
const sample = await engine.importPack(join(import.meta.dirname, '../../resources/sample-pack'), { by: 'owner' });
if (sample.status !== 'imported') throw new Error(`sample pack: ${sample.status}`);
const profileId = (await call<{ id: string }>('profiles.create', { displayName: 'Learner during an import' })).id;
await call('profiles.select', { profileId });
const missionId = (await call<MissionCard[]>('catalog.list', { profileId })).find((c) => c.code === 'SOC-01')?.missionId;
const runId = (await call<RunView>('runs.start', { profileId, missionId })).id;

const latencies: number[] = [];
let finished = false;
const started = performance.now();
const importing = engine.importPack(packPath, { by: 'owner' }).finally(() => (finished = true));
while (!finished) {
  const t0 = performance.now();
  await call('reflection.save', { profileId, runId, text: `draft ${latencies.length}: written while a pack imports` });
  latencies.push(performance.now() - t0);
  await new Promise((resolve) => setTimeout(resolve, 2));
}
const report = await importing;
const importMs = performance.now() - started;
engine.close();
if (report.status !== 'imported') throw new Error(`pack: ${report.status}`);
latencies.sort((a, b) => a - b);
const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
console.log(JSON.stringify({ importMs, acts: latencies.length, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? 0 }));
