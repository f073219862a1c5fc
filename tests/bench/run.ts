// `npm run bench`: runs every benchmark and prints figures and ratios. Timing never fails a build:
// the targets are printed beside the figures for a person to read.
import { benchEngine } from './engine.bench.ts';
import { benchPackImport } from './pack-import.bench.ts';

const only = process.argv[2];
const benches: Record<string, (log: (line: string) => void) => void> = {
  'pack-import': benchPackImport,
  engine: benchEngine,
};

for (const [name, bench] of Object.entries(benches)) {
  if (only && only !== name) continue;
  console.log(`# ${name}`);
  bench((line) => console.log(line));
}
