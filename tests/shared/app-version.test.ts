import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { APP_VERSION } from '../../shared/app-version.ts';

it('keeps APP_VERSION equal to the version in package.json', () => {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
  expect(APP_VERSION).toBe(pkg.version);
});
