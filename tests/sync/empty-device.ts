// A device with no pack imported yet: a mentor's PC that has not received the pack a run needs.
import { onTestFinished } from 'vitest';
import { openEngine } from '../../electron/engine/engine.ts';
import { SAMPLE_PACK, TestClock, type TestEngine } from '../support/engine-fixture.ts';
import { tempDir } from '../support/temp.ts';

export { SAMPLE_PACK };

export async function engineWithoutPacks(): Promise<TestEngine> {
  const dataDir = tempDir();
  const clock = new TestClock();
  const engine = openEngine({ dataDir, clock, log: () => undefined });
  onTestFinished(() => engine.close());
  return { engine, clock, dataDir, pushed: [], call: (method, input) => engine.call(method, input) as never };
}
