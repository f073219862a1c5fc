// Which entry names a pack may hold. Shared by the zip and folder readers so both refuse the same
// things with the same words.

/** Names that operating systems and editors leave behind; they are not part of a pack. */
export function isIgnoredPath(path: string): boolean {
  return path.split('/').some((part) => part.startsWith('.') || part === '__MACOSX' || part === 'Thumbs.db');
}

/** Returns why a relative entry name is unsafe, or null when it is fine. */
export function unsafePathReason(name: string): string | null {
  if (name.length === 0) return 'empty file name';
  if (name.length > 400) return 'file name longer than 400 characters';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'file name contains control characters';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.startsWith('//')) return 'absolute path';
  const parts = name.replace(/\/$/, '').split('/');
  if (parts.some((part) => part === '..')) return 'path traversal (`..`)';
  if (parts.some((part) => part === '' || part === '.')) return 'empty or `.` path segment';
  return null;
}

/** Key for duplicate detection: case-insensitive file systems (Windows, macOS) would merge these. */
export function collisionKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}
