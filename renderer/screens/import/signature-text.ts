// A pack's signature in words, the same on the import report and the list of installed packs.
import type { ImportReport } from '../../../shared/api/views.ts';

export function signatureText(signature: ImportReport['signature']): string {
  if (!signature || signature.status === 'unsigned') return 'Unsigned';
  if (signature.status === 'tampered') return 'Signature does not match the files';
  const who = signature.signer ?? 'an unknown key';
  return signature.trusted ? `Signed by ${who} (trusted)` : `Signed by ${who} (not on the trust list)`;
}
