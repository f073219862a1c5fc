import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../db/connection.ts';
import { importPack } from '../../../electron/engine/packs/import-pack.ts';
import { generateSigningKeys } from '../../../electron/engine/packs/signature/pack-signature.ts';
import { signPackFolder } from '../../../electron/engine/packs/signature/sign-pack.ts';
import { trustPackKey } from '../../../electron/engine/packs/trust.ts';
import { startBrowserMode, type BrowserMode } from '../../../electron/web/browser-mode.ts';
import { main } from '../../../electron/cli/main.ts';
import { learner, SAMPLE_PACK, staff, TestClock } from '../../support/engine-fixture.ts';
import { editFile, validPackFiles, writePackFolder, writePackZip } from '../../support/pack-fixture.ts';
import { tempDir } from '../../support/temp.ts';
import { httpCaller } from '../../support/transports.ts';

/** A one-mission pack posing as the sample pack's next version: what an attacker would upload. */
function impostorOfSample(version: string): string {
  const files = editFile(validPackFiles('outpost-sample', version), 'pack.yaml', (t) => t.replace('title: Test pack', 'title: Outpost sample missions'));
  return writePackZip(join(tempDir(), `impostor-${version}.zip`), files);
}

let mode: BrowserMode | undefined;
afterEach(async () => {
  await mode?.close();
  mode = undefined;
});

async function browserMode(dataDir = tempDir()): Promise<BrowserMode> {
  mode = await startBrowserMode({ dataDir, port: 0, staticDir: tempDir(), samplePack: SAMPLE_PACK, clock: new TestClock(), log: () => undefined });
  return mode;
}

async function upload(m: BrowserMode, zip: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${m.port}/api/upload/pack?name=pack.zip`, { method: 'POST', headers: { Authorization: `Bearer ${m.token}` }, body: new Uint8Array(readFileSync(zip)) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function sampleMissions(m: BrowserMode): Array<{ version: string; missions: number }> {
  const { db } = m.engine.ctx;
  return db.all(
    db.q
      .selectFrom('pack_versions')
      .select((eb) => ['version', eb.selectFrom('missions').select((x) => x.fn.countAll<number>().as('n')).whereRef('missions.pack_version_id', '=', 'pack_versions.id').as('missions')])
      .where('pack_id', '=', 'outpost-sample'),
  ).map((row) => ({ version: row.version, missions: row.missions ?? 0 }));
}

describe('who may import a pack', () => {
  it('refuses a learner\'s pack upload before storing a byte, and packs.pick too', async () => {
    const m = await browserMode();
    const call = httpCaller(`http://127.0.0.1:${m.port}`, m.token);
    const profileId = (await call('profiles.create', { displayName: 'Ada' })).id;
    await call('profiles.select', { profileId });
    const refused = await upload(m, writePackZip(join(tempDir(), 'new.zip'), validPackFiles('brand-new-pack')));
    expect(refused).toEqual({ status: 403, body: { code: 'forbidden', message: 'Only a mentor or an admin may do that.', details: { roles: ['mentor', 'admin'] } } });
    await expect(call('packs.pick', { kind: 'zip' })).rejects.toMatchObject({ code: 'forbidden' });
    expect(readdirSync(m.engine.ctx.dataDir)).not.toContain('uploads');
    expect((await call('packs.list', {})).map((p) => p.packId)).toEqual(['outpost-sample']);
  });

  it('lets a mentor add a new pack', async () => {
    const m = await browserMode();
    await staff({ engine: m.engine, call: httpCaller(`http://127.0.0.1:${m.port}`, m.token) }, 'mentor');
    const done = await upload(m, writePackZip(join(tempDir(), 'new.zip'), validPackFiles('brand-new-pack')));
    expect(done.body, JSON.stringify(done.body.issues)).toMatchObject({ status: 'imported', packId: 'brand-new-pack', replaces: null });
  });
});

