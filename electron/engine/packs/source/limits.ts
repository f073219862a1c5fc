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
}

export const DEFAULT_PACK_LIMITS: PackLimits = {
  maxEntries: 50_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 4 * 1024 * 1024 * 1024,
  maxTextBytes: 2 * 1024 * 1024,
  maxCompressionRatio: 200,
  ratioExemptBytes: 1024 * 1024,
};
