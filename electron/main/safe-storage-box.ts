// Device tokens sealed by the operating system's keychain (Keychain, DPAPI, libsecret) through
// Electron's safeStorage. Where no keychain is available, safeStorage would fall back to a fixed key
// on Linux ("basic_text"); the data folder's key file protects as much and says so honestly.
import { safeStorage } from 'electron';
import type { SecretBox } from '../engine/sync/secret-box.ts';

export function safeStorageBox(): SecretBox | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  return {
    scheme: 'safestorage',
    seal: (plain) => `safestorage:${safeStorage.encryptString(plain).toString('base64')}`,
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed.slice('safestorage:'.length), 'base64')),
  };
}
