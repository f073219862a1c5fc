import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { openServerDatabase } from '../../server/db/open.ts';
import { events, testServer } from './sync-server.ts';
import { DATABASES } from './support/databases.ts';

describe.each(DATABASES)('server lifecycle on %s', (database) => {
  it('answers /healthz and /readyz, and 404 elsewhere', async () => {
    const t = await testServer(database);
    expect(await (await fetch(`${t.server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${t.server.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${t.server.url}/nowhere`)).status).toBe(404);
  });

  it('logs one JSON line per request without the token', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    await t.post('/v1/pull', { cursor: 0 }, ana.token);
    const lines = t.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ method: 'POST', route: '/v1/pull', status: 200, ms: expect.any(Number) }));
    expect(lines).toContainEqual(expect.objectContaining({ route: '/v1/enrol', status: 200 }));
    expect(t.logs.join('\n')).not.toContain(ana.token);
  });

  it('finishes an in-flight batch on shutdown and stores it', async () => {
    const t = await testServer(database);
    const ana = await t.device('blue', 'Ana');
    const body = JSON.stringify({ deviceId: ana.deviceId, events: events(ana.deviceId, null, 1, 200), records: [] });
    const half = Math.floor(body.length / 2);
    let sendRest = (): void => undefined;
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(new URL('/v1/push', t.server.url), { method: 'POST', headers: { Authorization: `Bearer ${ana.token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, half));
      sendRest = () => req.end(body.slice(half));
    });
    while (t.server.inFlight() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const closed = t.server.close();
    // Closed to newcomers while the batch is still arriving.
    await expect(fetch(`${t.server.url}/healthz`)).rejects.toThrow();
    sendRest();
    expect(await answer).toEqual({ status: 200, body: JSON.stringify({ ackSeq: 200, acceptedRecords: [] }) });
    await closed;
    const reopened = await openServerDatabase({ dataDir: t.dataDir, database: t.database });
    const stored = await reopened.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const device = await reopened.selectFrom('devices').select('ack_seq').executeTakeFirstOrThrow();
    await reopened.destroy();
    expect(Number(stored.n)).toBe(200);
    expect(device.ack_seq).toBe(200);
  });
});
