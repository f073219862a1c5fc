// The author preview around the app's screens: the author bar above, and, while the pack does not
// validate, its errors in place of the mission. Outside a preview it renders the screen untouched.
import { useEffect, type ReactNode } from 'react';
import { useRouter } from '../../stores/router.ts';
import { useSession } from '../../stores/session-store.ts';
import { AuthorBar } from './AuthorBar.tsx';
import { PreviewErrors } from './PreviewErrors.tsx';
import { isPreviewPage, usePreview, watchPreview } from './preview-store.ts';
import './preview.css';

export function PreviewFrame({ children }: { children: ReactNode }) {
  return isPreviewPage() ? <PreviewShell>{children}</PreviewShell> : <>{children}</>;
}

function PreviewShell({ children }: { children: ReactNode }) {
  const api = useSession((s) => s.api);
  const profileId = useSession((s) => s.profileId);
  const status = usePreview((s) => s.status);
  const runId = status?.runId ?? null;
  const generation = status?.generation ?? 0;
  const signingIn = usePreview((s) => s.signingIn);
  const unavailable = usePreview((s) => s.unavailable);

  useEffect(() => (api ? watchPreview(api) : undefined), [api]);
  // A new import or a jump starts a new run: the mission on screen follows it.
  useEffect(() => {
    if (runId !== null && profileId !== null) useRouter.getState().navigate({ name: 'run', runId });
  }, [runId, generation, profileId]);

  if (!status) return unavailable ? <>{children}</> : <p className="preview-muted" role="status">Opening the preview…</p>;
  return (
    <>
      <AuthorBar status={status} />
      {status.state === 'invalid' ? (
        <PreviewErrors status={status} />
      ) : signingIn ? (
        <p className="preview-muted" role="status">Opening the mission…</p>
      ) : (
        <div key={generation}>{children}</div>
      )}
    </>
  );
}
