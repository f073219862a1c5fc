// Bounds on what a pack may contain. A pack often arrives on a USB stick from someone else: these stop
// a hostile archive (zip bomb, millions of entries, giant files) before anything is written.

export interface PackLimits {
  maxEntries: number;
  /** Largest single file, uncompressed. */
  maxEntryBytes: number;
  /** All files together, uncompressed. */
  maxTotalBytes: number;
  /** Largest YAML or Markdown file; these are read into memory. */
  maxTextBytes: number;
  /** Uncompressed ÷ compressed size above which an entry counts as a zip bomb. */
  maxCompressionRatio: number;
  /** Entries smaller than this are exempt from the ratio rule (tiny files compress absurdly well). */
  ratioExemptBytes: number;
  /** All files together, uncompressed, may be at most this many times the archive's own size. */
  maxArchiveRatio: number;
}

export const DEFAULT_PACK_LIMITS: PackLimits = {
  maxEntries: 50_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 4 * 1024 * 1024 * 1024,
  maxTextBytes: 2 * 1024 * 1024,
  maxCompressionRatio: 200,
  ratioExemptBytes: 1024 * 1024,
  // Small entries escape the per-entry ratio, so many of them (deflate reaches about 1000:1 each)
  // could still make a small archive cost an import minutes of inflating and hashing. Bounding the
  // whole keeps that work in proportion to the bytes someone actually handed over. Real packs sit far
  // below: text and logs compress 10-20x and images and captures hardly at all, so a pack's overall
  // ratio is lower still; 200 leaves room for unusually repetitive logs and matches the entry rule.
  maxArchiveRatio: 200,
};
