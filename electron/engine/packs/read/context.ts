// State shared by the steps that read one pack: the source, the problems found so far and the hash of
// every file read (for the signature manifest).
import type { PackIssue } from '../../../../shared/pack/issues.ts';
import { decodeText, sha256Of, TextFileError } from '../parse/read-text.ts';
import type { PackLimits } from '../source/limits.ts';
import type { PackSource } from '../source/pack-source.ts';

export class ReadContext {
  readonly issues: PackIssue[] = [];
  readonly hashes = new Map<string, string>();
  readonly paths: ReadonlySet<string>;
  readonly sizes: ReadonlyMap<string, number>;
  readonly source: PackSource;
  readonly limits: PackLimits;

  private done = 0;
  private readonly onProgress: ((done: number, total: number) => void) | undefined;

  constructor(source: PackSource, limits: PackLimits, onProgress?: (done: number, total: number) => void) {
    this.source = source;
    this.limits = limits;
    this.onProgress = onProgress;
    this.paths = new Set(source.files.map((file) => file.path));
    this.sizes = new Map(source.files.map((file) => [file.path, file.size]));
  }

  /** The file's text, or null after recording why it could not be read. */
  async readText(path: string): Promise<string | null> {
    try {
      if ((this.sizes.get(path) ?? 0) > this.limits.maxTextBytes) throw new TextFileError(`text file larger than ${this.limits.maxTextBytes} bytes`);
      const data = await this.source.readBuffer(path);
      this.hashes.set(path, sha256Of(data));
      this.fileRead();
      return decodeText(data);
    } catch (error) {
      const reason = error instanceof TextFileError ? error.message : `cannot read: ${(error as Error).message}`;
      this.error(path, '', reason);
      return null;
    }
  }

  /** One more file of the pack has been read. */
  fileRead(): void {
    this.done++;
    this.onProgress?.(this.done, this.source.files.length);
  }

  error(file: string, path: string, message: string, line?: number): void {
    this.issues.push(line === undefined ? { severity: 'error', file, path, message } : { severity: 'error', file, path, line, message });
  }

  warn(file: string, path: string, message: string, line?: number): void {
    this.issues.push(line === undefined ? { severity: 'warning', file, path, message } : { severity: 'warning', file, path, line, message });
  }
}
