// Messages for the learner (errors, deadline warnings), announced to screen readers as they arrive:
// ordinary ones politely, urgent ones (a deadline warning) at once. Each is announced when it is
// added, never again while it stays.
import { useSession, type Notice } from '../stores/session-store.ts';
import { MissionIcon, type MissionIconName } from './MissionIcon.tsx';

const ICON: Record<Notice['tone'], MissionIconName> = { error: 'alert', warning: 'clock', info: 'info' };

export function Notices() {
  const notices = useSession((s) => s.notices);
  return (
    <div className="notices">
      {/* Both regions are always in the page: a screen reader announces what is added to a region it already knows. */}
      <div className="notice-list" role="status" aria-live="polite">
        {notices.filter((n) => !n.urgent).map((notice) => <NoticeItem key={notice.id} notice={notice} />)}
      </div>
      <div className="notice-list" role="alert" aria-live="assertive" aria-atomic="false">
        {notices.filter((n) => n.urgent).map((notice) => <NoticeItem key={notice.id} notice={notice} />)}
      </div>
    </div>
  );
}

function NoticeItem({ notice }: { notice: Notice }) {
  const dismiss = useSession((s) => s.dismiss);
  return (
    <div className={`notice notice-${notice.tone}${notice.urgent ? ' notice-urgent' : ''}`}>
      <span className="notice-icon"><MissionIcon name={ICON[notice.tone]} size={16} /></span>
      <span className="notice-text">{notice.text}</span>
      <button type="button" className="btn btn-ghost btn-small notice-dismiss" onClick={() => dismiss(notice.id)} aria-label="Dismiss message">
        <MissionIcon name="cross" size={12} />
      </button>
    </div>
  );
}
