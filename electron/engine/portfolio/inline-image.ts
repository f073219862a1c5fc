// Which evidence files the report shows as thumbnails: raster images recognised by their first bytes
// (not by the name the learner gave them), within a cap so that the report stays a file one can mail.
// SVG is never inlined: it is a document, not a picture.

/** One image inlined at most this large… */
export const INLINE_IMAGE_BYTES = 2 * 1024 * 1024;
/** …and all of a report's images together. */
export const INLINE_TOTAL_BYTES = 12 * 1024 * 1024;

const SIGNATURES: ReadonlyArray<{ type: string; test: (b: Buffer) => boolean }> = [
  { type: 'image/png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/gif', test: (b) => b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a' },
  { type: 'image/webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
];

/** A data: URI for a raster image within the cap; null for anything else. */
export function inlineImage(bytes: Buffer): string | null {
  if (bytes.length > INLINE_IMAGE_BYTES) return null;
  const type = SIGNATURES.find((s) => s.test(bytes))?.type;
  return type ? `data:${type};base64,${bytes.toString('base64')}` : null;
}
