// The bundled sample pack is installed on first start, so a new lab sees real missions at once.
// Done once per data folder: an instructor who removes it does not get it back uninvited.
import type { Engine } from '../engine.ts';

const SEEDED = 'sample_pack_seeded';

export async function seedSamplePack(engine: Engine, packPath: string): Promise<'imported' | 'already'> {
  const { db } = engine.ctx;
  if (db.first(db.q.selectFrom('settings').select('value').where('key', '=', SEEDED))) return 'already';
  const report = await engine.importPack(packPath, { by: 'owner' });
  if (report.status === 'failed') {
    const first = report.issues[0];
    throw new Error(`the bundled sample pack did not import: ${first ? `${first.file}: ${first.message}` : 'unknown error'}`);
  }
  db.run(db.q.insertInto('settings').values({ key: SEEDED, value: String(engine.ctx.clock.now()) }).onConflict((oc) => oc.doNothing()));
  return 'imported';
}
