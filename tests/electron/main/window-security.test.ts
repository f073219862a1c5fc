import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppUrl, mainWindowOptions } from '../../../electron/main/window-options.ts';
import { CONTENT_SECURITY_POLICY } from '../../../electron/web/static-files.ts';

describe('the main window follows Electron\'s security checklist', () => {
  it('isolates the page: context isolation, sandbox, no Node, no webviews, no insecure content', () => {
    const prefs = mainWindowOptions('/app/preload/index.cjs', false).webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });

  it('allows navigation only to the app\'s own pages', () => {
    expect(isAppUrl('app://outpost/index.html', undefined)).toBe(true);
    expect(isAppUrl('https://203.0.113.5/phish', undefined)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', undefined)).toBe(false);
    expect(isAppUrl('http://localhost:5173/#/library', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });

  it('serves the page under a strict Content-Security-Policy, the same in the page itself', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
    const html = readFileSync(join(import.meta.dirname, '../../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(meta).toContain("script-src 'self'");
    expect(meta).toContain("object-src 'none'");
    expect(meta).not.toMatch(/unsafe-eval|https?:/);
  });
});

describe('the preload exposes one call and one event stream, nothing else', () => {
  it('passes only the generic call, subscribe and dropped-file functions to the page', () => {
    const source = readFileSync(join(import.meta.dirname, '../../../electron/preload/index.ts'), 'utf8');
    expect(source.match(/exposeInMainWorld\('outpost', \{([\s\S]*?)\n\}\);/)?.[1]?.match(/^\s{2}(\w+):/gm)?.map((k) => k.trim())).toEqual(['call:', 'subscribe:', 'attachDropped:']);
    expect(source).not.toMatch(/require\(|process\.|from 'node:/);
  });
});
