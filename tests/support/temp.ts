// Temporary folders for tests, removed when the test (or, at file level, the test file) ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, onTestFinished } from 'vitest';

export function tempDir(prefix = 'outpost-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  // afterAll registered from inside a running test never fires; such folders go with their test.
  if (expect.getState().currentTestName !== undefined) onTestFinished(remove);
  else afterAll(remove);
  return dir;
}
