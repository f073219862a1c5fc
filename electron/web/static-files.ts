// Serves the built renderer under the desktop app's own strict Content-Security-Policy. Paths are
// resolved inside the renderer folder only; unknown paths fall back to index.html (the app routes
// itself), except a path with a broken percent-escape, which is 404.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy.ts';

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export async function serveStatic(root: string | null, pathname: string, res: ServerResponse): Promise<void> {
  if (!root) return notFound(res, 'The renderer is not built: run `npm run build` first.');
  const relative = decodedPath(pathname);
  // A broken escape names no file, and the app's routes never contain one: no page to fall back to.
  if (relative === null) return notFound(res, 'Not found.');
  let file = join(root, relative);
  if (!file.startsWith(root + sep) || !(await isFile(file))) file = join(root, 'index.html');
  if (!(await isFile(file))) return notFound(res, 'The renderer is not built: run `npm run build` first.');
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const cache = file.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable';
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': cache });
  // A file that vanishes or fails mid-read ends this response only, never the server.
  await pipeline(createReadStream(file), res).catch(() => res.destroy());
}

/** The path below the renderer folder, or null when its percent-escapes are broken. */
function decodedPath(pathname: string): string | null {
  try {
    return normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  } catch {
    return null;
  }
}

function notFound(res: ServerResponse, message: string): void {
  res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
