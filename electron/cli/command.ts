// What every CLI command receives: where to print, so tests can capture it.
export interface CommandContext {
  out(line: string): void;
  err(line: string): void;
}

export class UsageError extends Error {}
