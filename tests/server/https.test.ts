// HTTPS with a given certificate: the server answers over TLS with it, the app's client reaches it
// when the certificate is trusted, and a broken certificate stops the start with a clear message.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:https';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../server/http.ts';
import { tempDir } from '../support/temp.ts';

function selfSigned(dir: string): { cert: Buffer; key: Buffer } {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  return { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) };
}

function healthOver(url: string, ca: Buffer | undefined): Promise<{ status: number; body: string; protocol: string }> {
  return new Promise((resolve, reject) => {
    get(`${url}/healthz`, { ca, rejectUnauthorized: true }, (res) => {
      const protocol = (res.socket as unknown as { getProtocol(): string | null }).getProtocol() ?? '';
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, protocol }));
    }).on('error', reject);
  });
}

describe('HTTPS', () => {
  it('serves over TLS with the given certificate; an untrusted one is refused by the client', async () => {
    const dir = tempDir();
    const tls = selfSigned(dir);
    const server = await startServer({ dataDir: dir, port: 0, log: () => undefined, tls, xapi: { enabled: false } });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const answer = await healthOver(server.url, tls.cert);
      expect(answer).toMatchObject({ status: 200, body: '{"status":"ok"}' });
      expect(answer.protocol).toMatch(/^TLSv1\.[23]$/);
      await expect(healthOver(server.url, undefined)).rejects.toThrow(/self[- ]signed/i);
      // Plain HTTP on the TLS port gets no answer it could mistake for the API.
      await expect(fetch(server.url.replace('https:', 'http:') + '/healthz', { signal: AbortSignal.timeout(5_000) }).then((r) => r.status)).rejects.toThrow();
    } finally {
      await server.close();
    }
  });

  it('refuses to start with a key that is not one', async () => {
    const dir = tempDir();
    const tls = selfSigned(dir);
    await expect(startServer({ dataDir: dir, port: 0, log: () => undefined, tls: { cert: tls.cert, key: 'not a key' }, xapi: { enabled: false } })).rejects.toThrow(/TLS certificate or key cannot be used/);
  });
});
