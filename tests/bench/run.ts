// `npm run bench [name]`: runs every benchmark (or the one named) and prints figures and ratios.
// Timing never fails a build: the targets are printed beside the figures for a person to read.
import { benchAnalytics } from './analytics.bench.ts';
import { benchEngine } from './engine.bench.ts';
import { benchEvidenceUpload } from './evidence-upload.bench.ts';
import { benchPackImport } from './pack-import.bench.ts';
import { benchRenderer } from './renderer.bench.ts';
import { benchReview } from './review.bench.ts';
import { benchSync } from './sync.bench.ts';
import { benchSyncLoad } from './sync-load.bench.ts';

const only = process.argv[2];
const benches: Record<string, (log: (line: string) => void) => void | Promise<void>> = {
  'pack-import': benchPackImport,
  engine: benchEngine,
  renderer: benchRenderer,
  review: benchReview,
  'sync-upload': benchEvidenceUpload,
  sync: benchSync,
  'sync-load': benchSyncLoad,
  analytics: benchAnalytics,
};

if (only && !(only in benches)) {
  console.error(`unknown benchmark "${only}": choose one of ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
for (const [name, bench] of Object.entries(benches)) {
  if (only && only !== name) continue;
  console.log(`# ${name}`);
  await bench((line) => console.log(line));
}
