#!/usr/bin/env node
// Entry of the `outpost-server` command (the team's sync server, server/cli.ts). TypeScript run by
// Node 24's type stripping; on an older Node it re-runs itself with the project's own Node 24.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);

if (major >= 24) {
  // The command line runs on import and sets the exit code itself.
  await import(pathToFileURL(join(root, 'server/cli.ts')).href);
} else {
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  const local = join(root, `.tools/node24/node_modules/node-${process.platform}-${arch}/bin/node`);
  if (!existsSync(local)) {
    console.error(`outpost-server needs Node.js 24 or newer (this is ${process.version}); run \`bash scripts/ensure-node.sh\` in the project first.`);
    process.exit(2);
  }
  const result = spawnSync(local, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
