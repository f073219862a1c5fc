// `npm run web`: Outpost in browser mode. Prints one line with the address to open (the token is in
// its fragment) and opens the system browser where there is one.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../engine/host/data-dir.ts';
import { startBrowserMode } from './browser-mode.ts';
import { openBrowser } from './open-browser.ts';

const ROOT = join(import.meta.dirname, '../..');

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      'no-open': { type: 'boolean', default: false },
      'no-sample': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${values.port}"`);
  const mode = await startBrowserMode({
    dataDir: values['data-dir'] ?? defaultDataDir(),
    port,
    staticDir: join(ROOT, 'out/renderer'),
    samplePack: values['no-sample'] ? null : join(ROOT, 'resources/sample-pack'),
  });
  console.log(`Outpost is running in browser mode: open ${mode.url}`);
  if (!values['no-open']) openBrowser(mode.url);
  const stop = (): void => {
    void mode.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.main) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`outpost web: ${(error as Error).message}`);
    process.exit(1);
  });
}
