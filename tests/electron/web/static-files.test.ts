// Browser mode serves the page under the very policy the desktop app enforces, so what the end-to-end
// tests see in Chromium is what the desktop window allows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../../electron/web/static-files.ts';
import { CONTENT_SECURITY_POLICY } from '../../../shared/content-security-policy.ts';

let root: string;
let server: Server;
let base: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'outpost-static-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Outpost</title>');
  writeFileSync(join(root, 'app.css'), 'body { margin: 0 }');
  server = createServer((req, res) => void serveStatic(root, new URL(req.url ?? '/', 'http://localhost').pathname, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

describe('browser mode\'s page and assets', () => {
  it('carry the desktop app\'s Content-Security-Policy, with no inline styles allowed', async () => {
    for (const path of ['/', '/index.html', '/app.css', '/no/such/route']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
      await res.arrayBuffer();
    }
  });
});
