// Imports a sync bundle file: the team server's reply to this device, or, on a mentor's device, a
// learner's bundle. Nothing applies until the whole file verified (server/bundles/bundle-file.ts);
// a refusal says why and leaves this device as it was.
import { rm } from 'node:fs/promises';
import { ApiError } from '../../../shared/api/errors.ts';
import type { BundleImportView, ToServerManifest } from '../../../shared/sync/bundle.ts';
import { BundleRefusal, readBundle } from '../../../server/bundles/bundle-file.ts';
import type { SignedIn } from '../access/session.ts';
import type { EngineContext } from '../context.ts';
import { applyLearnerBundle, mentorSigner } from './bundle-mentor.ts';
import { applyReply, replySigner } from './bundle-reply.ts';
import { enrolmentOf, type Enrolment } from './sync-tokens.ts';

/** The signed-in mentor's enrolment: only an enrolled mentor checks a learner's bundle. */
function mentorFor(ctx: EngineContext, who: SignedIn | null, manifest: ToServerManifest): Enrolment {
  const enrolment = who === null ? null : enrolmentOf(ctx, who.profileId);
  if (who?.role !== 'mentor' || enrolment === null || enrolment.revokedAt !== null || enrolment.role !== 'mentor') {
    throw new ApiError('forbidden', `This bundle from device ${manifest.deviceId} goes to the team server (outpost-server import); a mentor enrolled with that server may also import it to review offline.`);
  }
  return enrolment;
}

export async function importBundleFile(ctx: EngineContext, path: string): Promise<BundleImportView> {
  const who = ctx.session.current();
  const workDir = ctx.blobs.stagingFile('sync-bundle');
  // Found while the signature is checked: whose enrolment vouches for a learner's bundle.
  const checked: { mentor: Enrolment | null } = { mentor: null };
  try {
    const bundle = await readBundle(path, {
      workDir,
      onProgress: (done, total) => ctx.push('import.progress', { phase: 'reading', done, total }),
      signer: (manifest) => {
        if (manifest.direction === 'to-device') return replySigner(ctx, manifest);
        checked.mentor = mentorFor(ctx, who, manifest);
        return mentorSigner(ctx, manifest, checked.mentor);
      },
    });
    ctx.push('import.progress', { phase: 'saving', done: 0, total: bundle.batches.length });
    const { manifest } = bundle;
    if (manifest.direction === 'to-device') return { path, ...(await applyReply(ctx, bundle, manifest)) };
    if (!checked.mentor) throw new Error('a learner\'s bundle verified without a mentor\'s enrolment');
    return { path, ...(await applyLearnerBundle(ctx, bundle, manifest, checked.mentor)) };
  } catch (error) {
    if (error instanceof BundleRefusal) throw new ApiError('invalid_input', `This sync bundle was refused and nothing of it applied. ${error.message}`);
    throw error;
  } finally {
    ctx.push('import.progress', { phase: 'done', done: 1, total: 1 });
    await rm(workDir, { recursive: true, force: true });
  }
}
