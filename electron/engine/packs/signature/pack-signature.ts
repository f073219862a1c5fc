// Optional ed25519 signatures over a pack (DESIGN.md: "signature: ed25519 signature over a manifest of
// file hashes"). The manifest is one line per file, `<sha256-hex>  <path>\n`, sorted by path, every
// file of the pack except `signature` itself and ignored names. The `signature` file is JSON.
import { compareCodeUnits } from '../../../../shared/text.ts';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';

export const SIGNATURE_FILE = 'signature';
const FORMAT = 'outpost-pack-signature-v1';

const signatureFileSchema = z.strictObject({
  format: z.literal(FORMAT),
  signer: z.string().min(1),
  public_key: z.string().min(1),
  signature: z.string().min(1),
});

export interface TrustedSigner {
  name: string;
  /** PEM (SPKI) public key. */
  publicKeyPem: string;
}

export type SignatureVerdict =
  | { status: 'unsigned' }
  | { status: 'signed'; signer: string; keyId: string; trusted: boolean }
  | { status: 'tampered'; reason: string };

export function buildManifest(fileHashes: ReadonlyMap<string, string>): string {
  return [...fileHashes.entries()]
    .filter(([path]) => path !== SIGNATURE_FILE)
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([path, sha]) => `${sha}  ${path}\n`)
    .join('');
}

/** Short, stable name for a key: the first 16 hex digits of the SHA-256 of its DER form. */
export function keyIdOf(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function verifyPackSignature(
  signatureText: string | null,
  fileHashes: ReadonlyMap<string, string>,
  trusted: readonly TrustedSigner[],
): SignatureVerdict {
  if (signatureText === null) return { status: 'unsigned' };
  let parsed: z.output<typeof signatureFileSchema>;
  let key: KeyObject;
  try {
    parsed = signatureFileSchema.parse(JSON.parse(signatureText));
    key = createPublicKey({ key: Buffer.from(parsed.public_key, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return { status: 'tampered', reason: 'the signature key is not an ed25519 key' };
  } catch {
    return { status: 'tampered', reason: 'the signature file is not a valid Outpost pack signature' };
  }
  const manifest = Buffer.from(buildManifest(fileHashes), 'utf8');
  const ok = verify(null, manifest, key, Buffer.from(parsed.signature, 'base64'));
  if (!ok) return { status: 'tampered', reason: 'the files do not match their signature: the pack was changed after signing' };
  const keyId = keyIdOf(key);
  const match = trusted.find((signer) => keyIdOf(createPublicKey(signer.publicKeyPem)) === keyId);
  return { status: 'signed', signer: match?.name ?? parsed.signer, keyId, trusted: match !== undefined };
}

export function signManifest(fileHashes: ReadonlyMap<string, string>, privateKeyPem: string, signer: string): string {
  const privateKey = createPrivateKey(privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  const signature = sign(null, Buffer.from(buildManifest(fileHashes), 'utf8'), privateKey);
  const file = {
    format: FORMAT,
    signer,
    public_key: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    signature: signature.toString('base64'),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function generateSigningKeys(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
