// Builds the three parts of the desktop app: main (ESM), preload (CommonJS, as sandboxed preloads
// must be) and the renderer, which browser mode serves too.
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { META_CONTENT_SECURITY_POLICY } from './shared/content-security-policy.ts';

/**
 * Writes the shared Content-Security-Policy into index.html as its first element, so that the page keeps
 * it wherever it is loaded from and nobody maintains a second copy by hand.
 */
export function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'outpost-content-security-policy',
    transformIndexHtml(_html, context) {
      // Only Vite's dev server puts CSS into <style> elements (for hot reloading); the built page links
      // its stylesheets and runs under the strict policy.
      const policy = context.server ? META_CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'") : META_CONTENT_SECURITY_POLICY;
      return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' }];
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      minify: true,
      rollupOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') },
    },
  },
});
