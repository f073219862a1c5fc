// An engine with the sample pack and generated runs written straight into its database, for the
// analytics tests: each test computes its answers from the generated objects and compares.
import type { MissionKey } from '../../../shared/api/analytics-views.ts';
import type { AnalyticsSource } from '../../../shared/analytics/source.ts';
import { appAnalyticsSource } from '../../../electron/engine/analytics/app-source.ts';
import { engineWithSamplePack, type TestEngine } from '../../support/engine-fixture.ts';
import { runWriter, type GeneratedRun, type StageDef } from './generate-runs.ts';

export interface WorldStage extends StageDef { title: string; position: number }
export interface WorldMission { id: number; key: MissionKey; title: string; stages: WorldStage[] }

export function missionsOf(t: TestEngine): WorldMission[] {
  const { sqlite } = t.engine.ctx.db;
  const rows = sqlite
    .prepare('SELECT missions.id, missions.title, pack_versions.pack_id AS packId, pack_versions.version, missions.code FROM missions JOIN pack_versions ON pack_versions.id = missions.pack_version_id ORDER BY missions.id')
    .all() as Array<MissionKey & { id: number; title: string }>;
  return rows.map(({ id, title, packId, version, code }) => ({
    id,
    title,
    key: { packId, version, code },
    stages: sqlite.prepare('SELECT stage_id AS stageId, kind, title, position FROM stages WHERE mission_id = ? ORDER BY position').all(id) as WorldStage[],
  }));
}

export function writeRuns(t: TestEngine, runs: readonly GeneratedRun[]): void {
  const { sqlite } = t.engine.ctx.db;
  const writer = runWriter(sqlite);
  sqlite.transaction(() => {
    for (const run of runs) writer.write(run);
  })();
}

export function sourceOf(t: TestEngine): AnalyticsSource {
  return appAnalyticsSource(t.engine.ctx.db);
}

export function recipeIdsOf(t: TestEngine): string[] {
  return (t.engine.ctx.db.sqlite.prepare('SELECT DISTINCT recipe_id AS id FROM recipes ORDER BY recipe_id').all() as Array<{ id: string }>).map((row) => row.id);
}

/** Engines opened by a test file, closed after each test. */
export function engineTracker(): { open(): Promise<TestEngine>; closeAll(): void } {
  let engines: TestEngine[] = [];
  return {
    async open() {
      const t = await engineWithSamplePack();
      engines.push(t);
      return t;
    },
    closeAll() {
      for (const e of engines) e.engine.close();
      engines = [];
    },
  };
}
