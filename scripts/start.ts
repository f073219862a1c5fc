// `./dev start`: builds Outpost and runs it on the bundled sample pack (imported on first start).
// The desktop app when the Electron binary is installed; browser mode where it is not, as on lab
// machines and build hosts that cannot download it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);

function electronBinary(): string | null {
  const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function run(command: string, commandArgs: string[]): number {
  return spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' }).status ?? 1;
}

const build = run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn']);
if (build !== 0) process.exit(build);

const electron = args.includes('--browser') ? null : electronBinary();
if (electron) {
  process.exit(run(electron, [root]));
}
if (!args.includes('--browser')) {
  console.log('The Electron binary is not installed here (run `npm run electron:install` on a connected machine); starting browser mode instead.');
}
process.exit(run(process.execPath, [join(root, 'electron/web/main.ts'), ...args.filter((a) => a !== '--browser')]));
