// What the pack checks report: one problem, located by file, field path and (for YAML) line, so an
// author can jump straight to it. All problems of a pack are collected, never only the first.

export type PackIssueSeverity = 'error' | 'warning';

export interface PackIssue {
  severity: PackIssueSeverity;
  /** Path inside the pack, with forward slashes (e.g. `missions/SIEM-03/mission.yaml`). */
  file: string;
  /** Field path in the file's data (e.g. `stages[2].next`); empty for the file as a whole. */
  path: string;
  /** 1-based line in the file, where known. */
  line?: number;
  message: string;
}

/** `['stages', 2, 'next']` → `stages[2].next`. */
export function formatFieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

export function formatIssue(issue: PackIssue): string {
  const where = issue.file + (issue.line !== undefined ? `:${issue.line}` : '');
  const field = issue.path ? ` ${issue.path}:` : '';
  return `${issue.severity}: ${where}${field} ${issue.message}`;
}

export function hasErrors(issues: readonly PackIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}
