// Messages for the learner (errors, deadline warnings), announced to screen readers as they arrive.
import { useSession } from '../stores/session-store.ts';

export function Notices() {
  const notices = useSession((s) => s.notices);
  const dismiss = useSession((s) => s.dismiss);
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.tone}`}>
          <span className="notice-icon" aria-hidden="true">{notice.tone === 'error' ? '!' : notice.tone === 'warning' ? '⏱' : 'i'}</span>
          <span>{notice.text}</span>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => dismiss(notice.id)} aria-label="Dismiss message">✕</button>
        </div>
      ))}
    </div>
  );
}
