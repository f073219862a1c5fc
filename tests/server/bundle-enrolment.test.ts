// Enrolment registers the device's signing key for sync bundles and certifies it with the server's
// own key (server.key in the data folder): the first key of a device wins, and a code used for a
// refused key stays unused.
import { generateKeyPairSync } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviceCertificateSchema } from '../../shared/sync/bundle.ts';
import { certificateVerifies, publicKeyFrom } from '../../server/bundles/bundle-keys.ts';
import { loadServerKey, SERVER_KEY_FILE } from '../../server/bundles/server-key.ts';
import { startServer } from '../../server/http.ts';
import { enrolPerson, revoke } from '../../server/teams.ts';
import { tempDir } from '../support/temp.ts';
import { deviceKeys, enrolWithKey } from './bundle-fixture.ts';
import { DATABASES } from './support/databases.ts';
import { testServer } from './sync-server.ts';

describe.each(DATABASES)('device keys at enrolment on %s', (kind) => {
  it('registers the device key and answers the server key and its certificate of the device key', async () => {
    const t = await testServer(kind);
    const ada = await enrolWithKey(t, 'blue', 'Ada');
    const serverKey = loadServerKey(t.dataDir);
    expect(ada.serverPublicKey).toBe(serverKey.publicKeyPem);
    expect(deviceCertificateSchema.parse(ada.certificate)).toEqual({
      deviceId: ada.deviceId,
      devicePublicKey: ada.keys.publicKeyPem,
      profileId: 'p-ada',
      team: 'blue',
      role: 'learner',
      personName: 'Ada',
      issuedAt: t.clock.now(),
      signature: expect.any(String),
    });
    expect(certificateVerifies(ada.certificate, publicKeyFrom(ada.serverPublicKey)!)).toBe(true);
    // One changed claim and the signature no longer holds.
    expect(certificateVerifies({ ...ada.certificate, team: 'red' }, publicKeyFrom(ada.serverPublicKey)!)).toBe(false);
    const row = await t.server.db.selectFrom('device_keys').selectAll().executeTakeFirstOrThrow();
    expect(row).toEqual({ device_id: ada.deviceId, public_key: ada.keys.publicKeyPem, created_at: t.clock.now() });
    if (process.platform !== 'win32') expect(statSync(join(t.dataDir, SERVER_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('keeps a device\'s first key: another is refused while its enrolments are valid, and its code stays unused', async () => {
    const t = await testServer(kind);
    const ada = await enrolWithKey(t, 'blue', 'Ada');
    const { code } = await enrolPerson(t.server.db, 'blue', 'Bob', 'learner', t.clock);
    const intruder = deviceKeys();
    const refused = await t.post('/v1/enrol', { code, deviceId: ada.deviceId, profileId: 'p-bob', devicePublicKey: intruder.publicKeyPem });
    expect(refused).toMatchObject({ status: 409, body: { code: 'conflict', message: expect.stringContaining('enrolled already with another signing key') } });
    expect((await t.server.db.selectFrom('device_keys').select('public_key').executeTakeFirstOrThrow()).public_key).toBe(ada.keys.publicKeyPem);
    // The same code, with the device's own key: it was never used.
    const bob = await t.post('/v1/enrol', { code, deviceId: ada.deviceId, profileId: 'p-bob', devicePublicKey: ada.keys.publicKeyPem });
    expect(bob.status).toBe(200);
    expect(await t.count('events')).toBe(0);

    // Every enrolment of the device revoked (a reinstalled app): a new key takes the device's place.
    await revoke(t.server.db, 'Ada', t.clock);
    await revoke(t.server.db, 'Bob', t.clock);
    const again = await enrolWithKey(t, 'blue', 'Ada', { deviceId: ada.deviceId, keys: intruder });
    expect(again.certificate.devicePublicKey).toBe(intruder.publicKeyPem);
    expect((await t.server.db.selectFrom('device_keys').select('public_key').executeTakeFirstOrThrow()).public_key).toBe(intruder.publicKeyPem);
  });

  it('refuses a key that is not an Ed25519 public key, and the code stays unused', async () => {
    const t = await testServer(kind);
    await enrolWithKey(t, 'blue', 'Ada');
    const { code } = await enrolPerson(t.server.db, 'blue', 'Bob', 'learner', t.clock);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const devicePublicKey of [rsa, 'not a key', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n']) {
      const answer = await t.post('/v1/enrol', { code, deviceId: 'device-bob-0001', profileId: 'p-bob', devicePublicKey });
      expect(answer).toMatchObject({ status: 400, body: { code: 'invalid_input', message: expect.stringContaining('Ed25519') } });
    }
    expect(await t.server.db.selectFrom('device_keys').select('device_id').where('device_id', '=', 'device-bob-0001').executeTakeFirst()).toBeUndefined();
    expect((await t.post('/v1/enrol', { code, deviceId: 'device-bob-0001', profileId: 'p-bob', devicePublicKey: deviceKeys().publicKeyPem })).status).toBe(200);
  });

  it('answers an app that sends no key with the server key and no certificate', async () => {
    const t = await testServer(kind);
    const ada = await t.device('blue', 'Ada');
    const { code } = await enrolPerson(t.server.db, 'blue', 'Bob', 'learner', t.clock);
    const answer = await t.post('/v1/enrol', { code, deviceId: ada.deviceId, profileId: 'p-bob' });
    expect(answer.status).toBe(200);
    expect(answer.body.serverPublicKey).toBe(loadServerKey(t.dataDir).publicKeyPem);
    expect(answer.body).not.toHaveProperty('certificate');
    expect(await t.server.db.selectFrom('device_keys').selectAll().execute()).toEqual([]);
  });
});

describe('the server key file', () => {
  it('is made once and read by every process of the data folder; a damaged one stops the start', async () => {
    const dataDir = tempDir('outpost-sync-key-');
    const first = loadServerKey(dataDir);
    expect(loadServerKey(dataDir).publicKeyPem).toBe(first.publicKeyPem);
    const server = await startServer({ dataDir, port: 0, log: () => undefined, xapi: { enabled: false } });
    await server.close();
    expect(loadServerKey(dataDir).publicKeyPem).toBe(first.publicKeyPem);
    // Another data folder, another key: several processes on one database share the file.
    expect(loadServerKey(tempDir('outpost-sync-key-')).publicKeyPem).not.toBe(first.publicKeyPem);

    writeFileSync(join(dataDir, SERVER_KEY_FILE), 'garbage');
    await expect(startServer({ dataDir, port: 0, log: () => undefined, xapi: { enabled: false } })).rejects.toThrow(/server\.key does not hold an Ed25519 private key/);
  });
});
