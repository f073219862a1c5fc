// A pack author's folder (the scaffolded one-mission pack) and an engine opened for preview on it.
import { join } from 'node:path';
import { openPreviewEngine, type PreviewEngine } from '../../../electron/engine/preview/preview-engine.ts';
import { validPackFiles, writePackFolder } from '../../support/pack-fixture.ts';
import { tempDir } from '../../support/temp.ts';

export function authorFolder(): string {
  return writePackFolder(join(tempDir('outpost-author-'), 'pack'), validPackFiles('author-pack', '1.2.0'));
}

export function previewEngineOn(packDir: string): PreviewEngine {
  return openPreviewEngine({ dataDir: tempDir(), packDir, log: () => undefined });
}

export const MISSION_YAML = 'missions/DEMO-01/mission.yaml';
