// How the CLI prints a pack check for people, and as JSON for scripts (`--json`).
import { formatIssue, type PackIssue } from '../../shared/pack/issues.ts';
import type { PackManifest } from '../../shared/pack/schema.ts';
import type { SignatureVerdict } from '../engine/packs/signature/pack-signature.ts';

export interface PackReport {
  ok: boolean;
  status?: string;
  pack: Pick<PackManifest, 'id' | 'title' | 'version'> | null;
  signature: SignatureVerdict | null;
  counts: { missions: number; recipes: number; rubrics: number; assets: number } | null;
  issues: PackIssue[];
}

export function describeSignature(signature: SignatureVerdict | null): string {
  if (!signature) return 'not checked';
  if (signature.status === 'unsigned') return 'unsigned';
  if (signature.status === 'tampered') return `TAMPERED: ${signature.reason}`;
  return `signed by ${signature.signer} (key ${signature.keyId}, ${signature.trusted ? 'trusted' : 'not on the trust list'})`;
}

export function printReport(report: PackReport, json: boolean, out: (line: string) => void): void {
  if (json) {
    out(JSON.stringify(report, null, 2));
    return;
  }
  for (const issue of report.issues) out(formatIssue(issue));
  const errors = report.issues.filter((issue) => issue.severity === 'error').length;
  const warnings = report.issues.length - errors;
  const name = report.pack ? `${report.pack.id} ${report.pack.version}` : 'pack';
  if (report.ok) {
    const c = report.counts;
    const what = c ? `${c.missions} missions, ${c.recipes} recipes, ${c.rubrics} rubrics, ${c.assets} files` : '';
    out(`${report.status ?? 'valid'}: ${name} (${what}); signature: ${describeSignature(report.signature)}${warnings ? `; ${warnings} warning(s)` : ''}`);
  } else {
    out(`${name}: ${errors} error(s), ${warnings} warning(s)`);
  }
}
