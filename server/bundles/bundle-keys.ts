// Ed25519 keys of sync bundles: the server's key certifies device keys at enrolment and signs what it
// writes for devices; a device's key signs what it writes for the server. Keys travel as PEM (SPKI
// for public keys, PKCS #8 for private ones); one PEM text per key, so stored keys compare as text.
// The app uses this module too (see bundle-file.ts for why it lives here).
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { certificateText, type CertificateClaims, type DeviceCertificate } from '../../shared/sync/bundle.ts';

export interface KeyPairPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

export function newKeyPair(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKeyPem: publicPemOf(publicKey) };
}

export function publicPemOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** The key a PEM holds, or null when it holds no Ed25519 public key. */
export function publicKeyFrom(pem: string): KeyObject | null {
  try {
    const key = createPublicKey({ key: pem, format: 'pem' });
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

export function privateKeyFrom(pem: string): KeyObject | null {
  try {
    const key = createPrivateKey({ key: pem, format: 'pem' });
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

export function signBytes(privateKey: KeyObject, data: Buffer): Buffer {
  return sign(null, data, privateKey);
}

export function signatureVerifies(publicKey: KeyObject, data: Buffer, signature: Buffer): boolean {
  try {
    return verify(null, data, publicKey, signature);
  } catch {
    return false;
  }
}

export function signCertificate(serverKey: KeyObject, claims: CertificateClaims): DeviceCertificate {
  return { ...claims, signature: signBytes(serverKey, Buffer.from(certificateText(claims), 'utf8')).toString('base64') };
}

export function certificateVerifies(certificate: DeviceCertificate, serverKey: KeyObject): boolean {
  return signatureVerifies(serverKey, Buffer.from(certificateText(certificate), 'utf8'), Buffer.from(certificate.signature, 'base64'));
}
