// Temporary folders for tests, removed when the test (or, at file level, the test file) ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, onTestFinished } from 'vitest';

export function tempDir(prefix = 'outpost-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // An engine closed a moment ago may still be finishing with a file (its checkpoint worker stops on
  // its own thread; the start-up collection of unused files stops at its next step): removing the
  // folder retries until that has happened.
  const remove = (): void => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  // afterAll registered from inside a running test never fires; such folders go with their test.
  if (expect.getState().currentTestName !== undefined) onTestFinished(remove);
  else afterAll(remove);
  return dir;
}