describe('an installed pack cannot be replaced by someone else\'s', () => {
  it('keeps the nine-mission sample when a mentor uploads an unsigned one-mission "1.0.1" of it, also after a restart', async () => {
    const dataDir = tempDir();
    const m = await browserMode(dataDir);
    await staff({ engine: m.engine, call: httpCaller(`http://127.0.0.1:${m.port}`, m.token) }, 'mentor');
    const refused = await upload(m, impostorOfSample('1.0.1'));
    expect(refused.body).toMatchObject({ status: 'failed', issues: [expect.objectContaining({ file: 'signature', message: expect.stringContaining('only an admin may add another version of it') })] });
    expect(sampleMissions(m)).toEqual([{ version: '1.0.0', missions: 9 }]);
    await m.close();
    const again = await browserMode(dataDir);
    expect(sampleMissions(again)).toEqual([{ version: '1.0.0', missions: 9 }]);
  });

  it('lets an admin replace an unsigned pack, and says plainly what the new version replaces', async () => {
    const m = await browserMode();
    await staff({ engine: m.engine, call: httpCaller(`http://127.0.0.1:${m.port}`, m.token) }, 'admin');
    const done = await upload(m, impostorOfSample('1.0.1'));
    expect(done.body).toMatchObject({ status: 'imported', version: '1.0.1', replaces: { version: '1.0.0', missions: 9, signature: 'unsigned', signer: null } });
  });

  describe('a signed pack', () => {
    const author = generateSigningKeys();
    const stranger = generateSigningKeys();
    const signed = async (version: string, keys: { privateKeyPem: string } | null, signer = 'Jane Author'): Promise<string> => {
      const folder = writePackFolder(join(tempDir(), `signed-${version}`), validPackFiles('signed-pack', version));
      if (keys) await signPackFolder(folder, keys.privateKeyPem, signer);
      return folder;
    };
    const library = (): { db: Db; dataDir: string } => {
      const dataDir = tempDir();
      return { db: openDatabase(join(dataDir, 'outpost.db')), dataDir };
    };

    it('takes new versions only from the key of its first signed version', async () => {
      const { db, dataDir } = library();
      expect(await importPack(await signed('1.0.0', author), { db, dataDir, actor: 'mentor' })).toMatchObject({ status: 'imported', replaces: null });
      for (const [what, path] of [['unsigned', await signed('1.1.0', null)], ['signed by another key', await signed('1.1.0', stranger, 'Jane Author')]] as const) {
        for (const actor of ['mentor', 'admin'] as const) {
          const outcome = await importPack(path, { db, dataDir, actor });
          expect(outcome, `${what} as ${actor}`).toMatchObject({ status: 'failed', issues: [expect.objectContaining({ file: 'signature', message: expect.stringContaining('only a version signed by the same key can be added') })] });
        }
      }
      expect(await importPack(await signed('1.1.0', author), { db, dataDir, actor: 'mentor' })).toMatchObject({ status: 'imported', replaces: { version: '1.0.0', signature: 'signed', signer: 'Jane Author' } });
      db.close();
    });

    it('takes a new key for the pack once an admin trusts it for that pack id', async () => {
      const { db, dataDir } = library();
      await importPack(await signed('1.0.0', author), { db, dataDir, actor: 'admin' });
      expect((await importPack(await signed('2.0.0', stranger, 'New Owner'), { db, dataDir, actor: 'admin' })).status).toBe('failed');
      trustPackKey(db, 'signed-pack', stranger.publicKeyPem, 'New Owner');
      expect(await importPack(await signed('2.0.0', stranger, 'New Owner'), { db, dataDir, actor: 'mentor' })).toMatchObject({ status: 'imported', signature: { status: 'signed', trusted: true } });
      // The original key still may: an admin adds keys, the first one is not dropped.
      expect((await importPack(await signed('2.1.0', author), { db, dataDir, actor: 'mentor' })).status).toBe('imported');
      db.close();
    });

    it('is held to the same rules on the command line, which imports as the admin and says so', async () => {
      const dataDir = tempDir();
      const out: string[] = [];
      const run = (...args: string[]) => main(args, { out: (l) => out.push(l), err: (l) => out.push(l) });
      expect(await run('pack', 'import', await signed('1.0.0', author), '--data-dir', dataDir)).toBe(0);
      expect(out.at(-1)).toMatch(/as its admin: signed-pack 1\.0\.0/);
      expect(await run('pack', 'import', await signed('1.1.0', null), '--data-dir', dataDir)).toBe(1);
      expect(out.join('\n')).toContain('only a version signed by the same key can be added');
      const keyFile = join(tempDir(), 'new.pub.pem');
      (await import('node:fs')).writeFileSync(keyFile, stranger.publicKeyPem);
      expect(await run('trust', 'add', keyFile, '--name', 'New Owner', '--pack', 'signed-pack', '--data-dir', dataDir)).toBe(0);
      expect(await run('pack', 'import', await signed('1.2.0', stranger, 'New Owner'), '--data-dir', dataDir)).toBe(0);
      expect(out.at(-1)).toContain('it replaces signed-pack 1.0.0 (1 missions, signed by Jane Author) in every library');
      expect(existsSync(join(dataDir, 'outpost.db'))).toBe(true);
    });
  });
});

describe('an unsigned pack by a mentor over the engine', () => {
  it('refuses a learner signed in through the engine itself, not only over HTTP', async () => {
    const m = await browserMode();
    await learner({ engine: m.engine, call: (method, input) => m.engine.call(method, input) as never, clock: new TestClock(), dataDir: m.engine.ctx.dataDir, pushed: [] });
    await expect(m.engine.importPack(impostorOfSample('1.0.1'), { by: 'session' })).rejects.toMatchObject({ code: 'forbidden' });
    expect(sampleMissions(m)).toEqual([{ version: '1.0.0', missions: 9 }]);
  });
});
