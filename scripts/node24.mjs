#!/usr/bin/env node
// Runs a script with Node 24, whatever Node started npm: the project's TypeScript runs by Node 24's
// type stripping, and its tests start children with the same Node. On an older Node it uses (and
// when missing, installs) the project's own Node 24 in .tools/node24, as `./dev` does.
// Plain JavaScript on purpose: it must run on the older Node too.
// Use: node scripts/node24.mjs <script> [args…]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function nodeBinary() {
  if (Number(process.versions.node.split('.')[0]) >= 24) return process.execPath;
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  const local = join(root, `.tools/node24/node_modules/node-${process.platform}-${arch}/bin/node`);
  if (!existsSync(local) && process.platform !== 'win32') {
    spawnSync('bash', ['-c', 'source scripts/ensure-node.sh'], { cwd: root, stdio: 'inherit' });
  }
  if (existsSync(local)) return local;
  console.error(`Outpost's scripts need Node.js 24 or newer (this is ${process.version}); install it, or run ./dev, which installs it into .tools/node24.`);
  process.exit(2);
}

if (args.length === 0) {
  console.error('usage: node scripts/node24.mjs <script> [args…]');
  process.exit(2);
}
const result = spawnSync(nodeBinary(), args, { cwd: process.cwd(), stdio: 'inherit' });
process.exit(result.status ?? (result.signal ? 1 : 0));
