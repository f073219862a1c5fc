// What every CLI command receives: where to print, so tests can capture it.
export interface CommandContext {
  out(line: string): void;
  err(line: string): void;
  /** Asks for a secret without echo; tests answer it themselves. */
  readSecret?(prompt: string): Promise<string>;
}

export class UsageError extends Error {}
