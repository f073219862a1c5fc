import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppUrl, mainWindowOptions } from '../../../electron/main/window-options.ts';
import { contentSecurityPolicyMeta } from '../../../electron.vite.config.ts';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../../../shared/content-security-policy.ts';

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

  it('refuses look-alike hosts of the app scheme', () => {
    expect(isAppUrl('app://outpost.evil.example/index.html', undefined)).toBe(false);
    expect(isAppUrl('app://outpost:8080/index.html', undefined)).toBe(false);
    expect(isAppUrl('app://user@outpost/index.html', undefined)).toBe(false);
    expect(isAppUrl('app:///outpost/index.html', undefined)).toBe(false);
    expect(isAppUrl('not a url', undefined)).toBe(false);
  });

  it('refuses a dev-server look-alike that shares its address as a prefix', () => {
    const dev = 'http://localhost:5173';
    expect(isAppUrl('http://localhost:5173/#/library', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173.evil.example/', dev)).toBe(false);
    expect(isAppUrl('http://localhost:5173.evil.example/', `${dev}/`)).toBe(false);
    expect(isAppUrl('http://localhost:51730/', dev)).toBe(false);
    expect(isAppUrl('http://localhost:5173@evil.example/', dev)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', dev)).toBe(false);
  });

  it('serves the page under a strict Content-Security-Policy', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('refuses style attributes and <style> elements injected into the page (no \'unsafe-inline\')', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(META_CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });

  it('writes the same policy into the built page, with no second copy kept by hand', async () => {
    const html = readFileSync(join(import.meta.dirname, '../../../renderer/index.html'), 'utf8');
    expect(html).not.toContain('Content-Security-Policy');
    const hook = contentSecurityPolicyMeta().transformIndexHtml;
    const transform = typeof hook === 'function' ? hook : hook?.handler;
    const tags = await transform?.call(undefined as never, html, { path: '/index.html', filename: 'index.html' });
    expect(tags).toEqual([{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: META_CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }]);
    // A <meta> policy cannot carry frame-ancestors; everything else matches the header word for word.
    expect(META_CONTENT_SECURITY_POLICY).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));
  });
});

describe('the preload exposes one call and one event stream, nothing else', () => {
  it('passes only the generic call, subscribe and dropped-file functions to the page', () => {
    const source = readFileSync(join(import.meta.dirname, '../../../electron/preload/index.ts'), 'utf8');
    expect(source.match(/exposeInMainWorld\('outpost', \{([\s\S]*?)\n\}\);/)?.[1]?.match(/^\s{2}(\w+):/gm)?.map((k) => k.trim())).toEqual(['call:', 'subscribe:', 'attachDropped:']);
    expect(source).not.toMatch(/require\(|process\.|from 'node:/);
  });
});
