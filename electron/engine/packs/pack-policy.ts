// Who may install which version of a pack. A pack id is a promise about where its missions come from:
// once a version of it was signed, only that key (or one an admin adds for that id) may publish the
// next; a pack that was never signed can be replaced by an admin only, and the report says what the
// new version replaces in every learner's library.
import { compare as compareSemver } from 'semver';
import type { Db } from '../../../db/connection.ts';
import type { PackIssue } from '../../../shared/pack/issues.ts';
import type { PackManifest } from '../../../shared/pack/schema.ts';
import type { SignatureVerdict } from './signature/pack-signature.ts';

export type ImportActor = 'admin' | 'mentor';

/** The newest installed version that a newer import takes the place of in the library. */
export interface ReplacedVersion {
  version: string;
  missions: number;
  signature: 'unsigned' | 'signed';
  signer: string | null;
}

export interface PackPolicyVerdict {
  issues: PackIssue[];
  replaces: ReplacedVersion | null;
}

export function checkPackPolicy(db: Db, manifest: PackManifest, signature: SignatureVerdict, actor: ImportActor): PackPolicyVerdict {
  const versions = db.all(
    db.q
      .selectFrom('pack_versions')
      .select((eb) => [
        'version', 'signature_status', 'signer',
        eb.selectFrom('missions').select((m) => m.fn.countAll<number>().as('n')).whereRef('missions.pack_version_id', '=', 'pack_versions.id').as('missions'),
      ])
      .where('pack_id', '=', manifest.id),
  );
  if (versions.length === 0) return { issues: [], replaces: null };
  const newest = versions.reduce((a, b) => (compareSemver(b.version, a.version) > 0 ? b : a));
  const replaces = compareSemver(manifest.version, newest.version) > 0
    ? { version: newest.version, missions: newest.missions ?? 0, signature: newest.signature_status, signer: newest.signer }
    : null;
  const keys = db.all(db.q.selectFrom('pack_keys').select(['key_id', 'name']).where('pack_id', '=', manifest.id));
  const refuse = (message: string): PackPolicyVerdict => ({ issues: [{ severity: 'error', file: 'signature', path: '', message }], replaces });
  if (keys.length > 0) {
    if (signature.status === 'signed' && keys.some((key) => key.key_id === signature.keyId)) return { issues: [], replaces };
    const owners = keys.map((key) => `${key.name} (key ${key.key_id})`).join(', ');
    const given = signature.status === 'signed' ? `signed by another key (${signature.signer}, key ${signature.keyId})` : 'unsigned';
    return refuse(
      `${manifest.id} is installed signed by ${owners}, but this version is ${given}: only a version signed by the same key can be added. ` +
        'If the pack changed hands, an admin can trust the new key for this pack first (outpost trust add KEY.pem --pack ' + manifest.id + ').',
    );
  }
  if (actor !== 'admin') {
    return refuse(`${manifest.id} is installed already and was never signed: only an admin may add another version of it (${manifest.version}).`);
  }
  return { issues: [], replaces };
}

/** Signed versions bind their pack id to their key, the first time one arrives. */
export function recordFirstPackKey(db: Db, packVersionId: number): void {
  const version = db.first(db.q.selectFrom('pack_versions').select(['pack_id', 'signature_status', 'signer', 'signer_key_id', 'imported_at']).where('id', '=', packVersionId));
  if (version?.signature_status !== 'signed' || version.signer_key_id === null) return;
  if (db.first(db.q.selectFrom('pack_keys').select('key_id').where('pack_id', '=', version.pack_id))) return;
  db.run(
    db.q.insertInto('pack_keys').values({
      pack_id: version.pack_id, key_id: version.signer_key_id, name: version.signer ?? version.signer_key_id, origin: 'first-signed-version', added_at: version.imported_at,
    }),
  );
}
